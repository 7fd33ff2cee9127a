"""Dialogs: a generic form, a confirmation, a one-time secret, and a menu of actions.

Forms call operations through the gateway as the signed-in principal; an AWS error is
shown in the form, which stays open so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, Vertical, VerticalGroup, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from sandbox.errors import AwsError, SandboxError, error_text
from sandbox.tui.safe import Text
from sandbox.tui.themes import follow_theme


@dataclass
class Field:
    name: str
    label: str
    kind: str = "input"  # input | password | select | checkbox | textarea
    options: list[tuple[str, str]] = field(default_factory=list)
    value: object = ""
    placeholder: str = ""
    hint: str = ""
    # shown only while another field has one of these values: ("kind", ("service",))
    when: tuple[str, tuple] | None = None


class FormScreen(ModalScreen):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form-cancel"),
                Binding("ctrl+s", "submit", "Submit", id="form-submit")]

    def __init__(self, title: str, fields: list[Field], submit: Callable[[dict], object], submit_label: str = "Create",
                 note: str = ""):
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.submit_fn = submit
        self.submit_label = submit_label
        self.note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.note:
                yield Static(Text(self.note), classes="dialog-hint form-note")
            for f in self.fields:
                with HorizontalGroup(classes="form-row", id=f"row-{f.name}"):
                    yield Label(Text("" if f.kind == "checkbox" else f.label), classes="form-label")
                    with VerticalGroup(classes="form-field"):
                        yield from self._widget(f)
                        if f.hint:
                            yield Static(Text(f.hint), classes="dialog-hint")
            yield Static("", id="form-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="form-cancel-button")
                yield Button(self.submit_label, variant="primary", id="form-submit-button")

    @staticmethod
    def _widget(f: Field) -> ComposeResult:
        widget_id = f"field-{f.name}"
        if f.kind in ("input", "password"):
            yield Input(str(f.value or ""), placeholder=f.placeholder, password=f.kind == "password", id=widget_id)
        elif f.kind == "select":
            yield Select([(Text(label), value) for label, value in f.options], id=widget_id,
                         value=f.value if f.value else Select.NULL, allow_blank=not f.value)
        elif f.kind == "checkbox":
            yield Checkbox(Text(f.label), bool(f.value), id=widget_id)
        elif f.kind == "textarea":
            yield TextArea(str(f.value or ""), language="json", id=widget_id, classes="detail-doc")

    def on_mount(self) -> None:
        follow_theme(self)
        self._show_relevant()
        first = self.query("Input, Select, TextArea, Checkbox").first()
        if first is not None:
            first.focus()

    def _show_relevant(self) -> None:
        """Fields that only matter for some choice (the trusted entity type) follow it."""
        values = None
        for f in self.fields:
            if f.when is None:
                continue
            values = values if values is not None else self.values()
            other, wanted = f.when
            self.query_one(f"#row-{f.name}").display = values.get(other) in wanted

    def on_select_changed(self, event: Select.Changed) -> None:
        if any(f.when for f in self.fields):
            self._show_relevant()

    def values(self) -> dict:
        out: dict = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Input):
                out[f.name] = widget.value.strip()
            elif isinstance(widget, Select):
                out[f.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Checkbox):
                out[f.name] = widget.value
            elif isinstance(widget, TextArea):
                out[f.name] = widget.text
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "form-submit-button":
            self.action_submit()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        error = self.query_one("#form-error", Static)
        try:
            result = self.submit_fn(self.values())
        except (AwsError, SandboxError) as exc:  # SandboxError: the world file cannot be read
            error.update(Text(error_text(exc)))
            error.scroll_visible()
            return
        except ValueError as exc:
            error.update(Text(str(exc)))
            error.scroll_visible()
            return
        self.dismiss(result if result is not None else True)


class ConfirmScreen(ModalScreen):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="confirm-cancel")]

    def __init__(self, question: str, action: Callable[[], object], label: str = "Delete"):
        super().__init__()
        self.question = question
        self.action_fn = action
        self.label = label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-title")
            yield Static("", id="confirm-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="confirm-no")
                yield Button(self.label, variant="error", id="confirm-yes")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "confirm-yes":
            self.dismiss(None)
            return
        try:
            result = self.action_fn()
        except (AwsError, SandboxError) as exc:
            self.query_one("#confirm-error", Static).update(Text(error_text(exc)))
            return
        self.dismiss(result if result is not None else True)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SecretScreen(ModalScreen):
    """Something shown once and never again (a secret access key)."""

    BINDINGS = [Binding("escape", "close", "Close", id="secret-close")]

    def __init__(self, title: str, lines: list[tuple[str, str]], warning: str):
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.warning = warning

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Static(Text(self.warning), classes="secret")
            for label, value in self.lines:
                yield Label(Text(label))
                yield Input(value, id=f"secret-{label.replace(' ', '-').lower()}", select_on_focus=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("I have saved it", variant="primary", id="secret-done")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(True)


class ActionsScreen(ModalScreen):
    """The Actions menu for the selected item, like the console's Actions drop-down."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="actions-close")]

    def __init__(self, title: str, actions: list[tuple[str, Callable[[], None]]]):
        super().__init__()
        self.title_text = title
        self.actions = actions

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield OptionList(*[Option(Text(label), id=str(i)) for i, (label, _) in enumerate(self.actions)],
                             id="actions-list")
            yield Static("Enter: run   Esc: close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        _, callback = self.actions[int(event.option.id)]
        self.dismiss(callback)
