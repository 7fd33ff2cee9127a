"""The explanation of one decision: a tree of the policies and statements AWS consulted,
and a drawing of AWS's evaluation flow with the path this decision took highlighted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, Tree

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


def decision_style(decision: str) -> str:
    return {"allowed": "bold green", "explicitDeny": "bold red", "implicitDeny": "bold yellow"}.get(decision,
                                                                                                   "bold")


def flow_drawing(explain: dict) -> Text:
    """AWS's evaluation flow chart as text, the taken path in colour, the rest dimmed."""
    path = list(explain.get("path") or [])
    steps = {s["node"]: s for s in explain.get("steps") or []}
    end = explain.get("end", "")
    exit_node = None
    if end in ("explicit-deny", "implicit-deny") and path:
        exit_node = path[-1]
    elif end == "allow" and path and path[-1] == "resource":
        exit_node = "resource"
    out = Text()
    out.append("Request\n", style="bold")
    for node, question, exit_answer, exit_label in FLOW_STEPS:
        step = steps.get(node)
        taken = node in path
        outcome = step["outcome"] if step else "not reached"
        out.append("   │\n", style="bold" if taken else "dim")
        out.append(f" ┌ {question} ", style="bold reverse" if taken else "dim")
        out.append(f" {outcome}\n", style="bold cyan" if taken else "dim")
        if node == exit_node:
            arrow = "bold red" if "DENIED" in exit_label else "bold green"
        else:
            arrow = "dim"
        out.append(f"   ├─{exit_answer}─► {exit_label}\n", style=arrow)
    final = end == "allow" and exit_node is None
    out.append("   ▼\n", style="bold" if final else "dim")
    out.append(" ALLOWED \n", style="bold green reverse" if final else "dim")
    if end == "implicit-deny":
        out.append("\nNo policy allowed the request: denied by default (implicit deny).\n", style="yellow")
    elif end == "explicit-deny":
        out.append("\nAn explicit Deny overrides every Allow.\n", style="red")
    return out


def fill_tree(tree: Tree, explain: dict) -> None:
    tree.clear()
    root = tree.root
    root.set_label(Text.assemble(("Decision: ", "bold"), (explain.get("decision", ""), decision_style(explain.get("decision", "")))))
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

    BINDINGS = [Binding("escape", "dismiss", "Close", id="explain-close")]

    def __init__(self, event: DecisionEvent):
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        event = self.event
        with Vertical(classes="dialog explain-dialog"):
            title = Text.assemble(("Why? ", "bold"), (f"{event.action} on {event.resource}", ""))
            yield Static(title, classes="dialog-title")
            message = Text.assemble((f"{event.decision}: ", decision_style(event.decision)), event.message)
            for note in event.notes:
                message.append(f"\nNote: {note}", style="yellow")
            yield Static(message, id="explain-message")
            with Horizontal(id="explain-body"):
                tree: Tree = Tree("Decision", id="explain-tree")
                yield tree
                yield Static(flow_drawing(event.explain) if event.explain else Text(event.message),
                             id="explain-flow")
            yield Static("Esc: close   ↑↓: move   Enter/Space: open or fold a node", classes="dialog-hint")

    def on_mount(self) -> None:
        tree = self.query_one("#explain-tree", Tree)
        if self.event.explain:
            fill_tree(tree, self.event.explain)
        else:
            tree.root.set_label(Text(self.event.message or "No explanation recorded for this event."))
        tree.focus()
