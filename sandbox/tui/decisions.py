"""The live policy decisions pane: every decision (time, principal, action, resource,
outcome) coloured by outcome; Enter opens the explanation. Two lines per decision so
it fits beside the console; the list keeps the newest 10,000."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sandbox.services import events
from sandbox.services.events import DecisionEvent
from sandbox.tui.explain_view import ExplainScreen
from sandbox.tui.safe import Text

MAX_ROWS = 10000
STYLE = {"allowed": "green", "explicitDeny": "bold red", "implicitDeny": "yellow", "failed": "red"}
SHOWN = (events.DECISION, events.PUBLIC, events.AUTHENTICATION, events.SIGNIN)
SHORT = {"allowed": "ALLOW", "explicitDeny": "DENY (explicit)", "implicitDeny": "deny (implicit)",
         "failed": "FAILED"}


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


def web_identity_who(principal: str) -> str:
    """``PROVIDER:AUDIENCE:SUBJECT`` (the provider may be an IAM OIDC provider's ARN) as
    ``PROVIDER user SUBJECT``."""
    head, _, subject = principal.rpartition(":")
    provider = head.rpartition(":")[0].split("oidc-provider/")[-1]
    return f"{provider} user {subject}"


def short_resource(resource: str, width: int = 30) -> str:
    if not resource or resource == "*":
        return "*"
    tail = resource.split(":", 5)[-1] if resource.startswith("arn:") else resource
    return tail if len(tail) <= width else "…" + tail[-(width - 1):]


def event_label(e: DecisionEvent) -> Text:
    if e.principal_type == "WebIdentityUser":
        who = web_identity_who(e.principal) if e.principal else "web identity token"
    else:
        who = short_principal(e.principal) if e.principal else (e.access_key_id or "?")
    gap = "\u00a0\u00a0"  # OptionList folds runs of ordinary spaces
    head = Text.assemble((e.time[11:19], "dim"), gap, (SHORT.get(e.decision, e.decision), STYLE.get(e.decision, "")))
    if e.dry_run:
        head.append(gap + "dry run", "dim italic")
    if e.notes:
        head.append(gap + "note", "bold yellow")
    if e.kind == events.AUTHENTICATION:
        body = Text.assemble(gap, (who, "cyan"), ": authentication: " + e.message)
    elif e.kind == events.SIGNIN:
        body = Text.assemble(gap, (who, "cyan"), ": console sign-in" + ("" if e.allowed else ": " + e.message))
    else:
        body = Text.assemble(gap, (who, "cyan"), gap, (e.action or e.operation, "bold"), gap,
                             (short_resource(e.resource), "dim"))
    return Text.assemble(head, "\n", body)


class DecisionPane(Vertical):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.events: dict[str, DecisionEvent] = {}
        self.order: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("Policy decisions (Enter: why?)", id="decisions-title")
        yield OptionList(id="decision-table")

    def add_events(self, found: list[dict | DecisionEvent]) -> None:
        options = self.query_one(OptionList)
        follow = options.highlighted is None or options.highlighted >= options.option_count - 1
        new = []
        for e in found:
            if isinstance(e, dict):
                e = DecisionEvent.from_dict(e)
            if e.kind not in SHOWN or e.source == "setup":
                continue
            key = str(e.seq)
            if key in self.events:
                continue
            self.events[key] = e
            self.order.append(key)
            new.append(Option(event_label(e), id=key))
        if not new:
            return
        options.add_options(new)
        excess = len(self.order) - MAX_ROWS
        if excess > 0:
            for key in self.order[:excess]:
                options.remove_option(key)
                self.events.pop(key, None)
            del self.order[:excess]
        if follow:
            options.highlighted = options.option_count - 1

    @property
    def count(self) -> int:
        return len(self.order)

    def selected(self) -> DecisionEvent | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return self.events.get(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        event = self.events.get(message.option.id)
        if event is not None:
            self.app.push_screen(ExplainScreen(event))
