"""A table whose columns fit the width it has: each column as wide as its content, and when
they do not all fit, narrowed in an order that keeps what is read whole: free text first
(a description is cut to one line with "…", or left out: the detail pane shows it), then
phrases down to their longest word, and the first column (the name that identifies a
row) and dates last. Filled again when its width changes."""

from __future__ import annotations

import re

from rich import text as rich_text
from rich.cells import cell_len
from textual.binding import Binding
from textual.widgets import DataTable

from sandbox.tui.safe import Text

MIN_WIDTH = 6  # a column is never narrowed below this
PADDING = 2  # a DataTable cell's padding (one cell each side)
ONE_LINE = frozenset({"Description"})  # columns of free text: cut to one line with "…", left out when no room
MIN_ONE_LINE = 16  # narrower than this, a one-line column is left out
KEY_WIDTH = 20  # a name longer than this breaks before the other columns' words do
RIGID_WIDTH = 8  # a column no wider than this (a count, yes/no) keeps its width until the last resort
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$")


def floor_of(header: str, cells: list[str]) -> int:
    """The narrowest a column gets before a word of it is broken: its header whole, its
    longest word, a date (and time) whole."""
    words = [cell_len(w) for c in cells for w in ([c] if _DATE.match(c) else c.split())]
    return max([cell_len(header), *words])


def rigid(header: str, cells: list[str]) -> bool:
    """Dates and short values (counts, yes/no): never wrapped unless nothing else narrows."""
    return all(_DATE.match(c) or c == "" for c in cells) or max([cell_len(header)] + [cell_len(c) for c in cells]) \
        <= RIGID_WIDTH


def fit(natural: list[int], width: int, floors: list[int] | None = None, one_line: list[bool] | None = None,
        rigid_columns: list[bool] | None = None) -> list[int]:
    """Column widths for ``width`` cells (with each column's padding); 0 leaves a column out.

    In order, until the columns fit: the one-line columns narrowed to ``MIN_ONE_LINE``;
    the other columns but the first narrowed to their ``floors`` (their longest word);
    the one-line columns left out; then, breaking words: the first column down to
    ``KEY_WIDTH`` (a long name breaks rather than every other column), the columns but the
    first and the rigid ones, the first, and the rigid ones, each down to ``MIN_WIDTH``,
    the widest first."""
    n = len(natural)
    widths = list(natural)
    floors = floors or [MIN_WIDTH] * n
    one_line = one_line or [False] * n
    rigid_columns = rigid_columns or [False] * n

    def over() -> int:
        return sum(w + PADDING for w in widths if w) - width

    def narrow(columns: list[int], lowest) -> None:
        while over() > 0:
            narrowable = [i for i in columns if widths[i] > lowest(i)]
            if not narrowable:
                return
            widest = max(narrowable, key=lambda i: widths[i] - lowest(i))
            widths[widest] -= 1

    everything = range(n)
    narrow([i for i in everything if one_line[i]], lambda i: min(natural[i], MIN_ONE_LINE))
    narrow([i for i in everything if i and not one_line[i]], lambda i: max(MIN_WIDTH, min(floors[i], natural[i])))
    for i in everything:
        if one_line[i] and over() > 0:
            widths[i] = 0
    first = [0] if n else []
    narrow(first, lambda i: min(natural[i], KEY_WIDTH))
    narrow([i for i in everything if i and not rigid_columns[i] and widths[i]], lambda i: MIN_WIDTH)
    narrow(first, lambda i: MIN_WIDTH)
    narrow([i for i in everything if widths[i]], lambda i: MIN_WIDTH)
    return widths


class _Cell(Text):
    """A cell's text that the DataTable does not measure. Each column's width is set (``fit``),
    so measuring every cell, which a DataTable does for each new row (two console measurements
    a cell), is work thrown away: on a list of 5,000 users it took seconds. Rich's protocol makes
    ``__rich_measure__`` optional; without it a cell counts as one cell wide."""

    __rich_measure__ = None


def _cell(value) -> _Cell:
    if not isinstance(value, rich_text.Text):
        return _Cell(str(value))
    cell = _Cell(end=value.end, justify=value.justify, overflow=value.overflow, no_wrap=value.no_wrap)
    cell.append_text(value)
    return cell


def _lines(cell: Text, width: int, console) -> int:
    """How many lines ``cell`` takes at ``width``: one when it fits, without wrapping it (a
    long list's thousands of cells mostly fit, and wrapping each costs more than the row)."""
    plain = cell.plain
    if "\n" not in plain and cell_len(plain) <= width:
        return 1
    return len(cell.wrap(console, width))


class WrapTable(DataTable):
    """A DataTable filled with ``show(headers, rows)``: (key, cells) rows whose cells wrap.

    Home/End go to the first and the last row (a DataTable binds them to the first and the
    last column, which a row cursor does not have)."""

    BINDINGS = [Binding("home", "scroll_top", "First row", show=False),
                Binding("end", "scroll_bottom", "Last row", show=False)]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._headers: list[str] = []
        self._rows: list[tuple[str | None, list]] = []
        self._filled_for = -1
        self.shown_widths: list[int] = []  # each column's width; 0: left out for want of room

    def show(self, headers: list[str], rows: list[tuple[str | None, list]]) -> None:
        self._headers = list(headers)
        self._rows = [(key, [_cell(c) for c in cells]) for key, cells in rows]
        self._fill()

    def on_resize(self, event) -> None:
        if event.size.width != self._filled_for:
            self._fill()

    def _fill(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        keep = self.cursor_row
        self._filled_for = self.size.width
        self.clear(columns=True)
        if not self._headers:
            self.shown_widths = []
            return
        columns = [[r[1][i].plain for r in self._rows if i < len(r[1])] for i in range(len(self._headers))]
        natural = [max([cell_len(h)] + [cell_len(c) for c in cells]) for h, cells in zip(self._headers, columns,
                                                                                           strict=True)]
        one_line = [h in ONE_LINE for h in self._headers]
        if width:  # one cell for a scrollbar
            widths = fit(natural, width - 1, [floor_of(h, c) for h, c in zip(self._headers, columns, strict=True)],
                         one_line, [rigid(h, c) for h, c in zip(self._headers, columns, strict=True)])
        else:
            widths = natural
        self.shown_widths = widths
        shown = [i for i, w in enumerate(widths) if w]
        console = self.app.console
        for i in shown:
            self.add_column(Text(self._headers[i]), width=widths[i])
        # a header narrower than its label wraps too
        self.header_height = max([1] + [len(Text(self._headers[i]).wrap(console, widths[i])) for i in shown])
        for key, cells in self._rows:
            row = []
            for i in shown:
                cell = cells[i] if i < len(cells) else _Cell("")
                if one_line[i]:
                    cell = _cell(cell)
                    cell.truncate(widths[i], overflow="ellipsis")
                row.append(cell)
            height = max([1] + [_lines(cell, widths[i], console) for cell, i in zip(row, shown, strict=True)])
            self.add_row(*row, key=key, height=height)
        if self.row_count:
            self.move_cursor(row=min(keep, self.row_count - 1), animate=False)
