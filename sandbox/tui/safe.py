"""Text for the app's widgets with control characters made visible (``sandbox.text``).

Textual draws what a widget holds straight onto the learner's terminal: an escape sequence
in a name, a file shown by ``cat``, an S3 key or a policy document would reach it raw and
could retitle the window or write to the clipboard. Every module of the app takes ``Text``
from here instead of from rich: the same class, whose text is made visible when it is made
or appended to. ``shown`` does the same for plain strings (table cells, labels, tree nodes).
"""

from __future__ import annotations

from rich import text as rich_text

from sandbox.text import json_visible, visible

__all__ = ["Text", "json_visible", "shown"]


def shown(value: object) -> str:
    """``str(value)`` with control characters (tabs and newlines kept) made visible."""
    return visible(value if isinstance(value, str) else str(value))


class Text(rich_text.Text):
    """``rich.text.Text`` whose text never carries a raw control character."""

    def __init__(self, text: str = "", *args, **kwargs):
        super().__init__(visible(text), *args, **kwargs)

    def append(self, text, style=None):
        if isinstance(text, str):
            text = visible(text)
        return super().append(text, style)
