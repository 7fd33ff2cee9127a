"""Dialogs: a generic form, a confirmation, a one-time secret, and a menu of actions.

Forms call operations through the gateway as the signed-in principal; an AWS error is
shown in the form, which stays open so nothing typed is lost. A required field left empty
is named in plain words before any call is made. Every dialog scrolls, and in a short
window (under 36 lines) its fields and buttons lose their borders so that they fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, SelectionList, Static, TextArea
from textual.widgets.option_list import Option, OptionDoesNotExist

from sandbox.errors import AwsError, SandboxError, error_text
from sandbox.tui.safe import Text
from sandbox.tui.text_area import DocumentArea
from sandbox.tui.themes import follow_theme

SHORT = 36  # windows with fewer lines get compact fields and buttons


def fit(screen) -> None:
    """Compact fields and buttons (no borders) when the window is short."""
    compact = screen.app.size.height < SHORT
    for widget in screen.query("Input, Select, Button, Checkbox"):
        if widget.compact != compact:
            widget.compact = compact


class Dialog(ModalScreen):
    """A dialog that fits the window (``fit``) and follows the theme."""

    def on_mount(self) -> None:
        follow_theme(self)
        fit(self)

    def on_resize(self, event) -> None:
        fit(self)


class Tick(Checkbox):
    """A checkbox whose state reads without colour: ✓ when ticked, blank when not."""

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble((self.BUTTON_LEFT, side_style), ("✓" if self.value else " ", button_style),
                                (self.BUTTON_RIGHT, side_style))


class TickList(SelectionList):
    """Several choices, each ✓ when chosen and blank when not (not an X either way)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if len(segments) < 4 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        inner = segments[1]
        segments[1] = Segment("✓" if selection.value in self._selected else " ", inner.style)
        return Strip(segments, strip.cell_length)


@dataclass
class Field:
    name: str
    label: str
    kind: str = "input"  # input | password | select | multi (choose several) | checkbox | textarea
    options: list[tuple[str, str]] = field(default_factory=list)
    value: object = ""
    placeholder: str = ""
    hint: str = ""
    # shown only while another field has one of these values: ("kind", ("service",))
    when: tuple[str, tuple] | None = None
    required: str = ""  # when given: the field must not be empty, and this says so (before any call)


class FormScreen(Dialog):
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
                         value=f.value if f.value else Select.NULL, allow_blank=not f.value,
                         prompt=f.placeholder or "Select")
        elif f.kind == "multi":
            chosen = set(f.value or ())
            yield TickList(*[(Text(label), value, value in chosen) for label, value in f.options],
                           id=widget_id, classes="form-multi")
            if not f.options:
                yield Static(Text(f.placeholder or "(none yet)"), classes="dialog-hint")
        elif f.kind == "checkbox":
            yield Tick(Text(f.label), bool(f.value), id=widget_id)
        elif f.kind == "textarea":
            yield DocumentArea(str(f.value or ""), language="json", id=widget_id, classes="detail-doc")

    def on_mount(self) -> None:
        self._show_relevant()
        first = self.query("Input, Select, TextArea, Checkbox, SelectionList").first()
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
            elif isinstance(widget, SelectionList):
                out[f.name] = list(widget.selected)
            elif isinstance(widget, TextArea):
                out[f.name] = widget.text
        return out

    def missing(self, values: dict) -> str | None:
        """What a required field left empty needs (only fields on show count)."""
        for f in self.fields:
            if f.required and values.get(f.name) in (None, "", []) and self.query_one(f"#row-{f.name}").display:
                return f.required
        return None

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
        values = self.values()
        problem = self.missing(values)
        if problem:
            error.update(Text(problem))
            error.scroll_visible()
            return
        try:
            result = self.submit_fn(values)
        except (AwsError, SandboxError) as exc:  # SandboxError: the world file cannot be read
            error.update(Text(error_text(exc)))
            error.scroll_visible()
            return
        except ValueError as exc:
            error.update(Text(str(exc)))
            error.scroll_visible()
            return
        self.dismiss(result if result is not None else True)


class ConfirmScreen(Dialog):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="confirm-cancel")]
    quitting = False  # the question Ctrl+Q asks (unsaved work): a second Ctrl+Q answers yes

    def __init__(self, question: str, action: Callable[[], object], label: str = "Delete"):
        super().__init__()
        self.question = question
        self.action_fn = action
        self.label = label

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
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


class SecretScreen(Dialog):
    """Something shown once and never again (a secret access key), with what can be done
    with it while it is on screen (``actions``: key, label, function)."""

    BINDINGS = [Binding("escape", "close", "Close", id="secret-close")]
    AUTO_FOCUS = "#secret-done"  # the actions' keys work from the start (not typed into a field)

    def __init__(self, title: str, lines: list[tuple[str, str]], warning: str,
                 actions: list[tuple[str, str, Callable[[], str]]] | None = None):
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.warning = warning
        self.actions = actions or []

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Static(Text(self.warning), classes="secret")
            for label, value in self.lines:
                yield Label(Text(label))
                yield Input(value, id=f"secret-{label.replace(' ', '-').lower()}", select_on_focus=True)
            yield Static("", id="secret-done-note", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                for i, (key, label, _) in enumerate(self.actions):
                    yield Button(f"{label} ({key})", id=f"secret-action-{i}")
                yield Button("I have saved it", variant="primary", id="secret-done")

    def on_key(self, event) -> None:
        """An action's key runs it (unless a field is being typed in)."""
        if isinstance(self.focused, Input):
            return
        for i, (key, _, _) in enumerate(self.actions):
            if event.key == key:
                event.stop()
                self.run_action_at(i)

    def run_action_at(self, index: int) -> None:
        note = self.query_one("#secret-done-note", Static)
        try:
            done = self.actions[index][2]()
        except (AwsError, SandboxError, ValueError) as exc:
            note.update(Text(error_text(exc) if not isinstance(exc, ValueError) else str(exc), style="red"))
            return
        note.update(Text(done))
        self.query_one(f"#secret-action-{index}", Button).disabled = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("secret-action-"):
            self.run_action_at(int(event.button.id.rsplit("-", 1)[1]))
            return
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(True)


class ActionsScreen(Dialog):
    """The Actions menu for the selected item, like the console's Actions drop-down."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="actions-close")]

    def __init__(self, title: str, actions: list[tuple[str, Callable[[], None]]]):
        super().__init__()
        self.title_text = title
        self.actions = actions

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield OptionList(*[Option(Text(label), id=str(i)) for i, (label, _) in enumerate(self.actions)],
                             id="actions-list")
            yield Static("Enter: run   Esc: close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        _, callback = self.actions[int(event.option.id)]
        self.dismiss(callback)
