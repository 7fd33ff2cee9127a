"""Showing text from tokens and command lines safely: control characters made visible.

A token is data anyone could have written; its claims may hold escape sequences that would
drive the learner's terminal. ``visible`` writes every control character (C0, DEL, C1), the
line and paragraph separators and the bidirectional overrides as escapes; ``json_text``
does the same inside JSON (where they are written ``\\uXXXX``, still valid JSON).
"""

from __future__ import annotations

import json

from sandbox.text import json_visible, one_line as visible

__all__ = ["json_text", "visible"]


def json_text(value, indent: int | None = 2) -> str:
    """JSON for a terminal: as ``json.dumps`` but no raw control or bidi characters."""
    return json_visible(json.dumps(value, indent=indent, ensure_ascii=False))
