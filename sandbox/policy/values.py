"""Conversions of condition values (policy side and request side) to comparable forms.

Each returns ``None`` when the text is not of the type, which makes a comparison false
rather than an error: IAM does not reject a policy for a malformed condition value, it
simply never matches.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from datetime import UTC, datetime
from functools import lru_cache


@lru_cache(maxsize=4096)
def to_number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except (ValueError, AttributeError):
        return None
    if value != value:  # NaN never compares
        return None
    return value


@lru_cache(maxsize=4096)
def to_epoch(text: str) -> float | None:
    """Seconds since the epoch for an ISO 8601 date/time or an epoch number."""
    text = text.strip()
    if not text:
        return None
    if text.lstrip("-").replace(".", "", 1).isdigit():
        try:
            return float(text)
        except ValueError:
            return None
    candidate = text.replace("z", "Z")
    if candidate.endswith("Z"):
        candidate = candidate[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        for fmt in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y%m%dT%H%M%S%z", "%Y%m%d"):
            try:
                moment = datetime.strptime(candidate, fmt)
                break
            except ValueError:
                continue
        else:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


@lru_cache(maxsize=4096)
def to_ip(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except (ValueError, AttributeError):
        return None


@lru_cache(maxsize=4096)
def to_network(text: str):
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except (ValueError, AttributeError, TypeError):
        return None


@lru_cache(maxsize=4096)
def to_binary(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


