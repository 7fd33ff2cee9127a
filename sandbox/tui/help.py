"""The ``?`` help screen: what the app is, and every key, generated from the bindings."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sandbox.tui import commands
from sandbox.tui.safe import Text
from sandbox.tui.terminal import TerminalInput, TerminalPane

INTRO = """\
IAM Sandbox is a simulated AWS account. Everything you do (in these panes, in the terminal
below, or with `iam-sandbox aws ...` in another window) is decided by the same IAM policy
engine, and every decision appears on the right: select one and press Enter to see why.

Left: the IAM, EC2, S3 and Cognito resources. Centre: the list and the selected item's details.
Bottom: a terminal on your laptop (try `aws s3 ls`, `ssh web-1`). Press `a` for the
actions on the selected item, Ctrl+P for every command."""


def _unwrapped(text: str) -> str:
    """Paragraphs as single lines, so the dialog wraps them at whatever width it has."""
    return "\n\n".join(" ".join(p.split("\n")) for p in text.split("\n\n"))


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss(None)", "Close", id="help-close")]

    def compose(self) -> ComposeResult:
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        where = getattr(below, "COMMAND_SCOPE", None)
        left = [(key, title) for _, key, title in commands.help_rows(self.app, where)]
        right: list[tuple[str, str]] = []
        if where == "console":
            right.append(("", "In the terminal"))
            for binding in TerminalPane.BINDINGS + TerminalInput.BINDINGS:
                if isinstance(binding, Binding) and binding.description:
                    right.append((self.app.get_key_display(binding), binding.description))
            right += [("", ""), ("", "In the decisions pane"), ("enter", "Why? (the explanation)"),
                      ("", ""), ("", "In dialogs"), ("^s", "Submit the form"), ("esc", "Close")]
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
        for title in ("Key", "What it does") + (("Key", "What it does") if right else ("", "")):
            table.add_column(title)
        for i in range(max(len(left), len(right))):
            key, what = left[i] if i < len(left) else ("", "")
            key2, what2 = right[i] if i < len(right) else ("", "")
            table.add_row(Text(key), Text(what), Text(key2), Text(what2, style="" if key2 or not what2 else "bold"))
        with VerticalScroll(classes="dialog dialog-wide"):
            yield Static("IAM Sandbox: help", classes="dialog-title")
            yield Static(Text(_unwrapped(INTRO)))
            yield Static(table, classes="help-table")
            yield Static("Esc: close", classes="dialog-hint")
