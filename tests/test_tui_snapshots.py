"""Snapshots of each main screen (pytest-textual-snapshot): 120x40, cursors not blinking,
the same world every time (seeded identifiers, frozen clock).

Update the baselines after a deliberate change to the look of a screen with
``pytest tests/test_tui_snapshots.py --snapshot-update``, then look at the SVGs under
``tests/__snapshots__/`` before committing them.
"""

from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable, Input, OptionList, TextArea

from tuihelp import FROZEN, SIZE, console, decisions, fill, go, make_app, open_action, run_terminal, settle, until

pytestmark = pytest.mark.tui

NO_DELETES = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "NeverDeleteBuckets", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]})
BROKEN_POLICY = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadReports",
            "Effect": "Alow",
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": "arn:aws:s3:::experimenting-aws/*"
        }
    ]
}"""


async def still(pilot) -> None:
    """Cursors that do not blink, no notifications (they time out: a slow run would lose
    them), and nothing left to settle."""
    await settle(pilot)
    pilot.app.clear_notifications()
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            widget.cursor_blink = False
            # TextArea caches rendered lines by a key that ignores the focus once blinking is off:
            # a line drawn while the cursor was blinked out would be reused without its cursor
            cache = getattr(widget, "_line_cache", None)
            if cache is not None:
                cache.clear()
            widget.refresh()
    await pilot.pause()
    await settle(pilot)


def test_sign_in(snap_compare):
    from sandbox.tui.signin import SignInScreen

    async def before(pilot):
        await until(pilot, lambda: isinstance(pilot.app.screen, SignInScreen), what="the sign-in dialog")
        await still(pilot)

    assert snap_compare(make_app(signed_in=None), terminal_size=SIZE, run_before=before)


def test_console_users(snap_compare):
    async def before(pilot):
        await go(pilot, "users", "admin")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_console_policy_json(snap_compare):
    async def before(pilot):
        await go(pilot, "policies", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
        console(pilot.app).query_one("#detail").active = "tab-1"  # JSON
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_explanation_of_an_explicit_deny(snap_compare):
    from sandbox.tui.explain_view import ExplainScreen

    async def before(pilot):
        await run_terminal(pilot, f"aws iam put-user-policy --user-name admin --policy-name NoDeletes "
                                  f"--policy-document '{NO_DELETES}'",
                           "aws s3 rb s3://experimenting-aws")
        pane = decisions(pilot.app)
        (denied,) = [key for key in pane.order if pane.events[key].decision == "explicitDeny"]
        table = pane.query_one("#decision-table", OptionList)
        table.focus()
        table.highlighted = pane.order.index(denied)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, ExplainScreen), what="the explanation")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_policy_editor_with_a_validation_error(snap_compare):
    from sandbox.tui.editor import PolicyEditor

    async def before(pilot):
        pilot.app.action_edit_policy("new-policy")
        await until(pilot, lambda: isinstance(pilot.app.screen, PolicyEditor)
                    and pilot.app.screen.query("#editor-text"), what="the editor")
        editor = pilot.app.screen
        editor.query_one("#editor-name", Input).value = "ReadReports"
        editor.query_one("#editor-text", TextArea).text = BROKEN_POLICY
        area = editor.query_one("#editor-text", TextArea)
        area.move_cursor((5, 23))
        area.focus()
        await until(pilot, lambda: area.has_focus, what="the text to have the focus")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_simulator_with_results(snap_compare):
    async def before(pilot):
        await pilot.press("f3")
        await until(pilot, lambda: pilot.app.current_mode == "simulator", what="the simulator")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: pilot.app.screen.query_one("#sim-table", DataTable).row_count == 3,
                    what="the results")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_help(snap_compare):
    from sandbox.tui.help import HelpScreen

    async def before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), what="help")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_learn_mode_picker(snap_compare, monkeypatch, tmp_path):
    """The scenario picker with one scenario finished and one begun (progress of its own)."""
    from sandbox.scenarios import progress

    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))
    learner = progress.learner_name(None)
    progress.record_start(learner, "iam-tour", FROZEN)
    progress.record_step(learner, "iam-tour", 4, FROZEN, finished=True)
    progress.record_start(learner, "groups", FROZEN)
    progress.record_step(learner, "groups", 1, FROZEN, finished=False)

    async def before(pilot):
        await settle(pilot)
        await pilot.press("f4")
        await until(pilot, lambda: pilot.app.current_mode == "learn" and pilot.app.screen.query("#learn-table"),
                    what="the scenario picker")
        table = pilot.app.screen.query_one("#learn-table", DataTable)
        table.move_cursor(row=table.get_row_index("groups"))
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_learn_mode_guide_beside_the_console(snap_compare, monkeypatch, tmp_path):
    """A scenario under way: step 1 ticked in the checklist, the next step, the undo note, the
    terminal's commands and their decisions."""
    from sandbox.scenarios.loader import find
    from sandbox.tui.learn import GuidePane
    from sandbox.tui.messages import StartScenario
    from sandbox.world import ids

    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))

    async def before(pilot):
        app = pilot.app
        ids.seed(5)  # the scenario's users and the new group get the same ids every time
        try:
            await settle(pilot)
            app.post_message(StartScenario(find("groups")))
            await until(pilot, lambda: console(app).query_one(GuidePane).display, what="the guide")
            await run_terminal(pilot, "aws iam create-group --group-name Developers --query Group.Arn --output text",
                               "aws iam attach-group-policy --group-name Developers "
                               "--policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess")
            console(app).query_one("#term-input").focus()
            await still(pilot)
        finally:
            ids.seed(None)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_create_user_form(snap_compare):
    async def before(pilot):
        await go(pilot, "users", "admin")
        await open_action(pilot, "Create user")
        await fill(pilot, name="bob")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_damaged_world_dialog(snap_compare):
    """The dialog the app shows when another process damages the world file (shown here with a
    fixed message: the app's own polling finds this world readable)."""
    from sandbox.tui.damaged import DamagedWorldScreen

    path = "/home/learner/.local/share/iam-sandbox/world.json"
    message = (f"The world file {path} is damaged (not valid JSON: Expecting value at line 1, column 1). "
               f"It was left as it is; a copy is at {path}.20261127T120000Z.bak.\n"
               f"To go back to a snapshot, run: iam-sandbox --world {path} world restore NAME "
               f"(snapshots: before-groups)\nTo start over, run: iam-sandbox --world {path} world reset")

    async def before(pilot):
        await settle(pilot)
        pilot.app.push_screen(DamagedWorldScreen(message))
        await until(pilot, lambda: isinstance(pilot.app.screen, DamagedWorldScreen), what="the dialog")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)
