"""The live policy decisions pane: every decision (time, principal, action, resource,
outcome) coloured by outcome; Enter opens the explanation. Two lines per decision so
it fits beside the console, and a third for an allowed call that then failed (its AWS
error code); the list keeps the newest 10,000.

The pane follows new decisions (scrolls to them) unless the learner scrolled up to read
older ones: then its title counts the new ones ("3 new, End: newest") until they are
seen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sandbox.services import events
from sandbox.services.events import DecisionEvent
from sandbox.tui import commands
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


def _parts(e: DecisionEvent) -> list[Text]:
    """The decision, who did what, and the failure of an allowed call (if it failed)."""
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
    if e.call_failed:  # allowed, then refused by the service for a reason of its own
        return [head, body, Text.assemble(gap, (e.failure, "bold red"))]
    return [head, body]


def event_label(e: DecisionEvent) -> Text:
    """A decision on two lines, three for an allowed call that failed."""
    return Text("\n").join(_parts(e))


def event_line(e: DecisionEvent) -> Text:
    """A decision on one line (the newest decision, where the pane is folded away); a
    failure comes after the decision, before what a narrow strip cuts."""
    head, body, *failure = _parts(e)
    return Text("\u00a0").join([head, *failure, body])


class DecisionList(OptionList):
    """The decisions; Enter explains the highlighted one. Scrolled back to the newest, the
    count of unseen ones goes."""

    BINDINGS = commands.bindings("console", "decision-table")

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        pane = self.parent
        if isinstance(pane, DecisionPane) and self.is_vertical_scroll_end:
            pane.seen()


TITLE = "Policy decisions (Enter: why?)"


class DecisionPane(Vertical):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.events: dict[str, DecisionEvent] = {}
        self.order: list[str] = []
        self.unseen = 0  # new decisions that came while the learner had scrolled away

    def compose(self) -> ComposeResult:
        yield Static(TITLE, id="decisions-title")
        yield DecisionList(id="decision-table")

    def clear(self) -> None:
        """Forget every decision shown (a scenario started: they were made in another world)."""
        self.query_one(OptionList).clear_options()
        self.events.clear()
        self.order.clear()
        self.seen()

    def newest(self) -> DecisionEvent | None:
        return self.events[self.order[-1]] if self.order else None

    def seen(self) -> None:
        if self.unseen:
            self.unseen = 0
            self.query_one("#decisions-title", Static).update(TITLE)

    def add_events(self, found: list[dict | DecisionEvent]) -> None:
        options = self.query_one(OptionList)
        at_end = options.is_vertical_scroll_end or options.max_scroll_y == 0
        on_newest = options.highlighted is None or options.highlighted >= options.option_count - 1
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
        if at_end:  # following: the newest comes into view (and the cursor with it, if it was on the newest)
            if on_newest:
                options.highlighted = options.option_count - 1
            # once the new lines are laid out (before, the end is where it was)
            options.call_after_refresh(lambda: options.scroll_end(animate=False, immediate=True))
        else:
            self.unseen += len(new)
            self.query_one("#decisions-title", Static).update(
                Text.assemble("Policy decisions ", (f"{self.unseen} new", "bold reverse"), " (End: newest)"))

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
