"""The console reads as the signed-in principal, in the app: sign in (F5) as a new user and
every page shows the access-denied banner naming its action, with the decision in the
decisions pane; the EC2 console shows its Region and switches it (r), IAM says Global.
Pages are read again when the account changes, not on every redraw nor after a command
that changed nothing."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import DataTable, Static

from sandbox.tui.banner import BannerView
from sandbox.tui.detail import DetailPane
from sandbox.tui.forms import ActionsScreen
from sandbox.tui.signin import SignInScreen
from tuihelp import (
    ACCOUNT,
    SIZE,
    console,
    decided,
    go,
    list_keys,
    make_app,
    run,
    run_terminal,
    settle,
    sign_in_dialog,
    until,
)

pytestmark = pytest.mark.tui

PASSWORD = "Sandbox-Passw0rd!"


def _text(widget: Static) -> str:
    rendered = widget.render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


def _console_reads(app, action: str) -> list:
    return [e for e in decided(app, action, "implicitDeny") + decided(app, action) if e.source == "console"]


def test_a_new_user_signs_in_and_sees_the_banners():
    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            app.workspace.call("iam", "CreateUser", {"UserName": "newbie"})
            app.workspace.call("iam", "CreateLoginProfile", {"UserName": "newbie", "Password": PASSWORD})
            await settle(pilot)
            assert "newbie" in list_keys(app)  # admin sees the users
            await pilot.press("f5")
            await until(pilot, lambda: isinstance(app.screen, SignInScreen), what="the sign-in dialog")
            await sign_in_dialog(pilot, "user", PASSWORD, "newbie")
            await settle(pilot)
            screen = console(app)
            banner = screen.query_one("#list-banner", BannerView)
            assert banner.display and list_keys(app) == []
            shown = _text(banner)
            assert shown.startswith("⚠ Access denied to iam:ListUsers\nYou don't have permission to iam:ListUsers.")
            assert f"User: arn:aws:iam::{ACCOUNT}:user/newbie" in shown
            assert "Context: no identity-based policy allows the action" in shown
            await until(pilot, lambda: _console_reads(app, "iam:ListUsers"), what="the read in the decisions pane")
            (read,) = [e for e in _console_reads(app, "iam:ListUsers") if "newbie" in e.principal]
            assert read.decision == "implicitDeny"
            # the other pages likewise, each naming its own action
            for section, action in (("policies", "iam:ListPolicies"), ("instances", "ec2:DescribeInstances"),
                                    ("buckets", "s3:ListAllMyBuckets")):
                await go(pilot, section)
                assert _text(banner).startswith(f"⚠ Access denied to {action}")
            # root sees everything again
            await pilot.press("f5")
            await until(pilot, lambda: isinstance(app.screen, SignInScreen), what="the sign-in dialog")
            await sign_in_dialog(pilot, "root", app.workspace.world.meta["root"]["Password"])
            await settle(pilot)
            assert not banner.display and len(list_keys(app)) == 1  # the bucket

    run(scenario())


def test_a_denied_tab_shows_the_banner_in_the_tab():
    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            ws = app.workspace
            ws.call("iam", "CreateUser", {"UserName": "lister"})
            ws.call("iam", "CreateLoginProfile", {"UserName": "lister", "Password": PASSWORD})
            ws.call("iam", "PutUserPolicy", {"UserName": "lister", "PolicyName": "list", "PolicyDocument":
                                             '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                                             '"Action":"iam:ListUsers","Resource":"*"}]}'})
            ws.sign_in(root=False, user_name="lister", password=PASSWORD)
            app.refresh_views()
            await go(pilot, "users", "admin")
            detail = console(app).query_one(DetailPane)
            await until(pilot, lambda: detail.sections and detail.sections[0].banner is not None,
                        what="the Summary tab's banner")
            assert detail.sections[0].banner.action == "iam:GetUser"
            assert detail.query(BannerView)
            # the other tabs are read only when opened
            assert [s.read for s in detail.sections] == [True, False, False, False, False]
            detail.active = "tab-2"  # Groups
            await until(pilot, lambda: detail.sections[2].read, what="the Groups tab read")
            await settle(pilot)
            assert detail.sections[2].banner.action == "iam:ListGroupsForUser"

    run(scenario())


def test_pages_are_read_again_only_when_the_world_changes():
    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "users", "admin")
            await until(pilot, lambda: _console_reads(app, "iam:GetUser"), what="the Summary read")
            before = (len(_console_reads(app, "iam:ListUsers")), len(_console_reads(app, "iam:GetUser")))
            # nor do read-only commands (though AWS notes when the access key was last used)
            # and the laptop's own files (``aws configure set`` writes ~/.aws/config)
            await run_terminal(pilot, "echo nothing changes", "pwd", "aws iam list-users", "aws s3 ls",
                               "aws configure set region eu-west-1")
            app.refresh_views()
            await settle(pilot)
            await pilot.pause(0.6)  # a poll of the world
            assert (len(_console_reads(app, "iam:ListUsers")), len(_console_reads(app, "iam:GetUser"))) == before
            await run_terminal(pilot, "aws iam create-user --user-name fresh")
            await until(pilot, lambda: "fresh" in list_keys(app), what="the new user in the list")
            await until(pilot, lambda: len(_console_reads(app, "iam:ListUsers")) == before[0] + 1,
                        what="one more ListUsers")
            await pilot.pause(0.6)
            assert len(_console_reads(app, "iam:ListUsers")) == before[0] + 1
            # the learner's own refresh (Ctrl+R) reads the page and its open tab again
            reads = (len(_console_reads(app, "iam:ListUsers")), len(_console_reads(app, "iam:GetUser")))
            console(app).query_one("#list").focus()
            await pilot.press("ctrl+r")
            await until(pilot, lambda: (len(_console_reads(app, "iam:ListUsers")),
                                        len(_console_reads(app, "iam:GetUser"))) == (reads[0] + 1, reads[1] + 1),
                        what="the page and its tab read again")

    run(scenario())


def test_the_ec2_console_has_a_region_and_iam_is_global():
    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = console(app)
            region = screen.query_one("#region", Static)
            await go(pilot, "users")
            assert _text(region) == "Region: Global"
            await go(pilot, "instances")
            assert _text(region) == "Region: us-east-1 ▾"
            assert screen.query_one("#list", DataTable).get_row_at(0)[0].plain == "web-1"
            screen.query_one("#list", DataTable).focus()
            await pilot.press("r")
            await until(pilot, lambda: isinstance(app.screen, ActionsScreen), what="the Region selector")
            menu = app.screen
            index = next(i for i, (label, _) in enumerate(menu.actions) if label.endswith("eu-west-1"))
            menu.query_one("#actions-list").highlighted = index
            await pilot.press("enter")
            await settle(pilot)
            assert _text(region) == "Region: eu-west-1 ▾"
            assert list_keys(app) == []  # web-1 runs in us-east-1
            await until(pilot, lambda: any(e.region == "eu-west-1" for e in _console_reads(
                app, "ec2:DescribeInstances")), what="the read sent to eu-west-1")
            await go(pilot, "buckets")
            assert _text(region) == "Region: Global" and list_keys(app) == ["experimenting-aws"]
            await go(pilot, "user-pools")  # Cognito is regional: its pages show the Region chosen (r)
            assert _text(region) == "Region: eu-west-1 ▾"
            await until(pilot, lambda: any(e.region == "eu-west-1" for e in _console_reads(
                app, "cognito-idp:ListUserPools")), what="the user pools read sent to eu-west-1")
            await go(pilot, "devices")  # the sandbox's phones: no AWS page, no Region
            assert _text(region) == "the sandbox's phones (not AWS)"
            await go(pilot, "buckets")
            # sorting and filtering a page are not requests
            start = app.workspace.newest_event
            await pilot.press("s")
            await settle(pilot)
            screen.query_one("#filter").value = "exp"
            await settle(pilot)
            assert list_keys(app) == ["experimenting-aws"] and app.workspace.follow(start) == []
            # the Region shown is also a button
            await go(pilot, "instances")
            await pilot.click("#region")
            await until(pilot, lambda: isinstance(app.screen, ActionsScreen), what="the Region selector (click)")

    run(scenario())


def test_a_security_recommendation_leads_to_its_fix():
    from sandbox.tui.forms import FormScreen

    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            app.workspace.call("iam", "CreateUser", {"UserName": "solo"})
            app.workspace.call("iam", "AttachUserPolicy", {"UserName": "solo", "PolicyArn":
                                                           "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"})
            await settle(pilot)
            screen = console(app)

            async def enter_on(recommendation: str) -> None:
                await go(pilot, "account", "dashboard")
                table = screen.query_one("#detail-table-0", DataTable)
                table.focus()
                table.move_cursor(row=table.get_row_index(recommendation))
                await pilot.press("enter")
                await settle(pilot)

            await enter_on("password-policy")
            await until(pilot, lambda: isinstance(app.screen, FormScreen), what="the password policy form")
            assert app.screen.title_text == "Account password policy"
            await pilot.press("escape")
            await settle(pilot)
            await enter_on("direct-policies")
            assert (screen.section, screen.selected) == ("users", "solo")

    run(scenario())


def test_the_first_lesson_in_the_console_new_users_have_no_permissions(tmp_path, monkeypatch):
    """new-users-no-permissions, step 1, taken in the console: carol signs in (F5) and the
    Buckets page is her implicit deny on s3:ListAllMyBuckets."""
    from sandbox.scenarios.loader import find
    from sandbox.tui.guide import GuidePane
    from sandbox.tui.messages import StartScenario

    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))

    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.post_message(StartScenario(find("new-users-no-permissions")))
            await until(pilot, lambda: console(app).query_one(GuidePane).display, what="the guide")
            await pilot.press("f5")
            await until(pilot, lambda: isinstance(app.screen, SignInScreen), what="the sign-in dialog")
            await sign_in_dialog(pilot, "user", "Carol-Sandbox-Pass-1!", "carol")
            await settle(pilot)
            await go(pilot, "buckets")
            assert _text(console(app).query_one("#list-banner", BannerView)).startswith(
                "⚠ Access denied to s3:ListAllMyBuckets")
            done = "✓ Step 1 done: Try it as carol\nNext, step 2: Give access through a group"
            await until(pilot, lambda: done in [n.message for n in app._notifications], what="step 1 done")

    run(scenario())


def test_a_section_is_read_once_when_the_keys_move_onto_it_and_enter_opens_it():
    """Moving onto Roles in the navigation opens its page (one ListRoles); Enter then moves
    to the list without reading the page a second time."""
    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            tree = console(app).query_one("#nav")
            tree.focus()
            await settle(pilot)
            while tree.cursor_node is None or tree.cursor_node.data != "roles":
                await pilot.press("down")
                await settle(pilot)
            await until(pilot, lambda: len(_console_reads(app, "iam:ListRoles")) == 1, what="the Roles page")
            await pilot.press("enter")
            await settle(pilot)
            await pilot.pause(0.3)
            assert console(app).query_one("#list").has_focus
            assert len(_console_reads(app, "iam:ListRoles")) == 1

    run(scenario())


def test_the_keys_in_the_list_open_the_next_and_the_previous_tab():
    """A learner found the detail tabs only by guessing (F8, Tab, then arrows): ] and [ in the
    list open the selected item's next and previous tab, and reading it is a request."""
    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "users", "admin")
            screen = console(app)
            detail = screen.query_one(DetailPane)
            await until(pilot, lambda: detail.sections and detail.sections[0].read, what="the Summary tab")
            screen.query_one("#list", DataTable).focus()
            await pilot.press("right_square_bracket")
            await until(pilot, lambda: detail.active == "tab-1" and detail.sections[1].read, what="the second tab")
            await settle(pilot)
            before = len(_console_reads(app, "iam:ListGroupsForUser"))
            await pilot.press("right_square_bracket")
            await until(pilot, lambda: detail.sections[2].read, what="the Groups tab read")
            assert len(_console_reads(app, "iam:ListGroupsForUser")) == before + 1
            assert screen.query_one("#list", DataTable).has_focus  # the keys stay in the list
            await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
            await until(pilot, lambda: detail.active == f"tab-{len(detail.sections) - 1}", what="round to the last")

    run(scenario())


def test_a_tab_whose_read_fails_is_read_once(tmp_path):
    """A user without a console password, on Security credentials: GetLoginProfile answers
    NoSuchEntity. That failed request made the next one count as a change of the world, so
    the tab was read again and again (about 30 requests a second) on a world in a file."""
    from sandbox.world import World
    from tuihelp import make_world

    path = tmp_path / "w.json"
    make_world(path)
    app = make_app(World(path))
    app.workspace.call("iam", "CreateUser", {"UserName": "nopassword"})

    async def go_():
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "users", "admin")
            screen = console(app)
            screen.query_one("#list").focus()
            for _ in range(3):
                await pilot.press("right_square_bracket")
                await settle(pilot)
            assert screen.query_one(DetailPane).active_title() == "Security credentials"
            start = app.workspace.newest_event
            await pilot.press("down")
            await settle(pilot)
            await pilot.pause(1.5)  # several of the app's looks for changes
            assert [e.action for e in app.workspace.follow(start) if e.kind == "decision"] == [
                "iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListAccessKeys"]
            # and the empty table of keys says what is none (a bare "(none)" under MFA devices)
            notes = [_text(w) for w in screen.query_one(DetailPane).query(".detail-note")]
            assert "Access keys: none" in notes

    run(go_())
