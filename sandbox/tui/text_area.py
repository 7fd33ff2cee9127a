"""The app's text areas (policy documents, the simulator's context): Ctrl+A selects all,
as learners expect before pasting a new policy over the old. Textual's TextArea binds
Ctrl+A to the start of the line (as Home does, which keeps that meaning) and selects all
with F7, which still works."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea


class DocumentArea(TextArea):
    BINDINGS = [Binding("ctrl+a", "select_all", "Select all", show=False)]
