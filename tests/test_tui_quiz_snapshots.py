"""Snapshots of Quiz mode (pytest-textual-snapshot) at the smallest supported terminal,
80x24, and at 140x45: the start screen, a question being answered, the marking of a wrong
answer, an exam's result, and the exam tips. The same questions every time (fixed seeds), a
frozen clock, a fresh results file under a known learner.

After a deliberate change to the look: ``pytest tests/test_tui_quiz_snapshots.py
--snapshot-update``, then look at the SVGs under ``tests/__snapshots__/`` before committing.
"""

from __future__ import annotations

import pytest

from quizhelp import FakeClock, answer, footer_ready, keys_for, open_quiz, start
from tuihelp import make_app

pytestmark = pytest.mark.tui

SIZES = [(80, 24), (140, 45)]


@pytest.fixture(autouse=True)
def fixed(tmp_path, monkeypatch):
    from sandbox.tui.quiz import home

    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("IAM_SANDBOX_LEARNER", "sam")
    monkeypatch.delenv("IAM_SANDBOX_QUIZ", raising=False)
    clock = FakeClock()
    monkeypatch.setattr(home, "clock", clock)
    return clock


async def still(pilot) -> None:
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False
    await footer_ready(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES[:1], ids=lambda s: f"{s[0]}x{s[1]}")
def test_quiz_start(snap_compare, size):
    async def before(pilot):
        await open_quiz(pilot)
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_quiz_question(snap_compare, size):
    """A choose-2 question with one option picked."""

    async def before(pilot):
        sitting = await start(pilot, count=3, seed=7, topics=("T03",))
        assert sitting.presented.question.kind == "multiple"
        await pilot.press(keys_for(sitting.presented)[0])
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES[:1], ids=lambda s: f"{s[0]}x{s[1]}")
def test_quiz_marking_of_a_wrong_answer(snap_compare, size):
    async def before(pilot):
        await start(pilot, count=3, seed=7, topics=("T03",))
        await answer(pilot, right=False)
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_quiz_exam_result(snap_compare, size, fixed):
    async def before(pilot):
        from sandbox.tui.quiz.result import ResultScreen

        await start(pilot, mode="exam", count=6, seed=9)
        for right in (True, False, True, True, True, False):
            fixed.now += 40
            await answer(pilot, right)
        assert isinstance(pilot.app.screen, ResultScreen)
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_quiz_tips(snap_compare, size):
    """The tips view on a tip of the notes that AWS has changed since (its then-and-now line)."""

    async def before(pilot):
        from sandbox.tui.quiz.tips import TipsScreen

        await open_quiz(pilot)
        await pilot.press("t")
        tips = pilot.app.screen
        assert isinstance(tips, TipsScreen)
        table = tips.query_one("#quiz-tips-table")
        table.move_cursor(row=[row.value for row in table.rows].index("cognito-sync-devices"))
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)
