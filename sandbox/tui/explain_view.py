"""The explanation of one decision: a tree of the policies and statements AWS consulted,
and a drawing of AWS's evaluation flow with the path this decision took highlighted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static, Tree

from sandbox.policy.explain import IDENTITY_BASED, flow_exit
from sandbox.services.events import DecisionEvent
from sandbox.tui.safe import Text

MARK = {True: "✓", False: "✗", None: "?"}
STYLE = {True: "green", False: "red", None: "yellow"}

FLOW_STEPS = [
    ("deny", "Explicit Deny in any policy?", "yes", "DENIED (explicit)"),
    ("scp", "Service control policies allow?", "no", "DENIED (implicit)"),
    ("resource", "Resource-based policy allows?", "names you", "ALLOWED"),
    ("identity", "Identity-based policies allow?", "no", "DENIED (implicit)"),
    ("boundary", "Permissions boundary allows?", "no", "DENIED (implicit)"),
    ("session", "Session policy allows?", "no", "DENIED (implicit)"),
]


# the outcome in words (the drawing's colours say it again, for those who see them)
OUTCOME = {"allow": "ALLOWED", "explicit-deny": "DENIED by an explicit Deny", "implicit-deny": "DENIED (implicit deny)"}
END_STYLE = {"allow": "bold green", "explicit-deny": "bold red", "implicit-deny": "bold yellow"}


def decision_style(decision: str) -> str:
    return {"allowed": "bold green", "explicitDeny": "bold red", "implicitDeny": "bold yellow"}.get(decision,
                                                                                                   "bold")


def implicit_deny_reason(explain: dict) -> str:
    """Why nothing allowed the request, in the terms of the check that failed: an identity
    policy can allow and the request still be denied (another account's resource, a
    boundary, a session policy, a trust policy)."""
    steps = {s["node"]: s["outcome"] for s in explain.get("steps") or []}
    failed = explain.get("decidingType") or "policy"
    if steps.get("identity") == "yes":
        return (f"Identity-based policies allowed it, but no {failed} did, and that one must allow it too: "
                "denied by default.")
    if failed == IDENTITY_BASED:
        return "No identity-based policy allowed the request: denied by default."
    return f"No {failed} allowed the request: denied by default."


def flow_drawing(explain: dict) -> Text:
    """AWS's evaluation flow chart as text, the taken path in colour, the rest dimmed; the
    request's exit (``flow_exit``) is marked on the branch it took."""
    path = list(explain.get("path") or [])
    steps = {s["node"]: s for s in explain.get("steps") or []}
    end = explain.get("end", "")
    exit_at = flow_exit(end, explain.get("decidingType"),
                        [(s["node"], s["outcome"]) for s in explain.get("steps") or []])
    out = Text()
    out.append("Request\n", style="bold")
    for node, question, exit_answer, exit_label in FLOW_STEPS:
        step = steps.get(node)
        taken = node in path
        outcome = step["outcome"] if step else "not reached"
        out.append("   │\n", style="bold" if taken else "dim")
        out.append(f" ┌ {question} ", style="bold reverse" if taken else "dim")
        out.append(f" {outcome}\n", style="bold cyan" if taken else "dim")
        if exit_at == (node, exit_label == "ALLOWED"):
            arrow = "bold red" if "DENIED" in exit_label else "bold green"
            out.append(f"   ├─{exit_answer}─► {exit_label}  ◄ this request\n", style=arrow)
        else:
            out.append(f"   ├─{exit_answer}─► {exit_label}\n", style="dim")
        if node == "resource" and exit_at == ("resource", False):
            # a trust policy (or a principal only a resource-based policy can grant) must allow
            out.append("   ├─no─► DENIED (implicit)  ◄ this request\n", style="bold red")
            if step and step.get("note"):
                out.append(f"   │   ({step['note']})\n", style="yellow")
    final = end == "allow" and exit_at is None
    out.append("   ▼\n", style="bold" if final else "dim")
    if final:
        out.append(" ALLOWED ", style="bold green reverse")
        out.append("  ◄ this request\n", style="bold green")
    else:
        out.append(" ALLOWED  (not reached)\n", style="dim")
    out.append("\nOutcome: ", style="bold")
    out.append(OUTCOME.get(end, end or "unknown") + "\n", style=END_STYLE.get(end, "bold"))
    if end == "implicit-deny":
        out.append(implicit_deny_reason(explain) + "\n", style="yellow")
    elif end == "explicit-deny":
        out.append("An explicit Deny overrides every Allow.\n", style="red")
    return out


def fill_tree(tree: Tree, explain: dict) -> None:
    tree.clear()
    root = tree.root
    decision = explain.get("decision", "")
    root.set_label(Text.assemble(("Decision: ", "bold"), (decision, decision_style(decision))))
    steps = root.add("Evaluation steps (AWS's order)", expand=True)
    for s in explain.get("steps") or []:
        style = {"yes": "bold", "no": "bold", "not present": "dim", "skipped": "dim"}.get(s["outcome"], "")
        steps.add_leaf(Text.assemble((f"{s['question']} ", style), (s["outcome"], "cyan"),
                                     (f" — {s['note']}" if s.get("note") else "", "dim")))
    deciding = explain.get("decidingStatement")
    for policy in explain.get("policies") or []:
        node = root.add(Text.assemble((f"{policy['type']}: ", "bold"), policy["label"]), expand=True)
        for st in policy["statements"]:
            label = f"Sid {st['sid']!r}" if st.get("sid") else f"statement {st['index'] + 1}"
            is_deciding = (deciding is not None and policy.get("label") == explain.get("decidingPolicy")
                           and st["index"] == deciding.get("index"))
            # the mark comes first, so that it shows even when a long label is cut off
            head = Text.assemble(("→ decided: " if is_deciding else "  ", "bold magenta"),
                                 (f"{label} ({st['effect']}) ", "bold" if is_deciding else ""),
                                 ("applies" if st["applies"] else "does not apply",
                                  "green" if st["applies"] else "dim"))
            st_node = node.add(head, expand=is_deciding or st["applies"])
            for part in ("action", "resource", "principal"):
                item = st.get(part)
                if item:
                    st_node.add_leaf(Text.assemble((MARK[item["matched"]] + " ", STYLE[item["matched"]]),
                                                   item["detail"]))
            for c in st.get("conditions") or []:
                st_node.add_leaf(Text.assemble((MARK[c["result"]] + " ", STYLE[c["result"]]),
                                               (f"{c['operator']} {c['key']}: ", "bold"), c["reason"]))
            for var, value in (st.get("variables") or {}).items():
                st_node.add_leaf(Text(f"  {var} = {value if value is not None else '(no value)'}", style="cyan"))
        if policy.get("omitted"):
            node.add_leaf(Text(f"{policy['omitted']} more statements that do not apply (not kept in the log)",
                               style="dim"))
    if not explain.get("policies"):
        root.add_leaf(Text("No policy applies to this principal.", style="dim"))
    root.expand()


class ExplainScreen(ModalScreen):
    """Why a request was allowed or denied."""

    BINDINGS = [Binding("escape", "dismiss", "Close", id="explain-close"),
                Binding("f", "toggle_flow", "Tree or flow chart", id="explain-flow")]

    def __init__(self, event: DecisionEvent):
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        event = self.event
        with Vertical(classes="dialog explain-dialog"):
            title = Text.assemble(("Why? ", "bold"), (f"{event.action} on {event.resource}", ""))
            yield Static(title, classes="dialog-title")
            message = Text.assemble((f"{event.decision}: ", decision_style(event.decision)), event.message)
            if event.call_failed:  # authorization allowed it; the service then refused it for another reason
                message.append(f"\n{event.failure_sentence}", style="bold red")
            for note in event.notes:
                message.append(f"\nNote: {note}", style="yellow")
            yield Static(message, id="explain-message")
            with Horizontal(id="explain-body"):
                tree: Tree = Tree("Decision", id="explain-tree")
                yield tree
                with VerticalScroll(id="explain-flow"):
                    yield Static(flow_drawing(event.explain) if event.explain else Text(event.message),
                                 id="explain-flow-text")
            yield Static("", id="explain-line")
            yield Static("Esc: close   ↑↓: move   Enter/Space: open or fold a node   f: the tree or the flow chart "
                         "(narrow windows)", classes="dialog-hint")

    def action_toggle_flow(self) -> None:
        """In a narrow window the tree and the flow chart take turns."""
        self.toggle_class("-flow")
        self.query_one("#explain-flow" if self.has_class("-flow") else "#explain-tree").focus()

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        """The highlighted line in full, wrapped (a long line of the tree is cut at its edge)."""
        node = self.query_one("#explain-tree", Tree).cursor_node or event.node  # (filling the tree replaces its root)
        label = node.label
        self.query_one("#explain-line", Static).update(label.copy() if isinstance(label, Text) else Text(str(label)))

    def on_mount(self) -> None:
        tree = self.query_one("#explain-tree", Tree)
        if self.event.explain:
            fill_tree(tree, self.event.explain)
        else:
            tree.root.set_label(Text(self.event.message or "No explanation recorded for this event."))
        self.query_one("#explain-line", Static).update(tree.root.label.copy())
        tree.focus()
