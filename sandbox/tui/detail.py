"""The selected item's detail, in tabs that mirror the IAM console (Summary, Permissions,
Trust relationships, Security credentials, Tags, JSON...)."""

from __future__ import annotations

import json

from rich.table import Table
from textual.containers import VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from sandbox.tui.banner import BannerView
from sandbox.tui.safe import Text, shown
from sandbox.tui.tables import WrapTable
from sandbox.tui.text_area import DocumentArea
from sandbox.tui.themes import text_area_theme
from sandbox.workspace.entities import Section


def facts_renderable(facts: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 1, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")  # long ARNs wrap rather than lose their end
    for label, value in facts:
        table.add_row(Text(label), Text(str(value)))
    return table


class DetailPane(TabbedContent):
    """Rebuilt whenever the selection changes; keeps the chosen tab when it can."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sections: list[Section] = []
        self.signature: tuple | None = None

    async def show(self, sections: list[Section], signature: tuple) -> None:
        if signature == self.signature:
            return
        self.signature = signature
        keep = self.active_title()
        await self.clear_panes()
        self.sections = sections
        for i, section in enumerate(sections):
            await self.add_pane(TabPane(section.title, *self._widgets(section, i), id=f"tab-{i}"))
        titles = [s.title for s in sections]
        if keep in titles:
            self.active = f"tab-{titles.index(keep)}"

    async def fill(self, section: Section) -> None:
        """Put a tab's content in place (a tab read after the tab bar was shown), keeping the rest."""
        titles = [s.title for s in self.sections]
        if section.title not in titles:
            return
        index = titles.index(section.title)
        if self.sections[index] == section:
            return
        self.sections[index] = section
        pane = self.get_pane(f"tab-{index}")
        await pane.remove_children()
        await pane.mount_all(self._widgets(section, index))

    def active_title(self) -> str | None:
        pane = self.active_pane
        if pane is None or not pane.id or not pane.id.startswith("tab-"):
            return None
        index = int(pane.id[4:])
        return self.sections[index].title if index < len(self.sections) else None

    def _widgets(self, section: Section, index: int) -> list:
        widgets: list = []
        if section.banner is not None:
            widgets.append(BannerView(section.banner, classes="detail-banner"))
        if section.note:
            widgets.append(Static(Text(section.note), classes="detail-note"))
        if section.facts:
            widgets.append(Static(facts_renderable(section.facts), classes="detail-facts"))
        if section.table is not None:
            table = WrapTable(cursor_type="row", classes="detail-table", id=f"detail-table-{index}")
            table.show(section.table.columns, section.table.rows)
            if not section.table.rows:
                widgets.append(Static(Text(section.table.empty or "(none)", style="dim"), classes="detail-note"))
            else:
                widgets.append(table)
        if section.document is not None:
            pretty = _pretty(section.document)
            area = DocumentArea(pretty, language="json", read_only=True, classes="detail-doc", id=f"detail-doc-{index}",
                            show_line_numbers=True, theme=text_area_theme(self.app))
            widgets.append(area)
        return [VerticalScroll(*widgets)] if widgets else [Static("")]


def _pretty(text: str) -> str:
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), indent=4)  # ASCII: every other character as \uXXXX
    except (ValueError, RecursionError):
        return shown(text)
