"""Simulator mode: the IAM policy simulator. Choose a user, group or role (its live
policies) or paste policies; choose actions (``s3:Get*`` expands from the action
catalogue), resources and context keys; run; open any result's explanation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Select, Static, TextArea

from sandbox.errors import AwsError, SandboxError, error_text
from sandbox.policy import catalog
from sandbox.policy.simulator import simulate_custom_policy, simulate_principal_policy
from sandbox.policy.wildcard import has_wildcard
from sandbox.services.events import DecisionEvent
from sandbox.services.iam.simulate import WorldPolicySource
from sandbox.tui import commands
from sandbox.tui.explain_view import ExplainScreen, decision_style
from sandbox.tui.safe import Text
from sandbox.tui.themes import follow_theme
from sandbox.workspace import Workspace, choices

TYPES = {"aws:sourceip": "ip", "aws:currenttime": "date", "aws:epochtime": "numeric", "aws:multifactorauthpresent":
         "boolean", "aws:multifactorauthage": "numeric", "aws:securetransport": "boolean",
         "aws:tokenissuetime": "date", "aws:viaawsservice": "boolean"}
EXAMPLE_POLICY = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::experimenting-aws/*"
        }
    ]
}"""


def expand_actions(text: str, limit: int = 200) -> list[str]:
    out: list[str] = []
    for word in text.replace(",", " ").split():
        if has_wildcard(word):
            out.extend(catalog.expand(word)[:limit])
        else:
            out.append(catalog.canonical_action(word))
    seen: dict[str, None] = {}
    for a in out:
        seen.setdefault(a, None)
    return list(seen)[:limit]


def context_entries(text: str) -> list[dict]:
    entries = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            raise ValueError(f"Context lines look like key=value: {line!r}")
        key, value = (part.strip() for part in line.split("=", 1))
        values = [v.strip() for v in value.split(",")] if "," in value else [value]
        base = TYPES.get(key.lower(), "string")
        kind = base + "List" if len(values) > 1 else base
        entries.append({"ContextKeyName": key, "ContextKeyValues": values, "ContextKeyType": kind})
    return entries


class SimulatorScreen(Screen):
    COMMAND_SCOPE = "simulator"
    BINDINGS = commands.bindings("simulator")

    def __init__(self, workspace: Workspace, **kwargs):
        super().__init__(**kwargs)
        self.workspace = workspace
        self.explains: dict[str, DecisionEvent] = {}
        self._pending_policy: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="sim-body"):
            with VerticalScroll(id="sim-form"):
                yield Static("Policy simulator: test before you commit", classes="pane-title")
                yield Label("Simulate")
                yield Select([], id="sim-source", prompt="Custom policies (typed below)")
                yield Label("Custom identity policy (when no principal is chosen)")
                yield TextArea(EXAMPLE_POLICY, language="json", id="sim-policy")
                yield Label("Actions (wildcards expand: s3:Get*)")
                yield Input("s3:GetObject s3:PutObject s3:ListBucket", id="sim-actions")
                yield Label("Resources (space separated; empty means *)")
                yield Input("arn:aws:s3:::experimenting-aws/hello.txt", id="sim-resources")
                yield Label("Context keys, one key=value a line (aws:SourceIp=203.0.113.10)")
                yield TextArea("", id="sim-context")
                yield Button("Run simulation (Ctrl+R)", variant="primary", id="sim-run-button")
            with Vertical(id="sim-results"):
                yield Static("Results (Enter on a row: why?)", classes="pane-title")
                yield Static("", id="sim-summary")
                table: DataTable = DataTable(id="sim-table", cursor_type="row")
                yield table
        yield Footer()

    def on_mount(self) -> None:
        follow_theme(self)
        self.query_one("#sim-table", DataTable).add_columns("Action", "Decision", "Resource", "Decided by")
        self.refresh_sources()
        if self._pending_policy is not None:
            text, self._pending_policy = self._pending_policy, None
            self.set_policy(text)

    def refresh_views(self) -> None:
        self.refresh_sources()

    def refresh_sources(self) -> None:
        world = self.workspace.world
        with world.reading():
            options = [(Text(label), arn) for label, arn in choices.principals(world)]
        select = self.query_one("#sim-source", Select)
        current = select.value
        select.set_options(options)
        if current is not Select.NULL and any(v == current for _, v in options):
            select.value = current

    def set_policy(self, text: str) -> None:
        """Simulate this policy text (from the editor or the Actions menu). The first time
        the simulator opens, its widgets do not exist yet: the text waits for on_mount."""
        if not self.query("#sim-policy"):
            self._pending_policy = text
            return
        self.query_one("#sim-source", Select).clear()
        self.query_one("#sim-policy", TextArea).text = text

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "sim-run-button":
            self.action_run()

    def action_run(self) -> None:
        summary = self.query_one("#sim-summary", Static)
        try:
            request = self._request()
        except ValueError as exc:
            self._clear_results()
            summary.update(Text(str(exc), style="red"))
            return
        ws = self.workspace
        source = self.query_one("#sim-source", Select).value
        try:
            if source is Select.NULL:
                ws.call("iam", "SimulateCustomPolicy", request)
                response = simulate_custom_policy(request, explain=True)
            else:
                request = {k: v for k, v in request.items() if k != "PolicyInputList"}
                request["PolicySourceArn"] = source
                ws.call("iam", "SimulatePrincipalPolicy", request)
                with ws.world.reading():
                    response = simulate_principal_policy(WorldPolicySource(ws.world), request, explain=True)
        except (AwsError, SandboxError) as exc:
            self._clear_results()  # the last run's rows would read as this input's result
            summary.update(Text(error_text(exc), style="red"))
            return
        self.show(response)

    def _request(self) -> dict:
        actions = expand_actions(self.query_one("#sim-actions", Input).value)
        if not actions:
            raise ValueError("Give at least one action, such as s3:GetObject.")
        resources = self.query_one("#sim-resources", Input).value.split()
        request: dict = {"PolicyInputList": [self.query_one("#sim-policy", TextArea).text], "ActionNames": actions,
                         "ContextEntries": context_entries(self.query_one("#sim-context", TextArea).text)}
        if resources:
            request["ResourceArns"] = resources
        return request

    def _clear_results(self) -> None:
        self.query_one("#sim-table", DataTable).clear()
        self.explains.clear()

    def show(self, response: dict) -> None:
        table = self.query_one("#sim-table", DataTable)
        self._clear_results()
        counts: dict[str, int] = {}
        rows = [(r["EvalActionName"], s["EvalResourceName"], s["EvalResourceDecision"], s.get("Explain"))
                for r in response["EvaluationResults"] for s in r.get("ResourceSpecificResults", [])] or \
               [(r["EvalActionName"], r["EvalResourceName"], r["EvalDecision"], r.get("Explain"))
                for r in response["EvaluationResults"]]
        for i, (action, resource, decision, explain) in enumerate(rows):
            counts[decision] = counts.get(decision, 0) + 1
            matched = ""
            if explain is not None and explain.deciding_statement is not None:
                matched = f"{explain.deciding_statement.label} of {explain.deciding_policy}"
            key = str(i)
            if explain is not None:
                data = explain.to_dict()
                self.explains[key] = DecisionEvent.from_dict({"action": action, "resource": resource,
                                                              "decision": decision, "message": explain.message,
                                                              "explain": data})
            table.add_row(Text(action), Text(decision, style=decision_style(decision)),
                          Text(resource), Text(matched), key=key)
        parts = [f"{n} {d}" for d, n in sorted(counts.items())]
        self.query_one("#sim-summary", Static).update(Text(", ".join(parts) or "no results"))
        table.focus()

    def action_explain(self) -> None:
        table = self.query_one("#sim-table", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        event = self.explains.get(key)
        if event:
            self.app.push_screen(ExplainScreen(event))

    def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        if message.data_table.id == "sim-table":
            message.stop()
            self.action_explain()
