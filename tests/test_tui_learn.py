"""Learn mode: pick a scenario, play it through the guide pane with the terminal, see the
checklist tick, take a hint and the solution, and reach the lesson."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, OptionList, Static

from sandbox.scenarios import progress
from sandbox.scenarios.loader import find
from sandbox.tui.forms import ConfirmScreen
from sandbox.tui.guide import GuidePane
from sandbox.tui.messages import StartScenario
from tuihelp import (
    SIZE,
    console,
    fill,
    go,
    list_keys,
    make_app,
    open_action,
    plain,
    press_button,
    run,
    run_terminal,
    settle,
    submit,
    until,
)

pytestmark = pytest.mark.tui


@pytest.fixture(autouse=True)
def _progress_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))


def _text(widget) -> str:
    return plain(widget)


async def _confirm(pilot) -> None:
    """Press the open confirmation dialog's button."""
    await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), what="the confirmation")
    await press_button(pilot, "#confirm-yes")
    await until(pilot, lambda: not isinstance(pilot.app.screen, ConfirmScreen), what="the dialog to close")


def test_play_a_scenario_through_the_guide_pane():
    async def play():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            await until(pilot, lambda: app.current_mode == "learn" and app.screen.query("#learn-table"),
                        what="the scenario picker")
            table = app.screen.query_one("#learn-table", DataTable)
            keys = [row.value for row in table.rows]
            table.move_cursor(row=keys.index("new-users-no-permissions"))
            await pilot.press("enter")
            await _confirm(pilot)
            await until(pilot, lambda: app.current_mode == "console" and console(app).query_one(GuidePane).display,
                        what="the guide")
            checklist = console(app).query_one("#guide-checklist", Static)
            assert "→ 1. Try it as carol" in _text(checklist)
            assert "Step 1: Try it as carol" in _text(console(app).query_one("#guide-instructions"))

            await run_terminal(pilot, "aws s3 ls --profile carol")
            assert "✓ 1. Try it as carol" in _text(checklist)
            assert "→ 2. Give access through a group" in _text(checklist)

            hints = console(app).query_one("#guide-hints")
            await press_button(pilot, "#guide-hint")
            await until(pilot, lambda: "Hint 1: create-group" in _text(hints), what="the first hint")
            await press_button(pilot, "#guide-solution")
            await _confirm(pilot)
            await until(pilot, lambda: "aws iam add-user-to-group --group-name Readers --user-name carol"
                        in _text(hints), what="the solution")

            await run_terminal(pilot, "aws iam create-group --group-name Readers",
                               "aws iam attach-group-policy --group-name Readers "
                               "--policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                               "aws iam add-user-to-group --group-name Readers --user-name carol",
                               "aws s3 ls --profile carol")
            about = console(app).query_one("#guide-about")
            await until(pilot, lambda: "Scenario complete" in _text(about), what="the lesson")
            assert "✓ 3. Try again" in _text(checklist)
            assert "Exam tip" in _text(about)
            # progress was recorded, solution use included
            record = progress.load()["learners"][progress.learner_name(None)]["new-users-no-permissions"]
            assert record["finished"] and record["solutions_used"] == [2]
            # back in the picker, the scenario shows as done
            await pilot.press("f4")
            await until(pilot, lambda: app.current_mode == "learn", what="the scenario picker")
            app.screen.reload()
            row = app.screen.query_one("#learn-table", DataTable).get_row("new-users-no-permissions")
            assert str(row[0]) == "✓"

    run(play())


def test_the_guide_says_what_undo_reverts_and_undoes_only_that():
    """Undo from the guide, after a change in the terminal and one through a console form:
    only the form's change goes; a read-only command in between does not move the undo point;
    a new scenario leaves nothing to undo."""
    def note(app) -> str:
        return _text(console(app).query_one("#guide-undo-note", Static))

    def undo_disabled(app) -> bool:
        return console(app).query_one("#guide-undo").disabled

    async def play():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.post_message(StartScenario(find("groups")))
            await until(pilot, lambda: console(app).query_one(GuidePane).display, what="the guide")
            await settle(pilot)
            assert note(app) == "Nothing to undo yet." and undo_disabled(app)

            await run_terminal(pilot, "aws iam create-group --group-name Developers")
            assert note(app) == "Undo: iam:CreateGroup Developers (from the terminal) (Ctrl+Z)"
            await go(pilot, "groups")
            await open_action(pilot, "Create group")
            await fill(pilot, name="Testers")
            await submit(pilot)
            assert note(app) == "Undo: Create user group Testers (from the console) (Ctrl+Z)"
            await run_terminal(pilot, "aws iam list-groups", "aws sts get-caller-identity")
            assert note(app) == "Undo: Create user group Testers (from the console) (Ctrl+Z)" and not undo_disabled(app)

            await press_button(pilot, "#guide-undo")
            await settle(pilot)
            assert list_keys(app) == ["Admins", "Developers"]
            assert "Undone: Create user group Testers (from the console)." in [n.message for n in app._notifications]
            assert note(app) == "Nothing to undo yet." and undo_disabled(app)

            await run_terminal(pilot, "aws iam create-group --group-name Again")
            assert note(app) == "Undo: iam:CreateGroup Again (from the terminal) (Ctrl+Z)"
            # Ctrl+Z is the same Undo, from any pane of the console (here the terminal's prompt)
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert list_keys(app) == ["Admins", "Developers"] and note(app) == "Nothing to undo yet."
            await run_terminal(pilot, "aws iam create-group --group-name Again")
            # and in the command palette
            await pilot.press("ctrl+p")
            await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
            await pilot.press(*"undo")
            options = app.screen.query_one("CommandList", OptionList)
            await until(pilot, lambda: options.option_count and "Undo" in str(options.get_option_at_index(0).prompt),
                        what="Undo in the palette")
            await pilot.press("enter")
            await until(pilot, lambda: list_keys(app) == ["Admins", "Developers"], what="undone from the palette")
            await run_terminal(pilot, "aws iam create-group --group-name Again")
            app.post_message(StartScenario(find("new-users-no-permissions")))
            await until(pilot, lambda: "Try it as carol" in _text(console(app).query_one("#guide-checklist", Static)),
                        what="the second scenario")
            await settle(pilot)
            assert note(app) == "Nothing to undo yet." and undo_disabled(app)

    run(play())


def test_progress_made_outside_the_terminal_is_told_in_a_notification():
    async def play():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.post_message(StartScenario(find("groups")))
            await until(pilot, lambda: console(app).query_one(GuidePane).display, what="the guide")
            app.workspace.call("iam", "CreateGroup", {"GroupName": "Developers"})
            app.workspace.call("iam", "AttachGroupPolicy", {
                "GroupName": "Developers", "PolicyArn": "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"})
            done = "✓ Step 1 done: A group for the developers\nNext, step 2: Put ann and ben in it"
            await until(pilot, lambda: done in [n.message for n in app._notifications], what="the notification")
            await settle(pilot)
            assert "✓ 1. A group for the developers" in _text(console(app).query_one("#guide-checklist", Static))

    run(play())


def test_the_scenario_list_shows_progress_made_since_it_was_opened():
    """The list read the learner's progress once, when first opened: a scenario finished (or
    half done) afterwards kept its blank mark until the app was restarted."""
    from sandbox.tui.learn import LearnScreen

    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f4")
            await until(pilot, lambda: isinstance(app.screen, LearnScreen), what="the scenarios")
            table = app.screen.query_one("#learn-table", DataTable)
            row = [r.value for r in table.rows].index("new-users-no-permissions")
            assert not row_text(table, row).startswith("2/")
            await pilot.press("f2")
            await pilot.pause()
            learner = progress.learner_name(None)
            progress.record_step(learner, "new-users-no-permissions", 2, "2026-11-27T12:00:00+00:00", False)
            await pilot.press("f4")
            done = f"2/{len(find('new-users-no-permissions').steps)} "
            await until(pilot, lambda: row_text(table, row).startswith(done), timeout=5,
                        what="the progress in the list")

    run(go_())


def row_text(table, row: int) -> str:
    return " ".join(str(cell) for cell in table.get_row_at(row))


def test_a_scenario_starts_in_a_new_login_shell():
    """A variable exported in one scenario (a token file's path) outlived its world: in the
    next scenario every aws command failed with "No such file or directory", and nothing
    said why. Starting a scenario logs the terminal in again, and says so."""
    from sandbox.tui.messages import StartScenario
    from tuihelp import log_text

    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await run_terminal(pilot, "export AWS_WEB_IDENTITY_TOKEN_FILE=$HOME/gone.jwt")
            app.post_message(StartScenario(find("new-users-no-permissions")))
            await until(pilot, lambda: console(app).query_one(GuidePane).display, what="the guide")
            await run_terminal(pilot, "echo [$AWS_WEB_IDENTITY_TOKEN_FILE]", "aws sts get-caller-identity")
            text = log_text(app)
            assert "a new login shell" in text
            assert "\n[]\n" in text
            assert "No such file or directory" not in text and '"Arn"' in text

    run(go_())
