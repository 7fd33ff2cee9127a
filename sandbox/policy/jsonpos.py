"""Where each value of a JSON document starts and ends in its text.

``json.loads`` gives values but not positions. The simulator's ``MatchedStatements`` and
the editor's error marks need them, so this scans a document already known to be valid
JSON and maps every value's path (``("Statement", 0, "Action")``) to its character span.
It runs only when positions are asked for, never on the evaluation path.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")

Path = tuple
Span = tuple[int, int]  # (offset of first character, offset of last character)


def value_spans(text: str) -> dict[Path, Span]:
    """``{path: (start, end)}`` for every value in ``text``; ``{}`` if it cannot be scanned."""
    spans: dict[Path, Span] = {}
    try:
        _value(text, _skip(text, 0), (), spans)
    except (IndexError, ValueError, RecursionError):
        return {}
    return spans


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()


def _value(text: str, pos: int, path: Path, spans: dict[Path, Span]) -> int:
    ch = text[pos]
    if ch == "{":
        end = _object(text, pos, path, spans)
    elif ch == "[":
        end = _array(text, pos, path, spans)
    elif ch == '"':
        end = json.decoder.scanstring(text, pos + 1)[1]
    else:
        m = _SCALAR.match(text, pos)
        if not m:
            raise ValueError("bad scalar")
        end = m.end()
    spans[path] = (pos, end - 1)
    return end


def _object(text: str, pos: int, path: Path, spans: dict[Path, Span]) -> int:
    pos = _skip(text, pos + 1)
    if text[pos] == "}":
        return pos + 1
    while True:
        if text[pos] != '"':
            raise ValueError("bad key")
        key, pos = json.decoder.scanstring(text, pos + 1)
        pos = _skip(text, pos)
        if text[pos] != ":":
            raise ValueError("expected colon")
        pos = _skip(text, pos + 1)
        pos = _skip(text, _value(text, pos, path + (key,), spans))
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
            continue
        if text[pos] == "}":
            return pos + 1
        raise ValueError("expected , or }")


def _array(text: str, pos: int, path: Path, spans: dict[Path, Span]) -> int:
    pos = _skip(text, pos + 1)
    if text[pos] == "]":
        return pos + 1
    index = 0
    while True:
        pos = _skip(text, _value(text, pos, path + (index,), spans))
        index += 1
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
            continue
        if text[pos] == "]":
            return pos + 1
        raise ValueError("expected , or ]")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def line_cols(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """``line_col`` of many offsets, reading the text once."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out = []
    for offset in offsets:
        line = bisect_right(starts, offset)
        out.append((line, offset - starts[line - 1] + 1))
    return out


_DECODER = json.JSONDecoder()


def statement_spans(text: str) -> dict[Path, Span]:
    """Spans of the top-level ``Statement`` value and of each of its elements only.

    Cheaper than ``value_spans``: the C JSON scanner skips every other value whole.
    """
    spans: dict[Path, Span] = {}
    try:
        pos = _skip(text, 0)
        if text[pos] != "{":
            return {}
        pos = _skip(text, pos + 1)
        while text[pos] != "}":
            key, pos = json.decoder.scanstring(text, pos + 1)
            pos = _skip(text, pos)
            pos = _skip(text, pos + 1)  # the colon
            start = pos
            if key == "Statement" and text[pos] == "[":
                pos = _skip(text, pos + 1)
                index = 0
                while text[pos] != "]":
                    _, end = _DECODER.raw_decode(text, pos)
                    spans[("Statement", index)] = (pos, end - 1)
                    index += 1
                    pos = _skip(text, end)
                    if text[pos] == ",":
                        pos = _skip(text, pos + 1)
                end = pos + 1
            else:
                _, end = _DECODER.raw_decode(text, pos)
            if key == "Statement":
                spans[("Statement",)] = (start, end - 1)
            pos = _skip(text, end)
            if text[pos] == ",":
                pos = _skip(text, pos + 1)
    except (IndexError, ValueError, RecursionError):
        return spans
    return spans
