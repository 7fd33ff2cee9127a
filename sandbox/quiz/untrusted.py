"""Guards for quiz files, which are untrusted data: a size limit, a nesting limit checked
before the TOML parser recurses, and text that must not carry terminal control characters.

Control characters are refused in bank text (an author never needs them), and anything
printed from a file that failed validation goes through ``visible`` first, so an escape
sequence is shown as ``\\x1b`` instead of being sent to the learner's terminal.
"""

from __future__ import annotations

from sandbox.text import one_line as visible, raw_control

__all__ = ["MAX_FILE_BYTES", "MAX_NESTING", "control_character", "nesting_depth", "visible"]

MAX_FILE_BYTES = 512 * 1024
MAX_NESTING = 8  # [question.option] in an array of tables is 3; inline tables add a little


def control_character(text: str) -> str | None:
    """The first forbidden character of ``text`` (a tab and a newline are allowed), shown
    visibly, or ``None``."""
    return raw_control(text)


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
