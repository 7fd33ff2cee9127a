"""The tips view: every exam tip of the notes, how well this learner knows it (their last
answers and FSRS's estimate of recall), where it is taught (scenarios, questions), and a
key that practises the highlighted tip's questions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from sandbox.paths import asset_path
from sandbox.quiz.model import Reference
from sandbox.quiz.tips import KNOWN, LEARNING, NEEDS_REVIEW, TipStatus
from sandbox.quiz.untrusted import visible
from sandbox.tui import commands
from sandbox.tui.safe import Text

LEVELS = {KNOWN: ("known", "bold green"), LEARNING: ("learning", "yellow"),
          NEEDS_REVIEW: ("review", "bold red")}  # anything else: not asked yet


def level_text(status: TipStatus) -> Text:
    word, style = LEVELS.get(status.level, ("new", "dim"))
    return Text(word, style=style)


class TipsScreen(Screen):
    COMMAND_SCOPE = "quiz-tips"
    BINDINGS = commands.bindings("quiz-tips")
    CSS_PATH = str(asset_path("tui", "quiz.tcss"))

    def __init__(self, statuses: list[TipStatus], ref: Reference, **kwargs):
        super().__init__(**kwargs)
        self.statuses = {s.tip.id: s for s in statuses}
        self.ref = ref

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="quiz-tips"):
            counts = {}
            for s in self.statuses.values():
                word = LEVELS.get(s.level, ("new",))[0]
                counts[word] = counts.get(word, 0) + 1
            summary = ", ".join(f"{counts[w]} {w}" for w in ("known", "learning", "review", "new") if w in counts)
            yield Static(f"Exam tips ({len(self.statuses)}: {summary}). Enter: practise the highlighted tip",
                         classes="pane-title")
            yield DataTable(id="quiz-tips-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="quiz-tip-detail"):
                yield Static("", id="quiz-tip-text")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#quiz-tips-table", DataTable)
        table.add_columns("You", "Qs", "Tip (the whole of it below)")
        for s in self.statuses.values():
            table.add_row(level_text(s), str(len(s.questions)), Text(s.tip.text), key=s.tip.id)
        table.focus()
        self.show_detail()

    def selected(self) -> TipStatus | None:
        table = self.query_one("#quiz-tips-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return self.statuses.get(key)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_practise()

    def show_detail(self) -> None:
        s = self.selected()
        detail = self.query_one("#quiz-tip-text", Static)
        if s is None:
            detail.update("")
            return
        text = Text()
        text.append(s.tip.text + "\n", "bold")
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
        detail.update(text)

    def action_practise(self) -> None:
        s = self.selected()
        if s is not None and s.questions:
            self.dismiss(s.tip.id)
        elif s is not None:
            self.notify("No question asks this tip yet.", severity="warning")

    def action_back(self) -> None:
        self.dismiss(None)
