"""Where a field of a TOML file is, so that an error names its line.

``locate(text)`` reads the file once and records the line of every table header
(``[[question]]``, ``[[question.option]]``) and of every ``key =`` in each table instance,
including the inline tables of a multi-line array (``option = [ {...}, {...} ]``). A field
path such as ``("question", 3, "option", 1, "why")`` then maps to a line; a field that is
missing maps to the table it belongs in.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*\{?\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)(\s*\.\s*[A-Za-z0-9_\-"']+)*\s*=\s*(.*)$""")
_INLINE_KEY = re.compile(r"""[{,]\s*("[^"]*"|[A-Za-z0-9_\-]+)\s*=""")


def _name(token: str) -> str:
    return token.strip().strip("\"'")


def _opens_multiline(value: str) -> str | None:
    """The delimiter of a multi-line string that ``value`` opens and does not close."""
    for quote in ('"""', "'''"):
        if value.lstrip().startswith(quote):
            rest = value.lstrip()[3:]
            return None if quote in rest else quote
    return None


class Locator:
    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        self._scan(text.splitlines())

    def _scan(self, lines: list[str]) -> None:
        counters: dict[tuple, int] = {}
        table: tuple = ()
        in_string: str | None = None
        array: tuple | None = None  # the key path of an open multi-line array
        element = -1
        depth = 0
        for number, raw in enumerate(lines, 1):
            if in_string:
                if in_string in raw:
                    in_string = None
                continue
            line = raw.strip()
            if array is not None:
                if line.startswith("{"):
                    element += 1
                    self.lines.setdefault(array + (element,), number)
                    for m in _INLINE_KEY.finditer(line):
                        self.lines.setdefault(array + (element, _name(m.group(1))), number)
                depth += line.count("[") - line.count("]")
                if depth <= 0:
                    array = None
                continue
            m = _HEADER.match(raw)
            if m and not _KEY.match(raw):
                parts = [_name(p) for p in m.group(2).split(".")]
                if m.group(1) == "[[":
                    parent = self._instance(parts[:-1], counters)
                    key = parent + (parts[-1],)
                    counters[key] = counters.get(key, -1) + 1
                    table = key + (counters[key],)
                else:
                    table = self._instance(parts, counters)
                self.lines.setdefault(table, number)
                continue
            m = _KEY.match(raw)
            if not m:
                continue
            key = table + (_name(m.group(1)),)
            self.lines.setdefault(key, number)
            value = m.group(3)
            in_string = _opens_multiline(value)
            if value.lstrip().startswith("[") and value.count("[") > value.count("]"):
                array, element, depth = key, -1, value.count("[") - value.count("]")
                if "{" in value:
                    element = 0
                    self.lines.setdefault(key + (0,), number)

    @staticmethod
    def _instance(parts: list[str], counters: dict[tuple, int]) -> tuple:
        """The current instance path of a header's parent tables (``question`` -> the last one)."""
        path: tuple = ()
        for part in parts:
            path = path + (part,)
            if path in counters:
                path = path + (counters[path],)
        return path

    def line_of(self, path: tuple) -> int | None:
        """The line of ``path``, or of the nearest enclosing table or key that exists."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


def locate(text: str) -> Locator:
    return Locator(text)
