"""The guide beside the console while a scenario runs: the checklist with live marks, the
current step's instructions (wrapped to the pane, scrolled with the keys or the mouse),
hints in order with the newest scrolled into view, the solution on request, what Undo
would revert, and from the start what the scenario teaches (its lesson and exam tips,
with "then and now" where AWS has changed).

Scenario files are untrusted: their text is shown as plain text with a few styles
(``**bold**``, ``*italic*``, ``code``), never as markup.
"""

from __future__ import annotations

import re

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from sandbox.scenarios import engine
from sandbox.scenarios.instructions import blocks, examples
from sandbox.tui import commands
from sandbox.tui.forms import ConfirmScreen
from sandbox.tui.messages import ViewsStale, WorldReplaced
from sandbox.tui.safe import Text
from sandbox.workspace import Workspace
from sandbox.workspace.lessons import Lesson, lesson

INLINE = re.compile(r"\*\*([^*\n]+)\*\*|\*([^*\n]+)\*|`([^`\n]+)`")


def inline(text: str) -> Text:
    """A paragraph with its **bold**, *italic* and `code` styled (everything else literal)."""
    out = Text()
    at = 0
    for m in INLINE.finditer(text):
        out.append(text[at:m.start()])
        bold, italic, code = m.groups()
        if bold is not None:
            out.append(bold, "bold")
        elif italic is not None:
            out.append(italic, "italic")
        else:
            out.append(code, "bold cyan")
        at = m.end()
    out.append(text[at:])
    return out


def instruction_widgets(text: str) -> list[Static]:
    """A step's instructions, a widget a block: paragraphs wrap to the pane; each command
    block sits indented behind a bar, a command a line, folded (never cut) when longer
    than the pane is wide."""
    out = []
    for block in blocks(text):
        if block.kind == "code":
            out.append(Static(Text(block.text, style="bold cyan"), classes="guide-code"))
        else:
            out.append(Static(inline(block.text), classes="guide-text"))
    return out


def lesson_text(what: Lesson, finished: bool) -> Text:
    """What the scenario teaches: the lesson, the exam tips and their "then and now"."""
    out = Text()
    out.append("Scenario complete\n\n" if finished else "What this scenario teaches\n\n", style="bold")
    out.append(what.text)
    for tip in what.tips:
        out.append("\n\n")
        out.append("Exam tip" + (f" ({tip.source})" if tip.source else "") + ": ", style="bold yellow")
        out.append(tip.text)
        if tip.then_and_now:
            out.append("\nThen and now: ", style="bold magenta")
            out.append(tip.then_and_now)
    return out


class Hint(Static):
    """A hint (or the solution); the newest scrolls itself into view once it is laid out."""

    newest = False

    def on_resize(self, event) -> None:
        """Laid out (placed in the guide, its size known): the newest comes into view."""
        if self.newest:
            self.newest = False
            self.call_after_refresh(lambda: self.scroll_visible(animate=False, top=False))


class GuidePane(Vertical):
    """The guide; the console decides whether it or the navigation fills the left pane."""

    BINDINGS = commands.bindings("console", "guide")

    def __init__(self, workspace: Workspace, **kwargs):
        super().__init__(**kwargs)
        self.workspace = workspace
        self._where: tuple | None = None  # (scenario, step): the scroll goes home when it changes
        self._step_shown: tuple | None = None  # what the instructions widgets show
        self.examples: list[str] = []  # the current step's example commands

    def compose(self) -> ComposeResult:
        yield Static("", id="guide-title", classes="pane-title")
        with VerticalScroll(id="guide-scroll"):
            yield Static("", id="guide-checklist")
            yield Vertical(id="guide-instructions")
            yield Vertical(id="guide-hints")
            yield Static("", id="guide-about")
        yield Static("", id="guide-undo-note", classes="dialog-hint")
        with Horizontal(id="guide-buttons"):
            yield Button("Hint", id="guide-hint", compact=True)
            if self.solutions_allowed():  # a class may keep solutions hidden
                yield Button("Solution", id="guide-solution", compact=True)
            yield Button("Reset step", id="guide-reset", compact=True)
            yield Button("Undo", id="guide-undo", compact=True)

    def update_view(self) -> bool:
        """Redraw from the scenario's state (the workspace judges progress after each change);
        False when no scenario runs."""
        world = self.workspace.world
        scenario = engine.active(world)
        if scenario is None:
            self._where = None
            self.examples = []
            return False
        status = engine.status(self.workspace.gateway, scenario)
        self.query_one("#guide-title", Static).update(Text(scenario.title))

        checklist = Table.grid(padding=(0, 1, 0, 0))
        checklist.add_column(no_wrap=True)
        checklist.add_column()  # a long title wraps under itself
        for st in status.steps:
            if st.done:
                mark, style = f"✓ {st.index + 1}.", "green"
            elif st.index == status.step:
                mark, style = f"→ {st.index + 1}.", "bold"
            else:
                mark, style = f"  {st.index + 1}.", "dim"
            checklist.add_row(Text(mark, style=style), Text(st.title, style=style))
        self.query_one("#guide-checklist", Static).update(checklist)
        state = engine.state(world) or {}
        hints: list[Text] = []
        if status.finished:
            self._show_step(None, [])
            self.examples = []
        else:
            step = scenario.steps[status.step]
            done_when = Text.assemble(("Done when: ", "italic"), status.steps[status.step].check_text)
            self.examples = examples(step.instructions)
            if self.examples:
                done_when.append("\n\nCtrl+Y puts the example command in the terminal's prompt (again: the next "
                                 "one).", style="dim")
            self._show_step((scenario.id, status.step, step.instructions), [
                Static(Text(f"Step {status.step + 1}: {step.title}", style="bold"), classes="guide-text"),
                *instruction_widgets(step.instructions), Static(done_when, classes="guide-text")])
            hints = [Text.assemble((f"Hint {i}: ", "bold yellow"), h)
                     for i, h in enumerate(step.hints[: state.get("hints", 0)], 1)]
            if state.get("solution"):
                solution = Text("Solution:\n", style="bold")
                solution.append(Text("\n").join(Text("  " + c, style="cyan") for c in step.solution))
                hints.append(solution)
        self.query_one("#guide-about", Static).update(lesson_text(lesson(scenario), status.finished))
        self._show_hints(hints)
        where = (scenario.id, status.step)
        if where != self._where:
            self._where = where
            self.query_one("#guide-scroll", VerticalScroll).scroll_home(animate=False)
        point = self.workspace.undo_point()
        self.query_one("#guide-undo-note", Static).update(
            Text.assemble(f"Undo: {point.label}", (" (Ctrl+Z)", "dim")) if point
            else Text("Nothing to undo yet.", style="dim"))
        for button in self.query(Button):
            button.disabled = (status.finished and button.id != "guide-undo") or (
                button.id == "guide-undo" and point is None)
        return True

    def _show_step(self, key: tuple | None, widgets: list[Static]) -> None:
        """The step's instructions (rebuilt only when the step changes)."""
        if key == self._step_shown:
            return
        self._step_shown = key
        box = self.query_one("#guide-instructions", Vertical)
        box.remove_children()
        box.mount_all(widgets)
        box.display = bool(widgets)

    def _show_hints(self, hints: list[Text]) -> None:
        """The hints and the solution, one widget each; a new one is scrolled into view."""
        box = self.query_one("#guide-hints", Vertical)
        shown = list(box.children)
        for widget, text in zip(shown, hints, strict=False):
            widget.update(text)
        for widget in shown[len(hints):]:
            widget.remove()
        added = [Hint(text, classes="guide-hint") for text in hints[len(shown):]]
        if added:
            added[-1].newest = True
            box.mount_all(added)

    def hint(self) -> None:
        """The next hint (shown, and scrolled into view by the redraw)."""
        world = self.workspace.world
        scenario = engine.active(world)
        if scenario is None:
            return
        text, _shown, _total = engine.hint(world, scenario)
        if text is None:
            self.notify("No more hints: the Solution button shows the commands." if self.solutions_allowed()
                        else "No more hints.", timeout=5)
        self.post_message(ViewsStale())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        world = self.workspace.world
        scenario = engine.active(world)
        if scenario is None:
            return
        if event.button.id == "guide-hint":
            self.hint()
            return
        if event.button.id == "guide-solution" and self.solutions_allowed():
            def reveal():
                engine.solution(world, scenario)

            self.app.push_screen(ConfirmScreen("Show the solution of this step? (Its use is recorded in your "
                                               "progress.)", reveal, "Show"), lambda _: self.post_message(ViewsStale()))
            return
        if event.button.id == "guide-reset":
            engine.reset(world, scenario, step_only=True)
            self.notify("The step starts over.")
            self.post_message(WorldReplaced())
            return
        if event.button.id == "guide-undo":
            self.undo()
            return
        self.post_message(ViewsStale())

    def undo(self) -> None:
        """Revert the learner's last change (the Undo button, Ctrl+Z, the palette's Undo)."""
        point = self.workspace.undo()
        self.notify(f"Undone: {point.label}." if point else "Nothing to undo.", markup=False)
        self.post_message(ViewsStale())

    def solutions_allowed(self) -> bool:
        lab = getattr(self.app, "lab", None)
        return lab is None or lab.settings.show_solutions

    def shown_hints(self) -> list[str]:
        """The hints shown so far (for the command palette)."""
        world = self.workspace.world
        scenario = engine.active(world)
        state = engine.state(world) or {}
        if scenario is None or state.get("step", 0) >= len(scenario.steps):
            return []
        return scenario.steps[state.get("step", 0)].hints[: state.get("hints", 0)]
