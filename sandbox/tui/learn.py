"""Learn mode: the scenario picker (levels, topics, progress), and the guide pane that
sits beside the console while a scenario runs: the current step, the checklist with live
marks, hints in order, the solution on request, and the lesson at the end."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Markdown, Static

from sandbox.classroom.config import ClassConfig
from sandbox.scenarios import engine, progress
from sandbox.scenarios.loader import catalogue
from sandbox.scenarios.topics import TOPICS
from sandbox.tui import commands
from sandbox.tui.forms import ConfirmScreen
from sandbox.tui.messages import StartScenario, ViewsStale
from sandbox.tui.safe import Text
from sandbox.workspace import Workspace


class LearnScreen(Screen):
    """Pick a scenario."""

    COMMAND_SCOPE = "learn"
    BINDINGS = commands.bindings("learn")

    def __init__(self, scenario_dirs: list[Path], lab: ClassConfig | None = None, **kwargs):
        super().__init__(**kwargs)
        self.scenario_dirs = scenario_dirs
        self.lab = lab  # a class offers its own scenarios, in its order
        self.scenarios = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="sim-body"):
            with Vertical(id="sim-results"):
                yield Static("Scenarios (Enter: start)", classes="pane-title")
                yield DataTable(id="learn-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="editor-side"):
                yield Static("About", classes="pane-title")
                yield Static("", id="learn-about")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#learn-table", DataTable)
        table.add_columns("", "Level", "Time", "Scenario")
        self.reload()
        table.focus()

    def reload(self) -> None:
        self.scenarios, errors = catalogue(self.scenario_dirs)
        if self.lab is not None and self.lab.scenarios:
            by_id = {s.id: s for s in self.scenarios}
            self.scenarios = [by_id[i] for i in self.lab.scenarios if i in by_id]
        for e in errors:
            self.notify(str(e), title="A scenario file is broken", severity="warning", timeout=10)
        mine = progress.load()["learners"].get(progress.learner_name(None), {})
        table = self.query_one("#learn-table", DataTable)
        table.clear()
        for s in self.scenarios:
            p = mine.get(s.id) or {}
            mark = Text("✓", style="bold green") if p.get("finished") else Text(
                f"{p.get('steps_done', 0)}/{len(s.steps)}" if p else "", style="yellow")
            table.add_row(mark, s.level, f"{s.minutes} min", s.title, key=s.id)
        self.show_about()

    def selected(self):
        table = self.query_one("#learn-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((s for s in self.scenarios if s.id == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_about()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def show_about(self) -> None:
        s = self.selected()
        about = self.query_one("#learn-about", Static)
        if s is None:
            about.update("No scenarios found.")
            return
        text = Text()
        text.append(s.title + "\n", style="bold")
        text.append(f"{s.level}, about {s.minutes} minutes\n\n", style="dim")
        text.append(s.summary + "\n\nSteps:\n")
        for i, step in enumerate(s.steps, 1):
            text.append(f"  {i}. {step.title}\n")
        text.append("\nTopics:\n")
        for t in s.topics:
            text.append(f"  {t} {TOPICS.get(t, '')}\n", style="cyan")
        about.update(text)

    def action_start(self) -> None:
        s = self.selected()
        if s is None:
            return

        def chosen(result) -> None:
            if result:
                self.post_message(StartScenario(s))

        self.app.push_screen(ConfirmScreen(f"Start “{s.title}”? The world is reset to the scenario's setup "
                                           "(a snapshot lets you go back).", lambda: True, "Start"), chosen)


class GuidePane(Vertical):
    """The guide beside the console while a scenario runs; it says what Undo would revert."""

    def __init__(self, workspace: Workspace, **kwargs):
        super().__init__(**kwargs)
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Static("", id="guide-title", classes="pane-title")
        with VerticalScroll(id="guide-scroll"):
            yield Static("", id="guide-checklist")
            yield Markdown("", id="guide-instructions")
            yield Static("", id="guide-hints", classes="dialog-hint")
        yield Static("", id="guide-undo-note", classes="dialog-hint")
        with Horizontal(id="guide-buttons"):
            yield Button("Hint", id="guide-hint")
            lab = getattr(self.app, "lab", None)
            if lab is None or lab.settings.show_solutions:  # a class may keep solutions hidden
                yield Button("Solution", id="guide-solution")
            yield Button("Reset step", id="guide-reset")
            yield Button("Undo", id="guide-undo")

    def update_view(self) -> None:
        """Redraw from the scenario's state (the workspace judges progress after each change)."""
        world = self.workspace.world
        scenario = engine.active(world, self.workspace.scenario_dirs)
        if scenario is None:
            self.display = False
            return
        self.display = True
        status = engine.status(self.workspace.gateway, scenario)
        self.query_one("#guide-title", Static).update(Text(scenario.title))
        lines = Text()
        for st in status.steps:
            if st.done:
                lines.append(f"✓ {st.index + 1}. {st.title}\n", style="green")
            elif st.index == status.step:
                lines.append(f"→ {st.index + 1}. {st.title}\n", style="bold")
            else:
                lines.append(f"  {st.index + 1}. {st.title}\n", style="dim")
        self.query_one("#guide-checklist", Static).update(lines)
        md = self.query_one("#guide-instructions", Markdown)
        hints = self.query_one("#guide-hints", Static)
        state = engine.state(world) or {}
        if status.finished:
            tip = f"\n\n**Exam tip:** {scenario.tip}" if scenario.tip else ""
            md.update(f"## Scenario complete\n\n{scenario.lesson.strip()}{tip}")
            hints.update("")
        else:
            step = scenario.steps[status.step]
            md.update(f"### Step {status.step + 1}: {step.title}\n\n{step.instructions.strip()}\n\n"
                      f"*Done when:* {status.steps[status.step].check_text}")
            shown = step.hints[: state.get("hints", 0)]
            text = Text()
            for i, h in enumerate(shown, 1):
                text.append(f"Hint {i}: {h}\n")
            if state.get("solution"):
                text.append("Solution:\n", style="bold")
                for c in step.solution:
                    text.append(f"  {c}\n", style="cyan")
            hints.update(text)
        point = self.workspace.undo_point()
        self.query_one("#guide-undo-note", Static).update(
            Text(f"Undo: {point.label}") if point else Text("Nothing to undo yet.", style="dim"))
        for button in self.query(Button):
            button.disabled = (status.finished and button.id != "guide-undo") or (
                button.id == "guide-undo" and point is None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        world = self.workspace.world
        scenario = engine.active(world, self.workspace.scenario_dirs)
        if scenario is None:
            return
        if event.button.id == "guide-hint":
            text, shown, total = engine.hint(world, scenario)
            if text is None:
                solutions = bool(self.query("#guide-solution"))
                self.notify("No more hints: the Solution button shows the commands." if solutions
                            else "No more hints.", timeout=5)
        elif event.button.id == "guide-solution":
            def reveal():
                engine.solution(world, scenario)

            self.app.push_screen(ConfirmScreen("Show the solution of this step? (Its use is recorded in your "
                                               "progress.)", reveal, "Show"), lambda _: self.update_view())
            return
        elif event.button.id == "guide-reset":
            engine.reset(world, scenario, step_only=True)
            self.notify("The step starts over.")
        elif event.button.id == "guide-undo":
            point = self.workspace.undo()
            self.notify(f"Undone: {point.label}." if point else "Nothing to undo.", markup=False)
        self.post_message(ViewsStale())
