"""The CLI's own pagination of a list operation's response: ``--max-items N`` and
``--starting-token TOKEN`` (the service's ``IsTruncated``/``Marker`` are not shown)."""

from __future__ import annotations

import base64

from sandbox.awscli.parse import ParamError


def paginate(response: dict, key: str, options: dict) -> dict:
    """The CLI's own pagination: ``--max-items N`` and ``--starting-token TOKEN``."""
    response = {k: v for k, v in response.items() if k not in ("IsTruncated", "Marker")}
    items = response.get(key)
    if not isinstance(items, list):
        return response
    start = 0
    token = options.get("starting-token")
    if token:
        try:
            start = int(base64.b64decode(token).decode().split(":", 1)[1])
        except (ValueError, IndexError):
            raise ParamError(f"Error parsing parameter '--starting-token': invalid token {token!r}") from None
    limit = options.get("max-items")
    limit = int(limit) if limit is not None else None  # checked when the arguments were parsed
    end = len(items) if limit is None else start + limit
    response[key] = items[start:end]
    if end < len(items):
        response["NextToken"] = base64.b64encode(f"offset:{end}".encode()).decode()
    return response
