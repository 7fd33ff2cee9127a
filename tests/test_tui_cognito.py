"""Amazon Cognito in the app: user pools (app clients, users, groups), identity pools (roles)
and devices in the console's navigation, their tabs and forms, and the Create role form's
Cognito template."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, Tree

from sandbox.services import mailbox
from sandbox.tui.detail import DetailPane
from tuihelp import (
    ACCOUNT,
    SIZE,
    console,
    decided,
    fill,
    go,
    list_keys,
    make_app,
    open_action,
    run,
    run_terminal,
    settle,
    submit,
    until,
)

pytestmark = pytest.mark.tui


def tabs(app) -> list[str]:
    return [s.title for s in console(app).query_one(DetailPane).sections]


async def section(pilot, title: str):
    """The tab, opened and read (each tab is a request, made when the tab is shown)."""
    detail = console(pilot.app).query_one(DetailPane)
    index = [s.title for s in detail.sections].index(title)
    detail.active = f"tab-{index}"
    await until(pilot, lambda: detail.sections[index].read and detail.sections[index].title == title,
                what=f"the {title} tab read")
    await settle(pilot)
    return detail.sections[index]


def test_cognito_is_in_the_navigation():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            tree = console(app).query_one("#nav", Tree)
            groups = {str(n.label): [str(leaf.label) for leaf in n.children] for n in tree.root.children}
            # a section's count is shown once its list is read (each list is a request)
            assert groups["Cognito"] == ["User pools", "Identity pools", "Devices"]

    run(go_())


def test_a_user_pool_with_a_client_a_user_and_a_group_from_the_forms():
    async def go_():
        from sandbox.tui.forms import SecretScreen

        app = make_app()
        world = app.workspace.world
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "user-pools")
            await open_action(pilot, "Create user pool")
            await fill(pilot, name="photos-users")
            await submit(pilot)
            (pool_id,) = list_keys(app)
            assert decided(app, "cognito-idp:CreateUserPool")
            await go(pilot, "user-pools", pool_id)
            assert tabs(app) == ["Overview", "App clients", "Users", "Groups", "Sign-in providers"]
            await open_action(pilot, "Create an app client")
            await fill(pilot, name="web", secret=True)
            await submit(pilot)
            await until(pilot, lambda: isinstance(app.screen, SecretScreen), what="the client's id and secret")
            secret = app.screen.query_one("#secret-client-secret", Input).value
            assert len(secret) == 51
            await pilot.press("escape")
            await open_action(pilot, "Create a user")
            await fill(pilot, username="ana", email="ana@example.com")
            await submit(pilot)
            assert mailbox.messages(world, "ana@example.com")[0]["Subject"] == "Your temporary password"
            await open_action(pilot, "Create a group")
            await fill(pilot, name="editors", precedence="1")
            await submit(pilot)
            await open_action(pilot, "Add a user")
            await fill(pilot, user="ana", group="editors")
            await submit(pilot)
            await settle(pilot)
            users = (await section(pilot, "Users")).table.rows
            assert [cells[0] for _key, cells in users] == ["ana"]
            assert users[0][1][2] == "FORCE_CHANGE_PASSWORD" and users[0][1][4] == "editors"
            clients = (await section(pilot, "App clients")).table.rows
            assert clients[0][1][2] == "yes"

    run(go_())


def test_an_identity_pool_with_roles_made_from_the_cognito_template():
    async def go_():
        app = make_app()
        world = app.workspace.world
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "identity-pools")
            await open_action(pilot, "Create identity pool")
            await fill(pilot, name="photos", guests=True)
            await submit(pilot)
            (pool_id,) = list_keys(app)
            await go(pilot, "roles")
            await open_action(pilot, "Create role")
            form = app.screen
            await fill(pilot, kind="cognito")
            assert form.query_one("#row-identity_pool").display and not form.query_one("#row-service").display
            await fill(pilot, identity_pool=pool_id, who="unauthenticated", name="PhotosGuests")
            await submit(pilot)
            trust = json.loads(world["roles"].get("PhotosGuests")["AssumeRolePolicyDocument"])
            statement = trust["Statement"][0]
            assert statement["Principal"] == {"Federated": "cognito-identity.amazonaws.com"}
            assert statement["Condition"] == {
                "StringEquals": {"cognito-identity.amazonaws.com:aud": pool_id},
                "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}}
            await go(pilot, "identity-pools", pool_id)
            await open_action(pilot, "Set the authenticated and guest roles")
            await fill(pilot, unauthenticated=f"arn:aws:iam::{ACCOUNT}:role/PhotosGuests")
            await submit(pilot)
            await settle(pilot)
            roles = dict((await section(pilot, "Roles")).facts)
            assert roles["Guest (unauthenticated) role"] == f"arn:aws:iam::{ACCOUNT}:role/PhotosGuests"
            assert decided(app, "cognito-identity:SetIdentityPoolRoles") and decided(app, "iam:PassRole")

    run(go_())


def test_devices_side_by_side():
    async def go_():
        app = make_app()
        world = app.workspace.world
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "devices")
            await open_action(pilot, "Add a phone or tablet")
            await fill(pilot, name="ana-phone")
            await submit(pilot)
            await run_terminal(pilot, "device add ana-tablet --tablet")
            await settle(pilot)
            assert list_keys(app) == ["ana-phone", "ana-tablet"]
            from sandbox.services import devices
            with world.transaction():
                for name, value in (("ana-phone", "dark"), ("ana-tablet", "light")):
                    devices.write_json(world, name, devices.app_path("datasets", "settings.json"),
                                       {"datasetName": "settings", "syncCount": 3, "records": {"theme": value}})
            await go(pilot, "devices", "ana-tablet")
            table = (await section(pilot, "All devices")).table
            assert table.columns == ["Dataset", "Key", "ana-phone", "ana-tablet"]
            assert table.rows == [("settings|theme", ["settings", "theme", "dark (#3)", "light (#3)"])]
            facts = dict((await section(pilot, "Device")).facts)
            assert facts["Kind"] == "tablet" and facts["Signed in"] == "nobody"

    run(go_())
