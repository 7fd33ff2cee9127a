"""Quiz mode in the app, driven from the keyboard as a learner would: practice with the
marking of a right and a wrong answer (every option's explanation), the keys that open the
question's scenario in Learn mode and its policies in the simulator, an exam with its timer,
scaled score and breakdown, review of what was missed, the tips view, and answers of every
kind typed on the answer pad."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from rich.console import Console
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Input, OptionList, Static

from quizhelp import FakeClock, answer, footer_ready, keys_for, open_quiz, start
from sandbox.quiz.answers import Presented, grade, parse_answer
from sandbox.quiz.model import MATCH, ORDER
from sandbox.quiz.results import Results
from sandbox.quiz.scoring import scaled_score
from sandbox.tui.quiz.pad import AnswerPad, PadRow
from tuihelp import make_app, press_button, until

pytestmark = pytest.mark.tui


@pytest.fixture(autouse=True)
def learner(tmp_path, monkeypatch):
    """Results in a fresh data directory, under a known learner name."""
    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("IAM_SANDBOX_LEARNER", "sam")
    monkeypatch.delenv("IAM_SANDBOX_QUIZ", raising=False)
    return "sam"


def text_of(widget) -> str:
    """What a widget shows, as plain text, lines unwrapped (a Static, or the pad's rows)."""
    if not isinstance(widget, Static):
        return "\n".join(text_of(s) for s in widget.query(Static))
    content = widget.content
    if isinstance(content, (str, Text)):
        return str(content)
    console = Console(width=400, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


def pad_text(screen) -> str:
    return text_of(screen.pad)


def test_practice_marks_a_right_and_a_wrong_answer_with_every_explanation():
    async def go():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            sitting = await start(pilot, count=2, seed=11)
            q = sitting.presented.question
            assert "question 1/2" in text_of(sitting.query_one("#quiz-status"))
            assert q.prompt.splitlines()[0] in text_of(sitting.query_one("#quiz-prompt"))
            assert "Why" not in pad_text(sitting) and q.options[0].why not in pad_text(sitting)  # not before

            await answer(pilot, right=True)
            assert text_of(sitting.query_one("#quiz-verdict")) == "✓ Correct."
            shown = pad_text(sitting)
            for option in q.options:  # every option, right or wrong, with its own explanation
                assert option.text.splitlines()[0] in shown and option.why.split()[0] in shown
            feedback = text_of(sitting.query_one("#quiz-feedback"))
            if q.then_and_now:
                assert "Then and now: " + q.then_and_now[:30] in feedback
            assert "Enter next question" in feedback

            await pilot.press("enter")
            await until(pilot, lambda: sitting.number == 2, what="the second question")
            second = sitting.presented
            await answer(pilot, right=False)
            verdict = text_of(sitting.query_one("#quiz-verdict"))
            assert verdict.startswith("✗ Not quite. The answer is ")
            expected = verdict.removeprefix("✗ Not quite. The answer is ").rstrip(".")
            assert grade(second, parse_answer(second, expected)).correct  # it names the right answer, as typed
            assert "← your answer" in pad_text(sitting) or second.question.kind in (ORDER, MATCH)
            assert "1/2 right" in text_of(sitting.query_one("#quiz-status"))
            assert "skipped" not in text_of(sitting.query_one("#quiz-status"))

            await pilot.press("enter")  # the result
            from sandbox.tui.quiz.result import ResultScreen

            await until(pilot, lambda: isinstance(app.screen, ResultScreen), what="the result")
            result = text_of(app.screen.query_one("#quiz-result-text"))
            assert "You answered 2 of 2: 1 right." in result and "By topic" in result
            assert second.question.prompt.strip().splitlines()[0] in result  # the missed question is listed

            mine = Results().learner("sam")  # saved for the learner, beside the scenario progress
            assert [(a["q"], a["correct"]) for a in mine.answers] == [(q.id, True), (second.question.id, False)]
            assert mine.missed() == [second.question.id]

            await pilot.press("r")  # ask the missed one again now
            from sandbox.tui.quiz.sitting import SittingScreen

            await until(pilot, lambda: isinstance(app.screen, SittingScreen), what="the review")
            assert app.screen.session.mode == "review" and app.screen.presented.question.id == second.question.id
            await answer(pilot, right=True)
            assert text_of(app.screen.query_one("#quiz-verdict")) == "✓ Correct."
            assert Results().learner("sam").missed() == []

    asyncio.run(go())


def test_a_missed_question_opens_its_scenario_in_learn_mode():
    from sandbox.tui.learn import LearnScreen

    async def go():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            home = await open_quiz(pilot)
            shipped = set(home.library.ref.scenarios)
            sitting = await start(pilot, count=5, seed=3, topics=("T05",))
            while sitting.presented.question.scenario not in shipped:  # a question whose scenario ships
                assert sitting.number < 5, "no question links a shipped scenario"
                await pilot.press("s")
            q = sitting.presented.question
            assert sitting.check_action("scenario", ()) is False  # not before the answer
            await answer(pilot, right=False)
            title = home.library.ref.scenarios[q.scenario].title
            assert f"Try it: the scenario “{title}” in Learn mode" in text_of(sitting.query_one("#quiz-feedback"))
            await pilot.press("l")
            await until(pilot, lambda: isinstance(app.screen, LearnScreen) and app.screen.selected() is not None
                        and app.screen.selected().id == q.scenario, what="the scenario selected in Learn mode")
            await pilot.press("f9")  # back to the same question, still marked
            await until(pilot, lambda: app.screen is sitting, what="the sitting again")
            assert text_of(sitting.query_one("#quiz-verdict")).startswith("✗ Not quite.")

    asyncio.run(go())


def test_a_generated_question_opens_the_simulator_which_agrees_with_the_marking():
    from sandbox.tui.simulator import SimulatorScreen

    async def go():
        app = make_app()
        async with app.run_test(size=(140, 45)) as pilot:
            sitting = await start(pilot, count=1, seed=5, source="generated", topics=("T31",))
            q = sitting.presented.question
            assert q.simulation and q.id.startswith(("gen-decision-", "gen-statement-"))
            await answer(pilot, right=True)
            assert text_of(sitting.query_one("#quiz-verdict")) == "✓ Correct."
            feedback = text_of(sitting.query_one("#quiz-feedback"))
            assert q.explanation.splitlines()[0][:40] in feedback  # the engine's explanation of the decision
            await pilot.press("p")
            await until(pilot, lambda: isinstance(app.screen, SimulatorScreen), what="the simulator")
            sim = app.screen
            await until(pilot, lambda: sim.query("#sim-policy") and sim.query_one("#sim-actions", Input).value,
                        what="the request in the form")
            request = json.loads(q.simulation)
            assert sim._request()["PolicyInputList"] == [json.dumps(json.loads(d), indent=4)
                                                         for d in request["PolicyInputList"]]
            assert sim.query_one("#sim-actions", Input).value == " ".join(request["ActionNames"])
            await pilot.press("ctrl+r")
            table = sim.query_one("#sim-table", DataTable)
            await until(pilot, lambda: table.row_count == 1, what="the simulation")
            decision = str(table.get_row_at(0)[1])
            if q.id.startswith("gen-decision-"):
                right = next(o.text for o in q.options if o.correct)
                word = {"allowed": "Allowed", "implicitDeny": "implicit deny", "explicitDeny": "explicit deny"}
                assert word[decision] in right  # the simulator decides as the quiz marked
            else:
                assert decision in ("allowed", "explicitDeny", "implicitDeny")

    asyncio.run(go())


def test_exam_shows_the_time_left_and_ends_with_the_scaled_score_and_breakdown(monkeypatch):
    from sandbox.tui.quiz import home as quiz_home
    from sandbox.tui.quiz.result import ResultScreen

    fake = FakeClock()
    monkeypatch.setattr(quiz_home, "clock", fake)

    async def go():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            sitting = await start(pilot, mode="exam", count=4, seed=21)
            assert sitting.session.time_limit == 8 * 60  # two minutes a question
            assert "time left 8:00" in text_of(sitting.query_one("#quiz-status"))
            fake.now += 75
            sitting.tick()
            assert "time left 6:45" in text_of(sitting.query_one("#quiz-status"))
            results = [True, False, True, True]
            for right in results:
                await answer(pilot, right)
                if not isinstance(app.screen, ResultScreen):  # no marking in an exam
                    assert text_of(sitting.query_one("#quiz-feedback")) == ""
            await until(pilot, lambda: isinstance(app.screen, ResultScreen), what="the result")
            result = text_of(app.screen.query_one("#quiz-result-text"))
            score = scaled_score(3, 4)
            assert f"Exam result: {score} of 1000" in result and "PASS" in result and "(720 to pass)" in result
            assert "3 of 4 right in 1:15" in result
            assert "By exam domain" in result and "By topic" in result
            exams = Results().learner("sam").exams
            assert [(e["score"], e["passed"], e["correct"], e["total"]) for e in exams] == [(score, True, 3, 4)]

    asyncio.run(go())


def test_an_exam_ends_itself_when_the_time_is_up(monkeypatch):
    from sandbox.tui.quiz import home as quiz_home
    from sandbox.tui.quiz.result import ResultScreen

    fake = FakeClock()
    monkeypatch.setattr(quiz_home, "clock", fake)

    async def go():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            sitting = await start(pilot, mode="exam", count=3, seed=4)
            await answer(pilot, right=True)
            await pilot.press("f2")  # the learner looks at the console while the time runs out
            await until(pilot, lambda: app.current_mode == "console", what="the console")
            fake.now += 6 * 60 + 1
            sitting.tick()
            await pilot.pause()
            assert app.current_mode == "console" and not sitting.session.answered[1:]
            await pilot.press("f9")  # back: the exam is over
            await until(pilot, lambda: isinstance(app.screen, ResultScreen), what="the result")
            result = text_of(app.screen.query_one("#quiz-result-text"))
            assert f"Exam result: {scaled_score(1, 3)} of 1000" in result and "FAIL" in result
            assert "Time ran out" in result

    asyncio.run(go())


def test_review_and_due_with_nothing_to_ask_say_so():
    async def go():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            home = await open_quiz(pilot)
            for index, words in ((2, "Nothing to review"), (3, "No cards yet")):
                home.query_one("#quiz-mode", OptionList).highlighted = index
                await pilot.press("ctrl+s")
                await until(pilot, lambda words=words: any(words in n.message for n in app._notifications), what=words)
            assert app.screen is home

    asyncio.run(go())


def test_the_tips_view_lists_every_tip_and_practises_one():
    from sandbox.tui.quiz.tips import TipsScreen

    async def go():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            home = await open_quiz(pilot)
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TipsScreen), what="the tips")
            tips = app.screen
            table = tips.query_one("#quiz-tips-table", DataTable)
            assert len(home.library.ref.tips) == 27 and len(home.scenario_tips) == 17
            assert table.row_count == 27 + 17  # the notes' tips, then each scenario's own
            tip = tips.selected()
            detail = text_of(tips.query_one("#quiz-tip-text"))
            assert str(table.get_row(tip.tip.id)[2]) == tip.tip.text  # whole, wrapped in its row
            assert f"line {tip.tip.line}" in detail and "Taught in: " in detail
            await pilot.press("enter")
            from sandbox.tui.quiz.sitting import SittingScreen

            await until(pilot, lambda: isinstance(app.screen, SittingScreen), what="a practice on the tip")
            assert all(tip.tip.id in q.tips for q in app.screen.session.questions)
            await answer(pilot, right=True)
            await pilot.press("escape")  # end early
            from sandbox.tui.forms import ConfirmScreen

            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="end the sitting?")
            await press_button(pilot, "#confirm-yes")
            from sandbox.tui.quiz.result import ResultScreen

            await until(pilot, lambda: isinstance(app.screen, ResultScreen), what="the result")
            await pilot.press("enter")
            await until(pilot, lambda: app.screen is home, what="the start again")
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TipsScreen), what="the tips again")
            row = app.screen.statuses[tip.tip.id]
            assert row.answered == 1 and row.right == 1  # the learner's standing on that tip

    asyncio.run(go())


def test_a_scenarios_tip_in_the_tips_view_opens_its_scenario_in_learn_mode():
    from sandbox.scenarios import progress
    from sandbox.tui.learn import LearnScreen
    from sandbox.tui.quiz.tips import SCENARIO_KEY, TipsScreen

    progress.record_start("sam", "secure-root", "2025-01-01T00:00:00Z")
    progress.record_step("sam", "secure-root", 2, "2025-01-01T00:01:00Z", False)

    async def go():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await open_quiz(pilot)
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TipsScreen), what="the tips")
            tips = app.screen
            table = tips.query_one("#quiz-tips-table", DataTable)
            keys = [row.value for row in table.rows]
            table.move_cursor(row=keys.index(SCENARIO_KEY + "secure-root"))
            await pilot.pause()
            detail = " ".join(text_of(tips.query_one("#quiz-tip-text")).split())
            assert "Always set up MFA on your root account" in str(table.get_row(SCENARIO_KEY + "secure-root")[2])
            assert "Then and now: " in detail and "May 2024" in detail
            assert "From the scenario: Secure the root account: MFA and a password policy" in detail
            assert "You: started (2 of " in detail
            assert str(table.get_row(SCENARIO_KEY + "secure-root")[0]) == "started"
            assert str(table.get_row(SCENARIO_KEY + "groups")[0]) == "new"
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, LearnScreen) and app.screen.selected() is not None
                        and app.screen.selected().id == "secure-root", what="the scenario selected in Learn mode")
            await pilot.press("f9")  # back to the tips view, where the learner was
            await until(pilot, lambda: app.screen is tips, what="the tips again")

    asyncio.run(go())


def test_damaged_results_still_show_every_tip_and_say_why_none_is_known():
    from sandbox.quiz.results import results_path
    from sandbox.tui.quiz.tips import TipsScreen

    async def go():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await open_quiz(pilot)
            results_path().parent.mkdir(parents=True, exist_ok=True)
            results_path().write_text("{not json", encoding="utf-8")
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TipsScreen), what="the tips")
            assert app.screen.query_one("#quiz-tips-table", DataTable).row_count == 27 + 17
            assert all(s.answered == 0 for s in app.screen.statuses.values())
            assert any("cannot be read as quiz results" in n.message for n in app._notifications)
            assert results_path().read_text(encoding="utf-8") == "{not json"  # left as it is

    asyncio.run(go())


def test_help_opens_the_tips_view_only_from_the_quizs_start():
    """Mid-sitting, help's t says where the tips are rather than leaving the sitting."""
    from sandbox.tui.help import HelpScreen
    from sandbox.tui.quiz.sitting import SittingScreen

    async def go():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            sitting = await start(pilot, count=1)
            await pilot.press("f1")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
            await pilot.press("t")
            await until(pilot, lambda: any("end this sitting" in n.message for n in app._notifications),
                        what="where the tips are")
            assert app.screen is sitting and isinstance(sitting, SittingScreen)

    asyncio.run(go())


def test_help_lists_the_answer_keys_and_the_palette_offers_quiz_mode():
    from sandbox.tui import commands
    from sandbox.tui.help import HelpScreen

    async def go():
        app = make_app()
        async with app.run_test(size=(140, 45)) as pilot:
            await start(pilot, count=1)
            await footer_ready(pilot)
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
            text = text_of(app.screen.query_one(".help-table", Static))
            for words in ("Answer/next", "Skip", "Simulate it", "Try it in Learn", "Answering",
                          "Pick, toggle or place"):
                assert words in text, words
        assert "Quiz" in {c.title for c in commands.applicable("console")}

    asyncio.run(go())


# -- the answer pad, key by key ------------------------------------------------------------------

class PadApp(App):
    def __init__(self, presented: Presented):
        super().__init__()
        self.presented = presented

    def compose(self):
        yield AnswerPad(self.presented, id="pad")

    def on_mount(self):
        self.query_one("#pad").focus()


def _question(kind: str):
    from sandbox.quiz.library import load_library
    from sandbox.scenarios.loader import catalogue
    from sandbox.scenarios.topics import TOPICS

    return next(q for q in load_library(TOPICS, catalogue()[0]).written if q.kind == kind and
                len(q.options or q.pairs) >= (2 if kind == "truefalse" else 3))


@pytest.mark.parametrize("kind", ["single", "multiple", "truefalse", "order", "match"])
def test_the_pad_turns_keys_into_the_typed_answer(kind):
    question = _question(kind)
    n = len(question.pairs) if kind == MATCH else len(question.options)
    presented = Presented(question, tuple(reversed(range(n))))  # shown in reverse

    async def go():
        app = PadApp(presented)
        async with app.run_test(size=(100, 40)) as pilot:
            pad = app.query_one("#pad")
            assert pad.problem() is None if kind == ORDER else pad.problem()  # nothing picked yet
            for key in keys_for(presented, right=True):
                await pilot.press(key)
            assert pad.problem() is None
            assert grade(presented, parse_answer(presented, pad.answer_text())).correct
            if kind == "single":
                await pilot.press(*["up"] * n, "down", "down", "space")  # Space picks the highlighted one
                assert pad.answer_text() == "3"
                await pilot.click(list(pad.query(PadRow))[1])  # and the mouse, for those who use one
                assert pad.answer_text() == "2"
            if kind == "multiple":
                first = keys_for(presented)[0]
                await pilot.press(first)  # a digit toggles
                assert first not in pad.answer_text().split(",")
            if kind == "order":
                before = pad.answer_text().split()
                await pilot.press("up", "shift+up")  # the highlighted item moves up one place
                after = pad.answer_text().split()
                assert after[:-3] + [after[-2], after[-3]] + after[-1:] == before
            if kind == "match":
                await pilot.press("1", "backspace")  # item 1's match is cleared
                assert not pad.answer_text().startswith("1") and "1" in pad.problem()

    asyncio.run(go())


# -- the simulator takes a quiz question's request ---------------------------------------------------

def test_policy_documents_are_read_one_after_another():
    from sandbox.tui.simulator import policy_documents

    a, b = '{"Version": "2012-10-17", "Statement": []}', '{"Statement": {"Effect": "Deny"}}'
    assert policy_documents(f"{a}\n\n{b}\n") == [a, b]
    assert policy_documents(a) == [a]
    for broken in ('{"Statement": [', f"{a} trailing", "[" * 100_000):  # the engine reports these, as AWS would
        assert policy_documents(broken) == [broken]


def test_the_simulator_form_holds_every_generated_request_exactly():
    """Filled in from a question's SimulateCustomPolicy request, the form asks the engine the
    same question: same policies, boundary, resource policy, caller, actions, resources and context."""
    from sandbox.policy import simulate_custom_policy
    from sandbox.quiz.generate import generate
    from sandbox.tui.simulator import SimulatorScreen

    def documents(request, key):
        value = request.get(key)
        return [json.loads(d) for d in value] if isinstance(value, list) else json.loads(value) if value else None

    async def go():
        app = make_app()
        async with app.run_test(size=(140, 45)) as pilot:
            await pilot.press("f3")
            await until(pilot, lambda: isinstance(app.screen, SimulatorScreen) and app.screen.query("#sim-policy"),
                        what="the simulator")
            sim = app.screen
            kinds_seen = set()
            for kind in ("decision", "statement"):
                for seed in range(20):
                    request = json.loads(generate(kind, seed).simulation)
                    sim.load_request(request)
                    got = sim._request()
                    for key in ("PolicyInputList", "PermissionsBoundaryPolicyInputList", "ResourcePolicy"):
                        assert documents(got, key) == documents(request, key), (kind, seed, key)
                    for key in ("ActionNames", "ResourceArns", "CallerArn"):
                        assert got.get(key) == request.get(key), (kind, seed, key)
                    assert got["ContextEntries"] == request.get("ContextEntries", []), (kind, seed)
                    decide = [r["EvalDecision"] for r in simulate_custom_policy(got)["EvaluationResults"]]
                    assert decide == [r["EvalDecision"] for r in simulate_custom_policy(request)["EvaluationResults"]]
                    kinds_seen |= {k for k in request if k in ("PermissionsBoundaryPolicyInputList", "ResourcePolicy",
                                                              "ContextEntries")}
                    kinds_seen |= {"several"} if len(request["PolicyInputList"]) > 1 else set()
            assert kinds_seen == {"PermissionsBoundaryPolicyInputList", "ResourcePolicy", "ContextEntries", "several"}

    asyncio.run(go())


@pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_topics_show_the_score_first_and_esc_leaves_the_result(size):
    """A long topic title is cut with "…": the learner's score, shown after it, was cut
    with it. The score now comes first. Esc leaves the result like Enter (Done)."""
    from sandbox.tui.quiz.home import QuizScreen
    from sandbox.tui.quiz.result import ResultScreen

    async def go():
        app = make_app()
        async with app.run_test(size=size) as pilot:
            sitting = await start(pilot, count=1, seed=11)
            topic = sitting.presented.question.topics[0]
            await answer(pilot, right=True)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ResultScreen), what="the result")
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, QuizScreen), what="back to the quiz's start")
            home = app.screen
            assert home.sub_title == "Quiz · learner: sam"
            topics = home.query_one("#quiz-topics")
            await pilot.pause()
            index = next(i for i in range(topics.option_count) if topics.get_option_at_index(i).value == topic)
            topics.highlighted = index

            def lines() -> list[str]:
                shown = ["".join(seg.text for seg in topics.render_line(y)) for y in range(topics.size.height)]
                return [s for s in shown if f" {topic} " in s]

            await until(pilot, lines, what="the topic in view")
            (line,) = lines()
            assert "1/1" in line.split(topic)[0]  # the score, before the topic, whatever the width

    asyncio.run(go())


def test_at_80x24_a_matching_answer_not_finished_says_so_where_it_can_be_seen():
    """A learner pressed Enter on a matching question at 80x24 and nothing seemed to happen:
    the reason ("Match every item first") was below the fold. It is scrolled into view."""
    from sandbox.tui.quiz.sitting import SittingScreen

    async def go():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            sitting = await start(pilot, count=60, seed=3)
            for _ in range(60):  # a long one: six pairs, their matches below the fold at 80x24
                if sitting.presented.question.kind == MATCH and len(sitting.presented.question.pairs) >= 6:
                    break
                await pilot.press("s")
                await until(pilot, lambda: isinstance(app.screen, SittingScreen) and sitting.presented, 10,
                            "the next question")
            assert sitting.presented.question.kind == MATCH
            skipped = sitting.session.index  # skipped questions are not counted as answered wrong
            assert skipped and f"0/0 right · {skipped} skipped" in text_of(sitting.query_one("#quiz-status"))
            await pilot.press("enter")
            problem = sitting.query_one("#quiz-problem", Static)
            await until(pilot, lambda: problem.display and "Match every item first" in text_of(problem), 10,
                        "the reason")
            await pilot.pause()
            body = sitting.query_one("#quiz-body")
            shown = body.content_region
            assert shown.y <= problem.region.y and problem.region.bottom <= shown.bottom, (problem.region, shown)
            assert body.scroll_y > 0

    asyncio.run(go())
