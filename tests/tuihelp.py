"""Drive the Textual app in tests: a reproducible world, an app signed in as admin, and
small waits (forms, the terminal's worker thread, the detail tabs) with timeouts.

pytest-asyncio is not used: each test is a plain function that calls ``run(coro)``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.widgets import Checkbox, DataTable, Input, OptionList, Select, TextArea

from sandbox.services.console import sign_in
from sandbox.services.seed import build_default_world
from sandbox.world import World

SIZE = (120, 40)
ACCOUNT = "123456789012"
FROZEN = "2026-11-27T12:00:00+00:00"


def make_world(path: str | Path | None = None) -> World:
    """The default world, with the same identifiers, secrets and clock every time."""
    from sandbox.world import ids

    ids.seed(1)
    try:
        world = World(path)
        build_default_world(world, ACCOUNT, frozen_at=FROZEN)
    finally:
        ids.seed(None)
    return world


def make_app(world: World | None = None, signed_in: str | None = "admin", **kwargs):
    """The app on ``world``; ``signed_in`` = "admin" or "root" signs in without the dialog."""
    from sandbox.tui.app import SandboxApp

    world = world if world is not None else make_world()
    app = SandboxApp(world, sign_in=signed_in is None, **kwargs)
    if signed_in is not None:
        root = signed_in == "root"
        password = world.meta["root"]["Password"] if root else world.meta["secrets_note"]["admin_console_password"]
        result = sign_in(app.workspace.gateway, root=root, user_name=None if root else signed_in, password=password)
        app.sign_in_as(result.caller)
    return app


def run(coro: Awaitable) -> None:
    asyncio.run(coro)


# -- waiting --------------------------------------------------------------------------------------


async def until(pilot, condition: Callable[[], object], timeout: float = 20.0, what: str = "") -> None:
    """Pause in small steps until ``condition()`` is true. The default timeout is only a
    ceiling for a loaded machine (it costs nothing when the condition comes quickly); a test
    that asserts how fast something happens passes its own."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.02)


async def until_exited(app, timeout: float = 5.0) -> None:
    """Wait until the app has decided to exit (its return code is set). The app no longer
    takes messages then, so this waits on the event loop, not with ``pilot.pause``."""
    deadline = time.monotonic() + timeout
    while app.return_code is None:
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app to exit")
        await asyncio.sleep(0.02)


async def settle(pilot) -> None:
    """Let pending messages and the detail rebuild run."""
    await pilot.pause()
    screen = _console(pilot.app)
    if screen is not None:
        await until(pilot, lambda: not screen._detail_running, what="detail rebuild")
    await pilot.pause()


def _console(app):
    from sandbox.tui.console import ConsoleScreen

    for screen in app.screen_stack:
        if isinstance(screen, ConsoleScreen):
            return screen
    return None


def console(app):
    screen = _console(app)
    assert screen is not None, app.screen_stack
    return screen


def terminal(app):
    from sandbox.tui.terminal import TerminalPane

    return console(app).query_one(TerminalPane)


def decisions(app):
    from sandbox.tui.decisions import DecisionPane

    return console(app).query_one(DecisionPane)


async def run_terminal(pilot, *lines: str, timeout: float = 10.0) -> None:
    """Run commands in the terminal pane and wait for all of them to finish."""
    pane = terminal(pilot.app)
    for line in lines:
        pane.run_command(line)
    await until(pilot, lambda: not pane.busy and not pane._queue, timeout, f"terminal: {lines[-1]}")
    await settle(pilot)


def log_text(app) -> str:
    from textual.widgets import RichLog

    log = terminal(app).query_one("#term-log", RichLog)
    return "\n".join(strip.text for strip in log.lines)


# -- the console ----------------------------------------------------------------------------------


async def go(pilot, section: str, key: str | None = None) -> None:
    """Show a section of the console and select a row by its key."""
    screen = console(pilot.app)
    screen.select_section(section)
    await settle(pilot)
    if key is not None:
        table = screen.query_one("#list", DataTable)
        table.move_cursor(row=table.get_row_index(key))
        await settle(pilot)
        assert screen.selected == key, (screen.selected, key)


def list_keys(app) -> list[str]:
    table = console(app).query_one("#list", DataTable)
    return [row.value for row in table.rows]


async def open_action(pilot, label_start: str) -> None:
    """Press ``a`` and choose the action whose label starts with ``label_start``."""
    from sandbox.tui.forms import ActionsScreen

    console(pilot.app).query_one("#list", DataTable).focus()
    await pilot.press("a")
    await until(pilot, lambda: isinstance(pilot.app.screen, ActionsScreen), what="the Actions menu")
    menu = pilot.app.screen
    labels = [label for label, _ in menu.actions]
    index = next((i for i, label in enumerate(labels) if label.startswith(label_start)), None)
    assert index is not None, f"no action {label_start!r} in {labels}"
    options = menu.query_one(OptionList)
    options.highlighted = index
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is not menu, what="the action to open")
    await pilot.pause()


async def fill(pilot, **values) -> None:
    """Fill the open form's fields (Input, Select, Checkbox, TextArea) by field name."""
    screen = pilot.app.screen
    for name, value in values.items():
        widget = screen.query_one(f"#field-{name}")
        if isinstance(widget, Input):
            widget.value = value
        elif isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, TextArea):
            widget.text = value
        else:  # pragma: no cover
            raise TypeError(widget)
    await pilot.pause()


async def press_button(pilot, selector: str) -> None:
    """Focus a button of the current screen and press Enter on it."""
    from textual.widgets import Button

    button = pilot.app.screen.query_one(selector, Button)
    button.focus()
    await until(pilot, lambda: not button.has_class("-active"), what="the button to be pressable")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def submit(pilot, expect_closed: bool = True) -> None:
    """Press the form's submit button (focus it, Enter) and wait for the form to close."""
    screen = pilot.app.screen
    # (a Button ignores presses for 0.2 s after the last one: press_button waits for that)
    await press_button(pilot, "#form-submit-button")
    if expect_closed:
        await until(pilot, lambda: pilot.app.screen is not screen, what="the form to close")
    await settle(pilot)


def form_error(app) -> str:
    from textual.widgets import Static

    return str(app.screen.query_one("#form-error", Static).render())


def decided(app, action: str, decision: str = "allowed", principal_contains: str = "") -> list:
    """The DecisionPane's events for ``action`` with ``decision``."""
    pane = decisions(app)
    return [e for e in pane.events.values() if e.action == action and e.decision == decision
            and principal_contains in e.principal]


async def editor_save(pilot, text: str | None = None, name: str | None = None) -> None:
    """In the open PolicyEditor: replace the text (and the new policy's name), press ctrl+s."""
    from sandbox.tui.editor import PolicyEditor

    editor = pilot.app.screen
    assert isinstance(editor, PolicyEditor), editor
    if name is not None:
        editor.query_one("#editor-name", Input).value = name
    if text is not None:
        editor.query_one("#editor-text", TextArea).text = text
    editor.query_one("#editor-text", TextArea).focus()
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
