"""Simulator mode: the IAM policy simulator. Choose a user, group or role (its live
policies) or paste policies (several identity policies, a permissions boundary, a
resource-based policy); choose actions (``s3:Get*`` expands from the action catalogue),
resources and context keys; run; open any result's explanation. A ``SimulateCustomPolicy``
request (a quiz question's) fills the form in."""

from __future__ import annotations

import json

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Collapsible, DataTable, Footer, Header, Input, Label, Select, Static, TextArea

from sandbox.errors import AwsError, SandboxError, error_text
from sandbox.policy import catalog
from sandbox.policy.simulator import simulate_custom_policy, simulate_principal_policy
from sandbox.policy.wildcard import has_wildcard
from sandbox.services.events import DecisionEvent
from sandbox.services.iam.simulate import WorldPolicySource
from sandbox.tui import commands
from sandbox.tui.explain_view import ExplainScreen, decision_style
from sandbox.tui.forms import fit
from sandbox.tui.safe import Text
from sandbox.tui.tables import WrapTable
from sandbox.tui.text_area import DocumentArea
from sandbox.tui.themes import follow_theme
from sandbox.workspace import Workspace, choices

TYPES = {"aws:sourceip": "ip", "aws:currenttime": "date", "aws:epochtime": "numeric", "aws:multifactorauthpresent":
         "boolean", "aws:multifactorauthage": "numeric", "aws:securetransport": "boolean",
         "aws:tokenissuetime": "date", "aws:viaawsservice": "boolean"}
COLUMNS = ["Action", "Decision", "Resource", "Decided by"]
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


def policy_documents(text: str) -> list[str]:
    """The JSON documents typed one after another (the policies of a ``PolicyInputList``).
    Text that is not such a sequence is one document, for the engine to report as AWS would."""
    decoder = json.JSONDecoder()
    documents: list[str] = []
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return documents or [text]
        try:
            _, end = decoder.raw_decode(text, i)
        except (ValueError, RecursionError):
            return [text]
        documents.append(text[i:end])
        i = end


def _pretty(document: str) -> str:
    try:
        return json.dumps(json.loads(document), indent=4)
    except (ValueError, RecursionError):
        return document


def context_lines(entries: list[dict]) -> str:
    """``ContextEntries`` as the form's ``key=value`` lines (the inverse of ``context_entries``)."""
    return "\n".join(f"{e.get('ContextKeyName', '')}={','.join(map(str, e.get('ContextKeyValues') or []))}"
                     for e in entries if isinstance(e, dict))


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


class SimulatorScreen(commands.FittingFooter, Screen):
    COMMAND_SCOPE = "simulator"
    BINDINGS = commands.bindings("simulator")

    def __init__(self, workspace: Workspace, **kwargs):
        super().__init__(**kwargs)
        self.workspace = workspace
        self.explains: dict[str, DecisionEvent] = {}
        self._pending_policy: str | None = None
        self._pending_request: dict | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="sim-body"):
            with VerticalScroll(id="sim-form"):
                yield Static("Policy simulator: test before you commit", classes="pane-title")
                yield Label("Simulate")
                yield Select([], id="sim-source", prompt="Custom policies (typed below)")
                yield Label("Custom identity policies (when no principal is chosen): one JSON document, or "
                            "several one after another")
                yield DocumentArea(EXAMPLE_POLICY, language="json", id="sim-policy")
                with Collapsible(title="Permissions boundary, resource-based policy", id="sim-more"):
                    yield Label("Permissions boundary (optional)")
                    yield DocumentArea("", language="json", id="sim-boundary")
                    yield Label("Resource-based policy, such as a bucket policy (optional)")
                    yield DocumentArea("", language="json", id="sim-resource-policy")
                    yield Label("Caller ARN (needed with a resource-based policy)")
                    yield Input("", id="sim-caller", placeholder="arn:aws:iam::123456789012:user/NAME")
                yield Label("Actions (wildcards expand: s3:Get*)")
                yield Input("s3:GetObject s3:PutObject s3:ListBucket", id="sim-actions")
                yield Label("Resources (space separated; empty means *)")
                yield Input("arn:aws:s3:::experimenting-aws/hello.txt", id="sim-resources")
                yield Label("Context keys, one key=value a line (aws:SourceIp=203.0.113.10)")
                yield DocumentArea("", id="sim-context")
                yield Button("Run simulation (Ctrl+R)", variant="primary", id="sim-run-button")
            with Vertical(id="sim-results"):
                yield Static("Results (Enter on a row: why?)", classes="pane-title")
                yield Static("", id="sim-summary")
                yield WrapTable(id="sim-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        follow_theme(self)
        fit(self)
        self.query_one("#sim-table", WrapTable).show(COLUMNS, [])
        self.refresh_sources()
        if self._pending_policy is not None:
            text, self._pending_policy = self._pending_policy, None
            self.set_policy(text)
        if self._pending_request is not None:
            request, self._pending_request = self._pending_request, None
            self.load_request(request)

    def on_resize(self, event) -> None:
        fit(self)

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

    def load_request(self, request: dict) -> None:
        """Fill the form in from a ``SimulateCustomPolicy`` request (custom policies, not a
        principal's). Like ``set_policy``, it waits for on_mount the first time."""
        if not self.query("#sim-policy"):
            self._pending_request = request
            return

        def texts(key: str) -> list[str]:
            value = request.get(key)
            return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

        def words(key: str) -> str:
            return " ".join(texts(key))

        self.query_one("#sim-source", Select).clear()
        self.query_one("#sim-policy", TextArea).text = "\n".join(_pretty(d) for d in texts("PolicyInputList"))
        boundary = "\n".join(_pretty(d) for d in texts("PermissionsBoundaryPolicyInputList"))
        resource_policy = request.get("ResourcePolicy")
        resource_policy = _pretty(resource_policy) if isinstance(resource_policy, str) else ""
        caller = request.get("CallerArn")
        caller = caller if isinstance(caller, str) else ""
        self.query_one("#sim-boundary", TextArea).text = boundary
        self.query_one("#sim-resource-policy", TextArea).text = resource_policy
        self.query_one("#sim-caller", Input).value = caller
        self.query_one("#sim-more", Collapsible).collapsed = not (boundary or resource_policy or caller)
        self.query_one("#sim-actions", Input).value = words("ActionNames")
        self.query_one("#sim-resources", Input).value = words("ResourceArns")
        entries = request.get("ContextEntries")
        self.query_one("#sim-context", TextArea).text = context_lines(entries if isinstance(entries, list) else [])
        self._clear_results()
        self.query_one("#sim-summary", Static).update("")

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
                response = simulate_custom_policy(request, explain=True, account=ws.world.account_id)
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
        request: dict = {"PolicyInputList": policy_documents(self.query_one("#sim-policy", TextArea).text),
                         "ActionNames": actions,
                         "ContextEntries": context_entries(self.query_one("#sim-context", TextArea).text)}
        if resources:
            request["ResourceArns"] = resources
        boundary = self.query_one("#sim-boundary", TextArea).text
        if boundary.strip():
            request["PermissionsBoundaryPolicyInputList"] = policy_documents(boundary)
        resource_policy = self.query_one("#sim-resource-policy", TextArea).text
        if resource_policy.strip():
            request["ResourcePolicy"] = resource_policy
        caller = self.query_one("#sim-caller", Input).value.strip()
        if caller:
            request["CallerArn"] = caller
        return request

    def _clear_results(self) -> None:
        self.query_one("#sim-table", WrapTable).show(COLUMNS, [])
        self.explains.clear()

    def show(self, response: dict) -> None:
        table = self.query_one("#sim-table", WrapTable)
        self._clear_results()
        counts: dict[str, int] = {}
        rows = [(r["EvalActionName"], s["EvalResourceName"], s["EvalResourceDecision"], s.get("Explain"))
                for r in response["EvaluationResults"] for s in r.get("ResourceSpecificResults", [])] or \
               [(r["EvalActionName"], r["EvalResourceName"], r["EvalDecision"], r.get("Explain"))
                for r in response["EvaluationResults"]]
        shown = []
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
            shown.append((key, [Text(action), Text(decision, style=decision_style(decision)), Text(resource),
                                Text(matched)]))
        table.show(COLUMNS, shown)
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
