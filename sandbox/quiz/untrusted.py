"""Guards for quiz files, which are untrusted data: a size limit, a nesting limit checked
before the TOML parser recurses, and text that must not carry terminal control characters.

Control characters are refused in bank text (an author never needs them), and anything
printed from a file that failed validation goes through ``visible`` first, so an escape
sequence is shown as ``\\x1b`` instead of being sent to the learner's terminal.
"""

from __future__ import annotations

import re

MAX_FILE_BYTES = 512 * 1024
MAX_NESTING = 8  # [question.option] in an array of tables is 3; inline tables add a little

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides
# and isolates that can make text read differently from how it is stored
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def control_character(text: str) -> str | None:
    """The first forbidden character of ``text``, shown visibly, or ``None``."""
    m = _CONTROL.search(text)
    return None if m is None else _escape(m.group())


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character (newlines too), and any lone surrogate left by
    undecodable input, replaced by a visible escape."""
    return re.sub("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]",
                  lambda m: _escape(m.group()), text)


def nesting_depth(text: str, limit: int = MAX_NESTING) -> tuple[int, int] | None:
    """``(depth, line)`` where brackets and braces outside strings and comments first nest
    deeper than ``limit``, else ``None``. Linear, so that the parser never sees a file that
    would make it recurse without end."""
    depth = 0
    line = 1
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            triple = text.startswith(ch * 3, i)
            quote = ch * 3 if triple else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if ch == '"' and text[j] == "\\" and j + 1 < n and text[j + 1] != "\n":
                    j += 1  # an escaped character (a backslash before a newline is a line continuation)
                elif text[j] == "\n":
                    if not triple:
                        break  # an unterminated string: the parser reports it
                    line += 1
                j += 1
            i = j + len(quote) if text.startswith(quote, j) else j
            continue
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return depth, line
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None
