"""The exam tips view (Quiz mode's Tips; help's ``t`` and the palette open it too): every
exam tip of the notes, how well this learner knows it (their last answers and FSRS's
estimate of recall), where it is taught (scenarios, questions) and what AWS has changed
since the notes; then each scenario's own tip, with how far the learner is through that
scenario. Enter practises the highlighted tip's questions, or opens its scenario in Learn."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from sandbox.paths import asset_path
from sandbox.quiz.model import Reference
from sandbox.quiz.tips import KNOWN, LEARNING, NEEDS_REVIEW, TipStatus
from sandbox.quiz.untrusted import visible
from sandbox.tui import commands
from sandbox.tui.messages import OpenScenario
from sandbox.tui.safe import Text
from sandbox.tui.tables import WrapTable
from sandbox.workspace.lessons import TipLine

LEVELS = {KNOWN: ("known", "bold green"), LEARNING: ("learning", "yellow"),
          NEEDS_REVIEW: ("review", "bold red")}  # anything else: not asked yet
SCENARIO_KEY = "scenario:"  # a scenario's row (a scenario may share its id with a tip of the notes)


@dataclass(frozen=True, slots=True)
class ScenarioTip:
    """A scenario's own exam tip: the scenario teaches it."""

    id: str
    title: str
    tip: TipLine
    steps: int


def level_text(status: TipStatus) -> Text:
    word, style = LEVELS.get(status.level, ("new", "dim"))
    return Text(word, style=style)


def tried_text(record: dict | None) -> Text:
    """How far the learner is through a scenario (their Learn mode progress record)."""
    if not record:
        return Text("new", style="dim")
    return Text("done", style="bold green") if record.get("finished") else Text("started", style="yellow")


def then_and_now(text: Text, line: str) -> None:
    if line:
        text.append("Then and now: ", "bold magenta")
        text.append(line + "\n")


class TipsScreen(Screen):
    COMMAND_SCOPE = "quiz-tips"
    BINDINGS = commands.bindings("quiz-tips")
    CSS_PATH = str(asset_path("tui", "quiz.tcss"))

    def __init__(self, statuses: list[TipStatus], ref: Reference, scenario_tips: list[ScenarioTip] | None = None,
                 records: dict | None = None, **kwargs):
        """``records``: this learner's Learn mode progress, by scenario id."""
        super().__init__(**kwargs)
        self.statuses = {s.tip.id: s for s in statuses}
        self.ref = ref
        self.scenario_tips = {SCENARIO_KEY + s.id: s for s in scenario_tips or ()}
        self.records = records or {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="quiz-tips"):
            counts = {}
            for s in self.statuses.values():
                word = LEVELS.get(s.level, ("new",))[0]
                counts[word] = counts.get(word, 0) + 1
            summary = ", ".join(f"{counts[w]} {w}" for w in ("known", "learning", "review", "new") if w in counts)
            yield Static(f"Exam tips: {len(self.statuses)} of the notes ({summary}), then "
                         f"{len(self.scenario_tips)} of the scenarios", classes="pane-title")
            yield WrapTable(id="quiz-tips-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="quiz-tip-detail"):
                yield Static("", id="quiz-tip-text")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#quiz-tips-table", WrapTable)
        rows = [(s.tip.id, [level_text(s), str(len(s.questions)), Text(s.tip.text)]) for s in self.statuses.values()]
        rows += [(key, [tried_text(self.records.get(s.id)), "", Text.assemble((visible(s.title), "bold"), ": ",
                                                                             s.tip.text)])
                 for key, s in self.scenario_tips.items()]
        table.show(["You", "Qs", "Tip"], rows)
        table.focus()
        self.show_detail()

    def selected_key(self) -> str | None:
        table = self.query_one("#quiz-tips-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def selected(self) -> TipStatus | None:
        """The highlighted tip of the notes (None on a scenario's tip)."""
        return self.statuses.get(self.selected_key())

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_practise()

    def show_detail(self) -> None:
        key = self.selected_key()
        detail = self.query_one("#quiz-tip-text", Static)
        if key in self.scenario_tips:
            detail.update(self.scenario_detail(self.scenario_tips[key]))
        elif key in self.statuses:
            detail.update(self.notes_detail(self.statuses[key]))
        else:
            detail.update("")
        self.query_one("#quiz-tip-detail", VerticalScroll).scroll_home(animate=False)

    def notes_detail(self, s: TipStatus) -> Text:
        text = Text()
        then_and_now(text, s.tip.then_and_now)
        text.append(f"{s.tip.section}; the notes, line {s.tip.line}; topics ", "italic")
        text.append(", ".join(f"{t} {self.ref.topics.get(t, '')}" for t in s.tip.topics) + "\n", "italic")
        taught = [self.ref.scenarios[i].title if i in self.ref.scenarios else i for i in s.scenarios]
        taught += [f"{p} (planned)" for p in s.planned]
        text.append("Taught in: ", "bold")
        text.append(", ".join(visible(t) for t in taught) or "no scenario yet")
        text.append(f"\nAsked by {len(s.questions)} question{'s' if len(s.questions) != 1 else ''}. ")
        text.append("You: ", "bold")
        text.append_text(level_text(s))
        if s.answered:
            text.append(f" ({s.right} of {s.answered} answered right")
            text.append(f", recall {round(100 * s.recall)}%)" if s.recall is not None else ")")
        text.append("\nEnter: practise this tip's questions.", "dim")
        return text

    def scenario_detail(self, s: ScenarioTip) -> Text:
        text = Text()
        then_and_now(text, s.tip.then_and_now)
        text.append("From the scenario: ", "bold")
        text.append(visible(s.title))
        record = self.records.get(s.id)
        text.append(". You: ", "bold")
        text.append_text(tried_text(record))
        if record and not record.get("finished"):
            text.append(f" ({record.get('steps_done', 0)} of {s.steps} steps)")
        text.append("\nEnter: the scenario in Learn mode.", "dim")
        return text

    def action_practise(self) -> None:
        key = self.selected_key()
        if key in self.scenario_tips:
            self.post_message(OpenScenario(self.scenario_tips[key].id))
            return
        s = self.selected()
        if s is not None and s.questions:
            self.dismiss(s.tip.id)
        elif s is not None:
            self.notify("No question asks this tip yet.", severity="warning")

    def action_back(self) -> None:
        self.dismiss(None)
