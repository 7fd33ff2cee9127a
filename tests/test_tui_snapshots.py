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

from tuihelp import SIZE, console, decisions, go, make_app, run_terminal, settle, until

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
    """Cursors that do not blink, and nothing left to settle."""
    await settle(pilot)
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
