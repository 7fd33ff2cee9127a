"""A served class in the app: Learn mode offers the class's scenarios in the class's order,
and a class that keeps solutions hidden shows no Solution button in the guide."""

from __future__ import annotations

import pytest
from textual.widgets import Button, DataTable

from sandbox.classroom import config
from sandbox.services.seed import build_default_world
from sandbox.tui.app import SandboxApp
from sandbox.world import World

pytestmark = pytest.mark.tui

LAB = """title = "Lab"
seed = 7
scenarios = ["groups", "iam-tour"]
[settings]
show_solutions = {show}
"""


@pytest.fixture(autouse=True)
def _progress_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))


async def _guide_buttons(show: str) -> tuple[list[str], list[str]]:
    world = World(None)
    build_default_world(world)
    app = SandboxApp(world, sign_in=False, lab=config.load_text(LAB.format(show=show)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause(0.2)
        table = app.screen.query_one("#learn-table", DataTable)
        offered = [row.value for row in table.rows]
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.click("#confirm-yes")
        for _ in range(50):
            await pilot.pause(0.05)
            if app.current_mode == "console":
                break
        buttons = [b.id for b in app.screen.query("#guide-buttons Button").results(Button)]
    return offered, buttons


def test_the_class_orders_scenarios_and_can_hide_solutions():
    import asyncio

    offered, buttons = asyncio.run(_guide_buttons("false"))
    assert offered == ["groups", "iam-tour"]
    assert buttons == ["guide-hint", "guide-reset", "guide-undo"]
    _offered, buttons = asyncio.run(_guide_buttons("true"))
    assert "guide-solution" in buttons


QUIZ_LAB = """title = "Lab"
seed = 7
[[quizzes]]
id = "keys"
title = "Access keys and MFA"
topics = ["T05", "T06"]
count = 4
mode = "exam"
"""


def test_the_class_quiz_comes_first_and_draws_the_same_questions_for_every_learner():
    """A served class's quiz is offered first in Quiz mode; it is a timed exam of the class's
    size on the class's topics, and two learners draw the same questions."""
    import asyncio

    from quizhelp import open_quiz
    from sandbox.tui.quiz.sitting import SittingScreen
    from tuihelp import until

    async def sit() -> tuple[list[str], object]:
        world = World(None)
        build_default_world(world)
        app = SandboxApp(world, sign_in=False, lab=config.load_text(QUIZ_LAB))
        async with app.run_test(size=(100, 30)) as pilot:
            home = await open_quiz(pilot)
            modes = home.query_one("#quiz-mode")
            first = str(modes.get_option_at_index(0).prompt)
            assert "Access keys and MFA" in first and "4 · exam" in first
            modes.highlighted = 0
            assert "the same questions for everyone in the class" in str(home.query_one("#quiz-about").render())
            assert home.query_one("#quiz-count").disabled and home.query_one("#quiz-topics").disabled
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, SittingScreen), what="the class quiz")
            session = app.screen.session
            return [q.id for q in session.questions], session

    ids, session = asyncio.run(sit())
    assert session.mode == "exam" and session.time_limit == 4 * 2 * 60 and len(ids) == 4
    assert all(set(q.topics) & {"T05", "T06"} for q in session.questions)
    again, _ = asyncio.run(sit())
    assert again == ids
