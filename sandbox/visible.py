"""Showing text from tokens and command lines safely: control characters made visible.

Tokens, emails and names are data anyone could have written; they may hold escape
sequences that would drive the learner's terminal. ``visible`` writes every control character (C0, DEL, C1), the
line and paragraph separators and the bidirectional overrides as escapes; ``json_text``
does the same inside JSON (where they are written ``\\uXXXX``, still valid JSON).
"""

from __future__ import annotations

import json
import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# json.dumps already escapes C0 inside strings; the newlines left are its own indentation
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


def json_text(value, indent: int | None = 2) -> str:
    """JSON for a terminal: as ``json.dumps`` but no raw control or bidi characters."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
