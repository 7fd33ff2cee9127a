"""The learner's walk through the app (issue 11): the guide that wraps, scrolls and puts its
example commands in the prompt; the app at 80x24; the MFA dialog as the authenticator;
views that start over with a scenario; one key, one meaning, in the footer of the focused
pane; forms that say what they need; nothing cut at 140 columns; the wording."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Button, Input, OptionList, Select, SelectionList, Tree

from sandbox.scenarios.loader import find
from sandbox.tui.console import ConsoleScreen
from sandbox.tui.editor import PolicyEditor
from sandbox.tui.forms import FormScreen, SecretScreen, Tick
from sandbox.tui.guide import GuidePane
from sandbox.tui.learn import LearnScreen
from sandbox.tui.messages import StartScenario
from sandbox.tui.tables import ONE_LINE, WrapTable, fit
from tuihelp import (
    console,
    decided,
    decisions,
    fill,
    form_error,
    go,
    log_text,
    make_app,
    open_action,
    plain,
    press_button,
    run,
    run_terminal,
    settle,
    submit,
    until,
    until_exited,
)

pytestmark = pytest.mark.tui

BIG, MEDIUM, SMALL = (140, 45), (100, 30), (80, 24)


@pytest.fixture(autouse=True)
def _progress_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))


async def start(pilot, scenario_id: str) -> None:
    app = pilot.app
    app.post_message(StartScenario(find(scenario_id)))
    await until(pilot, lambda: isinstance(app.screen, ConsoleScreen) and console(app).query_one(GuidePane).display
                and find(scenario_id).title in plain(console(app).query_one("#guide-title")), what="the guide")
    await settle(pilot)


def footer_keys(app) -> dict[str, str]:
    """What the footer offers now: key -> description (the bindings it shows)."""
    return {key: b.binding.description for key, b in app.screen.active_bindings.items() if b.binding.show}


def inside(widget, screen) -> bool:
    """The widget is on screen, whole."""
    region, whole = widget.region, screen.region
    return bool(region) and region.x >= whole.x and region.y >= whole.y and region.right <= whole.right \
        and region.bottom <= whole.bottom


# -- 3. the guide --------------------------------------------------------------------------------------


def test_the_guide_wraps_its_commands_and_puts_an_example_in_the_prompt_without_running_it():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await start(pilot, "explicit-deny-conditions")
            guide = console(app).query_one(GuidePane)
            code = [w for w in guide.query(".guide-code")]
            assert code, "the step's commands"
            shown = " ".join(plain(code[0], width=guide.size.width).split())
            assert ("aws iam put-user-policy --user-name gina --policy-name NoBucketDeletes --policy-document "
                    "file://nodelete.json") in shown  # whole, though the pane is narrower than the line
            assert all(w.size.width <= guide.size.width for w in code)
            before = decisions(app).count
            await pilot.press("ctrl+y")
            box = console(app).query_one("#term-input", Input)
            assert box.value == guide.examples[0] and box.has_focus
            await pilot.press("ctrl+y")
            assert box.value == guide.examples[1].strip()
            assert "put-user-policy" in box.value and "put-user-policy" not in log_text(app)  # typed, not run
            await settle(pilot)
            assert decisions(app).count == before

    run(go_())


def test_ctrl_y_first_offers_the_step_s_command_not_a_mention_of_a_program_in_its_prose():
    """The step says "`iam-sandbox idp` plays Google" before its command: Ctrl+Y gives the
    command (``iam-sandbox idp`` alone is a usage error in the terminal)."""
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await start(pilot, "web-identity-google")
            await pilot.press("ctrl+y")
            box = console(app).query_one("#term-input", Input)
            assert box.value == "CLIENT_ID=$(iam-sandbox idp register google --app photo-share)"

    run(go_())


def test_the_newest_hint_is_scrolled_into_view_and_offered_in_the_palette():
    async def go_():
        app = make_app()
        async with app.run_test(size=MEDIUM) as pilot:
            await start(pilot, "explicit-deny-conditions")
            screen = console(app)
            scroll = screen.query_one("#guide-scroll")
            for n in (1, 2):
                await press_button(pilot, "#guide-hint")
                await until(pilot, lambda n=n: len(screen.query(".guide-hint")) == n, what=f"hint {n}")
                await settle(pilot)
                newest = list(screen.query(".guide-hint"))[-1]
                await until(pilot, lambda newest=newest: newest.region and scroll.region.contains_region(newest.region),
                            what="the newest hint in view")
            assert scroll.max_scroll_y > 0  # the guide is longer than its pane: it scrolls
            titles = [c.title for c in app.get_system_commands(screen)]
            hints = find("explicit-deny-conditions").steps[0].hints
            assert f"Hint 1: {hints[0]}" in titles and f"Hint 2: {hints[1]}" in titles
            assert "Next hint" in titles

    run(go_())


def test_the_guide_shows_what_the_scenario_teaches_from_the_start():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await start(pilot, "access-keys")
            about = plain(console(app).query_one("#guide-about"), width=200)
            assert about.startswith("What this scenario teaches")
            assert "Exam tip: You only get to view the secret access key once" in about
            assert "Then and now: The notes say new users are given keys when created" in about

    run(go_())


# -- 4. 80x24 and up -------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [SMALL, MEDIUM])
def test_the_sign_in_button_and_the_footer_are_on_screen(size):
    from sandbox.tui.signin import SignInScreen

    async def go_():
        app = make_app(signed_in=None)
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: isinstance(app.screen, SignInScreen), what="the sign-in dialog")
            await settle(pilot)
            dialog = app.screen
            assert inside(dialog.query_one("#signin-go", Button), dialog)
            assert inside(dialog.query_one("#signin-password", Input), dialog)
            dialog.query_one("#signin-password", Input).value = app.workspace.world.meta["secrets_note"][
                "admin_console_password"]
            await press_button(pilot, "#signin-go")
            await until(pilot, lambda: isinstance(app.screen, ConsoleScreen), what="the console")
            await settle(pilot)
            screen = app.screen
            for part in ("Footer", "#term-input", "#list", "#nav"):
                assert inside(screen.query_one(part), screen), part

    run(go_())


def test_at_80_columns_the_decisions_pane_folds_and_f7_opens_it():
    async def go_():
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            await run_terminal(pilot, "aws s3 ls")
            screen = console(app)
            assert not screen.query_one("#decisions").display
            strip = plain(screen.query_one("#decision-strip"))
            pane = decisions(app)
            assert "s3:ListAllMyBuckets" in {pane.events[k].action for k in pane.order}
            # the newest: the console reads its page again after the key's last use was recorded
            assert strip.startswith("F7 all decisions · newest: ") and pane.newest().action in strip
            await pilot.press("f7")
            await settle(pilot)
            assert screen.query_one("#decisions").display and not screen.query_one("#center").display
            assert screen.query_one("#decision-table").has_focus and inside(screen.query_one("#decisions"), screen)
            await pilot.press("f8")
            await settle(pilot)
            assert not screen.query_one("#decisions").display and screen.query_one("#list").has_focus
            await pilot.resize_terminal(*BIG)
            await settle(pilot)
            assert screen.query_one("#decisions").display and screen.query_one("#center").display

    run(go_())


def test_a_long_form_scrolls_to_its_buttons_at_80x24():
    async def go_():
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            await go(pilot, "groups")
            await open_action(pilot, "Create group")
            form = app.screen
            assert isinstance(form, FormScreen)
            button = form.query_one("#form-submit-button", Button)
            button.focus()
            await settle(pilot)
            assert inside(button, form) and button.compact  # compact fields in a short window

    run(go_())


# -- 5. MFA ----------------------------------------------------------------------------------------------


def test_the_root_mfa_dialog_is_the_authenticator_and_can_be_left_resumed_or_deleted():
    from sandbox.tui.mfa_dialog import MfaScreen

    async def open_dialog(pilot):
        await go(pilot, "account", "root")
        await open_action(pilot, "Assign a virtual MFA device to the root user")
        await until(pilot, lambda: isinstance(pilot.app.screen, MfaScreen), what="the MFA dialog")
        await settle(pilot)
        return pilot.app.screen

    async def go_():
        app = make_app(signed_in="root")
        async with app.run_test(size=MEDIUM) as pilot:
            dialog = await open_dialog(pilot)
            assert not dialog.query_one("#mfa-unfinished-row").display
            await press_button(pilot, "#mfa-create")
            await until(pilot, lambda: dialog.serial is not None, what="the device")
            now, after = dialog.current_codes()
            codes = plain(dialog.query_one("#mfa-codes"))
            assert f"{now[:3]} {now[3:]}" in codes and f"{after[:3]} {after[3:]}" in codes and "s left" in codes
            await pilot.press("escape")  # leave half-way
            await until(pilot, lambda: not isinstance(app.screen, MfaScreen), what="the dialog to close")

            dialog = await open_dialog(pilot)  # no EntityAlreadyExists: the device is offered
            assert dialog.query_one("#mfa-unfinished-row").display
            serial = f"arn:aws:iam::{app.workspace.world.account_id}:mfa/root-account-mfa-device"
            assert dialog.query_one("#mfa-unfinished", Select).value == serial
            await press_button(pilot, "#mfa-delete")
            await until(pilot, lambda: not dialog.query_one("#mfa-unfinished-row").display, what="the deletion")
            assert app.workspace.world["mfa_devices"].get(serial) is None
            await press_button(pilot, "#mfa-create")
            await until(pilot, lambda: dialog.serial == serial, what="a new device")
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, MfaScreen), what="the dialog to close")

            dialog = await open_dialog(pilot)
            await press_button(pilot, "#mfa-resume")
            await until(pilot, lambda: dialog.serial == serial, what="the device again")
            await press_button(pilot, "#mfa-fill")
            assert dialog.query_one("#mfa-code1", Input).value == dialog.current_codes()[0]
            await press_button(pilot, "#mfa-enable")
            await until(pilot, lambda: not isinstance(app.screen, MfaScreen), what="MFA enabled")
            assert app.workspace.world.meta["root"]["MFASerial"] == serial
            assert decided(app, "iam:DeleteVirtualMFADevice", principal_contains=":root")

    run(go_())


def test_root_mfa_needs_root_sign_in_and_the_root_page_says_so():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await go(pilot, "account", "root")
            assert "F5" in plain(console(app).query_one("#detail"), width=300)
            await open_action(pilot, "Assign a virtual MFA device to the root user (needs root: F5)")
            await settle(pilot)
            assert any("sign in as the root user" in n.message for n in app._notifications)

    run(go_())


# -- 6. a new scenario, a new start ----------------------------------------------------------------------


def test_starting_a_scenario_resets_the_views():
    from sandbox.tui.editor import PolicyEditor

    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await run_terminal(pilot, "aws s3 ls")
            await go(pilot, "policies")
            screen = console(app)
            screen.query_one("#filter", Input).value = "nothing-matches"
            await settle(pilot)
            await pilot.press("f3")
            await until(pilot, lambda: app.current_mode == "simulator", what="the simulator")
            old_simulator = app.screen
            await pilot.press("ctrl+r")
            await pilot.press("f2")
            await until(pilot, lambda: app.current_mode == "console", what="the console")
            app.action_edit_policy("new-policy")
            await until(pilot, lambda: isinstance(app.screen, PolicyEditor) and app.screen.query("#editor-issues-text"),
                        what="the editor")
            await settle(pilot)
            assert decisions(app).count

            await start(pilot, "groups")
            assert app.screen is screen  # the editor is gone
            assert screen.query_one("#filter", Input).value == "" and screen.section == "users"
            # the decisions pane starts again: only the console's reads of the new world's Users page
            pane = decisions(app)
            assert {pane.events[k].action for k in pane.order} <= {"iam:ListUsers", "iam:GetUser"}
            await pilot.press("f3")
            await until(pilot, lambda: app.current_mode == "simulator", what="the simulator")
            assert app.screen is not old_simulator and not app.screen.explains  # a new simulator, no results

    run(go_())


def test_a_new_scenario_signs_root_in_again_without_mfa():
    async def go_():
        app = make_app(signed_in="root")
        async with app.run_test(size=BIG) as pilot:
            caller = app.workspace.console.caller
            app.workspace.console.caller = type(caller)(caller.principal, "root", console=True, mfa_present=True)
            await start(pilot, "secure-root")
            assert app.workspace.console.caller.mfa_present is False
            assert "(MFA)" not in app.sub_title

    run(go_())


# -- 7. one key, one meaning ------------------------------------------------------------------------------


def test_the_footer_shows_the_keys_of_the_focused_pane_and_letters_go_to_the_terminal():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await settle(pilot)
            keys = footer_keys(app)
            assert keys.get("a") == "Actions" and keys.get("s") == "Sort" and "ctrl+l" not in keys
            await pilot.press("ctrl+t")
            await settle(pilot)
            keys = footer_keys(app)
            assert keys.get("ctrl+l") == "Clear" and "a" not in keys and "ctrl+t" not in keys
            await pilot.press("g", "a")
            assert console(app).query_one("#term-input", Input).value == "ga"
            await run_terminal(pilot, "echo hello")
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert "hello" not in log_text(app) and console(app).query_one("#term-input").has_focus
            await pilot.press("f8")
            await settle(pilot)
            await pilot.press("ctrl+l")  # in the list it means nothing: the focus stays
            await settle(pilot)
            assert console(app).query_one("#list").has_focus

    run(go_())


def test_enter_on_a_section_opens_it_and_never_folds_a_group():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await pilot.press("ctrl+n")
            tree = console(app).query_one("#nav", Tree)
            await until(pilot, lambda: tree.has_focus, what="the navigation")
            tree.move_cursor(tree.root.children[0])  # the IAM group
            await pilot.press("enter")
            await settle(pilot)
            assert tree.root.children[0].is_expanded and tree.has_focus
            tree.move_cursor(tree.root.children[2].children[0])  # S3 > Buckets
            await pilot.press("enter")
            await settle(pilot)
            assert console(app).section == "buckets" and console(app).query_one("#list").has_focus

    run(go_())


def test_the_left_pane_stays_as_chosen_through_dialogs_and_ctrl_n_shows_the_navigation():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await start(pilot, "groups")
            screen = console(app)
            assert footer_keys(app).get("ctrl+n") == "Navigation" and footer_keys(app).get("ctrl+g") == "Guide"
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert screen.query_one("#nav").display and screen.query_one("#nav").has_focus
            assert not screen.query_one(GuidePane).display and footer_keys(app).get("ctrl+g") == "Guide"
            assert "ctrl+n" not in footer_keys(app)  # the navigation has the focus already
            await go(pilot, "groups")
            await open_action(pilot, "Create group")
            await fill(pilot, name="Developers")
            await submit(pilot)
            await settle(pilot)
            assert screen.query_one("#nav").display and not screen.query_one(GuidePane).display
            await pilot.press("ctrl+g")
            await settle(pilot)
            assert screen.query_one(GuidePane).display and screen.query_one("#guide-scroll").has_focus

    run(go_())


# -- 8. forms --------------------------------------------------------------------------------------------


def test_create_user_says_what_it_needs_and_offers_programmatic_access_with_a_laptop_profile():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await go(pilot, "users")
            await open_action(pilot, "Create user")
            form = app.screen
            placeholders = [w.placeholder for w in form.query(Input) if w.placeholder]
            assert placeholders and all(p.startswith(("required", "optional")) for p in placeholders)
            before = decisions(app).count
            await submit(pilot, expect_closed=False)
            assert form_error(app) == "Give the user a name." and app.screen is form
            await settle(pilot)
            assert decisions(app).count == before  # nothing was asked of IAM
            reset = form.query_one("#field-reset", Tick)
            assert reset.value and "✓" in str(reset.render())
            reset.value = False
            await pilot.pause()
            assert "✓" not in str(reset.render())
            await fill(pilot, name="dev", key=True)
            await submit(pilot)
            await until(pilot, lambda: isinstance(app.screen, SecretScreen), what="the new key")
            secret = app.screen
            key_id = secret.query_one("#secret-access-key-id", Input).value
            assert key_id.startswith("AKIA") and len(secret.query_one("#secret-secret-access-key", Input).value) == 40
            await pilot.press("p")
            await until(pilot, lambda: "profile dev" in plain(secret.query_one("#secret-done-note")), what="profile")
            await pilot.press("escape")
            await run_terminal(pilot, "aws sts get-caller-identity --profile dev --query Arn --output text")
            assert log_text(app).rstrip().endswith(":user/dev")

    run(go_())


def test_create_group_attaches_policies_and_adds_users_in_the_same_dialog():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await go(pilot, "groups")
            await open_action(pilot, "Create group")
            form = app.screen
            policies = form.query_one("#field-policies", SelectionList)
            policies.select("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
            form.query_one("#field-users", SelectionList).select("admin")
            await fill(pilot, name="Readers")
            await submit(pilot)
            group = app.workspace.world["groups"].get("Readers")
            assert group["AttachedPolicies"] == ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
            assert "Readers" in app.workspace.world["users"].get("admin")["Groups"]
            assert decided(app, "iam:AttachGroupPolicy") and decided(app, "iam:AddUserToGroup")

    run(go_())


async def _new_policy_editor(pilot) -> None:
    """The editor of a new customer managed policy, open and settled."""
    app = pilot.app
    app.action_edit_policy("new-policy")
    await until(pilot, lambda: isinstance(app.screen, PolicyEditor) and app.screen.query("#editor-text"),
                what="the editor")
    await settle(pilot)


def test_a_new_policy_starts_at_its_name_and_enter_goes_on_to_the_document():
    """A learner typed the name straight into the JSON (the editor had the focus)."""
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await _new_policy_editor(pilot)
            editor = app.screen
            await pilot.press(*"ReadReports")
            assert editor.query_one("#editor-name").value == "ReadReports"
            assert "ReadReports" not in editor.query_one("#editor-text").text
            await pilot.press("enter")
            await pilot.pause()
            assert editor.query_one("#editor-text").has_focus and isinstance(app.screen, PolicyEditor)

    run(go_())


def test_ctrl_q_quits_from_the_sign_in_dialog_at_start():
    """The sign-in at start cannot be cancelled, and a dialog takes the app's keys: Ctrl+Q
    (the footer's and help's way out) did nothing, so a learner could not leave unsigned-in.
    It quits from any dialog now, as from the console."""
    from sandbox.tui.signin import SignInScreen

    async def go_():
        app = make_app(signed_in=None)
        async with app.run_test(size=BIG) as pilot:
            await until(pilot, lambda: isinstance(app.screen, SignInScreen), what="the sign-in dialog")
            await pilot.press("escape")  # it stays: nobody is signed in yet
            assert isinstance(app.screen, SignInScreen)
            await pilot.press("ctrl+q")
            await until_exited(app)
        assert app.return_code == 0

    run(go_())


def test_ctrl_q_with_an_unsaved_policy_asks_first():
    """Ctrl+Q quits from anywhere, but a policy being written is not lost without a word:
    Cancel goes back to it; Ctrl+Q again (or Quit) leaves. With nothing unsaved it just quits."""
    from sandbox.tui.forms import ConfirmScreen

    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await _new_policy_editor(pilot)
            await pilot.press(*"Draft", "ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen) and "unsaved" in app.screen.question
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, PolicyEditor) and app.return_code is None
            await pilot.press("ctrl+q")
            await pilot.pause()
            await pilot.press("ctrl+q")  # again: yes
            await until_exited(app)

    run(go_())

    async def untouched():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await _new_policy_editor(pilot)
            await pilot.press("ctrl+q")
            await until_exited(app)

    run(untouched())


def test_closing_a_new_policy_with_only_its_name_typed_asks_first():
    """Esc after typing a name (the document untouched) asked nothing and lost the name."""
    from sandbox.tui.forms import ConfirmScreen

    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await _new_policy_editor(pilot)
            await pilot.press(*"Drafted", "escape")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("escape")  # not discarded: the editor keeps the name
            await pilot.pause()
            assert isinstance(app.screen, PolicyEditor) and app.screen.query_one("#editor-name").value == "Drafted"

    run(go_())


def test_a_new_policy_without_a_name_is_not_sent_to_iam():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await _new_policy_editor(pilot)
            before = app.workspace.newest_event
            app.screen.query_one("#editor-text").focus()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, PolicyEditor) and app.screen.query_one("#editor-name").has_focus
            messages = [n.message for n in app._notifications]
            assert "Give the policy a name (the field above the editor)." in messages
            assert not any("ValidationError" in m or "Value null" in m for m in messages)
            assert app.workspace.newest_event == before

    run(go_())


# -- 9. nothing cut at 140 columns ------------------------------------------------------------------------


def test_columns_narrow_the_widest_first_and_never_below_a_minimum():
    assert fit([10, 40, 8], 70) == [10, 40, 8]
    narrowed = fit([10, 40, 30], 70)
    assert sum(narrowed) + 6 <= 70 and narrowed[0] == 10 and narrowed[1] == narrowed[2]
    assert fit([50, 50], 10) == [6, 6]
    # phrases narrow to their longest word before a name or an identifier breaks
    assert fit([19, 30, 13], 60, [19, 9, 13]) == [19, 22, 13]


def test_a_name_keeps_its_width_and_a_description_gives_way():
    """The Policies list at 140x45 (67 cells): the description went to 12 cells and the
    names broke mid-word ("AmazonCognitoDeveloperAut" / "henticatedIdentities"). Now
    the description is left out (the detail pane shows it), the type wraps between its
    words, and the name is whole."""
    natural, floors = [45, 16, 8, 60], [45, 8, 8, 11]
    one_line, rigid = [False, False, False, True], [False, False, True, False]
    assert fit(natural, 67, floors, one_line, rigid) == [45, 8, 8, 0]
    # with room, the description has what is left, cut to one line
    assert fit(natural, 110, floors, one_line, rigid) == [45, 16, 8, 33]
    # the Users list at 80x24: a date (and a short header) is narrowed last
    widths = fit([15, 18, 4, 3, 7, 10], 51, [15, 11, 4, 3, 7, 10], None, [False, False, True, True, True, True])
    assert widths[2:] == [4, 3, 7, 10] and sum(widths) + 12 <= 51


async def _learn(pilot) -> None:
    await pilot.press("f4")
    await until(pilot, lambda: isinstance(pilot.app.screen, LearnScreen), what="Learn")
    await settle(pilot)


def _cells_whole(table: WrapTable, words: bool = False) -> None:
    """Every cell shows its whole text, wrapped within its column (a one-line column, the
    policies' description, is cut with "…" or left out: the detail pane shows it whole)."""
    console_ = table.app.console
    shown = [i for i, w in enumerate(table.shown_widths) if w]
    widths = [c.width for c in table.columns.values()]
    assert widths == [table.shown_widths[i] for i in shown]
    for row_key, cells in table._rows:
        for i, width in zip(shown, widths, strict=True):
            cell = cells[i]
            if table._headers[i] in ONE_LINE:
                continue
            lines = cell.wrap(console_, width)
            assert "".join(line.plain for line in lines).replace(" ", "") == cell.plain.replace(" ", "")
            assert all(line.cell_len <= width for line in lines)
            # and no word is broken (an ARN folds, as in AWS's console): each line ends where a word does
            whole = {w for line in lines for w in line.plain.split()} <= set(cell.plain.split())
            assert not words or cell.plain.startswith("arn:") or whole, (cell.plain, width)
        assert table.rows[row_key].height >= 1
    assert sum(widths) + 2 * len(widths) <= table.size.width


def test_nothing_a_learner_reads_is_cut_at_140_columns():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await go(pilot, "policies")
            _cells_whole(console(app).query_one("#list", WrapTable), words=True)
            await start(pilot, "explicit-deny-conditions")  # the guide narrows the centre
            await go(pilot, "policies")
            # (a 45-character name of an AWS managed policy breaks then, as identifiers do)
            _cells_whole(console(app).query_one("#list", WrapTable))
            await run_terminal(pilot, "aws ec2 describe-instances --query Reservations[0].Instances[0].PublicIpAddress")
            await go(pilot, "instances")
            table = console(app).query_one("#list", WrapTable)
            _cells_whole(table)
            ip = app.workspace.world["instances"].all()[0]["PublicIpAddress"]
            assert any(ip == cell.plain for _, cells in table._rows for cell in cells)
            await go(pilot, "account", "dashboard")
            _cells_whole(console(app).query_one("#detail-table-0", WrapTable))
            await pilot.press("f3")
            await until(pilot, lambda: app.current_mode == "simulator", what="the simulator")
            await pilot.press("ctrl+r")
            sim = app.screen.query_one("#sim-table", WrapTable)
            await until(pilot, lambda: sim.row_count == 3, what="the results")
            _cells_whole(sim, words=True)
            await _learn(pilot)
            learn = app.screen.query_one("#learn-table", WrapTable)
            _cells_whole(learn, words=True)
            titles = {cells[3].plain for _, cells in learn._rows}
            assert find("role-change-running-instance").title in titles

    run(go_())


def test_at_80x24_dates_and_headers_do_not_wrap():
    """The Users list at 80x24 wrapped the Created date ("2026-11-" / "03") and the header
    ("User" / "name") once a user had a longer name and two groups."""
    async def go_():
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            ws = app.workspace
            ws.call("iam", "CreateGroup", {"GroupName": "Developers"})
            for name in ("developer-alice", "bob"):
                ws.call("iam", "CreateUser", {"UserName": name})
                for group in ("Admins", "Developers"):
                    ws.call("iam", "AddUserToGroup", {"UserName": name, "GroupName": group})
            await settle(pilot)
            await go(pilot, "users")
            table = console(app).query_one("#list", WrapTable)
            await until(pilot, lambda: "developer-alice" in table.rows, what="the new users")
            widths = dict(zip(table._headers, table.shown_widths, strict=True))
            assert widths["Created"] == len("2026-11-27") and table.header_height == 1
            assert all(widths[h] >= len(h) for h in table._headers)

    run(go_())


def test_home_and_end_go_to_the_first_and_the_last_row():
    """In the Learn mode's scenarios (and every list of the app: they are WrapTables)."""
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await _learn(pilot)
            table = app.screen.query_one("#learn-table", WrapTable)
            assert table.has_focus and table.cursor_row == 0 and table.row_count > 10
            await pilot.press("end")
            assert table.cursor_row == table.row_count - 1
            await pilot.press("home")
            assert table.cursor_row == 0

    run(go_())


def test_a_long_line_of_the_explanation_is_shown_whole_under_the_tree():
    from sandbox.tui.explain_view import ExplainScreen

    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await run_terminal(pilot, "aws s3 ls")
            pane = decisions(app)
            table = pane.query_one("#decision-table", OptionList)
            table.focus()
            table.highlighted = len(pane.order) - 1
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ExplainScreen), what="the explanation")
            tree = app.screen.query_one("#explain-tree", Tree)
            node = tree.root.children[-1]  # the policy: "identity-based policy: AWS managed policy ..."
            tree.move_cursor(node)
            await settle(pilot)
            assert plain(app.screen.query_one("#explain-line"), width=300) == node.label.plain

    run(go_())


# -- 10. wording ------------------------------------------------------------------------------------------


def test_the_flow_chart_says_the_outcome_in_words():
    from sandbox.tui.explain_view import flow_drawing

    deny = flow_drawing({"path": ["deny"], "end": "explicit-deny", "steps": [
        {"node": "deny", "question": "Explicit Deny in any policy?", "outcome": "yes"}]}).plain
    assert "Outcome: DENIED by an explicit Deny" in deny
    assert "DENIED (explicit)  ◄ this request" in deny and "ALLOWED  (not reached)" in deny
    allow = flow_drawing({"path": ["deny", "identity"], "end": "allow", "steps": []}).plain
    assert "Outcome: ALLOWED" in allow and "ALLOWED   ◄ this request" in allow


def test_the_decisions_pane_follows_unless_scrolled_away_and_counts_what_is_new():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await run_terminal(pilot, *["aws sts get-caller-identity"] * 20, timeout=90)
            pane = decisions(app)
            table = pane.query_one("#decision-table", OptionList)
            table.focus()
            table.highlighted = len(pane.order) - 2  # the cursor moved, the view is still at the end
            await run_terminal(pilot, "aws s3 ls")
            await settle(pilot)
            assert table.is_vertical_scroll_end and pane.unseen == 0
            table.scroll_home(animate=False, immediate=True)
            await pilot.pause()
            await run_terminal(pilot, "aws s3 ls", "aws s3 ls")
            await settle(pilot)
            assert pane.unseen == 2 and "2 new" in plain(pane.query_one("#decisions-title"))
            await pilot.press("end")
            await settle(pilot)
            assert pane.unseen == 0 and "new" not in plain(pane.query_one("#decisions-title"))

    run(go_())


def test_world_info_runs_in_the_app_terminal():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await run_terminal(pilot, "iam-sandbox world info")
            assert f"password: {app.workspace.world.meta['root']['Password']}" in log_text(app)

    run(go_())


def test_the_password_policy_page_reads_as_words():
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await run_terminal(pilot, "aws iam update-account-password-policy --minimum-password-length 12 "
                                      "--require-symbols")
            await go(pilot, "account", "password-policy")
            text = plain(console(app).query_one("#detail"), width=200)
            assert "12 characters" in text and "required" in text
            assert "RequireSymbols" not in text and "True" not in text

    run(go_())


# -- 11. tips ---------------------------------------------------------------------------------------------


def test_help_leads_to_the_exam_tips_with_then_and_now():
    """Help's t opens Quiz mode's tips view (once its banks are loaded): the notes' tips with their
    then-and-now lines and where they are taught, then each scenario's own tip naming its scenario."""
    from textual.widgets import DataTable

    from sandbox.tui.help import HelpScreen
    from sandbox.tui.quiz.tips import SCENARIO_KEY, TipsScreen

    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await settle(pilot)
            await pilot.press("f1")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
            assert "exam tips" in plain(app.screen.query_one("#help-tips")).lower()
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TipsScreen), what="the tips")
            assert app.current_mode == "quiz" and not any(isinstance(s, HelpScreen) for s in app.screen_stack)
            tips = app.screen
            table = tips.query_one("#quiz-tips-table", DataTable)
            keys = [row.value for row in table.rows]

            async def detail_of(key: str) -> str:
                table.move_cursor(row=keys.index(key))
                await pilot.pause()
                return " ".join(plain(tips.query_one("#quiz-tip-text"), width=200).split())

            sync = await detail_of("cognito-sync-devices")
            assert "Then and now: The notes mean Amazon Cognito Sync" in sync
            assert "Taught in: " in sync and "Push sync: one change, three devices" in sync
            assert "Taught in: An EC2 role instead of access keys" in await detail_of("roles-no-keys")
            scenario_rows = [k for k in keys if k.startswith(SCENARIO_KEY)]
            assert len(scenario_rows) == 17 and keys.index(scenario_rows[0]) == 27  # after the notes' 27
            you, _, tip = (str(cell) for cell in table.get_row(SCENARIO_KEY + "ec2-role-s3"))
            assert tip.startswith("An EC2 role instead of access keys: Roles allow you to not use access key ids")
            assert you == "new"  # the learner has not tried the scenario
            keys_tip = await detail_of(SCENARIO_KEY + "access-keys")
            keys_row = str(table.get_row(SCENARIO_KEY + "access-keys")[2])
            assert "You only get to view the secret access key once" in keys_row
            assert "Then and now: The notes say new users are given keys when created." in keys_tip
            assert "From the scenario: Access keys: shown once, rotated, never a password" in keys_tip

    run(go_())


def test_the_terminal_welcome_is_written_once_whatever_the_resizes():
    async def go_():
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            await pilot.resize_terminal(*BIG)
            await settle(pilot)
            await pilot.resize_terminal(*MEDIUM)
            await settle(pilot)
            assert log_text(app).count("Sandbox terminal on your laptop") == 1

    run(go_())


def test_text_is_never_markup():
    """Scenario files are untrusted: their text reaches the guide as text, not markup."""
    from sandbox.tui.guide import inline

    shown = inline("Run `[bold]x[/]` and **[red]y** now")
    assert isinstance(shown, Text) and shown.plain == "Run [bold]x[/] and [red]y now"


def test_ctrl_a_selects_the_whole_policy_to_paste_over_it():
    """Textual's TextArea takes Ctrl+A for the start of the line (Home does that too):
    the learner who presses it before pasting a new policy got the old one and the new."""
    async def go_():
        app = make_app()
        async with app.run_test(size=BIG) as pilot:
            await _new_policy_editor(pilot)
            area = app.screen.query_one("#editor-text")
            area.focus()
            await pilot.press("ctrl+a")
            assert area.text.strip() and area.selected_text == area.text
            await pilot.press("x")
            assert area.text == "x"
            await pilot.press("f3")  # the simulator's policy box likewise
            await until(pilot, lambda: app.current_mode == "simulator", what="the simulator")
            box = app.screen.query_one("#sim-policy")
            box.focus()
            await pilot.press("ctrl+a")
            assert box.selected_text == box.text and box.text.strip()

    run(go_())
