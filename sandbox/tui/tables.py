"""A table whose columns fit the width it has: each column as wide as its content, and when
they do not all fit, the widest ones narrowed until they do, their cells wrapped onto more
lines (never cut). Filled again when its width changes."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import DataTable

from sandbox.tui.safe import Text

MIN_WIDTH = 6  # a column is never narrowed below this
PADDING = 2  # a DataTable cell's padding (one cell each side)


def fit(natural: list[int], width: int, prose: list[bool] | None = None) -> list[int]:
    """Column widths for ``width`` cells: the natural widths, the widest narrowed one cell at
    a time until the columns (with their padding) fit. Columns of ``prose`` (words that
    wrap between them) are narrowed first; identifiers (an instance id, an address) only
    when that is not enough."""
    widths = list(natural)
    prose = prose or [False] * len(widths)
    room = width - PADDING * len(widths)
    while sum(widths) > room:
        narrowable = [i for i in range(len(widths)) if widths[i] > MIN_WIDTH]
        if not narrowable:
            break
        words = [i for i in narrowable if prose[i] and widths[i] > MIN_WIDTH * 2]
        widest = max(words or narrowable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


class WrapTable(DataTable):
    """A DataTable filled with ``show(headers, rows)``: (key, cells) rows whose cells wrap."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._headers: list[str] = []
        self._rows: list[tuple[str | None, list]] = []
        self._filled_for = -1

    def show(self, headers: list[str], rows: list[tuple[str | None, list]]) -> None:
        self._headers = list(headers)
        self._rows = [(key, [c if isinstance(c, Text) else Text(str(c)) for c in cells]) for key, cells in rows]
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
            return
        natural = [max([cell_len(h)] + [r[1][i].cell_len for r in self._rows if i < len(r[1])])
                   for i, h in enumerate(self._headers)]
        prose = [any(" " in r[1][i].plain for r in self._rows if i < len(r[1])) for i in range(len(self._headers))]
        widths = fit(natural, width - 1, prose) if width else natural  # one cell for a scrollbar
        console = self.app.console
        for header, column_width in zip(self._headers, widths, strict=False):
            self.add_column(Text(header), width=column_width)
        # a header narrower than its label wraps too
        self.header_height = max([1] + [len(Text(h).wrap(console, w))
                                        for h, w in zip(self._headers, widths, strict=False)])
        for key, cells in self._rows:
            height = max([1] + [len(cell.wrap(console, w)) for cell, w in zip(cells, widths, strict=False)])
            self.add_row(*cells, key=key, height=height)
        if self.row_count:
            self.move_cursor(row=min(keep, self.row_count - 1), animate=False)
