"""Snapshots of the Cognito screens (120x40, the same world every time): a user pool's users,
and the devices side by side; the Federation view's brokered flow."""

from __future__ import annotations

import pytest

from sandbox.services import devices, principals
from sandbox.services.gateway import Caller, Gateway
from sandbox.world import ids
from test_tui_snapshots import still
from tuihelp import SIZE, console, go, make_app, make_world

pytestmark = pytest.mark.tui


def _cognito_world():
    world = make_world()
    ids.seed(3)
    try:
        gw = Gateway(world)
        admin_row = world["users"].get("admin")
        admin = Caller(principals.user_principal(world, admin_row), "user", user=admin_row)
        pool = gw.call(admin, "cognito-idp", "CreateUserPool", {"PoolName": "photos-users",
                                                                "AutoVerifiedAttributes": ["email"]})["UserPool"]
        gw.call(admin, "cognito-idp", "CreateUserPoolClient", {"UserPoolId": pool["Id"], "ClientName": "web"})
        gw.call(admin, "cognito-idp", "CreateGroup", {"UserPoolId": pool["Id"], "GroupName": "editors",
                                                      "Precedence": 1})
        for name in ("ana", "bo"):
            gw.call(admin, "cognito-idp", "AdminCreateUser", {
                "UserPoolId": pool["Id"], "Username": name, "MessageAction": "SUPPRESS",
                "UserAttributes": [{"Name": "email", "Value": f"{name}@example.com"}]})
        gw.call(admin, "cognito-idp", "AdminAddUserToGroup", {"UserPoolId": pool["Id"], "Username": "ana",
                                                              "GroupName": "editors"})
        with world.transaction():
            for name, kind, value in (("ana-phone", "phone", "dark"), ("ana-tablet", "tablet", "dark"),
                                      ("ana-old-phone", "phone", "light")):
                devices.add_device(world, name, kind)
                devices.write_json(world, name, devices.app_path("datasets", "settings.json"),
                                   {"datasetName": "settings", "syncCount": 2 if value == "dark" else 1,
                                    "records": {"theme": value}})
    finally:
        ids.seed(None)
    return world, pool["Id"]


def test_user_pool_users(snap_compare):
    world, pool_id = _cognito_world()

    async def before(pilot):
        await go(pilot, "user-pools", pool_id)
        console(pilot.app).query_one("#detail").active = "tab-2"
        await still(pilot)

    assert snap_compare(make_app(world), terminal_size=SIZE, run_before=before)


def test_devices_side_by_side(snap_compare):
    world, _pool_id = _cognito_world()

    async def before(pilot):
        await go(pilot, "devices", "ana-phone")
        console(pilot.app).query_one("#detail").active = "tab-3"
        await still(pilot)

    assert snap_compare(make_app(world), terminal_size=SIZE, run_before=before)


def test_federation_view_brokered_by_an_identity_pool(snap_compare):
    """The brokered flow lit up to the credentials: Facebook's token, the identity, the trust
    decision on the pool's token, the role the pool chose."""
    from test_tui_cognito_federation import brokered_world, open_brokered
    from tuihelp import until

    world, _pool = brokered_world()

    async def before(pilot):
        screen = await open_brokered(pilot, "Facebook: snapshots")
        ids.seed(4)  # the identity, the session's key and secret: the same every time
        try:
            await pilot.press("ctrl+r")
            await until(pilot, lambda: screen.query_one("#hop-credentials").has_class("hop-ok"),
                        what="the credentials hop")
        finally:
            ids.seed(None)
        await still(pilot)

    assert snap_compare(make_app(world), terminal_size=SIZE, run_before=before)
