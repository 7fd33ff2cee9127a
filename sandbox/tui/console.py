"""Console mode: navigation on the left, the list and the selected item's details in the
centre, live policy decisions on the right, the terminal at the bottom."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Tree

from sandbox.shell.session import ShellSession
from sandbox.tui import commands
from sandbox.tui.actions import Actions
from sandbox.tui.decisions import DecisionPane
from sandbox.tui.detail import DetailPane
from sandbox.tui.forms import ActionsScreen
from sandbox.tui.learn import GuidePane
from sandbox.tui.messages import EditPolicy, ViewsStale
from sandbox.tui.safe import Text
from sandbox.tui.terminal import TerminalPane
from sandbox.tui.themes import follow_theme
from sandbox.workspace import Workspace, details, entities

NAV = [("IAM", ["users", "groups", "roles", "policies", "providers", "account"]), ("EC2", ["instances"]),
       ("S3", ["buckets"]), ("Cognito", ["user-pools", "identity-pools", "devices"])]


class ConsoleScreen(Screen):
    COMMAND_SCOPE = "console"
    BINDINGS = commands.bindings("console")

    def __init__(self, workspace: Workspace, shell: ShellSession, **kwargs):
        super().__init__(**kwargs)
        self.workspace = workspace
        self.shell = shell
        self.section = "users"
        self.selected: str | None = None
        self.sort_column = 0
        self._listing_signature: tuple | None = None
        self._detail_requests = 0
        self._detail_running = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield GuidePane(self.workspace, id="guide")
            yield Tree("Account", id="nav")
            with Vertical(id="center"):
                yield Input(placeholder="/ filter this list", id="filter")
                yield DataTable(id="list", cursor_type="row", zebra_stripes=True)
                yield DetailPane(id="detail")
            yield DecisionPane(id="decisions")
        yield TerminalPane(self.shell, id="terminal")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one("#nav", Tree)
        tree.show_root = False
        tree.guide_depth = 2
        for group, sections in NAV:
            node = tree.root.add(Text(group, style="bold"), expand=True)
            for section in sections:
                node.add_leaf(entities.TITLES[section], data=section)
        self.update_nav_counts()
        self.refresh_views()
        self.query_one("#list", DataTable).focus()
        self.post_message(ViewsStale())  # the decisions made before the console first showed
        follow_theme(self)

    def on_screen_resume(self) -> None:
        """Back from another mode or a dialog: show the decisions made meanwhile (the
        simulator's, the editor's) and whatever changed."""
        if self.is_mounted:
            self.post_message(ViewsStale())

    def add_events(self, events: list[dict]) -> None:
        self.query_one(DecisionPane).add_events(events)

    def run_in_terminal(self, line: str) -> None:
        self.query_one(TerminalPane).run_command(line)

    # -- views ---------------------------------------------------------------------------------

    def update_nav_counts(self) -> None:
        world = self.workspace.world
        with world.reading():
            counts = entities.counts(world)
        tree = self.query_one("#nav", Tree)
        for group in tree.root.children:
            for leaf in group.children:
                section = leaf.data
                n = counts.get(section, 0)
                label = entities.TITLES[section] + (f" ({n})" if section != "account" else "")
                style = "bold reverse" if section == self.section else ""
                leaf.set_label(Text(label, style=style))

    def refresh_views(self) -> None:
        self.update_nav_counts()
        self.refresh_list()
        self.refresh_guide()

    def refresh_guide(self) -> None:
        guide = self.query_one(GuidePane)
        was = guide.display
        guide.update_view()
        nav = self.query_one("#nav", Tree)
        if guide.display and not was:
            nav.display = False
        elif not guide.display:
            nav.display = True

    def action_toggle_guide(self) -> None:
        guide = self.query_one(GuidePane)
        nav = self.query_one("#nav", Tree)
        if not (self.workspace.world.meta.get("scenario")):
            self.notify("No scenario is running: F4 opens the scenarios.", timeout=4)
            return
        guide.display, nav.display = not guide.display, guide.display

    def refresh_list(self, force: bool = False) -> None:
        world = self.workspace.world
        text = self.query_one("#filter", Input).value
        with world.reading():
            listing = entities.listing(world, self.section, text)
        signature = (self.section, text, self.sort_column, tuple((k, tuple(c)) for k, c in listing.rows))
        table = self.query_one("#list", DataTable)
        if signature != self._listing_signature or force:
            self._listing_signature = signature
            keep = self.selected
            table.clear(columns=True)
            table.add_columns(*listing.columns)
            rows = sorted(listing.rows, key=lambda r: r[1][self.sort_column].lower()
                          if self.sort_column < len(r[1]) else "")
            for key, cells in rows:
                table.add_row(*(Text(cell) for cell in cells), key=key)
            if keep is not None:
                try:
                    table.move_cursor(row=table.get_row_index(keep))
                except Exception:
                    pass
        self.show_selection()

    def show_selection(self) -> None:
        table = self.query_one("#list", DataTable)
        key = None
        if table.row_count:
            key = table.coordinate_to_cell_key((min(table.cursor_row, table.row_count - 1), 0)).row_key.value
        self.selected = key
        # one updater at a time: cancelling a half-done rebuild of the tabs would wedge them
        self._detail_requests += 1
        if not self._detail_running:
            self._detail_running = True
            self.run_worker(self._detail_loop(), group="detail")

    async def _detail_loop(self) -> None:
        try:
            while True:
                seen = self._detail_requests
                await self._show_detail(self.selected)
                if seen == self._detail_requests:
                    break
        except Exception:
            # the app quit (or the screen closed) in the middle of a rebuild: the tabs are
            # being taken down under it, which is no error
            if not self._going_away():
                raise
        finally:
            self._detail_running = False

    def _going_away(self) -> bool:
        detail = self.query(DetailPane).first() if self.is_attached else None
        return (self.app._exit or self._closing or self._closed or detail is None or detail._closing
                or detail._closed)

    async def _show_detail(self, key: str | None) -> None:
        world = self.workspace.world
        detail = self.query_one(DetailPane)
        if key is None:
            sections = [entities.Section(entities.TITLES[self.section],
                                         note="Nothing here yet. Press a for the actions (create…).")]
        else:
            with world.reading():
                sections = details.details(world, self.section, key)
        signature = (self.section, key, repr(sections))
        await detail.show(sections, signature)

    # -- events ----------------------------------------------------------------------------------

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.select_section(event.node.data)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data and event.node.data != self.section:
            self.select_section(event.node.data)

    def select_section(self, section: str) -> None:
        self.section = section
        self.selected = None
        self.sort_column = 0
        self.query_one("#filter", Input).value = ""
        self.update_nav_counts()
        self.refresh_list(force=True)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "list":
            self.show_selection()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "list":
            self.action_actions()
        elif event.data_table.id and event.data_table.id.startswith("detail-table"):
            self._open_detail_row(event.row_key.value)

    def _open_detail_row(self, key: str | None) -> None:
        """Enter on a policy in a Permissions tab opens it in the editor."""
        if not key:
            return
        if key.startswith("managed:"):
            self.post_message(EditPolicy("managed", key[len("managed:"):]))
        elif key.startswith("inline:") and self.selected:
            kind = {"users": "user", "groups": "group", "roles": "role"}.get(self.section)
            if kind:
                self.post_message(EditPolicy("inline", f"{kind}:{self.selected}:{key[len('inline:'):]}"))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.refresh_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.query_one("#list", DataTable).focus()

    # -- actions -----------------------------------------------------------------------------------

    def action_focus(self, widget_id: str) -> None:
        self.query_one(f"#{widget_id}").focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_sort(self) -> None:
        table = self.query_one("#list", DataTable)
        n = len(table.columns)
        if n:
            self.sort_column = (self.sort_column + 1) % n
            label = str(list(table.columns.values())[self.sort_column].label)
            self.notify(f"Sorted by {label}", timeout=2)
            self.refresh_list(force=True)

    def _actions(self) -> Actions:
        return Actions(self, self.workspace)

    def action_actions(self) -> None:
        acts = self._actions().for_selection(self.section, self.selected)
        if not acts:
            self.notify("No actions here.", timeout=3)
            return
        title = f"Actions: {entities.TITLES[self.section]}" + (f" / {self.selected}" if self.selected else "")

        def chosen(callback):
            if callback:
                callback()

        self.app.push_screen(ActionsScreen(title, acts), chosen)

    def selection_commands(self) -> Iterable[SystemCommand]:
        """The Actions menu of the selected item, for the command palette."""
        where = self.selected or self.section
        for label, callback in self._actions().for_selection(self.section, self.selected):
            yield SystemCommand(label, f"Actions on {where}", callback)

    def open_form(self, name: str) -> None:
        """One of the console's forms by name (``create_user``...), from the command palette."""
        getattr(self._actions(), name)()

    def action_edit(self) -> None:
        section, key = self.section, self.selected
        if key is None:
            return
        kind = {"policies": "managed", "roles": "trust", "buckets": "bucket"}.get(section)
        if kind:
            self.post_message(EditPolicy(kind, key))
        elif section in ("users", "groups"):
            self._actions().inline(section[:-1], key)
        else:
            self.notify("Nothing to edit here.", timeout=3)
