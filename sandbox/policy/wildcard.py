"""Glob patterns as IAM uses them (``*`` any run of characters, ``?`` one character).

Actions match case-insensitively over the whole name. ARNs match segment by segment:
the first five colon-separated segments (``arn``, partition, service, region, account)
each match on their own, and the last segment present in the pattern (normally the
resource part) may span colons and slashes, so ``arn:aws:s3:::bucket/*`` reaches every key
below the bucket and a shortened ``arn:aws:s3:*`` reaches every S3 resource.

A pattern is a sequence of pieces ``(text, is_pattern)``: text written in a policy keeps
its wildcards, text substituted from a policy variable is literal (see ``variables``).
"""

from __future__ import annotations

import re
from functools import lru_cache

Pieces = tuple[tuple[str, bool], ...]

GLOB = "glob"  # case-sensitive glob (StringLike)
GLOB_I = "glob_i"  # case-insensitive glob (actions)
ARN = "arn"  # ARN, resource part case-sensitive, head case-insensitive (Resource element)
ARN_STRICT = "arn_strict"  # ARN, every segment case-sensitive (Arn* condition operators)


def _glob(text: str, is_pattern: bool, star: str, one: str) -> str:
    escaped = re.escape(text)
    if not is_pattern or ("*" not in text and "?" not in text):
        return escaped
    return escaped.replace(r"\*", star).replace(r"\?", one)


def glob_regex(pattern: str) -> str:
    """Regex source for a policy glob (``*`` any run, ``?`` one character)."""
    return _glob(pattern, True, ".*", ".")


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def _arn_source(pieces: Pieces, strict: bool) -> str:
    """Split the pieces at the first five colons and glob each segment on its own."""
    segments: list[list[tuple[str, bool]]] = [[]]
    for text, is_pattern in pieces:
        rest = text
        while len(segments) < 6 and ":" in rest:
            head, rest = rest.split(":", 1)
            segments[-1].append((head, is_pattern))
            segments.append([])
        segments[-1].append((rest, is_pattern))
    last = len(segments) - 1
    out = []
    for i, seg in enumerate(segments):
        if i == last:
            out.append("".join(_glob(t, p, ".*", ".") for t, p in seg))
        else:
            src = "".join(_glob(t, p, "[^:]*", "[^:]") for t, p in seg)
            out.append(src if strict else f"(?i:{src})")
    return ":".join(out)


@lru_cache(maxsize=16384)
def compile_pieces(pieces: Pieces, mode: str) -> re.Pattern[str]:
    if mode in (ARN, ARN_STRICT):
        return re.compile(_arn_source(pieces, mode == ARN_STRICT) + r"\Z", re.DOTALL)
    src = "".join(_glob(t, p, ".*", ".") for t, p in pieces)
    flags = re.DOTALL | (re.IGNORECASE if mode == GLOB_I else 0)
    return re.compile(src + r"\Z", flags)


def compile_glob(pattern: str, ignore_case: bool = False) -> re.Pattern[str]:
    return compile_pieces(((pattern, True),), GLOB_I if ignore_case else GLOB)


def compile_arn(pattern: str, strict_case: bool = False) -> re.Pattern[str]:
    return compile_pieces(((pattern, True),), ARN_STRICT if strict_case else ARN)


def arn_match(pattern: str, value: str, strict_case: bool = False) -> bool:
    if pattern == "*":
        return True
    return compile_arn(pattern, strict_case).match(value) is not None
