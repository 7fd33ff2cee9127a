"""Glob patterns as IAM uses them (``*`` any run of characters, ``?`` one character).

Actions match case-insensitively over the whole name. ARNs match segment by segment:
the first five colon-separated segments (``arn``, partition, service, region, account)
each match on their own, and the last segment present in the pattern (normally the
resource part) may span colons and slashes, so ``arn:aws:s3:::bucket/*`` reaches every key
below the bucket and a shortened ``arn:aws:s3:*`` reaches every S3 resource.

A pattern is a sequence of pieces ``(text, is_pattern)``: text written in a policy keeps
its wildcards, text substituted from a policy variable is literal (see ``variables``).

Matching never backtracks, so a hostile pattern such as ``*a*a*a…*b`` costs no more than
a plain one. The pattern is cut at its ``*`` into segments of fixed length (literal text
and ``?``). The first segment must sit at the start of the value and the last at its end;
each one between is taken at its leftmost place after the previous one. Any match can be
shifted to those places, so the greedy choice never misses a match and never has to be
undone. A literal segment is found with ``str.find`` (CPython turns to its linear two-way
search for long needles and for searches that go badly); a segment with ``?`` by a
bit-parallel scan (Shift-And): one step per character of the value, on an integer as wide
as the segment. A 10 KB hostile pattern and value take milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from sandbox.policy.readonly import ReadOnly

Pieces = tuple[tuple[str, bool], ...]

GLOB = "glob"  # case-sensitive glob (StringLike)
GLOB_I = "glob_i"  # case-insensitive glob (actions)
ARN = "arn"  # ARN, resource part case-sensitive, head case-insensitive (Resource element)
ARN_STRICT = "arn_strict"  # ARN, every segment case-sensitive (Arn* condition operators)

_CACHED_LENGTH = 256  # longer patterns (rare) are rebuilt per use, in linear time, rather than kept


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def fold(text: str) -> str:
    """Lower case one character at a time (never changing the length, unlike ``str.lower``
    on a few non-ASCII letters), so that ``?`` still stands for one character."""
    if text.isascii():
        return text.lower()
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class _Segment:
    """A run of fixed length between two ``*``: literal characters and ``?``."""

    __slots__ = ("text", "size", "chunks", "_tables")

    def __init__(self, parts: list[tuple[str, bool]]):
        """``parts``: ``(text, is_pattern)`` with no ``*``; a ``?`` in pattern text is a wildcard."""
        if len(parts) == 1:  # the usual case, kept cheap: hostile patterns have thousands
            text, is_pattern = parts[0]
            wild = is_pattern and "?" in text
        else:
            text = "".join(t for t, _ in parts)
            wild = any(p and "?" in t for t, p in parts)
        self.text = text
        self.size = len(text)
        self._tables: tuple[dict[str, int], int] | None = None
        # (offset, text) of the literal runs, when a ``?`` occurs; None for plain text
        self.chunks: tuple[tuple[int, str], ...] | None = None
        if wild:
            chunks: list[tuple[int, str]] = []
            offset = 0
            for text, is_pattern in parts:
                for i, run in enumerate(text.split("?") if is_pattern else (text,)):
                    offset += 1 if i else 0  # the "?" before this run
                    if run:
                        last = chunks[-1] if chunks else None
                        if last is not None and last[0] + len(last[1]) == offset:
                            chunks[-1] = (last[0], last[1] + run)  # text continued across pieces
                        else:
                            chunks.append((offset, run))
                    offset += len(run)
            self.chunks = tuple(chunks)

    def at(self, value: str, pos: int) -> bool:
        """Whether the segment matches ``value`` at ``pos`` (the caller checked the length)."""
        if self.chunks is None:
            return value.startswith(self.text, pos)
        for offset, chunk in self.chunks:
            if not value.startswith(chunk, pos + offset):
                return False
        return True

    def find(self, value: str, start: int, end: int) -> int:
        """Leftmost place ``p >= start`` where the segment matches within ``value[:end]``; -1 if none."""
        if self.chunks is None:
            return value.find(self.text, start, end)
        masks, other = self._tables or self._build_tables()
        goal = 1 << (self.size - 1)
        state = 0
        for i in range(start, end):
            state = ((state << 1) | 1) & masks.get(value[i], other)
            if state & goal:
                return i - self.size + 1
        return -1

    def _build_tables(self) -> tuple[dict[str, int], int]:
        """Shift-And tables: bit i of ``masks[c]`` is set when position i accepts ``c``;
        ``other`` is the mask for a character the segment does not name (its ``?``)."""
        where: dict[str, list[int]] = {}
        for offset, chunk in self.chunks or ():
            for i, c in enumerate(chunk, offset):
                where.setdefault(c, []).append(i)
        wild = set(range(self.size)).difference(*where.values()) if where else set(range(self.size))
        other = _bits(self.size, wild)
        self._tables = ({c: other | _bits(self.size, positions) for c, positions in where.items()}, other)
        return self._tables


def _bits(size: int, positions) -> int:
    """An integer with the given bits set, built in time linear in ``size``."""
    buf = bytearray((size + 7) // 8)
    for i in positions:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def _segments(pieces) -> list[_Segment]:
    """The pattern cut at each wildcard ``*`` (one segment when it has none)."""
    segments: list[list[tuple[str, bool]]] = [[]]
    for text, is_pattern in pieces:
        if not is_pattern:
            segments[-1].append((text, False))
            continue
        first, *more = text.split("*")
        segments[-1].append((first, True))
        segments.extend([(part, True)] for part in more)
    return [_Segment(s) for s in segments]


def _glob(pieces, folded: bool) -> Callable[[str], bool]:
    """A function telling whether a whole value matches the pattern."""
    if folded:
        pieces = tuple((fold(t), p) for t, p in pieces)
    if not any(p and has_wildcard(t) for t, p in pieces):
        text = "".join(t for t, _ in pieces)
        return (lambda v: fold(v) == text) if folded else text.__eq__
    segments = _segments(pieces)
    if len(segments) == 1:  # no "*": a "?" somewhere
        return _fixed(segments[0], folded)
    head, tail = segments[0], segments[-1]
    middle = tuple(s for s in segments[1:-1] if s.size)
    if not middle and tail.size == 0 and head.chunks is None:
        prefix = head.text  # the common "text*"
        return (lambda v: fold(v).startswith(prefix)) if folded else (lambda v: v.startswith(prefix))
    minimum = head.size + tail.size + sum(s.size for s in middle)

    def match(value: str) -> bool:
        if folded:
            value = fold(value)
        n = len(value)
        if n < minimum or not head.at(value, 0):
            return False
        end = n - tail.size
        if not tail.at(value, end):
            return False
        pos = head.size
        for seg in middle:
            pos = seg.find(value, pos, end)
            if pos < 0:
                return False
            pos += seg.size
        return True

    return match


def _fixed(segment: _Segment, folded: bool) -> Callable[[str], bool]:
    def match(value: str) -> bool:
        if folded:
            value = fold(value)
        return len(value) == segment.size and segment.at(value, 0)

    return match


def _split_arn(pieces) -> list[list[tuple[str, bool]]]:
    """The pieces cut at the first five colons: up to five head segments and the rest."""
    segments: list[list[tuple[str, bool]]] = [[]]
    for text, is_pattern in pieces:
        first, *more = text.split(":", 6 - len(segments))
        segments[-1].append((first, is_pattern))
        segments.extend([(part, is_pattern)] for part in more)
    return segments


def _arn(pieces, strict: bool) -> Callable[[str], bool]:
    segments = _split_arn(pieces)
    count = len(segments) - 1  # head segments, each matched against one colon-free field
    tail = _glob(segments[-1], False)
    if count == 0:
        return tail
    if not any(p and has_wildcard(t) for seg in segments[:-1] for t, p in seg):
        prefix = ":".join("".join(t for t, _ in seg) for seg in segments[:-1]) + ":"
        if not strict:
            prefix = fold(prefix)
        cut = len(prefix)
        if strict:
            return lambda v: v.startswith(prefix) and tail(v[cut:])
        return lambda v: fold(v[:cut]) == prefix and tail(v[cut:])
    heads = tuple(_glob(seg, not strict) for seg in segments[:-1])

    def match(value: str) -> bool:
        fields = value.split(":", count)
        if len(fields) <= count:
            return False
        for test, text in zip(heads, fields, strict=False):  # the last field is the tail's
            if not test(text):
                return False
        return tail(fields[count])

    return match


class Matcher(ReadOnly):
    """A compiled pattern: ``match(value)`` tells whether the whole value matches (read-only:
    matchers are cached and shared)."""

    __slots__ = ("match", "source")

    def __init__(self, pieces: Pieces, mode: str):
        if mode not in (ARN, ARN_STRICT, GLOB, GLOB_I):
            raise ValueError(mode)
        match: Callable[[str], bool] = _arn(pieces, mode == ARN_STRICT) if mode in (ARN, ARN_STRICT) else _glob(
            pieces, mode == GLOB_I)
        self._fill(match=match, source="".join(t for t, _ in pieces))

    def __repr__(self) -> str:
        return f"Matcher({self.source!r})"


_cached = lru_cache(maxsize=4096)(Matcher)


def compile_pieces(pieces: Pieces, mode: str) -> Matcher:
    if sum(len(t) for t, _ in pieces) > _CACHED_LENGTH:
        return Matcher(pieces, mode)
    return _cached(pieces, mode)


def compile_glob(pattern: str, ignore_case: bool = False) -> Matcher:
    return compile_pieces(((pattern, True),), GLOB_I if ignore_case else GLOB)


def compile_arn(pattern: str, strict_case: bool = False) -> Matcher:
    return compile_pieces(((pattern, True),), ARN_STRICT if strict_case else ARN)


def arn_match(pattern: str, value: str, strict_case: bool = False) -> bool:
    if pattern == "*":
        return True
    return compile_arn(pattern, strict_case).match(value)
