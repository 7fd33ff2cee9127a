"""Every app command is declared once, in ``tui.commands``: the key bindings, the command
palette and the help screen are generated from that table and offer the same commands."""

from __future__ import annotations

import asyncio
import io

import pytest
from rich.console import Console
from textual.command import CommandPalette
from textual.widgets import OptionList, Static

from sandbox.tui import commands
from sandbox.tui.app import SandboxApp
from sandbox.tui.console import ConsoleScreen
from sandbox.tui.editor import PolicyEditor
from sandbox.tui.federation import FederationScreen
from sandbox.tui.help import HelpScreen
from sandbox.tui.learn import LearnScreen
from sandbox.tui.quiz.home import QuizScreen
from sandbox.tui.quiz.result import ResultScreen
from sandbox.tui.quiz.sitting import SittingScreen
from sandbox.tui.quiz.tips import TipsScreen
from sandbox.tui.simulator import SimulatorScreen
from tuihelp import SIZE, console, make_app, settle, until

pytestmark = pytest.mark.tui

SCREENS = {"console": ConsoleScreen, "simulator": SimulatorScreen, "learn": LearnScreen, "editor": PolicyEditor,
           "federation": FederationScreen, "help": HelpScreen,
           "quiz": QuizScreen, "quiz-sitting": SittingScreen, "quiz-result": ResultScreen, "quiz-tips": TipsScreen}


def pane_classes() -> dict[str, type]:
    """The widget class of each pane that has keys of its own."""
    from sandbox.tui.console import ConsoleList, NavTree
    from sandbox.tui.decisions import DecisionList
    from sandbox.tui.guide import GuidePane
    from sandbox.tui.learn import ScenarioList
    from sandbox.tui.terminal import TerminalPane

    return {"list": ConsoleList, "nav": NavTree, "guide": GuidePane, "terminal": TerminalPane,
            "decision-table": DecisionList, "learn-table": ScenarioList}


def test_ids_are_unique_and_every_screen_scope_has_a_screen():
    ids = [c.id for c in commands.COMMANDS]
    assert len(ids) == len(set(ids))
    assert {c.where for c in commands.COMMANDS} == {"app", *SCREENS}
    for where, screen in SCREENS.items():
        assert screen.COMMAND_SCOPE == where


@pytest.mark.parametrize("where", sorted(SCREENS))
def test_bindings_palette_and_help_offer_the_same_commands(where):
    app = make_app()
    screen = SCREENS[where]
    panes = [cls for pane, cls in pane_classes().items() if any(c.pane == pane and c.where == where
                                                                 for c in commands.COMMANDS)]
    ours = {c.id for c in commands.COMMANDS}
    bound = [b.id for cls in (SandboxApp, screen, *panes) for b in cls.BINDINGS if b.id in ours]
    keyed = {c.id for c in commands.applicable(where) if c.key}
    assert sorted(bound) == sorted(keyed)  # each bound once, where it applies
    assert {row[0] for row in commands.help_rows(app, where)} == keyed

    class Stand:  # the screen the palette is opened on (its panes are not there)
        COMMAND_SCOPE = where

    offered = {entry.title for entry in commands.palette(app, Stand())}
    assert offered == {c.title for c in commands.applicable(where) if c.pane is None}


def test_one_key_has_one_meaning_on_each_screen():
    """Two commands share a key only when they belong to two different panes (which never
    have the focus together); the terminal's Ctrl+L clears it and means nothing else."""
    for where in SCREENS:
        seen: dict = {}
        for c in commands.applicable(where):
            for key in filter(None, (c.key or "").split(",")):
                other = seen.setdefault(key, c)
                assert other is c or (c.pane and other.pane and c.pane != other.pane), (where, key, other.id, c.id)
    assert [c.id for c in commands.COMMANDS if c.key and "ctrl+l" in c.key.split(",")] == ["term-clear"]


def test_the_palette_offers_learn_mode_and_identity_providers():
    """They were missing when the palette was a list of its own."""
    titles = {c.title for c in commands.applicable("console")}
    assert {"Learn", "Quiz", "Go to Identity providers", "Simulator", "Console", "Create user"} <= titles


async def from_palette(pilot, query: str, title: str) -> None:
    """Ctrl+P, type ``query``, run the first command found (its title contains ``title``)."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    await pilot.press(*query)
    options = app.screen.query_one("CommandList", OptionList)
    await until(pilot, lambda: options.option_count and title in str(options.get_option_at_index(0).prompt),
                what=f"{title} in the palette")
    await pilot.press("enter")


def test_a_palette_command_runs_its_action():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await from_palette(pilot, "identity providers", "Go to Identity providers")
            await until(pilot, lambda: isinstance(app.screen, ConsoleScreen) and app.screen.section == "providers",
                        what="the providers section")
            await settle(pilot)
            assert console(app).query_one("#list").columns  # the providers list is shown

    asyncio.run(go_())


def test_the_palettes_exam_tips_opens_quiz_modes_tips_view():
    """From the console, before Quiz mode has loaded its banks: the tips view opens once they are."""
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await from_palette(pilot, "exam tips", "Exam tips")
            await until(pilot, lambda: isinstance(app.screen, TipsScreen), 20, "the tips view")
            assert app.current_mode == "quiz" and app.screen_stack[0].library is not None
            assert app.screen.query_one("#quiz-tips-table").row_count == 27 + 17

    asyncio.run(go_())


def test_the_help_screen_lists_every_key_of_the_screen_below():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
            rich = Console(width=120, record=True, file=io.StringIO())
            rich.print(app.screen.query_one(".help-table", Static).content)
            lines = rich.export_text().splitlines()
            for _, key, title, _where in commands.help_rows(app, "console"):
                assert any(line.split()[:1] == key.split()[:1] and title in line for line in lines), (key, title)

    asyncio.run(go_())


def test_a_console_form_opens_from_another_mode():
    from sandbox.tui.forms import FormScreen

    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await until(pilot, lambda: app.current_mode == "simulator", what="the simulator")
            await from_palette(pilot, "create user", "Create user")
            await until(pilot, lambda: isinstance(app.screen, FormScreen), what="the form")
            assert app.current_mode == "console" and app.screen.title_text == "Create user"

    asyncio.run(go_())
