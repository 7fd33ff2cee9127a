"""A sitting, question by question, over the engine's ``Session``: the question, the answer
pad, and (except in an exam) the marking straight after each answer, with every option's
explanation, the then-and-now note, the engine's explanation of a generated question, and
keys that open the question's scenario in Learn mode or its policies in the simulator.

An exam shows the time left and ends itself when the time is up. The screen dismisses
itself with the sitting's ``Summary``; the quiz's start screen shows the result.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from sandbox.paths import asset_path
from sandbox.quiz.answers import AnswerError, Outcome, Presented
from sandbox.quiz.model import Reference
from sandbox.quiz.results import Recorder
from sandbox.quiz.session import EXAM, Session
from sandbox.quiz.text import clock_text
from sandbox.quiz.untrusted import visible
from sandbox.tui import commands
from sandbox.tui.forms import ConfirmScreen
from sandbox.tui.messages import OpenScenario, SimulateRequest
from sandbox.tui.quiz.pad import KEY_HELP, AnswerPad, hint
from sandbox.tui.safe import Text

ASKING, MARKED = "asking", "marked"
LINK_ACTIONS = ("scenario", "simulate")  # the keys that need an answered question with a link


class SittingScreen(Screen):
    COMMAND_SCOPE = "quiz-sitting"
    BINDINGS = commands.bindings("quiz-sitting")
    CSS_PATH = str(asset_path("tui", "quiz.tcss"))
    KEY_HELP = KEY_HELP

    def __init__(self, session: Session, ref: Reference, recorder: Recorder, **kwargs):
        super().__init__(**kwargs)
        self.session = session
        self.ref = ref
        self.recorder = recorder
        self.presented: Presented | None = None
        self.pad: AnswerPad | None = None  # the current question's
        self.state = ASKING
        self.number = 0  # of the question on screen, from 1
        self.right = 0  # answers marked right so far (modes with feedback)
        self._ended = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="quiz-status")
        with VerticalScroll(id="quiz-body"):
            yield Static("", id="quiz-prompt")
            yield Static("", id="quiz-verdict")
            yield Static("", id="quiz-problem")
            yield Static("", id="quiz-feedback")
        yield Footer()

    def on_mount(self) -> None:
        if self.session.time_limit is not None:
            self.set_interval(1, self.tick)
        self.show_next()

    # -- the question on screen -----------------------------------------------------------------

    def show_next(self) -> None:
        presented = self.session.next()
        if presented is None:
            self.end()
            return
        self.presented = presented
        self.number = self.session.index + 1
        self.state = ASKING
        q = presented.question
        self.query_one("#quiz-prompt", Static).update(Text(q.prompt))
        self.query_one("#quiz-verdict", Static).update(Text(hint(presented), style="italic"))
        self.complain("")
        self.query_one("#quiz-feedback", Static).update("")
        if self.pad is not None:
            self.pad.remove()
        self.pad = AnswerPad(presented)
        self.query_one("#quiz-body", VerticalScroll).mount(self.pad, after="#quiz-verdict")
        self.pad.focus()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.show_status()
        self.refresh_bindings()

    def show_status(self) -> None:
        s = self.session
        status = Text()
        status.append(f"{s.mode.capitalize()} · question {self.number}/{s.total}", "bold")
        if self.presented is not None:
            q = self.presented.question
            status.append(f" · {' '.join(q.topics)} · {q.domain} · {q.difficulty}")
        if s.feedback and s.index:
            answered = sum(1 for a in s.answered if a.answer is not None)
            status.append(f" · {self.right}/{answered} right")  # of those answered, as the result counts
            if answered < s.index:
                status.append(f" · {s.index - answered} skipped")
        left = s.time_left()
        if left is not None:
            status.append(f" · time left {clock_text(left)}", "bold yellow" if left < 60 else "bold")
        self.query_one("#quiz-status", Static).update(status)

    def tick(self) -> None:
        if self._ended:
            return
        self.show_status()
        if self.session.expired and self.app.screen is self:  # else when the learner comes back (on_screen_resume)
            self.notify("Time is up: the questions not answered count as wrong.", title="Exam", timeout=8)
            self.end()

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.session.time_limit is not None:
            self.tick()

    # -- answering ------------------------------------------------------------------------------

    def complain(self, problem: str) -> None:
        """Why the answer cannot be marked (an empty string clears it)."""
        widget = self.query_one("#quiz-problem", Static)
        widget.update(Text(problem, style="bold red"))
        widget.display = bool(problem)
        if problem:  # below the fold in a small window (a matching question at 80x24) it would go unseen
            self.call_after_refresh(widget.scroll_visible, animate=False)

    @on(AnswerPad.Changed)
    def _clear_problem(self) -> None:
        self.complain("")

    def action_answer(self) -> None:
        if self.state == MARKED:
            self.show_next()
            return
        pad = self.pad
        if pad is None:
            return
        problem = pad.problem()
        if problem is not None:
            self.complain(problem)
            return
        try:
            outcome = self.session.submit(pad.answer_text())
        except AnswerError as exc:  # the pad's checks should have caught it: say it as the engine does
            self.complain(str(exc))
            return
        if outcome is None:
            self.notify("Time is up: that answer came too late to count.", title="Exam", timeout=8)
            self.end()
        elif self.session.feedback:
            self.show_marking(pad, outcome)
        else:
            self.show_next()

    def show_marking(self, pad: AnswerPad, outcome: Outcome) -> None:
        self.state = MARKED
        self.right += int(outcome.correct)
        verdict = Text("✓ Correct." if outcome.correct else f"✗ Not quite. The answer is {outcome.expected}.",
                       style="bold green" if outcome.correct else "bold red")
        self.query_one("#quiz-verdict", Static).update(verdict)
        pad.mark(outcome)
        self.query_one("#quiz-feedback", Static).update(self.feedback_text(outcome))
        body = self.query_one("#quiz-body", VerticalScroll)
        body.focus()
        self.call_after_refresh(lambda: self.query_one("#quiz-verdict").scroll_visible(top=True, animate=False))
        self.show_status()
        self.refresh_bindings()

    def feedback_text(self, outcome: Outcome) -> Text:
        q = self.presented.question if self.presented else None
        text = Text()
        if outcome.explanation:
            text.append(outcome.explanation + "\n\n")
        if outcome.then_and_now:
            text.append("Then and now: ", "bold")
            text.append(outcome.then_and_now + "\n\n")
        if q is not None and q.scenario:
            if q.scenario in self.ref.scenarios:
                text.append("l", "bold reverse")
                text.append(f" Try it: the scenario “{visible(self.ref.scenarios[q.scenario].title)}” in Learn mode\n")
            else:
                text.append(f"The scenario {q.scenario} that will teach this is planned, not in this version yet.\n",
                            "italic")
        if q is not None and q.simulation:
            text.append("p", "bold reverse")
            text.append(" Simulate it: these policies and this request in the policy simulator\n")
        text.append("Enter", "bold reverse")
        text.append(" next question" if self.session.index < self.session.total else " see the result")
        return text

    def action_skip(self) -> None:
        if self.state == ASKING:
            self.session.skip()
            self.show_next()

    # -- leaving the question for the sandbox ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        q = self.presented.question if self.presented else None
        if action == "skip":
            return self.state == ASKING
        if action == "scenario":
            return self.state == MARKED and q is not None and q.scenario in self.ref.scenarios
        if action == "simulate":
            return self.state == MARKED and q is not None and bool(q.simulation)
        return True

    def action_scenario(self) -> None:
        if self.check_action("scenario", ()):
            self.post_message(OpenScenario(self.presented.question.scenario))

    def action_simulate(self) -> None:
        if self.check_action("simulate", ()):
            self.post_message(SimulateRequest(self.presented.question.simulation))

    # -- the end --------------------------------------------------------------------------------

    def action_end(self) -> None:
        if self.session.mode == EXAM:
            question = "End the exam now? The questions not answered count as wrong."
        else:
            question = "End this sitting now and see the result?"
        self.app.push_screen(ConfirmScreen(question, lambda: True, "End"),
                             lambda ended: self.end() if ended else None)

    def end(self) -> None:
        if self._ended:
            return
        self._ended = True
        summary = self.session.finish()
        if summary.mode == EXAM:
            self.recorder.exam(summary)
        self.dismiss(summary)
