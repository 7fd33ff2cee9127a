"""The policy editor: JSON with highlighting, validated as you type (errors with line and
column, warnings for unknown actions and condition keys), a preview of what the policy
allows, save through the gateway (AWS's own refusal if it is invalid or AWS managed),
and one key to try the unsaved text in the simulator."""

from __future__ import annotations

import json

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static, TextArea

from sandbox.errors import AwsError, SandboxError, error_text
from sandbox.policy import validate_policy
from sandbox.policy.validate import preview_grants
from sandbox.tui import commands
from sandbox.tui.forms import ConfirmScreen
from sandbox.tui.messages import SimulatePolicy
from sandbox.tui.safe import Text, json_visible, shown
from sandbox.tui.text_area import DocumentArea
from sandbox.tui.themes import follow_theme
from sandbox.workspace import Workspace
from sandbox.workspace.policy_documents import EditTarget, save


class PolicyEditor(commands.FittingFooter, Screen):
    COMMAND_SCOPE = "editor"
    # Esc has priority: the text area would otherwise keep it
    BINDINGS = commands.bindings("editor") + [Binding("escape", "close", "Close", id="editor-close", priority=True)]

    def __init__(self, workspace: Workspace, target: EditTarget):
        super().__init__()
        self.workspace = workspace
        self.target = target
        # the document as it can be shown: a control character inside a JSON string becomes
        # its \uXXXX escape (the same document); one outside (a broken document) shows as \xNN
        self.shown_text = shown(json_visible(target.text))

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.target.title), classes="pane-title")
        if self.target.kind == "new-policy":
            with Horizontal(id="editor-name-row"):
                yield Label("Policy name:", id="editor-name-label")
                yield Input(placeholder="required: letters, digits and +=,.@_-", id="editor-name")
        with Horizontal(id="editor-body"):
            yield DocumentArea(self.shown_text, language="json", id="editor-text", show_line_numbers=True,
                           tab_behavior="indent")
            with Vertical(id="editor-side"):
                yield Static("Validation", classes="pane-title")
                yield VerticalScroll(Static("", id="editor-issues-text"), id="editor-issues")
                yield Static("What it allows", classes="pane-title")
                yield VerticalScroll(Static("", id="editor-preview-text"), id="editor-preview")
        yield Footer()

    def on_mount(self) -> None:
        follow_theme(self)
        # a new policy starts at its name (the field above the editor); Enter goes on to the document
        self.query_one("#editor-name" if self.target.kind == "new-policy" else "#editor-text").focus()
        self.validate()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "editor-name":
            event.stop()
            self.query_one("#editor-text", TextArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.validate()

    def validate(self) -> None:
        if not self.query("#editor-issues-text"):  # the editor is being taken down (a scenario started)
            return
        text = self.query_one("#editor-text", TextArea).text
        report = validate_policy(text, self.target.grammar)
        items: list[Text] = []
        limit = self.target.size_limit
        if report.ok:
            items.append(Text("✓ Valid policy", style="bold green"))
        for issue in report.errors:
            where = f"line {issue.line}, col {issue.column}: " if issue.line else ""
            items.append(Text(f"✗ {where}{issue.message}", style="red"))
        for issue in report.warnings:
            where = f"line {issue.line}, col {issue.column}: " if issue.line else ""
            items.append(Text(f"! {where}{issue.message}", style="yellow"))
        items.append(Text(f"{report.size} characters (white space not counted)"
                          + (f" of {limit} allowed" if limit else ""), style="dim"))
        self.query_one("#editor-issues-text", Static).update(Text("\n").join(items))
        preview = Text()
        if report.policy is not None:
            grants = preview_grants(report.policy, limit=300)
            if grants.everything:
                preview.append("every action (*)\n", style="bold")
            for name in grants.actions:
                preview.append(name + "\n")
            if grants.all_except:
                preview.append("every action except " + ", ".join(grants.all_except) + "\n", style="bold")
            if not (grants.everything or grants.actions or grants.all_except):
                preview.append("Nothing: the policy has no Allow statements.", style="dim")
            elif len(grants.actions) >= 300:
                preview.append("… (more)", style="dim")
        else:
            preview.append("Fix the errors to see what the policy allows.", style="dim")
        self.query_one("#editor-preview-text", Static).update(preview)

    def action_format(self) -> None:
        area = self.query_one("#editor-text", TextArea)
        try:
            area.text = json.dumps(json.loads(area.text), indent=4)
        except ValueError:
            self.notify("The text is not valid JSON yet.", severity="warning")

    def action_simulate(self) -> None:
        text = self.query_one("#editor-text", TextArea).text
        self.post_message(SimulatePolicy(text, grammar=self.target.grammar))

    def unsaved(self) -> bool:
        """Whether the text (or a new policy's name) differs from what was opened."""
        named = self.target.kind == "new-policy" and bool(self.query_one("#editor-name", Input).value.strip())
        return named or self.query_one("#editor-text", TextArea).text != self.shown_text

    def action_close(self) -> None:
        """Esc: close, after asking when there is something unsaved."""
        if not self.unsaved():
            self.app.pop_screen()
            return
        def closed(discard) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(f"Discard your unsaved changes to {self.target.title}?",
                                           lambda: None, "Discard"), closed)

    def action_save(self) -> None:
        text = self.query_one("#editor-text", TextArea).text
        name = self.query_one("#editor-name", Input).value.strip() if self.target.kind == "new-policy" else ""
        if self.target.kind == "new-policy" and not name:
            self.notify("Give the policy a name (the field above the editor).", title="Not saved", severity="error",
                        timeout=8)
            self.query_one("#editor-name", Input).focus()
            return
        try:
            done = save(self.workspace, self.target, text, name)
        except (AwsError, SandboxError) as exc:
            self.notify(error_text(exc), title="Not saved", severity="error", timeout=12,
                        markup=False)
            return
        self.notify(done, markup=False)
        self.app.pop_screen()
