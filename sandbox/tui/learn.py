"""Learn mode: the scenario picker (levels, topics, progress, and what each scenario
teaches). The guide that sits beside the console while a scenario runs is ``tui.guide``."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from sandbox.classroom.config import ClassConfig
from sandbox.scenarios import progress
from sandbox.scenarios.loader import catalogue
from sandbox.scenarios.topics import TOPICS
from sandbox.tui import commands
from sandbox.tui.forms import ConfirmScreen
from sandbox.tui.guide import lesson_text
from sandbox.tui.messages import StartScenario
from sandbox.tui.safe import Text
from sandbox.tui.tables import WrapTable
from sandbox.workspace.lessons import lesson


class ScenarioList(WrapTable):
    """The scenarios; Enter starts the highlighted one."""

    BINDINGS = commands.bindings("learn", "learn-table")


class LearnScreen(commands.FittingFooter, Screen):
    """Pick a scenario."""

    COMMAND_SCOPE = "learn"
    BINDINGS = commands.bindings("learn")

    def __init__(self, scenario_dirs: list[Path], lab: ClassConfig | None = None, **kwargs):
        super().__init__(**kwargs)
        self.scenario_dirs = scenario_dirs
        self.lab = lab  # a class offers its own scenarios, in its order
        self.scenarios = []
        self._pending_scenario: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="sim-body"):
            with Vertical(id="sim-results"):
                yield Static("Scenarios (Enter: start)", classes="pane-title")
                yield ScenarioList(id="learn-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="editor-side"):
                yield Static("About", classes="pane-title")
                yield Static("", id="learn-about")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        table = self.query_one("#learn-table", DataTable)
        table.focus()
        if self._pending_scenario is not None:
            self.show_scenario(self._pending_scenario)

    def reload(self) -> None:
        self.scenarios, errors = catalogue(self.scenario_dirs)
        if self.lab is not None and self.lab.scenarios:
            by_id = {s.id: s for s in self.scenarios}
            self.scenarios = [by_id[i] for i in self.lab.scenarios if i in by_id]
        for e in errors:
            self.notify(str(e), title="A scenario file is broken", severity="warning", timeout=10)
        self.show_progress()

    def on_screen_resume(self) -> None:
        """Back to the list (F4): the progress made meanwhile shows (it was read once, at start)."""
        if self.is_mounted and self.scenarios:
            self.show_progress()

    def show_progress(self) -> None:
        """Each scenario's row with the learner's progress in it (✓, or steps done of all)."""
        mine = progress.load()["learners"].get(progress.learner_name(None), {})
        rows = []
        for s in self.scenarios:
            p = mine.get(s.id) or {}
            mark = Text("✓", style="bold green") if p.get("finished") else Text(
                f"{p.get('steps_done', 0)}/{len(s.steps)}" if p else "", style="yellow")
            rows.append((s.id, [mark, s.level, f"{s.minutes} min", s.title]))
        self.query_one("#learn-table", WrapTable).show(["", "Level", "Time", "Scenario"], rows)
        self.show_about()

    def show_scenario(self, scenario_id: str) -> bool:
        """Select a scenario (the quiz's "try it"); the first time, it waits for on_mount."""
        if not self.is_mounted or not self.scenarios:
            self._pending_scenario = scenario_id
            return True
        self._pending_scenario = None
        table = self.query_one("#learn-table", DataTable)
        keys = [row.value for row in table.rows]
        if scenario_id not in keys:
            self.notify(f"There is no scenario {scenario_id} here.", severity="warning")
            return False
        table.move_cursor(row=keys.index(scenario_id))
        table.focus()
        return True

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
        text.append("\n")
        text.append_text(lesson_text(lesson(s), finished=False))
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
