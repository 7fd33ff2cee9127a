"""Quiz mode's start: choose the mode (practice, exam, review, due, or the tips view), the
topics and how many questions; see how this learner stands. A sitting is the engine's
``Session``; its answers and exams are saved for the learner by the engine, beside the
scenario progress (the same learner name as Learn mode's progress).

The banks load, and questions are drawn (generated ones are asked of the policy engine),
in worker threads that report back by message.
"""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from sandbox.classroom.config import quiz_seed
from sandbox.paths import asset_path
from sandbox.quiz import draw
from sandbox.quiz.generate import GenerationError
from sandbox.quiz.library import Library, load_library
from sandbox.quiz.model import ALL, GENERATED, WRITTEN, Question
from sandbox.quiz.results import LearnerResults, Recorder, Results, ResultsDamaged
from sandbox.quiz.session import DUE, EXAM, MOST, PRACTICE, REVIEW, Session, Summary, default_count, exam_seconds
from sandbox.quiz.stats import Stats, learner_stats
from sandbox.quiz.text import counted
from sandbox.quiz.tips import tip_status
from sandbox.quiz.tomlfile import QuizFileError
from sandbox.quiz.untrusted import visible
from sandbox.scenarios import progress
from sandbox.scenarios.loader import catalogue as scenario_catalogue
from sandbox.scenarios.topics import TOPICS
from sandbox.tui import commands
from sandbox.tui.quiz.result import ResultScreen
from sandbox.tui.quiz.sitting import SittingScreen
from sandbox.tui.quiz.tips import ScenarioTip, TipsScreen
from sandbox.tui.safe import Text
from sandbox.workspace.lessons import own_tip

clock = time.monotonic  # the sittings' clock (tests replace it to freeze the time)
TIPS = "tips"
MODES = (PRACTICE, EXAM, REVIEW, DUE, TIPS)
SOURCES = [("Written and generated", ALL), ("Written questions only", WRITTEN),
           ("Generated from the policy engine", GENERATED)]
BRIEF = {PRACTICE: "feedback after each answer", EXAM: "timed, scored 100-1000", REVIEW: "the questions you missed",
         DUE: "spaced repetition", TIPS: "every exam tip"}
ABOUT = {
    PRACTICE: "Practice: each answer is marked straight away, with why every option is right or wrong; then a "
              "key opens the question's scenario in Learn mode, or its policies in the simulator.",
    EXAM: "Exam: timed (2 minutes a question, as on the associate exams), questions drawn by the domains' "
          "weights, no marks until the end; a scaled score from 100 to 1000, 720 to pass, and the breakdown by "
          "domain and topic.",
    REVIEW: "Review: the questions whose last answer was wrong, most recent first, until you get them right.",
    DUE: "Due: spaced repetition (FSRS). Every question you answer becomes a card; the cards due today come "
         "back, rated by whether you were right and how quickly.",
    TIPS: "Tips: every exam tip of the notes, where it is taught, how well you know it and what AWS has changed "
          "since; then each scenario's own tip. Enter practises a tip, or opens its scenario in Learn mode.",
}
TOPICS_NOTE = "Topics: the ones chosen on the right (Space), or all."


def _now() -> datetime:
    return datetime.now(UTC)


def bank_dirs() -> list[Path]:
    """An instructor's extra banks ($IAM_SANDBOX_QUIZ, as for ``iam-sandbox quiz``)."""
    extra = os.environ.get("IAM_SANDBOX_QUIZ")
    return [Path(extra).expanduser()] if extra else []


class QuizScreen(Screen):
    COMMAND_SCOPE = "quiz"
    BINDINGS = commands.bindings("quiz")
    CSS_PATH = str(asset_path("tui", "quiz.tcss"))

    class Loaded(Message):
        def __init__(self, library: Library | None, error: str = "", scenario_tips: tuple[ScenarioTip, ...] = ()):
            super().__init__()
            self.library = library
            self.error = error
            self.scenario_tips = scenario_tips

    class Drawn(Message):
        def __init__(self, mode: str, questions: list[Question], seed: int, error: str = ""):
            super().__init__()
            self.mode = mode
            self.questions = questions
            self.seed = seed
            self.error = error

    def __init__(self, scenario_dirs: list[Path] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.scenario_dirs = list(scenario_dirs or [])
        self.learner = progress.learner_name(None)
        self.library: Library | None = None
        self.scenario_tips: tuple[ScenarioTip, ...] = ()  # each scenario's own exam tip
        self.tips_wanted = False  # help's t or the palette asked for the tips view before the banks loaded
        self.stats: Stats | None = None
        self.stats_error = ""
        self.drawing = False
        self.lab = None  # a served class (ClassConfig): its quizzes are offered first

    @property
    def subtitle(self) -> str:
        """Whose results these are ("Quiz · learner: sam"; the default name is "learner")."""
        return f"Quiz · learner: {visible(self.learner)}"

    def compose(self) -> ComposeResult:
        self.lab = getattr(self.app, "lab", None)
        yield Header()
        with Horizontal(id="quiz-home"):
            with VerticalScroll(id="quiz-setup"):
                yield Static("Quiz: questions on the exam tips", classes="pane-title")
                yield Label("Mode (Enter starts)")
                yield OptionList(*[Option(Text.assemble(("Class    ", "bold"), plan.title,
                                                        (f"  {plan.count} · {plan.mode}", "dim")), id=f"class-{i}")
                                   for i, plan in enumerate(self.plans)],
                                 *[Option(Text.assemble((f"{m.capitalize():<9}", "bold"), BRIEF[m]), id=m)
                                   for m in MODES], id="quiz-mode")
                with Horizontal(classes="quiz-row"):
                    yield Label("Questions", classes="quiz-label")
                    yield Input(placeholder=str(default_count(PRACTICE)), type="integer", max_length=3, compact=True,
                                id="quiz-count")
                    yield Label("Seed", classes="quiz-label quiz-label-short")
                    yield Input(placeholder="random", type="integer", max_length=9, compact=True, id="quiz-seed")
                with Horizontal(classes="quiz-row"):
                    yield Label("From", classes="quiz-label")
                    yield Select(SOURCES, value=ALL, allow_blank=False, compact=True, id="quiz-source")
                yield Button("Start (Ctrl+S)", variant="primary", compact=True, id="quiz-start")
                yield Static("Loading the question banks…", id="quiz-about")
            with Vertical(id="quiz-topics-pane"):
                yield Static("Topics (Space: choose)", classes="pane-title")
                yield SelectionList[str](id="quiz-topics")
                yield Static("", id="quiz-topic")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.subtitle
        self.query_one("#quiz-mode", OptionList).highlighted = 0
        self.query_one("#quiz-mode", OptionList).focus()
        self.read_stats()
        self.load()

    def on_screen_resume(self) -> None:
        if self.library is not None:
            self.read_stats()
            self.show_mode()

    # -- loading --------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="quiz-load")
    def load(self) -> None:
        try:
            scenarios, _errors = scenario_catalogue(self.scenario_dirs)  # Learn mode reports broken scenario files
            library = load_library(TOPICS, scenarios, bank_dirs())
        except QuizFileError as exc:  # a damaged shipped reference file
            self.post_message(self.Loaded(None, str(exc)))
            return
        own = ((s, own_tip(s)) for s in scenarios)
        self.post_message(self.Loaded(library, scenario_tips=tuple(
            ScenarioTip(s.id, s.title, tip, len(s.steps)) for s, tip in own if tip is not None)))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        if message.library is None:
            self.query_one("#quiz-about", Static).update(Text(message.error, style="bold red"))
            return
        self.library = message.library
        self.scenario_tips = message.scenario_tips
        for e in self.library.errors:
            self.notify(str(e), title="A quiz file was skipped", severity="warning", timeout=10)
        self.show_topics()
        self.show_mode()
        if self.tips_wanted:
            self.tips_wanted = False
            self.open_tips()

    def read_stats(self) -> None:
        try:
            self.stats = learner_stats(Results().learner(self.learner), _now())
            self.stats_error = ""
        except ResultsDamaged as exc:
            self.stats, self.stats_error = None, str(exc)

    def show_topics(self) -> None:
        topics = self.query_one("#quiz-topics", SelectionList)
        chosen = set(topics.selected)
        topics.clear_options()
        by_topic = self.stats.by_topic if self.stats else {}
        # the score first, in a column of its own: a long title is cut at the end, never the score
        scores = {tid: f"{t.correct}/{t.total}" for tid, t in by_topic.items()}
        room = max(map(len, scores.values()), default=0)
        for tid, title in self.library.ref.topics.items():
            prompt = Text()
            if room:
                t = by_topic.get(tid)
                style = "" if t is None else "bold green" if t.correct == t.total else "bold yellow"
                prompt.append(scores.get(tid, "").rjust(room) + "  ", style)
            prompt.append(f"{tid} {title}")
            topics.add_option(Selection(prompt, tid, tid in chosen))
        if topics.option_count and topics.highlighted is None:
            topics.highlighted = 0
        self.show_topic()

    @on(SelectionList.SelectionHighlighted, "#quiz-topics")
    def show_topic(self) -> None:
        """The highlighted topic in full (the list cuts long titles short)."""
        topics = self.query_one("#quiz-topics", SelectionList)
        index = topics.highlighted
        if index is None or self.library is None:
            self.query_one("#quiz-topic", Static).update("")
            return
        tid = topics.get_option_at_index(index).value
        text = Text.assemble((f"{tid} ", "bold"), self.library.ref.topics.get(tid, ""))
        tally = self.stats.by_topic.get(tid) if self.stats else None
        if tally is not None:
            text.append(f" (you: {tally.correct} of {tally.total} right the last time)", "italic")
        self.query_one("#quiz-topic", Static).update(text)

    # -- the choice -------------------------------------------------------------------------------

    @property
    def plans(self) -> tuple:
        return self.lab.quizzes if self.lab is not None else ()

    def plan(self):
        """The class quiz highlighted, or None for one of the modes."""
        index = self.query_one("#quiz-mode", OptionList).highlighted or 0
        return self.plans[index] if index < len(self.plans) else None

    def mode(self) -> str:
        index = self.query_one("#quiz-mode", OptionList).highlighted or 0
        plan = self.plan()
        return plan.mode if plan is not None else MODES[index - len(self.plans)]

    @on(OptionList.OptionHighlighted, "#quiz-mode")
    def show_mode(self) -> None:
        mode, plan = self.mode(), self.plan()
        count = self.query_one("#quiz-count", Input)
        count.placeholder = str(plan.count if plan is not None else default_count(mode))
        for widget in self.query("#quiz-count, #quiz-seed, #quiz-source, #quiz-topics"):
            widget.disabled = mode == TIPS or plan is not None or (
                mode in (REVIEW, DUE) and widget.id in ("quiz-seed", "quiz-source"))
        about = self.standing(mode)
        if plan is not None:
            topics = ", ".join(plan.topics) if plan.topics else "every topic"
            about.append(f"\n\nYour class's quiz: {plan.count} questions on {topics}, the same questions for "
                         f"everyone in the class. " + ABOUT[plan.mode])
        else:
            about.append("\n\n" + ABOUT[mode] + ("" if mode == TIPS else " " + TOPICS_NOTE))
        self.query_one("#quiz-about", Static).update(about)

    def standing(self, mode: str) -> Text:
        text = Text()
        text.append("Learner: ", "bold")
        text.append(visible(self.learner))
        text.append(" (results kept beside your scenario progress)\n")
        if self.stats_error:
            text.append(self.stats_error, "bold red")
            return text
        s = self.stats
        if s is None or not s.answers:
            text.append("Nothing answered yet.")
            return text
        # every question ever answered, each by its latest answer (not the last sitting's)
        text.append(f"{counted(s.questions, 'question')} answered so far, {s.right_now} of them right when last "
                    "answered. ")
        missed = s.questions - s.right_now
        if mode == REVIEW:
            text.append(f"{missed} to review. ", "bold")
        text.append(f"{counted(s.cards, 'card')}, {s.due_today} due today.", "bold" if mode == DUE else "")
        if s.exams:
            last = s.exams[-1]
            text.append(f" Last exam: {last.get('score', '?')} ({'pass' if last.get('passed') else 'fail'}).")
        return text

    @on(OptionList.OptionSelected, "#quiz-mode")
    @on(Input.Submitted)
    @on(Button.Pressed, "#quiz-start")
    def action_start(self) -> None:
        if self.library is None:
            self.notify("The question banks are still loading.")
            return
        mode, plan = self.mode(), self.plan()
        if plan is not None:
            self.begin_draw(plan.mode, plan.count, quiz_seed(self.lab.seed, plan.id), plan.topic_set,
                            None, ALL)
            return
        if mode == TIPS:
            self.action_tips()
            return
        try:
            count = self.number("#quiz-count", default_count(mode), 1, MOST, "Questions")
            seed = self.number("#quiz-seed", None, 0, 999_999_999, "Seed")
        except ValueError as exc:
            self.query_one("#quiz-about", Static).update(Text(str(exc), style="bold red"))
            return
        topics = set(self.query_one("#quiz-topics", SelectionList).selected) or None
        source = self.query_one("#quiz-source", Select).value
        self.begin_draw(mode, count, seed, topics, None, source if isinstance(source, str) else ALL)

    def number(self, selector: str, default: int | None, low: int, high: int, name: str) -> int | None:
        value = self.query_one(selector, Input).value.strip()
        if not value:
            return default
        if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
            raise ValueError(f"{name} must be a whole number from {low} to {high}.")
        return int(value)

    # -- a sitting --------------------------------------------------------------------------------

    def begin_draw(self, mode: str, count: int, seed: int | None, topics: set[str] | None, tips: set[str] | None,
                   source: str = ALL) -> None:
        if self.drawing:
            return
        self.drawing = True
        seed = seed if seed is not None else random.SystemRandom().randrange(10**6)
        self.query_one("#quiz-about", Static).update("Choosing the questions…")
        self.draw(mode, count, seed, topics, tips, source)

    @work(thread=True, exclusive=True, group="quiz-draw")
    def draw(self, mode: str, count: int, seed: int, topics: set[str] | None, tips: set[str] | None,
             source: str) -> None:
        library = self.library
        assert library is not None
        try:
            mine = Results().learner(self.learner) if mode in (REVIEW, DUE) else None
            questions = draw.for_mode(mode, library.written, random.Random(seed), count, library.ref.domains, mine,
                                      _now(), topics, tips, source)
        except ResultsDamaged as exc:
            self.post_message(self.Drawn(mode, [], seed, str(exc)))
            return
        except GenerationError as exc:  # a generator bug: say so plainly rather than fail
            self.post_message(self.Drawn(mode, [], seed, f"Could not generate a verified question ({exc}); please "
                                                         f"report it with the seed {seed}."))
            return
        self.post_message(self.Drawn(mode, questions, seed))

    @on(Drawn)
    def drawn(self, message: Drawn) -> None:
        self.drawing = False
        self.show_mode()
        if message.error:
            self.notify(message.error, title="No quiz", severity="error", timeout=10)
        elif not message.questions:
            self.notify(self.nothing(message.mode), title="No quiz", timeout=8)
        else:
            self.begin(message.mode, message.questions, message.seed)

    def nothing(self, mode: str) -> str:
        if mode == REVIEW:
            return "Nothing to review: no question you answered is wrong the last time. Practise first."
        if mode == DUE:
            upcoming = draw.next_due(Results().learner(self.learner).cards)
            if upcoming is None:
                return "No cards yet: every question you answer becomes a card. Practise first."
            return f"Nothing is due today. The next card is due {upcoming.astimezone().strftime('%Y-%m-%d %H:%M')}."
        return "No question matches these choices."

    def begin(self, mode: str, questions: list[Question], seed: int | None) -> None:
        limit = exam_seconds(len(questions)) if mode == EXAM else None
        recorder = Recorder(Results(), self.learner, mode, self.not_saved)
        session = Session(questions, mode, seed, limit, clock=lambda: clock(), on_answer=recorder)
        screen = SittingScreen(session, self.library.ref, recorder)
        screen.sub_title = self.subtitle + (f" · seed {seed}" if seed is not None else "")
        self.app.push_screen(screen, lambda summary: self.finished(session, summary))

    def not_saved(self, problem: str) -> None:
        self.notify(problem, title="Quiz results", severity="warning", timeout=10)

    def finished(self, session: Session, summary: Summary | None) -> None:
        if summary is None:
            return
        self.read_stats()
        if self.library is not None:
            self.show_topics()
        wrong = set(summary.missed) | (set(summary.unanswered) if summary.mode == EXAM else set())
        missed = [q for q in session.questions if q.id in wrong]
        screen = ResultScreen(summary, self.library.ref, missed)
        screen.sub_title = self.subtitle
        self.app.push_screen(screen, lambda again: self.begin(REVIEW, again, None) if again else None)

    # -- tips -------------------------------------------------------------------------------------

    def open_tips(self) -> None:
        """The tips view for help's t and the palette: now, or as soon as the banks have loaded."""
        top = self.app.screen
        if isinstance(top, TipsScreen):
            return
        if top is not self:
            self.notify("The exam tips open from the quiz's start: end this sitting or close its result first.")
        elif self.library is None:
            self.tips_wanted = True
        else:
            self.action_tips()

    def action_tips(self) -> None:
        if self.library is None:
            self.notify("The question banks are still loading.")
            return
        try:
            mine = Results().learner(self.learner)
        except ResultsDamaged as exc:  # the tips still show, as not asked yet
            self.notify(str(exc), title="Quiz results", severity="error", timeout=10)
            mine = LearnerResults()
        statuses = tip_status(self.library.ref, self.library.written, mine, _now())
        records = progress.load()["learners"].get(self.learner, {})
        screen = TipsScreen(statuses, self.library.ref, list(self.scenario_tips), records)
        screen.sub_title = self.subtitle
        self.app.push_screen(screen, self.practise_tip)

    def practise_tip(self, tip: str | None) -> None:
        if tip is not None:
            self.begin_draw(PRACTICE, default_count(PRACTICE), None, None, {tip})
