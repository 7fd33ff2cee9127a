"""The exam tips list (from the help screen, or the palette): each scenario's tip, and every
exam tip of the notes with where it is taught, how well the learner knows it (their quiz
answers), and a "then and now" line where AWS has changed since the notes."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sandbox.scenarios import progress
from sandbox.scenarios.loader import catalogue
from sandbox.tui.safe import Text
from sandbox.workspace.tips_overview import TipsOverview, tips_overview


def tips_text(overview: TipsOverview) -> Text:
    titles = {s.id: s.title for s, _ in overview.scenarios}
    out = Text()
    out.append("From the scenarios\n", style="bold underline")
    for scenario, tip in overview.scenarios:
        out.append("\n")
        out.append(scenario.title, style="bold")
        out.append("\n  " + tip.text + "\n")
        if tip.then_and_now:
            out.append("  Then and now: ", style="bold magenta")
            out.append(tip.then_and_now + "\n")
    section = None
    for status in overview.notes:
        if status.tip.section != section:
            section = status.tip.section
            out.append(f"\nFrom the notes: {section}\n", style="bold underline")
        out.append("\n• ")
        out.append(status.tip.text)
        out.append("\n")
        if status.tip.then_and_now:
            out.append("  Then and now: ", style="bold magenta")
            out.append(status.tip.then_and_now + "\n")
        taught = [titles.get(s, s) for s in status.scenarios] + [f"{p} (planned)" for p in status.planned]
        out.append(f"  Taught in: {', '.join(taught) or 'no scenario yet'}. Quiz: {status.level}.\n", style="dim")
    if overview.problem:
        out.append("\n" + overview.problem + "\n", style="red")
    return out


class TipsScreen(ModalScreen):
    BINDINGS = [Binding("escape,q", "dismiss(None)", "Close", id="tips-close")]

    def __init__(self, scenario_dirs: list[Path] | None = None):
        super().__init__()
        self.scenario_dirs = list(scenario_dirs or [])

    def compose(self) -> ComposeResult:
        scenarios, _errors = catalogue(self.scenario_dirs)
        overview = tips_overview(scenarios, progress.learner_name(None))
        with VerticalScroll(classes="dialog dialog-wide", id="tips"):
            yield Static("Exam tips", classes="dialog-title")
            yield Static(tips_text(overview), id="tips-text")
            yield Static("Esc: close   ↑↓ PgUp PgDn: scroll", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#tips", VerticalScroll).focus()
