"""Drive Quiz mode in tests: open it, start a sitting with chosen settings, and the keys a
learner presses to answer the question on screen right or wrong (found from the question
and the order its options are shown in)."""

from __future__ import annotations

from textual.widgets import Footer, Input, OptionList, Select

from sandbox.quiz.answers import LETTERS, Presented
from sandbox.quiz.model import MATCH, MULTIPLE, ORDER
from tuihelp import until


class FakeClock:
    """A clock that moves only when told (the sittings' timer and the time taken)."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


def keys_for(p: Presented, right: bool = True) -> list[str]:
    """The keys that answer ``p`` right (or wrong) on the answer pad."""
    q = p.question
    n = len(p.order)
    if q.kind == ORDER:
        places = [str(p.order.index(i) + 1) for i in range(n)]  # the items' numbers, in the right order
        return places if right else places[::-1]
    if q.kind == MATCH:
        letters = [LETTERS[p.order.index(i)] for i in range(n)]
        return letters if right else letters[1:] + letters[:1]
    correct = [str(k + 1) for k, i in enumerate(p.order) if q.options[i].correct]
    wrong = [str(k + 1) for k, i in enumerate(p.order) if not q.options[i].correct]
    if right:
        return correct
    return (wrong[:1] + correct)[:q.choose] if q.kind == MULTIPLE else wrong[:1]


async def open_quiz(pilot):
    from sandbox.tui.quiz.home import QuizScreen

    await pilot.press("f9")
    await until(pilot, lambda: isinstance(pilot.app.screen, QuizScreen) and pilot.app.screen.library is not None,
                20, "the quiz's banks to load")
    return pilot.app.screen


async def start(pilot, mode: str = "practice", count: int = 3, seed: int = 7, source: str = "written",
                topics: tuple[str, ...] = ()):
    """Choose the settings on the quiz's start screen, start, and wait for the first question."""
    from sandbox.tui.quiz.home import MODES
    from sandbox.tui.quiz.sitting import SittingScreen

    home = await open_quiz(pilot)
    home.query_one("#quiz-mode", OptionList).highlighted = MODES.index(mode)
    home.query_one("#quiz-count", Input).value = str(count)
    home.query_one("#quiz-seed", Input).value = str(seed)
    home.query_one("#quiz-source", Select).value = source
    topic_list = home.query_one("#quiz-topics")
    for t in topics:
        topic_list.select(t)
    home.query_one("#quiz-mode", OptionList).focus()
    await pilot.pause()
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, SittingScreen) and pilot.app.screen.presented,
                20, "the first question")
    return pilot.app.screen


async def answer(pilot, right: bool = True) -> None:
    """Answer the question on screen and press Enter."""
    sitting = pilot.app.screen
    before = sitting.session.index
    for key in keys_for(sitting.presented, right):
        await pilot.press(key)
    await pilot.press("enter")
    await until(pilot, lambda: sitting.session.index > before or not sitting.is_attached, 10, "the answer to count")
    await pilot.pause()


async def footer_ready(pilot) -> None:
    footer = pilot.app.screen.query_one(Footer)
    await until(pilot, lambda: len(footer.children) > 0, 10, "the footer's keys")
