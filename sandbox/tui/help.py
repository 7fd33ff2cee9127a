"""The help screen (F1 or ``?``): what the app is, and every key, generated from the command
table; ``t`` opens the exam tips (Quiz mode's tips view)."""

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
engine, and every decision appears in the decisions pane: select one and press Enter to see why.

Left: the IAM, EC2, S3 and Cognito resources (or a scenario's guide). Centre: the list and the
selected item's details. Bottom: a terminal on your laptop (try `aws s3 ls`, `ssh web-1`). The footer
shows the keys of the pane you are in; Ctrl+P finds every command."""

TIPS_LINE = ("Press t for the exam tips (in Quiz mode): every tip of the notes and each scenario's, with what AWS "
             "has changed since and how well you know each; Enter practises one.")


def _unwrapped(text: str) -> str:
    """Paragraphs as single lines, so the dialog wraps them at whatever width it has."""
    return "\n\n".join(" ".join(p.split("\n")) for p in text.split("\n\n"))


class HelpScreen(ModalScreen):
    COMMAND_SCOPE = "help"
    BINDINGS = [Binding("escape,question_mark,q,f1", "dismiss(None)", "Close", id="help-close"),
                *commands.bindings("help")]

    def compose(self) -> ComposeResult:
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        where = getattr(below, "COMMAND_SCOPE", None)
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
        table.add_column("Key", no_wrap=True)
        table.add_column("What it does")
        group = None
        for _, key, title, row_group in commands.help_rows(self.app, where):
            if row_group != group:
                group = row_group
                table.add_row(Text(""), Text(group, style="bold"))
            table.add_row(Text(key), Text(title))
        if where == "console":
            table.add_row(Text(""), Text("Also in the terminal", style="bold"))
            for binding in TerminalPane.BINDINGS + TerminalInput.BINDINGS:
                if isinstance(binding, Binding) and binding.description and not binding.id.startswith("term-clear"):
                    table.add_row(Text(self.app.get_key_display(binding)), Text(binding.description))
            table.add_row(Text(""), Text("In dialogs", style="bold"))
            table.add_row(Text("^s"), Text("Submit the form"))
            table.add_row(Text("esc"), Text("Close"))
        keys = getattr(below, "KEY_HELP", None)  # a screen's keys that are not app commands (the quiz's answer pad)
        if keys:
            table.add_row(Text(""), Text("Answering", style="bold"))
            for key, what in keys:
                table.add_row(Text(key), Text(what))
        with VerticalScroll(classes="dialog dialog-wide", id="help"):
            yield Static("IAM Sandbox: help", classes="dialog-title")
            yield Static(Text(_unwrapped(INTRO)))
            yield Static(Text(TIPS_LINE, style="bold"), id="help-tips")
            yield Static(table, classes="help-table")
            yield Static("t: exam tips   Esc: close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help", VerticalScroll).focus()
