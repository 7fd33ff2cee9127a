"""Snapshots of each main screen (pytest-textual-snapshot): the main screens (sign-in,
console, the Learn guide, an explanation, the simulator) at 80x24, 100x30 and 140x45, the
others at 120x40; cursors not blinking, the same world every time (seeded identifiers,
frozen clock).

Update the baselines after a deliberate change to the look of a screen with
``pytest tests/test_tui_snapshots.py --snapshot-update``, then look at the SVGs under
``tests/__snapshots__/`` before committing them.
"""

from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable, Input, TextArea

from tuihelp import SIZE, console, decisions, go, make_app, run_terminal, settle, until

pytestmark = pytest.mark.tui
SIZES = [(80, 24), (100, 30), (140, 45)]

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


def test_console_policy_json(snap_compare):
    async def before(pilot):
        await go(pilot, "policies", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
        console(pilot.app).query_one("#detail").active = "tab-1"  # JSON
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


def test_help(snap_compare):
    from sandbox.tui.help import HelpScreen

    async def before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), what="help")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_federation_view_after_an_exchange(snap_compare):
    """The flow lit up to the credentials; the token, the trust decision and the secret shown once."""
    from sandbox.world import ids
    from test_tui_federation import federation_world, open_federation

    world, _, _ = federation_world()

    async def before(pilot):
        screen = await open_federation(pilot)
        ids.seed(3)  # the session's key and secret, the same every time
        try:
            await pilot.press("ctrl+r")
            await until(pilot, lambda: screen.query_one("#hop-credentials").has_class("hop-ok"),
                        what="the credentials hop")
        finally:
            ids.seed(None)
        await still(pilot)

    assert snap_compare(make_app(world), terminal_size=SIZE, run_before=before)


# -- the main screens at the sizes a learner's terminal has ---------------------------------------------


@pytest.fixture
def _progress_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in_at(snap_compare, size):
    from sandbox.tui.signin import SignInScreen

    async def before(pilot):
        await until(pilot, lambda: isinstance(pilot.app.screen, SignInScreen), what="the sign-in dialog")
        await still(pilot)

    assert snap_compare(make_app(signed_in=None), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_console_at(snap_compare, size):
    async def before(pilot):
        await run_terminal(pilot, "aws s3 ls")
        await go(pilot, "users", "admin")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_learn_guide_at(snap_compare, size, _progress_dir):
    from sandbox.scenarios.loader import find
    from sandbox.tui.guide import GuidePane
    from sandbox.tui.messages import StartScenario

    async def before(pilot):
        from sandbox.world import ids

        app = pilot.app
        await settle(pilot)
        ids.seed(2)  # the scenario's world, rebuilt in the app, with the same identifiers every time
        try:
            app.post_message(StartScenario(find("explicit-deny-conditions")))
            await until(pilot, lambda: console(app).query_one(GuidePane).display, what="the guide")
        finally:
            ids.seed(None)
        app.clear_notifications()
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_explanation_at(snap_compare, size):
    from sandbox.tui.explain_view import ExplainScreen

    async def before(pilot):
        await run_terminal(pilot, f"aws iam put-user-policy --user-name admin --policy-name NoDeletes "
                                  f"--policy-document '{NO_DELETES}'",
                           "aws s3 rb s3://experimenting-aws")
        pane = decisions(pilot.app)
        (denied,) = [key for key in pane.order if pane.events[key].decision == "explicitDeny"]
        pilot.app.push_screen(ExplainScreen(pane.events[denied]))
        await until(pilot, lambda: isinstance(pilot.app.screen, ExplainScreen), what="the explanation")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_simulator_at(snap_compare, size):
    async def before(pilot):
        await pilot.press("f3")
        await until(pilot, lambda: pilot.app.current_mode == "simulator", what="the simulator")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: pilot.app.screen.query_one("#sim-table", DataTable).row_count == 3,
                    what="the results")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)
