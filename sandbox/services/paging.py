"""Pages of a list operation's results, with an opaque continuation token.

The token is the position of the next item, base64-encoded with the operation's name, so a
token from another list is refused rather than misread. The CLI's paginator follows the
tokens on its own (``--max-items``, ``--starting-token``), as botocore does.
"""

from __future__ import annotations

import base64
import binascii

from sandbox.errors import AwsError


def page(items: list, token, limit: int | None, what: str, error_code: str = "InvalidParameterException"):
    """``(the page, the next token or None)``."""
    start = 0
    if token:
        try:
            label, _, index = base64.b64decode(str(token), validate=True).decode().partition("|")
            start = int(index)
        except (binascii.Error, UnicodeDecodeError, ValueError):
            label, start = "", -1
        if label != what or not 0 <= start <= len(items):
            raise AwsError(error_code, "The pagination token is invalid.")
    end = len(items) if not limit else min(len(items), start + limit)
    following = base64.b64encode(f"{what}|{end}".encode()).decode() if end < len(items) else None
    return items[start:end], following


def listing(items: list, params: dict, limit: int | None, what: str, key: str, shape=lambda item: item,
            token: str = "NextToken") -> dict:
    """A list operation's answer: ``{key: [page of shaped items], token: next}`` (no token on
    the last page); the request's token is read from the same member."""
    chosen, following = page(items, params.get(token), limit, what)
    out: dict = {key: [shape(item) for item in chosen]}
    if following:
        out[token] = following
    return out


def limit_of(value, low: int, high: int, member: str, default: int | None = None,
             error_code: str = "InvalidParameterException") -> int | None:
    """A page size within the API's range, or the API's validation error."""
    if value is None:
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = low - 1
    if number < low:
        raise AwsError(error_code, f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy "
                                   f"constraint: Member must have value greater than or equal to {low}")
    if number > high:
        raise AwsError(error_code, f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy "
                                   f"constraint: Member must have value less than or equal to {high}")
    return number
