"""The end of a sitting: an exam's scaled score (100-1000, 720 to pass), how many were
right, the breakdown by exam domain and by topic, and the questions missed, which a key
asks again straight away."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from sandbox.paths import asset_path
from sandbox.quiz.model import Question, Reference
from sandbox.quiz.scoring import HIGHEST, LOWEST, PASS_MARK, Tally
from sandbox.quiz.session import EXAM, Summary
from sandbox.quiz.text import clock_text
from sandbox.quiz.untrusted import visible
from sandbox.tui import commands
from sandbox.tui.safe import Text

BAR = 30  # characters of the score bar


def score_bar(score: int) -> Text:
    """The score on a bar from 100 to 1000, with the pass mark shown."""
    filled = round(BAR * (score - LOWEST) / (HIGHEST - LOWEST))
    mark = round(BAR * (PASS_MARK - LOWEST) / (HIGHEST - LOWEST))
    bar = Text()
    for i in range(BAR):
        if i == mark:
            bar.append("│", "bold")
        bar.append("█" if i < filled else "░", "green" if score >= PASS_MARK else "red")
    return Text.assemble(f"{LOWEST} ", bar, f" {HIGHEST}")


def tallies(title: str, rows: dict[str, Tally], names: dict[str, str]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=None, padding=(0, 1), expand=True,
                  show_header=False)
    table.add_column("", no_wrap=True)
    table.add_column("", ratio=1)
    table.add_column("Right", justify="right", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    for key, t in rows.items():
        style = "green" if t.correct == t.total else ("red" if t.correct * 2 < t.total else "")
        table.add_row(key, visible(names.get(key, "")), f"{t.correct}/{t.total} right", Text(f"{t.percent}%", style))
    return table


def headline(s: Summary) -> Text:
    text = Text()
    if s.mode == EXAM:
        text.append(f"Exam result: {s.score} of {HIGHEST}  ", "bold")
        text.append(" PASS " if s.passed else " FAIL ", "bold reverse green" if s.passed else "bold reverse red")
        text.append(f"  ({PASS_MARK} to pass)\n")
        text.append_text(score_bar(s.score or LOWEST))
        text.append(f"\n{s.correct} of {s.total} right in {clock_text(s.seconds)}.")
        if s.timed_out:
            text.append(" Time ran out: the questions not answered count as wrong.", "bold yellow")
        elif s.unanswered:
            text.append(f" {len(s.unanswered)} not answered (they count as wrong).")
    else:
        text.append(f"You answered {s.answered} of {s.total}: {s.correct} right.", "bold")
        if s.unanswered:
            text.append(f" {len(s.unanswered)} not answered.")
    return text


class ResultScreen(Screen):
    COMMAND_SCOPE = "quiz-result"
    BINDINGS = commands.bindings("quiz-result")
    CSS_PATH = str(asset_path("tui", "quiz.tcss"))

    def __init__(self, summary: Summary, ref: Reference, missed: list[Question], **kwargs):
        super().__init__(**kwargs)
        self.summary = summary
        self.ref = ref
        self.missed = missed

    def compose(self) -> ComposeResult:
        s = self.summary
        domains = {d: x.title for d, x in self.ref.domains.items()}
        parts: list = [headline(s)]
        if s.by_domain:
            parts += [Text(""), tallies("By exam domain", s.by_domain, domains)]
        if s.by_topic:
            parts += [Text(""), tallies("By topic", s.by_topic, self.ref.topics)]
        if self.missed:
            missed = Text("\nMissed", style="bold")
            missed.append(" (r asks them again now; Review mode keeps them until you get them right):\n", "italic")
            for q in self.missed:
                first = q.prompt.strip().splitlines()[0] if q.prompt.strip() else q.id
                missed.append(f"  • {first}\n")
            parts.append(missed)
        yield Header()
        with VerticalScroll(id="quiz-result"):
            yield Static(Group(*parts), id="quiz-result-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#quiz-result", VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.missed) if action == "review" else True

    def action_done(self) -> None:
        self.dismiss(None)

    def action_review(self) -> None:
        if self.missed:
            self.dismiss(self.missed)
