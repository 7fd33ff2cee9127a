"""``--output table``: the AWS CLI's boxed tables, laid out by the rules of its table
formatter (awscli/formatter.py and awscli/table.py).

The response becomes a list of titled sections, each with optional column headers and
rows. A structure gives one section whose scalar members are the columns (a single
scalar member gives a two-cell row instead); its nested members follow as indented
sections. A list of structures gives one section with a row per item, repeated per item
when the items nest further. A list of lists gives one row per inner list, one column
per element. Every section is scaled to the widest one, and when that is wider than the
terminal, single-row sections are turned on their side (one ``name | value`` row per
column).
"""

from __future__ import annotations

import unicodedata
from typing import Any

DEFAULT_WIDTH = 80  # what the CLI assumes when standard output is not a terminal


class TableError(Exception):
    """A response the CLI's table formatter cannot lay out (it stops with this message)."""


def text_length(text: str) -> int:
    """Display width: wide and ambiguous East Asian characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


class Section:
    """A titled block of the table: optional column headers, then rows. (A plain class: a
    dataclass costs start-up time.)"""

    def __init__(self, title: str | None = "", indent: int = 0):
        self.title = title
        self.indent = indent
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.columns: int | None = None
        self.widths: list[int] = []  # widest text per column

    def add_headers(self, headers: list[str]) -> None:
        self._grow(headers)
        if self.columns is None:
            self.columns = len(headers)
        self.headers = list(headers)

    def add_row(self, row) -> None:
        cells = [str(cell) for cell in row]
        if self.columns is None:
            self.columns = len(cells)
        if len(cells) != self.columns:
            raise ValueError(f"Row should have {self.columns} elements, instead it has {len(cells)}")
        self.rows.append(cells)
        self._grow(cells)

    def _grow(self, cells: list[str]) -> None:
        if not self.widths:
            self.widths = [text_length(c) for c in cells]
        else:
            for i, cell in enumerate(cells):
                self.widths[i] = max(text_length(cell), self.widths[i])

    def total_width(self) -> int:
        border = 2 + 2 * self.indent
        return max(text_length(str(self.title)) + border, sum(w + 4 for w in self.widths) + border)

    def column_widths(self, total: int) -> list[int]:
        """Each column padded by 4, then scaled so that together they fill ``total``."""
        padded = [w + 4 for w in self.widths]
        if not padded:
            return padded
        scale = total / float(sum(padded))
        scaled = [int(round(scale * w)) for w in padded]
        off = sum(scaled) - total
        while off != 0:
            order = range(len(scaled)) if off > 0 else reversed(range(len(scaled)))
            for i in order:
                if off > 0:
                    scaled[i] -= 1
                    off -= 1
                else:
                    scaled[i] += 1
                    off += 1
                if off == 0:
                    break
        return scaled


def _scalar(value: Any) -> bool:
    return not isinstance(value, (list, dict))


class _Builder:
    def __init__(self):
        self.sections: list[Section] = []
        self.current: Section | None = None

    def new_section(self, title: str | None, indent: int) -> None:
        self.current = Section(title=title, indent=indent)
        self.sections.append(self.current)

    def build(self, title: str | None, data: Any, indent: int = 0) -> bool:
        if not data:
            return False
        if title is not None:
            self.new_section(title, indent)
        if isinstance(data, list):
            if isinstance(data[0], dict):
                self._list_of_structures(data, indent, title)
            else:
                for item in data:
                    if _scalar(item):
                        self.current.add_row([item])
                    elif all(_scalar(el) for el in item):
                        self.current.add_row(list(item))  # a structure here lists its keys, as the CLI does
                    else:
                        self.build(None, item)
        if isinstance(data, dict):
            self._structure(data, indent)
        return True

    def _structure(self, data: dict, indent: int) -> None:
        headers, nested = _split_keys(data)
        if len(headers) == 1:
            self.current.add_row([headers[0], data[headers[0]]])
        elif headers:
            self.current.add_headers(headers)
            self.current.add_row([data[k] for k in headers])
        for key in nested:
            self.build(key, data[key], indent + 1)

    def _list_of_structures(self, items: list, indent: int, title: str | None) -> None:
        headers: set[str] = set()
        nested: set[str] = set()
        for item in items:
            h, n = _split_keys(item)
            headers.update(h)
            nested.update(n)
        columns, more = sorted(headers), sorted(nested)
        self.current.add_headers(columns)
        for index, item in enumerate(items):
            if index and more:
                self.new_section(title, indent)
                self.current.add_headers(columns)
            self.current.add_row([item.get(k, "") for k in columns])
            for key in more:
                if key in item:
                    self.build(key, item[key], indent + 1)


def _split_keys(data: dict) -> tuple[list[str], list[str]]:
    """Scalar members (the columns) and nested ones, each sorted."""
    scalars, nested = [], []
    for key in data:  # indexed as the CLI does, so that odd shapes fail as they fail there
        (scalars if _scalar(data[key]) else nested).append(key)
    return sorted(scalars), sorted(nested)


def _center(text: str, length: int, left: str, right: str) -> str:
    width = text_length(text)
    start = length // 2 - width // 2 - 1
    so_far = len(left) + start + width
    return left + " " * start + text + " " * (length - len(right) - so_far) + right


def _align_left(text: str, length: int, left: str, right: str) -> str:
    width = text_length(text)
    padding = 2 if length - (width + 2 + len(left) + len(right)) >= 0 else 0
    return left + " " * padding + text + " " * (length - len(left) - padding - width - len(right)) + right


def _rule(widths: list[int]) -> str:
    return "".join(("+" + "-" * (w - 2) + "+") if i == 0 else ("-" * (w - 1) + "+") for i, w in enumerate(widths))


def _on_its_side(sections: list[Section]) -> list[Section]:
    out = []
    for s in sections:
        if len(s.rows) == 1 and s.headers:
            turned = Section(title=s.title, indent=s.indent)
            for header, cell in zip(s.headers, s.rows[0], strict=False):
                turned.add_row([header, cell])
            s = turned
        out.append(s)
    return out


def _render_section(s: Section, total: int, lines: list[str]) -> None:
    pad = "|" * s.indent
    width = total - 2 * s.indent

    def emit(text: str) -> None:
        lines.append(pad + text + pad)

    if s.title:
        emit(_center(s.title, width, "|", "|"))
        if not s.headers and not s.rows:
            emit("+" + "-" * (width - 2) + "+")
    widths = s.column_widths(width)
    if s.headers:
        emit(_rule(widths))
        emit("".join(_center(h, w, "|" if i == 0 else "", "|")
                     for i, (w, h) in enumerate(zip(widths, s.headers, strict=False))))
    if s.rows and widths:
        emit(_rule(widths))
        for row in s.rows:
            emit("".join(_align_left(c, w, "|" if i == 0 else "", "|")
                           for i, (w, c) in enumerate(zip(widths, row, strict=False))))
        emit(_rule(widths))


def format_table(data: Any, title: str, terminal_width: int = DEFAULT_WIDTH) -> str:
    """The table the CLI prints for ``data`` (``""`` when it prints nothing)."""
    builder = _Builder()
    try:
        if not builder.build(title, data):
            return ""
    except (ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
        # mixed shapes (rows of different lengths, lists mixing structures and lists): the
        # CLI's formatter fails on them with Python's own message, and so does this one
        raise TableError(str(exc)) from None
    sections = builder.sections
    total = max(s.total_width() for s in sections)
    if total > terminal_width:
        sections = _on_its_side(sections)
        total = max(s.total_width() for s in sections)
    lines = ["-" * total]
    for s in sections:
        _render_section(s, total, lines)
    return "\n".join(lines) + "\n"
