"""The Cognito pages in the app are requests as the signed-in principal: a new user signed in
with F5 sees the access-denied banner on User pools and Identity pools (and nothing of the
pools), each refusal in the decisions pane; admin sees the pools, its reads allowed in the
decisions pane; a user who may only list identity pools sees the list, and the Overview tab
shows the refusal of DescribeIdentityPool in the tab."""

from __future__ import annotations

import json

import pytest
from rich.text import Text
from textual.widgets import Static

from sandbox.tui.banner import BannerView
from sandbox.tui.detail import DetailPane
from sandbox.tui.signin import SignInScreen
from tuihelp import ACCOUNT, SIZE, console, decided, go, list_keys, make_app, run, settle, sign_in_dialog, until

pytestmark = pytest.mark.tui

PASSWORD = "Sandbox-Passw0rd!"


def _text(widget: Static) -> str:
    rendered = widget.render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


def _console_reads(app, action: str, decision: str, who: str) -> list:
    return [e for e in decided(app, action, decision, principal_contains=who) if e.source == "console"]


def _pools(app) -> tuple[str, str]:
    """As admin: a user pool and an identity pool."""
    ws = app.workspace
    pool = ws.call("cognito-idp", "CreateUserPool", {"PoolName": "photos-users"})["UserPool"]["Id"]
    identity_pool = ws.call("cognito-identity", "CreateIdentityPool", {
        "IdentityPoolName": "photos", "AllowUnauthenticatedIdentities": True})["IdentityPoolId"]
    return pool, identity_pool


def _user(app, name: str, *actions: str) -> None:
    ws = app.workspace
    ws.call("iam", "CreateUser", {"UserName": name})
    ws.call("iam", "CreateLoginProfile", {"UserName": name, "Password": PASSWORD})
    if actions:
        ws.call("iam", "PutUserPolicy", {"UserName": name, "PolicyName": "p", "PolicyDocument": json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]})})


async def _overview(pilot, section: str, key: str):
    """Open the pool's page (its list read, no banner) and wait for its Overview tab's read."""
    await go(pilot, section, key)
    assert not console(pilot.app).query_one("#list-banner", BannerView).display
    detail = console(pilot.app).query_one(DetailPane)
    await until(pilot, lambda: detail.sections and (detail.sections[0].facts or detail.sections[0].banner),
                what="the Overview tab")
    return detail.sections[0]


def test_a_new_user_sees_the_banner_on_both_cognito_pages():
    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            _pools(app)
            _user(app, "newbie")
            await settle(pilot)
            await pilot.press("f5")
            await until(pilot, lambda: isinstance(app.screen, SignInScreen), what="the sign-in dialog")
            await sign_in_dialog(pilot, "user", PASSWORD, "newbie")
            await settle(pilot)
            banner = console(app).query_one("#list-banner", BannerView)
            for section, action in (("user-pools", "cognito-idp:ListUserPools"),
                                    ("identity-pools", "cognito-identity:ListIdentityPools")):
                await go(pilot, section)
                assert banner.display and list_keys(app) == []  # no pool, no id, no role shown
                shown = _text(banner)
                assert shown.startswith(f"⚠ Access denied to {action}\nYou don't have permission to {action}.")
                assert f"User: arn:aws:iam::{ACCOUNT}:user/newbie" in shown
                await until(pilot, lambda action=action: _console_reads(app, action, "implicitDeny", "newbie"),
                            what=f"the refused {action} in the decisions pane")
                detail = console(app).query_one(DetailPane)
                assert [s.facts for s in detail.sections] == [[]]  # no tab of a pool

    run(scenario())


def test_admin_sees_the_pools_and_its_reads_are_allowed_decisions():
    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            pool, identity_pool = _pools(app)
            assert dict((await _overview(pilot, "user-pools", pool)).facts)["User pool ID"] == pool
            assert dict((await _overview(pilot, "identity-pools", identity_pool)).facts)["Guest access"] == "yes"
            assert list_keys(app) == [identity_pool]
            for action in ("cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool",
                           "cognito-identity:ListIdentityPools", "cognito-identity:DescribeIdentityPool"):
                await until(pilot, lambda action=action: _console_reads(app, action, "allowed", "admin"),
                            what=f"the allowed {action} in the decisions pane")

    run(scenario())


def test_a_user_who_may_only_list_identity_pools_is_refused_the_overview_tab():
    async def scenario():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            _pool, identity_pool = _pools(app)
            _user(app, "lister", "cognito-identity:ListIdentityPools")
            app.workspace.sign_in(root=False, user_name="lister", password=PASSWORD)
            app.refresh_views()
            overview = await _overview(pilot, "identity-pools", identity_pool)
            assert list_keys(app) == [identity_pool]
            assert overview.banner.action == "cognito-identity:DescribeIdentityPool" and overview.facts == []
            (tab_banner,) = console(app).query_one(DetailPane).query(BannerView)
            assert _text(tab_banner).startswith("⚠ Access denied to cognito-identity:DescribeIdentityPool")
            await until(pilot, lambda: _console_reads(app, "cognito-identity:DescribeIdentityPool", "implicitDeny",
                                                      "lister"), what="the refusal in the decisions pane")

    run(scenario())
