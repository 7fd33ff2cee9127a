"""Console mode: navigation (or a scenario's guide) on the left, the list and the selected
item's details in the centre, live policy decisions on the right, the terminal at the
bottom. Below 120 columns the decisions pane folds away (F7 opens it in place of the
centre, and a line above the terminal shows the newest decision); the keys of each pane
show in the footer while it has the focus."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static, TabbedContent, TabPane, Tree

from sandbox.services import regions
from sandbox.shell.session import ShellSession
from sandbox.tui import commands
from sandbox.tui.actions import Actions
from sandbox.tui.banner import BannerView
from sandbox.tui.decisions import DecisionPane, event_line
from sandbox.tui.detail import DetailPane
from sandbox.tui.forms import ActionsScreen
from sandbox.tui.guide import GuidePane
from sandbox.tui.messages import Changed, DecisionsPublished, EditPolicy, ViewsStale
from sandbox.tui.safe import Text
from sandbox.tui.tables import WrapTable
from sandbox.tui.terminal import TerminalPane
from sandbox.tui.themes import follow_theme
from sandbox.workspace import Change, Workspace, details, device_views, entities, recommendations
from sandbox.workspace.shapes import order_of

NAV = [("IAM", ["users", "groups", "roles", "policies", "providers", "account"]), ("EC2", ["instances"]),
       ("S3", ["buckets"]), ("Cognito", ["user-pools", "identity-pools", "devices"])]
# the sections whose console has a Region selector (the others say "Global"; the devices are no AWS page)
REGIONAL = {"instances", "user-pools", "identity-pools"}
NARROW = 120  # below this width the decisions pane folds away
# a list shows a page of rows at a time, as the console's tables do (the whole list is read, and
# the filter searches all of it); a table of thousands of rows would take seconds to fill
ROWS_PER_PAGE = 100
NO_DECISIONS = Text.assemble(("F7 ", "bold"), ("the decisions pane · no policy decisions yet", "dim"))


class ConsoleList(WrapTable):
    """The section's list; its keys (Actions, Edit, Filter, Sort) show while it has the focus."""

    BINDINGS = commands.bindings("console", "list")


class NavTree(Tree):
    """The IAM, EC2 and S3 sections. Enter opens a section (and never folds a group)."""

    BINDINGS = commands.bindings("console", "nav")


class ConsoleScreen(commands.FittingFooter, Screen):
    COMMAND_SCOPE = "console"
    BINDINGS = commands.bindings("console")

    def __init__(self, workspace: Workspace, shell: ShellSession, **kwargs):
        super().__init__(**kwargs)
        self.workspace = workspace
        self.shell = shell
        self.section = "users"
        self.selected: str | None = None
        self.sort_column = 0
        self.page = 0  # the page of the list shown (ROWS_PER_PAGE rows each)
        self._listing_signature: tuple | None = None
        self._detail_requests = 0
        self._detail_running = False
        # what was read, and as of when: a console read is a request, made again only when
        # the world, the signed-in principal, the section or the Region changed
        self._listing: entities.Listing | None = None
        self._listing_read: tuple | None = None
        self._tabs_read: tuple | None = None
        self._tabs: dict[str, entities.Section] = {}
        self.left = "guide"  # what the left pane shows while a scenario runs: "guide" or "nav"
        self._example = (None, -1)  # (the guide's step, the last example put in the prompt)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield GuidePane(self.workspace, id="guide")
            yield NavTree("Account", id="nav")
            with Vertical(id="center"):
                with Horizontal(id="list-bar"):
                    yield Input(placeholder="/ filter this list", id="filter")
                    yield Static("", id="pages")
                    yield Static("", id="region")
                yield BannerView(id="list-banner")
                yield ConsoleList(id="list", cursor_type="row", zebra_stripes=True)
                yield DetailPane(id="detail")
            yield DecisionPane(id="decisions")
        yield Static(NO_DECISIONS, id="decision-strip")
        yield TerminalPane(self.shell, id="terminal")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one("#nav", Tree)
        tree.show_root = False
        tree.guide_depth = 2
        tree.auto_expand = False
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

    def add_events(self, events: list) -> None:
        pane = self.query_one(DecisionPane)
        pane.add_events(events)
        newest = pane.newest()
        if newest is not None:
            # the key first: a narrow strip cuts the end of the line, never the way to the rest
            strip = Text.assemble(("F7 ", "bold"), ("all decisions · newest: ", "dim"), event_line(newest))
            strip.no_wrap, strip.overflow = True, "ellipsis"
            self.query_one("#decision-strip", Static).update(strip)

    def run_in_terminal(self, line: str) -> None:
        self.query_one(TerminalPane).run_command(line)

    def reset_views(self) -> None:
        """A scenario started or was reset: nothing of the world before may linger on screen
        (the list's filter and selection, the decisions made before, the left pane)."""
        self.query_one(DecisionPane).clear()
        self.query_one("#decision-strip", Static).update(NO_DECISIONS)
        self.left = "guide"
        self._example = (None, -1)
        self.select_section("users")
        self.refresh_views()
        self.query_one("#list").focus()

    # -- views ---------------------------------------------------------------------------------

    def update_nav_counts(self) -> None:
        """The current section is marked, with the number of rows its list read (the others'
        are not read until shown: each is a request)."""
        tree = self.query_one("#nav", Tree)
        listing = self._listing
        for group in tree.root.children:
            for leaf in group.children:
                section = leaf.data
                label = entities.TITLES[section]
                if section == self.section and section != "account" and listing is not None and not listing.banner:
                    label += f" ({len(listing.rows)})"
                style = "bold reverse" if section == self.section else ""
                leaf.set_label(Text(label, style=style))
        self.update_region()

    def update_region(self) -> None:
        """The Region the console shows: EC2's and Cognito's (r switches it); IAM and S3 say
        Global; the Devices page is the sandbox's phones, in no Region."""
        region = self.query_one("#region", Static)
        if self.section in REGIONAL:
            region.update(Text.assemble(("Region: ", "dim"), self.workspace.console.region, " ▾"))
        elif self.section == device_views.SECTION:
            region.update(Text("the sandbox's phones (not AWS)", style="dim"))
        else:
            region.update(Text.assemble(("Region: ", "dim"), "Global"))

    def refresh_views(self) -> None:
        self.refresh_list()
        self.refresh_guide()

    def refresh_guide(self) -> None:
        """The guide follows the scenario; the left pane shows what the learner chose last
        (the guide when a scenario starts), whatever dialogs come and go."""
        guide = self.query_one(GuidePane)
        running = guide.update_view()
        show_guide = running and self.left == "guide"
        if guide.display != show_guide:
            guide.display = show_guide
            self.query_one("#nav", Tree).display = not show_guide
            self.refresh_bindings()

    # -- moving between panes ----------------------------------------------------------------------

    def action_focus_pane(self, pane: str) -> None:
        guide = self.query_one(GuidePane)
        if pane == "guide":
            if not guide.update_view():
                self.notify("No scenario is running: F4 opens the scenarios.", timeout=4)
                return
            self.left = "guide"
            self.refresh_guide()
            self.query_one("#guide-scroll").focus()
        elif pane == "nav":
            self.left = "nav"
            self.refresh_guide()
            self.query_one("#nav", Tree).focus()
        elif pane == "decisions":
            if self.size.width < NARROW:
                self.add_class("-decisions-open")
            self.query_one("#decision-table").focus()
        elif pane == "terminal":
            self.query_one("#term-input").focus()
        else:
            self.query_one("#list").focus()

    def _pane_of(self, widget) -> str | None:
        for node in (widget.ancestors_with_self if widget is not None else ()):
            if node.id in ("list", "nav", "guide", "decisions", "terminal"):
                return node.id
        return None

    def on_descendant_focus(self, event) -> None:
        """Leaving the decisions pane folds it again (narrow windows); the footer follows the focus."""
        if self._pane_of(self.focused) != "decisions":
            self.remove_class("-decisions-open")
        self.refresh_bindings()

    def on_resize(self, event) -> None:
        if event.size.width >= NARROW:
            self.remove_class("-decisions-open")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Keys that would do nothing now stay out of the footer."""
        if action == "focus_pane" and parameters:
            pane = parameters[0]
            if pane == "guide" and not self.workspace.world.meta.get("scenario"):
                return False
            return self._pane_of(self.focused) != pane
        if action in ("example", "hint"):
            return bool(self.workspace.world.meta.get("scenario"))
        return True

    # -- the guide's example commands and hints ------------------------------------------------

    def action_example(self) -> None:
        """Put the guide step's example command in the terminal's prompt, not run; pressed
        again, the next example of the step."""
        guide = self.query_one(GuidePane)
        if not guide.update_view():
            self.notify("No scenario is running: F4 opens the scenarios.", timeout=4)
            return
        if not guide.examples:
            self.notify("This step shows no example command: the guide's Hint button helps.", timeout=5)
            return
        step, last = self._example
        index = (last + 1) % len(guide.examples) if step == guide._where else 0
        self._example = (guide._where, index)
        self.query_one(TerminalPane).put_in_prompt(guide.examples[index])

    def action_hint(self) -> None:
        self.query_one(GuidePane).hint()

    def action_undo(self) -> None:
        self.query_one(GuidePane).undo()

    def action_refresh_page(self) -> None:
        """Read the list and the open tab again (the console's refresh button): each a
        request as the signed-in principal, made even though the account did not change."""
        self._listing_read = self._tabs_read = None
        self.refresh_list()

    def guide_commands(self) -> Iterable[SystemCommand]:
        """The hints shown so far, for the command palette (chosen: shown in a notification)."""
        guide = self.query_one(GuidePane)
        for i, text in enumerate(guide.shown_hints(), 1):
            yield SystemCommand(f"Hint {i}: {text}", "The guide's hint for this step",
                                lambda text=text, i=i: self.notify(text, title=f"Hint {i}", timeout=15))

    def _read_key(self) -> tuple:
        """What a console read depends on: the world's version, who is signed in, the Region."""
        console = self.workspace.console
        caller = console.caller
        who = None if caller is None else (caller.arn, caller.mfa_present)
        return self.workspace.world.version, who, console.region

    def refresh_list(self, force: bool = False) -> None:
        """Read the section's list if what it depends on changed; redraw the table if the rows,
        the filter or the order changed (``force``: redraw anyway)."""
        read_key = (self._read_key(), self.section)
        if read_key != self._listing_read or self._listing is None:
            # one request: the section's list operation, as the signed-in principal
            self._listing = entities.listing(self.workspace, self.section)
            self._listing_read = read_key
            self.update_nav_counts()
            self._after_read()
        self.query_one("#list-banner", BannerView).show(self._listing.banner)
        text = self.query_one("#filter", Input).value
        listing = entities.filtered(self._listing, text)
        keep = self.selected
        column = self.sort_column
        rows = sorted(listing.rows, key=lambda r: order_of(r[1][column]) if column < len(r[1]) else "")
        keys = [key for key, _ in rows]
        last = max(0, (len(rows) - 1) // ROWS_PER_PAGE)
        self.page = keys.index(keep) // ROWS_PER_PAGE if keep in keys else min(self.page, last)
        start = self.page * ROWS_PER_PAGE
        shown = rows[start:start + ROWS_PER_PAGE]
        pages = self.query_one("#pages", Static)
        pages.display = bool(last)
        count = Text.assemble((f"{start + 1:,}-{start + len(shown):,} of {len(rows):,}", "bold"), " ", ("n/p", "dim"),
                              no_wrap=True)  # n/p: the keys to the next and the previous page
        pages.update(count if last else "")
        signature = (self.section, text, self.sort_column, self.page, tuple((k, tuple(c)) for k, c in shown))
        table = self.query_one("#list", DataTable)
        if signature != self._listing_signature or force:
            self._listing_signature = signature
            # a list sorted by another column than its first (the name) says which, as the console
            # marks it; the usual order goes unmarked, so the marker costs a narrow list no width
            headers = [f"{c} ▲" if i == column and column else c for i, c in enumerate(listing.columns)]
            table.show(headers, shown)
            if keep is not None and keep in table.rows:
                table.move_cursor(row=table.get_row_index(keep))
        self.show_selection()

    def action_page(self, step: int) -> None:
        """The list's next or previous page (the first row of it selected)."""
        rows = len(entities.filtered(self._listing, self.query_one("#filter", Input).value).rows) \
            if self._listing is not None else 0
        page = self.page + step
        if not 0 <= page * ROWS_PER_PAGE < max(rows, 1):
            self.notify("This is the " + ("last" if step > 0 else "first") + " page of the list.", timeout=2)
            return
        self.page, self.selected = page, None
        self.query_one("#list", DataTable).move_cursor(row=0, animate=False)
        self.refresh_list()

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
            # the method, not a coroutine made now: quitting before the worker starts left a
            # coroutine never awaited, and Python's warning about it on the learner's terminal
            self.run_worker(self._detail_loop, group="detail")

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
        """The selected item's tabs: the tab bar at once, the tab shown read (a request as the
        signed-in principal), the others when they are opened."""
        detail = self.query_one(DetailPane)
        if key is None:
            note = ("Nothing here yet. Press a for the actions (create…)." if not (self._listing and
                                                                                   self._listing.banner) else "")
            sections = [entities.Section(entities.TITLES[self.section], note=note)]
            await detail.show(sections, (self.section, None, note))
            return
        titles = details.tabs(self.section, key)
        read_key = (self._read_key(), self.section, key)
        if read_key != self._tabs_read:
            self._tabs_read, self._tabs = read_key, {}
        current = detail.active_title()  # kept from item to item, as the tabs are
        active = current if current in titles else titles[0]
        if active not in self._tabs and not details.requested(self.section):
            self._tabs.update((s.title, s) for s in details.details(self.workspace, self.section, key))
        if active not in self._tabs:
            self._tabs[active] = details.tab(self.workspace, self.section, key, active)
            self._after_read()
        sections = [self._tabs.get(t) or details.unread(t) for t in titles]
        signature = (self.section, key, tuple(titles), read_key)
        if signature != detail.signature:
            await detail.show(sections, signature)
        else:
            await detail.fill(self._tabs[active])

    def _after_read(self) -> None:
        """A console read is a request: its decision goes to the decisions pane now, and it can
        reach a scenario's goal (a new user's banner on the Buckets page is the implicit deny
        step 1 of new-users-no-permissions asks for)."""
        self.post_message(DecisionsPublished())
        if not self.workspace.world.meta.get("scenario"):
            return
        progress = self.workspace.judge_progress()
        if progress:
            change = Change("console")
            change.progress = progress
            self.post_message(Changed(change))

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab opened: read it if it has not been read since the world last changed."""
        detail = self.query_one(DetailPane)
        if event.tabbed_content is detail and self.selected is not None:
            title = detail.active_title()
            if title is not None and title not in self._tabs:
                self.show_selection()

    # -- events ----------------------------------------------------------------------------------

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        """Enter on a section shows its list and moves there; on a group it does nothing
        (Space folds and unfolds a group)."""
        if event.node.data:
            if event.node.data != self.section:  # highlighting it has opened it already: no second read
                self.select_section(event.node.data)
            self.query_one("#list").focus()

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data and event.node.data != self.section:
            self.select_section(event.node.data)

    def select_section(self, section: str, key: str | None = None) -> None:
        """Show a section of the console, with the item ``key`` selected if it is listed."""
        self.section = section
        self.selected = key
        self.sort_column = 0
        self.page = 0
        self.query_one("#filter", Input).value = ""
        self._listing_read = None  # opening a page reads it, as the console loads a page
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
        """Enter on a policy in a Permissions tab opens it in the editor; on a security
        recommendation, goes to its fix."""
        if not key:
            return
        if self.section == "account" and self.selected == "dashboard":
            self._go_to_fix(key)
        elif key.startswith("managed:"):
            self.post_message(EditPolicy("managed", key[len("managed:"):]))
        elif key.startswith("inline:") and self.selected:
            kind = {"users": "user", "groups": "group", "roles": "role"}.get(self.section)
            if kind:
                self.post_message(EditPolicy("inline", f"{kind}:{self.selected}:{key[len('inline:'):]}"))

    def _go_to_fix(self, recommendation_id: str) -> None:
        with self.workspace.world.reading():
            found = recommendations.by_id(self.workspace.world, recommendation_id)
        fix = found.fix if found else None
        if fix is None:
            self.notify("Nothing to fix here.", timeout=3)
            return
        self.notify(fix.label, title=found.title, timeout=8)
        if fix.command:
            command = next(c for c in commands.COMMANDS if c.id == fix.command)
            self.call_later(self.app.run_action, command.action, self.app if command.where == "app" else self)
        elif fix.section:
            self.select_section(fix.section, fix.key)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            if self._listing_signature is not None and event.value == self._listing_signature[1]:
                return  # the list already shows this filter (opening a section clears it itself)
            # the filter searches every page: its matches start at the first page, with the
            # first match selected unless the selected item still matches
            self.page = 0
            self.query_one("#list", DataTable).move_cursor(row=0, animate=False)
            self.refresh_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.query_one("#list", DataTable).focus()

    # -- actions -----------------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_tab(self, step: int) -> None:
        """The detail pane's next or previous tab, without leaving the list (the tabs are read
        when they open, as a click on them reads them)."""
        detail = self.query_one(DetailPane)
        panes = [pane.id for pane in detail.query(TabPane) if pane.id]
        if len(panes) < 2 or detail.active not in panes:
            return
        detail.active = panes[(panes.index(detail.active) + step) % len(panes)]

    def action_region(self) -> None:
        """The Region selector: EC2's and Cognito's consoles are regional; IAM and S3 are global."""
        if self.section not in REGIONAL:
            self.notify("IAM is global and the S3 console lists the buckets of every Region: the Region selector "
                        "is EC2's (Instances) and Cognito's (User pools, Identity pools).", timeout=5)
            return
        current = self.workspace.console.region
        choices = [(("✓ " if code == current else "  ") + regions.label(code), lambda code=code: self.set_region(code))
                   for code in regions.REGIONS]

        def chosen(callback):
            if callback:
                callback()

        self.app.push_screen(ActionsScreen("Region (EC2 and Cognito are regional: each Region has its own "
                                           "instances and pools)", choices), chosen)

    def set_region(self, region: str) -> None:
        """Show the EC2 and Cognito consoles of ``region`` (its instances and pools; their
        requests go there)."""
        self.workspace.console.region = region
        self.update_region()
        self.refresh_list()

    def on_click(self, event) -> None:
        if getattr(event.widget, "id", None) == "region":
            self.action_region()

    def action_sort(self) -> None:
        columns = self._listing.columns if self._listing is not None else []
        if columns:  # every column of the list (a narrow table may leave one out)
            self.sort_column = (self.sort_column + 1) % len(columns)
            self.notify(f"Sorted by {columns[self.sort_column]}", timeout=2)
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
