"""The live policy decisions pane: every decision as one line, coloured by outcome;
Enter opens the explanation."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

MAX_ROWS = 10000
STYLE = {"allowed": "green", "explicitDeny": "bold red", "implicitDeny": "yellow", "failed": "red"}
SHORT = {"allowed": "ALLOW", "explicitDeny": "DENY!", "implicitDeny": "deny", "failed": "FAIL"}


def short_principal(arn: str) -> str:
    if not arn:
        return "?"
    if arn.endswith(":root"):
        return "root"
    tail = arn.split(":", 5)[-1]
    if tail.startswith("assumed-role/"):
        parts = tail.split("/")
        return f"{parts[1]}/{parts[-1]}" if len(parts) >= 3 else tail
    return tail.split("/")[-1]


def short_resource(resource: str) -> str:
    if not resource or resource == "*":
        return "*"
    tail = resource.split(":", 5)[-1]
    return tail if len(tail) <= 28 else "…" + tail[-27:]


class DecisionPane(Vertical):
    BINDINGS = [Binding("enter", "explain", "Why?", id="decision-explain")]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.events: dict[str, dict] = {}
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static("Policy decisions (Enter: why?)", id="decisions-title")
        table: DataTable = DataTable(id="decision-table", cursor_type="row", zebra_stripes=False)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Time", "Who", "Action", "Result")

    def add_events(self, events: list[dict]) -> None:
        table = self.query_one(DataTable)
        follow = table.cursor_row >= table.row_count - 1
        for e in events:
            if e.get("kind") not in ("decision", "authentication", "signin"):
                continue
            key = str(e["seq"])
            if key in self.events:
                continue
            self.events[key] = e
            decision = e.get("decision", "")
            action = e.get("action") or e.get("operation") or "authenticate"
            table.add_row(
                Text(e.get("time", "")[11:19], style="dim"),
                Text(short_principal(e.get("principal") or e.get("accessKeyId", "")), style="cyan"),
                Text(action, style="bold" if decision != "allowed" else ""),
                Text(SHORT.get(decision, decision), style=STYLE.get(decision, "")),
                key=key,
            )
            self.count += 1
        while table.row_count > MAX_ROWS:
            first = next(iter(table.rows))
            table.remove_row(first)
            self.events.pop(first.value, None)
        if follow and table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def selected(self) -> dict | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return self.events.get(key)

    def action_explain(self) -> None:
        event = self.selected()
        if event is not None:
            from sandbox.tui.explain_view import ExplainScreen

            self.app.push_screen(ExplainScreen(event))

    def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        message.stop()
        self.action_explain()
