"""The dialog shown when the world file can no longer be read (another process damaged it).

The app keeps what it last read on screen and saves nothing (the storage refuses every
change while the file is unreadable). The learner can quit, with the same message the
command line gives, or keep the app open and repair the file from another terminal: the
app picks up the repaired world by itself.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from sandbox.tui.messages import QuitUnreadable
from sandbox.tui.safe import Text

KEEP_OPEN_NOTE = ("The app still shows the world as it last read it, and saves nothing until the file is repaired. "
                  "Run one of the commands above in another terminal and the app shows the repaired world.")


class DamagedWorldScreen(ModalScreen):
    BINDINGS = [Binding("escape", "keep_open", "Keep the app open", id="damaged-keep-open"),
                Binding("ctrl+q", "quit", "Quit", id="damaged-quit")]  # a modal screen hides the app's keys

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static("The world file cannot be read", classes="dialog-title")
            yield Static(Text(self.message), id="damaged-message", classes="dialog-error")
            yield Static(KEEP_OPEN_NOTE, classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Quit", variant="error", id="damaged-quit")
                yield Button("Keep the app open", variant="primary", id="damaged-keep-open")

    def on_mount(self) -> None:
        self.query_one("#damaged-keep-open", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "damaged-quit":
            self.action_quit()
        else:
            self.dismiss(None)

    def action_quit(self) -> None:
        self.app.post_message(QuitUnreadable())

    def action_keep_open(self) -> None:
        self.dismiss(None)
