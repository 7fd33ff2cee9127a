"""Showing untrusted text on a terminal: control characters made visible, never sent raw.

Scenario and quiz files, world files, S3 objects, names in the account and tokens are data
anyone could have written. Sent raw to a terminal, an escape sequence in them can change
the window title, write to the clipboard (OSC 52) or redraw the screen. ``visible`` writes
each control character as an escape the learner can read, ``\\x1b`` (as Python, ``jq -r``'s
input and the JSON output's ``\\u001b`` say it), so nothing reaches the terminal but text.

Made visible: the C0 controls (tab and newline kept by default, as the structure of
lines and columns; a carriage return kept only before a newline), DEL, the C1 controls
(U+0080-U+009F, which some terminals take as 8-bit escapes), the line and paragraph
separators, the bidirectional marks, embeddings, overrides and isolates (which make text
read differently from how it is stored), and lone surrogates left by undecodable bytes.

The real AWS CLI and bash pass such characters through (aws/aws-cli#675 shows a key with a
newline printed raw by ``aws s3 ls``); the sandbox shows them instead, as ``cat -v`` or
``ls`` on a terminal would, because its data comes from files the learner did not write.
"""

from __future__ import annotations

import io
import json
import re
from typing import TextIO

# everything that can drive a terminal or disguise text; \t, \n and \r are decided by ``keep``
_CONTROLS_ASCII = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROLS = _CONTROLS_ASCII + "\x80-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_PATTERNS: dict[tuple[str, bool], re.Pattern] = {}
# json.dumps escapes C0 inside strings; what it leaves raw (and JSON allows as \\uXXXX)
_RAW_IN_JSON = "[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def _pattern(keep: str, ascii_only: bool) -> re.Pattern:
    """The pattern of what to escape. ASCII text (most output) gets one of the ASCII
    controls alone, which compiles in a tenth of the time of the full class (start-up time)."""
    found = _PATTERNS.get((keep, ascii_only))
    if found is None:
        escaped = (_CONTROLS_ASCII if ascii_only else _CONTROLS) + "".join(ch for ch in "\t\n" if ch not in keep)
        source = f"[{escaped}]"
        if "\r" not in keep:  # a carriage return ends a line only before a newline kept
            source += "|\r(?!\n)" if "\n" in keep else "|\r"
        found = _PATTERNS[keep, ascii_only] = re.compile(source)
    return found


def escape(ch: str) -> str:
    """One character as ``\\xNN`` (below U+0100) or ``\\uNNNN``."""
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "\t\n") -> str:
    """``text`` with every control character not in ``keep`` written as an escape.

    The default keeps tabs and newlines (and a carriage return before a newline), the
    structure of multi-line output; ``keep=""`` is for one-line fields such as a name or a
    title, where a newline would fake another line."""
    pattern = _pattern(keep, text.isascii())
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: escape(m.group()), text)


def one_line(text: str) -> str:
    """``text`` for a one-line field (a name, a title, a path): newlines made visible too."""
    return visible(text, keep="")


def raw_control(text: str, keep: str = "\t\n") -> str | None:
    """The first character ``visible`` would escape, shown escaped; None if there is none."""
    m = _pattern(keep, text.isascii()).search(text)
    return None if m is None else escape(m.group())


def json_visible(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters it leaves
    raw written as ``\\uXXXX``: still valid JSON, and safe on a terminal."""
    if text.isascii() and "\x7f" not in text:
        return text  # nothing to escape (and the pattern is not compiled: start-up time)
    return re.sub(_RAW_IN_JSON, lambda m: f"\\u{ord(m.group()):04x}", text)


def json_text(value, indent: int | None = 2) -> str:
    """JSON for a terminal: as ``json.dumps`` but no raw control or bidi characters."""
    return json_visible(json.dumps(value, indent=indent, ensure_ascii=False))


class VisibleStream(io.TextIOBase):
    """A text stream that passes everything written through ``visible`` to ``underlying``:
    the last guard between a command's output and the learner's terminal. The program's
    own escape sequences (clearing the screen) are written to ``underlying`` directly."""

    def __init__(self, underlying: TextIO):
        super().__init__()
        self.underlying = underlying

    def write(self, text: str) -> int:
        self.underlying.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.underlying.flush()

    def isatty(self) -> bool:
        return self.underlying.isatty()

    def fileno(self) -> int:
        return self.underlying.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self):
        return getattr(self.underlying, "encoding", "utf-8")

    @property
    def errors(self):
        return getattr(self.underlying, "errors", "strict")


def underlying(stream: TextIO) -> TextIO:
    """The terminal behind a ``VisibleStream`` (for the program's own escape sequences)."""
    return stream.underlying if isinstance(stream, VisibleStream) else stream
