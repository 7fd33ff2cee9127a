"""Guards for quiz files, which are untrusted data: a size limit, a nesting limit checked
before the TOML parser recurses, and text that must not carry terminal control characters.

Control characters are refused in bank text (an author never needs them), and anything
printed from a file that failed validation goes through ``visible`` first, so an escape
sequence is shown as ``\\x1b`` instead of being sent to the learner's terminal.
"""

from __future__ import annotations

from sandbox.text import one_line as visible, raw_control
from sandbox import tomldata

__all__ = ["MAX_FILE_BYTES", "MAX_NESTING", "control_character", "nesting_depth", "visible"]

MAX_FILE_BYTES = 512 * 1024
MAX_NESTING = 8  # [question.option] in an array of tables is 3; inline tables add a little


def control_character(text: str) -> str | None:
    """The first forbidden character of ``text`` (a tab and a newline are allowed), shown
    visibly, or ``None``."""
    return raw_control(text)


def nesting_depth(text: str, limit: int = MAX_NESTING) -> tuple[int, int] | None:
    """Where ``text`` nests deeper than a quiz file may (``tomldata.nesting_depth``)."""
    return tomldata.nesting_depth(text, limit)
