"""The Textual app driven with Textual's Pilot, as a learner uses it: sign-in, every
console action (forms, confirmations, the policy editor, the MFA dialog), the terminal
pane with the notes' EC2 walkthrough, the explanation of a decision, modes, help, the
command palette, the theme, and changes made by another process.

Each action is checked against the world (it changed, or it did not) and against the
live decisions pane (the decision the action caused is listed there).
"""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, OptionList, RichLog, Static, TextArea, Tree

from sandbox.crypto import check_password, secret_hash
from sandbox.services.console import BAD_CREDENTIALS, KEY_AS_PASSWORD
from sandbox.services.principals import managed_policy
from shellhelp import EC2_TRUST, S3_FULL
from tuihelp import (
    ACCOUNT,
    SIZE,
    console,
    decided,
    decisions,
    editor_save,
    fill,
    form_error,
    go,
    list_keys,
    log_text,
    make_app,
    make_world,
    open_action,
    press_button,
    run,
    run_terminal,
    settle,
    sign_in_dialog,
    submit,
    terminal,
    until,
)

pytestmark = pytest.mark.tui

ADMIN_ARN = f"arn:aws:iam::{ACCOUNT}:user/admin"
POLICY = f"arn:aws:iam::{ACCOUNT}:policy"
S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
PASSWORD = "Sandbox-Passw0rd!"
HELLO_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::experimenting-aws/hello.txt"}]}, indent=4)


def as_admin(app, service: str, operation: str, params: dict) -> dict:
    """Set-up steps that are not under test, through the gateway as the console's admin."""
    return app.workspace.call(service, operation, params)


def with_dev(app) -> None:
    """A second user and an empty group to act on (never act on admin's own access)."""
    as_admin(app, "iam", "CreateUser", {"UserName": "dev"})
    as_admin(app, "iam", "CreateGroup", {"GroupName": "Developers"})
    app.refresh_views()


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def tree_text(tree: Tree) -> str:
    lines = []

    def walk(node):
        lines.append(node.label.plain)
        for child in node.children:
            walk(child)

    walk(tree.root)
    return "\n".join(lines)


# -- sign-in ----------------------------------------------------------------------------------------


async def _sign_in(world, kind: str, password: str, user: str = "admin"):
    from sandbox.tui.signin import SignInScreen

    app = make_app(world, signed_in=None)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SignInScreen), what="the sign-in dialog")
        screen = app.screen
        await sign_in_dialog(pilot, kind, password, user)
        signed_in = app.screen is not screen
        error = "" if signed_in else str(screen.query_one("#signin-error", Static).render())
        await until(pilot, lambda: any(e.kind == "signin" for e in decisions(app).events.values()),
                    what="the sign-in in the decisions pane")
        events = [e for e in decisions(app).events.values() if e.kind == "signin"]
        return signed_in, error, app.workspace.console.caller, app.sub_title, events


def test_sign_in_as_admin_with_its_password():
    world = make_world()
    password = world.meta["secrets_note"]["admin_console_password"]
    signed_in, error, caller, title, events = asyncio.run(_sign_in(world, "user", password))
    assert signed_in and error == ""
    assert caller.arn == ADMIN_ARN and caller.kind == "user"
    assert ADMIN_ARN in title
    assert [(e.principal, e.decision) for e in events] == [(ADMIN_ARN, "allowed")]


def test_sign_in_as_root():
    world = make_world()
    signed_in, error, caller, title, events = asyncio.run(_sign_in(world, "root", world.meta["root"]["Password"]))
    assert signed_in and error == ""
    assert caller.kind == "root" and caller.arn == f"arn:aws:iam::{ACCOUNT}:root"
    assert [(e.principal, e.decision) for e in events] == [(f"arn:aws:iam::{ACCOUNT}:root", "allowed")]


def test_an_access_key_is_not_a_console_password():
    world = make_world()
    (key,) = world["access_keys"].all()
    signed_in, error, caller, title, events = asyncio.run(_sign_in(world, "user", key["AccessKeyId"]))
    assert not signed_in and caller is None
    assert error == KEY_AS_PASSWORD
    assert "not signed in" in title
    assert [(e.decision, e.message) for e in events] == [("failed", KEY_AS_PASSWORD)]


def test_a_wrong_password_is_refused():
    world = make_world()
    signed_in, error, caller, title, events = asyncio.run(_sign_in(world, "user", "not-the-password"))
    assert not signed_in and caller is None
    assert error == BAD_CREDENTIALS
    assert [e.decision for e in events] == ["failed"]


# -- IAM users, groups, roles, policies -------------------------------------------------------------


def test_create_user_with_a_group_and_a_console_password():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "users")
            await open_action(pilot, "Create user")
            await fill(pilot, name="bob", group="Admins", password=PASSWORD, reset=True)
            await submit(pilot)
            world = app.workspace.world
            bob = world["users"].get("bob")
            assert bob["Groups"] == ["Admins"]
            assert bob["LoginProfile"]["PasswordResetRequired"] is True
            assert "bob" in list_keys(app)
            await settle(pilot)
            assert console(app).selected == "bob"  # the new user is selected, as the console opens its page
            for action in ("iam:CreateUser", "iam:AddUserToGroup", "iam:CreateLoginProfile"):
                assert decided(app, action, principal_contains="user/admin"), action

    run(go_())


def test_a_refused_form_stays_open_with_the_error():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "users")
            await open_action(pilot, "Create user")
            await fill(pilot, name="admin")
            await submit(pilot, expect_closed=False)
            assert form_error(app).startswith("EntityAlreadyExists:")
            await pilot.press("escape")
            await settle(pilot)
            assert len(app.workspace.world["users"]) == 1

    run(go_())


def test_a_password_the_policy_refuses_creates_no_user():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "users")
            await open_action(pilot, "Create user")
            await fill(pilot, name="dave", password="x")
            await submit(pilot, expect_closed=False)
            assert form_error(app).startswith("PasswordPolicyViolation: Password should have a minimum length of 8")
            assert app.workspace.world["users"].get("dave") is None
            await fill(pilot, password=PASSWORD)
            await submit(pilot)
            assert app.workspace.world["users"].get("dave")["LoginProfile"]

    run(go_())


def test_create_group():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "groups")
            await open_action(pilot, "Create group")
            await fill(pilot, name="Developers")
            await submit(pilot)
            assert app.workspace.world["groups"].get("Developers") is not None
            assert list_keys(app) == ["Admins", "Developers"]
            assert decided(app, "iam:CreateGroup")

    run(go_())


def test_create_role_for_ec2_with_its_instance_profile():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "roles")
            await open_action(pilot, "Create role")
            form = app.screen
            # only the fields of the chosen trusted entity type are shown
            assert form.query_one("#row-service").display and not form.query_one("#row-account").display
            await fill(pilot, kind="account")
            assert form.query_one("#row-account").display and not form.query_one("#row-service").display
            await fill(pilot, kind="service", service="ec2.amazonaws.com", name="S3AccessForEC2",
                       description="web servers read S3", policy=S3_FULL)
            await submit(pilot)
            world = app.workspace.world
            role = world["roles"].get("S3AccessForEC2")
            trust = json.loads(role["AssumeRolePolicyDocument"])
            assert trust["Statement"][0]["Principal"] == {"Service": "ec2.amazonaws.com"}
            assert role["AttachedPolicies"] == [S3_FULL]
            assert world["instance_profiles"].get("S3AccessForEC2")["Roles"] == ["S3AccessForEC2"]
            assert list_keys(app) == ["S3AccessForEC2"]
            for action in ("iam:CreateRole", "iam:AttachRolePolicy", "iam:CreateInstanceProfile",
                           "iam:AddRoleToInstanceProfile"):
                assert decided(app, action), action

    run(go_())


def test_create_a_customer_managed_policy_in_the_editor():
    async def go_():
        from sandbox.tui.editor import PolicyEditor

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "policies")
            await open_action(pilot, "Create a customer managed policy")
            assert isinstance(app.screen, PolicyEditor)
            # first try the unsaved text in the simulator (ctrl+r), then come back to the editor
            app.screen.query_one("#editor-text", TextArea).text = HELLO_POLICY
            await pilot.press("ctrl+r")
            await until(pilot, lambda: app.current_mode == "simulator" and app.screen.query("#sim-policy")
                        and app.screen.query_one("#sim-policy", TextArea).text == HELLO_POLICY,
                        what="the policy in the simulator")
            await pilot.press("f2")
            await until(pilot, lambda: isinstance(app.screen, PolicyEditor), what="back in the editor")
            await editor_save(pilot, name="ReadHello")
            await until(pilot, lambda: not isinstance(app.screen, PolicyEditor), what="the editor to close")
            await settle(pilot)
            policy = managed_policy(app.workspace.world, f"{POLICY}/ReadHello")
            assert json.loads(policy["DocumentText"]) == json.loads(HELLO_POLICY)
            assert f"{POLICY}/ReadHello" in list_keys(app)
            assert decided(app, "iam:CreatePolicy")
            assert "Created the customer managed policy ReadHello." in notifications(app)

    run(go_())


def test_group_membership_add_and_remove():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            with_dev(app)
            users = app.workspace.world["users"]
            await go(pilot, "users", "dev")
            await open_action(pilot, "Add dev to a group")
            await fill(pilot, group="Developers")
            await submit(pilot)
            assert users.get("dev")["Groups"] == ["Developers"]
            assert decided(app, "iam:AddUserToGroup")
            await open_action(pilot, "Remove dev from a group")
            await fill(pilot, group="Developers")
            await submit(pilot)
            assert users.get("dev")["Groups"] == []
            assert decided(app, "iam:RemoveUserFromGroup")
            # and from the group's side
            await go(pilot, "groups", "Developers")
            await open_action(pilot, "Add a user to Developers")
            await fill(pilot, user="dev")
            await submit(pilot)
            assert users.get("dev")["Groups"] == ["Developers"]

    run(go_())


def test_attach_and_detach_a_managed_policy():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            with_dev(app)
            users = app.workspace.world["users"]
            await go(pilot, "users", "dev")
            await open_action(pilot, "Attach a managed policy to dev")
            await fill(pilot, arn=S3_READ)
            await submit(pilot)
            assert users.get("dev")["AttachedPolicies"] == [S3_READ]
            assert decided(app, "iam:AttachUserPolicy")
            await open_action(pilot, "Detach a managed policy from dev")
            await fill(pilot, arn=S3_READ)
            await submit(pilot)
            assert users.get("dev")["AttachedPolicies"] == []
            assert decided(app, "iam:DetachUserPolicy")

    run(go_())


def test_inline_policy_put_in_the_editor_then_deleted():
    async def go_():
        from sandbox.tui.editor import PolicyEditor

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            with_dev(app)
            users = app.workspace.world["users"]
            await go(pilot, "users", "dev")
            await open_action(pilot, "Add or edit an inline policy of dev")
            await fill(pilot, policy="OnlyHello")
            await submit(pilot)
            await until(pilot, lambda: isinstance(app.screen, PolicyEditor), what="the editor")
            assert "Inline policy OnlyHello of user dev" in app.screen.target.title
            await editor_save(pilot, HELLO_POLICY)
            await until(pilot, lambda: not isinstance(app.screen, PolicyEditor), what="the editor to close")
            await settle(pilot)
            assert json.loads(users.get("dev")["InlinePolicies"]["OnlyHello"]) == json.loads(HELLO_POLICY)
            assert decided(app, "iam:PutUserPolicy")
            await open_action(pilot, "Delete an inline policy of dev")
            await fill(pilot, policy="OnlyHello")
            await submit(pilot)
            assert users.get("dev")["InlinePolicies"] == {}
            assert decided(app, "iam:DeleteUserPolicy")

    run(go_())


def test_access_key_secret_is_shown_once_then_deactivated_and_deleted():
    async def go_():
        from sandbox.tui.forms import SecretScreen

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            with_dev(app)
            world = app.workspace.world
            await go(pilot, "users", "dev")
            await open_action(pilot, "Create an access key for dev")
            await until(pilot, lambda: isinstance(app.screen, SecretScreen), what="the secret")
            key_id = app.screen.query_one("#secret-access-key-id", Input).value
            secret = app.screen.query_one("#secret-secret-access-key", Input).value
            assert key_id.startswith("AKIA") and len(key_id) == 20 and len(secret) == 40
            # the world keeps only a hash of the secret
            row = world["access_keys"].get(key_id)
            assert row["SecretHash"] == secret_hash(secret) and row["Status"] == "Active"
            assert secret not in json.dumps(world.dump())
            assert decided(app, "iam:CreateAccessKey")
            await press_button(pilot, "#secret-done")
            await settle(pilot)
            assert not isinstance(app.screen, SecretScreen)
            assert console(app).query_one("#list", DataTable).get_row("dev")[2].plain == "1"
            # the console never shows it again: only the key id, in the Security credentials tab
            screen_text = app.export_screenshot()
            assert secret not in screen_text

            await open_action(pilot, "Activate / deactivate an access key of dev")
            await fill(pilot, key=key_id)
            await submit(pilot)
            assert world["access_keys"].get(key_id)["Status"] == "Inactive"
            assert decided(app, "iam:UpdateAccessKey")
            await open_action(pilot, "Delete an access key of dev")
            await fill(pilot, key=key_id)
            await submit(pilot)
            assert world["access_keys"].get(key_id) is None
            assert decided(app, "iam:DeleteAccessKey")

    run(go_())


def test_console_password_for_a_user():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            with_dev(app)
            await go(pilot, "users", "dev")
            await open_action(pilot, "Enable console sign-in for dev")
            await fill(pilot, password="short")
            await submit(pilot, expect_closed=False)
            assert form_error(app).startswith("PasswordPolicyViolation:")
            assert app.workspace.world["users"].get("dev").get("LoginProfile") is None
            await fill(pilot, password=PASSWORD)
            await submit(pilot)
            profile = app.workspace.world["users"].get("dev")["LoginProfile"]
            assert check_password(PASSWORD, profile["Hash"]) and PASSWORD not in json.dumps(profile)
            assert decided(app, "iam:CreateLoginProfile")
            assert console(app).query_one("#list", DataTable).get_row("dev")[4].plain == "yes"

    run(go_())


def test_assign_a_virtual_mfa_device():
    async def go_():
        from sandbox.tui.mfa_dialog import MfaScreen

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            with_dev(app)
            await go(pilot, "users", "dev")
            await open_action(pilot, "Assign a virtual MFA device to dev")
            screen = app.screen
            assert isinstance(screen, MfaScreen)
            await press_button(pilot, "#mfa-create")
            await until(pilot, lambda: screen.serial is not None, what="the device")
            assert "Secret (Base32)" in str(screen.query_one("#mfa-seed", Static).render())
            first, second = screen.current_codes()
            screen.query_one("#mfa-code1", Input).value = first
            screen.query_one("#mfa-code2", Input).value = second
            await press_button(pilot, "#mfa-enable")
            await until(pilot, lambda: app.screen is not screen, what="the MFA dialog to close")
            await settle(pilot)
            serial = f"arn:aws:iam::{ACCOUNT}:mfa/dev-mfa"
            assert app.workspace.world["users"].get("dev")["MFADevices"] == [serial]
            assert decided(app, "iam:CreateVirtualMFADevice") and decided(app, "iam:EnableMFADevice")
            assert console(app).query_one("#list", DataTable).get_row("dev")[3].plain == "yes"

    run(go_())


def test_permissions_boundary_set_and_removed():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            with_dev(app)
            users = app.workspace.world["users"]
            await go(pilot, "users", "dev")
            await open_action(pilot, "Set the permissions boundary of dev")
            await fill(pilot, arn=S3_READ)
            await submit(pilot)
            assert users.get("dev")["PermissionsBoundary"]["PermissionsBoundaryArn"] == S3_READ
            assert decided(app, "iam:PutUserPermissionsBoundary")
            await open_action(pilot, "Set the permissions boundary of dev")
            await fill(pilot, arn="")
            await submit(pilot)
            assert not users.get("dev").get("PermissionsBoundary")
            assert decided(app, "iam:DeleteUserPermissionsBoundary")

    run(go_())


def test_editing_an_aws_managed_policy_is_refused():
    async def go_():
        from sandbox.tui.editor import PolicyEditor
        from sandbox.tui.forms import ConfirmScreen

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            admin_access = "arn:aws:iam::aws:policy/AdministratorAccess"
            await go(pilot, "policies", admin_access)
            before = json.dumps(app.workspace.world.dump(), sort_keys=True)
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, PolicyEditor), what="the editor")
            await editor_save(pilot, HELLO_POLICY)
            assert isinstance(app.screen, PolicyEditor)  # still open: nothing typed is lost
            assert any(m.startswith("AccessDenied: ") for m in notifications(app)), notifications(app)
            await until(pilot, lambda: [e for e in decisions(app).events.values()
                                        if e.action == "iam:CreatePolicyVersion"], what="the decision")
            (event,) = [e for e in decisions(app).events.values() if e.action == "iam:CreatePolicyVersion"]
            assert not event.allowed and event.resource == admin_access
            # nothing changed but the event log
            after = app.workspace.world.dump()
            after.pop("events", None)
            before_data = json.loads(before)
            before_data.pop("events", None)
            assert json.loads(json.dumps(after, sort_keys=True)) == before_data
            # Esc asks before it throws the edits away; Cancel keeps them
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="discard question")
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, PolicyEditor), what="back in the editor")
            assert app.screen.query_one("#editor-text", TextArea).text == HELLO_POLICY
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="discard question")
            await press_button(pilot, "#confirm-yes")
            await until(pilot, lambda: not isinstance(app.screen, (PolicyEditor, ConfirmScreen)), what="closed")

    run(go_())


def test_trust_policy_in_the_editor_and_an_instance_profile_for_a_role():
    async def go_():
        from sandbox.tui.editor import PolicyEditor

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            world = app.workspace.world
            as_admin(app, "iam", "CreateRole", {"RoleName": "Helper",
                                                "AssumeRolePolicyDocument": json.dumps(EC2_TRUST)})
            app.refresh_views()
            # a role's trust policy, in the editor
            await go(pilot, "roles", "Helper")
            await open_action(pilot, "Edit the trust policy of Helper")
            assert isinstance(app.screen, PolicyEditor) and app.screen.target.grammar == "trust"
            trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
                "Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
            await editor_save(pilot, trust)
            await until(pilot, lambda: not isinstance(app.screen, PolicyEditor), what="the editor to close")
            assert json.loads(world["roles"].get("Helper")["AssumeRolePolicyDocument"]) == json.loads(trust)
            assert decided(app, "iam:UpdateAssumeRolePolicy")
            await settle(pilot)
            await open_action(pilot, "Create an instance profile holding Helper")
            await submit(pilot)
            assert world["instance_profiles"].get("Helper")["Roles"] == ["Helper"]

    run(go_())


def test_copy_and_delete_a_policy_and_delete_a_user():
    async def go_():
        from sandbox.tui.editor import PolicyEditor
        from sandbox.tui.forms import ConfirmScreen

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            with_dev(app)
            world = app.workspace.world
            # copy an AWS managed policy into a customer managed one, then delete it
            await go(pilot, "policies", S3_READ)
            await open_action(pilot, "Copy AmazonS3ReadOnlyAccess")
            await editor_save(pilot, name="MyS3Read")
            await until(pilot, lambda: not isinstance(app.screen, PolicyEditor), what="the editor to close")
            await settle(pilot)
            assert world["policies"].get(f"{POLICY}/MyS3Read") is not None
            await go(pilot, "policies", f"{POLICY}/MyS3Read")
            await open_action(pilot, "Delete MyS3Read")
            assert isinstance(app.screen, ConfirmScreen)
            await press_button(pilot, "#confirm-yes")
            await settle(pilot)
            assert world["policies"].get(f"{POLICY}/MyS3Read") is None
            assert decided(app, "iam:DeletePolicy")
            # delete a user: Cancel first (nothing happens), then confirm
            await go(pilot, "users", "dev")
            await open_action(pilot, "Delete user dev")
            await press_button(pilot, "#confirm-no")
            await settle(pilot)
            assert world["users"].get("dev") is not None
            await open_action(pilot, "Delete user dev")
            await press_button(pilot, "#confirm-yes")
            await settle(pilot)
            assert world["users"].get("dev") is None
            assert list_keys(app) == ["admin"]
            assert decided(app, "iam:DeleteUser")

    run(go_())


# -- EC2, S3, account -------------------------------------------------------------------------------


def test_instance_role_attached_then_replaced_without_stopping_web_1():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            for name in ("S3Admin", "S3Writer"):
                as_admin(app, "iam", "CreateRole", {"RoleName": name,
                                                    "AssumeRolePolicyDocument": json.dumps(EC2_TRUST)})
                as_admin(app, "iam", "CreateInstanceProfile", {"InstanceProfileName": name})
                as_admin(app, "iam", "AddRoleToInstanceProfile", {"InstanceProfileName": name, "RoleName": name})
            world = app.workspace.world
            (web1,) = world["instances"].all()
            iid = web1["InstanceId"]
            await go(pilot, "instances", iid)
            await open_action(pilot, "Modify IAM role: attach a role")
            await fill(pilot, profile="S3Admin")
            await submit(pilot)
            inst = world["instances"].get(iid)
            assert inst["IamInstanceProfile"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:instance-profile/S3Admin"
            assert inst["State"] == "running" and inst["AssociationId"]
            assert console(app).query_one("#list", DataTable).get_row(iid)[4].plain == "S3Admin"
            assert decided(app, "ec2:AssociateIamInstanceProfile")
            await open_action(pilot, "Modify IAM role: replace the role")
            await fill(pilot, profile="S3Writer")
            await submit(pilot)
            inst = world["instances"].get(iid)
            assert inst["IamInstanceProfile"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:instance-profile/S3Writer"
            assert inst["State"] == "running"
            assert console(app).query_one("#list", DataTable).get_row(iid)[4].plain == "S3Writer"
            assert decided(app, "ec2:ReplaceIamInstanceProfileAssociation")
            # stop and start it from the Actions menu too
            await open_action(pilot, "Stop instance")
            await settle(pilot)
            assert world["instances"].get(iid)["State"] == "stopped"
            assert decided(app, "ec2:StopInstances")

    run(go_())


def test_create_bucket_and_its_bucket_policy_in_the_editor():
    async def go_():
        from sandbox.tui.editor import PolicyEditor

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            world = app.workspace.world
            await go(pilot, "buckets")
            await open_action(pilot, "Create bucket")
            await fill(pilot, name="notes-123")
            await submit(pilot)
            assert world["buckets"].get("notes-123")["Owner"] == ACCOUNT
            assert list_keys(app) == ["experimenting-aws", "notes-123"]
            assert decided(app, "s3:CreateBucket")
            await go(pilot, "buckets", "notes-123")
            await open_action(pilot, "Edit the bucket policy of notes-123")
            assert isinstance(app.screen, PolicyEditor) and app.screen.target.grammar == "resource"
            await editor_save(pilot)  # the editor's template: deny anything but HTTPS
            await until(pilot, lambda: not isinstance(app.screen, PolicyEditor), what="the editor to close")
            await settle(pilot)
            policy = json.loads(world["buckets"].get("notes-123")["Policy"])
            assert policy["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            assert decided(app, "s3:PutBucketPolicy")
            assert console(app).query_one("#list", DataTable).get_row("notes-123")[3].plain == "yes"

    run(go_())


def test_account_password_policy_and_alias():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            world = app.workspace.world
            await go(pilot, "account", "password-policy")
            await open_action(pilot, "Edit the account password policy")
            await fill(pilot, MinimumPasswordLength="twelve")
            await submit(pilot, expect_closed=False)
            assert form_error(app) == "MinimumPasswordLength must be a whole number"
            await fill(pilot, MinimumPasswordLength="12", RequireSymbols=True, MaxPasswordAge="90")
            await submit(pilot)
            policy = world.meta["password_policy"]
            assert policy["MinimumPasswordLength"] == 12 and policy["RequireSymbols"] is True
            assert policy["MaxPasswordAge"] == 90
            assert decided(app, "iam:UpdateAccountPasswordPolicy")
            await open_action(pilot, "Set the account alias")
            await fill(pilot, alias="my-sandbox-lab")
            await submit(pilot)
            assert world.meta["alias"] == "my-sandbox-lab"
            assert decided(app, "iam:CreateAccountAlias")

    run(go_())


def test_group_actions_and_deletion():
    async def go_():
        from sandbox.tui.forms import ConfirmScreen

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            with_dev(app)
            as_admin(app, "iam", "AddUserToGroup", {"UserName": "dev", "GroupName": "Developers"})
            app.refresh_views()
            world = app.workspace.world
            await go(pilot, "groups", "Developers")
            await open_action(pilot, "Attach a managed policy to Developers")
            await fill(pilot, arn=S3_READ)
            await submit(pilot)
            assert world["groups"].get("Developers")["AttachedPolicies"] == [S3_READ]
            assert decided(app, "iam:AttachGroupPolicy")
            await open_action(pilot, "Remove a user from Developers")
            await fill(pilot, user="dev")
            await submit(pilot)
            assert world["users"].get("dev")["Groups"] == []
            await open_action(pilot, "Detach a managed policy from Developers")
            await fill(pilot, arn=S3_READ)
            await submit(pilot)
            await open_action(pilot, "Delete group Developers")
            assert isinstance(app.screen, ConfirmScreen)
            await press_button(pilot, "#confirm-yes")
            await settle(pilot)
            assert world["groups"].get("Developers") is None and list_keys(app) == ["Admins"]
            assert decided(app, "iam:DeleteGroup")

    run(go_())


def test_role_actions_and_deletion():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            as_admin(app, "iam", "CreateRole", {"RoleName": "Helper",
                                                "AssumeRolePolicyDocument": json.dumps(EC2_TRUST)})
            app.refresh_views()
            world = app.workspace.world
            await go(pilot, "roles", "Helper")
            await open_action(pilot, "Attach a managed policy to Helper")
            await fill(pilot, arn=S3_READ)
            await submit(pilot)
            assert world["roles"].get("Helper")["AttachedPolicies"] == [S3_READ]
            assert decided(app, "iam:AttachRolePolicy")
            # a role with attached policies cannot be deleted: the confirmation shows AWS's error
            await open_action(pilot, "Delete role Helper")
            await press_button(pilot, "#confirm-yes")
            assert str(app.screen.query_one("#confirm-error").render()).startswith("DeleteConflict:")
            await pilot.press("escape")
            await settle(pilot)
            await open_action(pilot, "Detach a managed policy from Helper")
            await fill(pilot, arn=S3_READ)
            await submit(pilot)
            await open_action(pilot, "Delete role Helper")
            await press_button(pilot, "#confirm-yes")
            await settle(pilot)
            assert world["roles"].get("Helper") is None
            assert decided(app, "iam:DeleteRole")

            # a policy straight into the simulator
            await go(pilot, "policies", S3_READ)
            await open_action(pilot, "Simulate AmazonS3ReadOnlyAccess")
            await until(pilot, lambda: app.current_mode == "simulator" and app.screen.query("#sim-policy")
                        and '"s3:Get*"' in app.screen.query_one("#sim-policy", TextArea).text,
                        what="the policy in the simulator")

    run(go_())


def test_instance_and_bucket_removals():
    async def go_():
        from sandbox.tui.forms import ConfirmScreen

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            as_admin(app, "iam", "CreateRole", {"RoleName": "S3Admin",
                                                "AssumeRolePolicyDocument": json.dumps(EC2_TRUST)})
            as_admin(app, "iam", "CreateInstanceProfile", {"InstanceProfileName": "S3Admin"})
            as_admin(app, "iam", "AddRoleToInstanceProfile", {"InstanceProfileName": "S3Admin", "RoleName": "S3Admin"})
            (web1,) = app.workspace.world["instances"].all()
            iid = web1["InstanceId"]
            as_admin(app, "ec2", "AssociateIamInstanceProfile", {"InstanceId": iid,
                                                                 "IamInstanceProfile": {"Name": "S3Admin"}})
            as_admin(app, "s3", "CreateBucket", {"Bucket": "scratch-1"})
            as_admin(app, "s3", "PutBucketPolicy", {"Bucket": "scratch-1", "Policy": json.dumps({
                "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                                                        "Resource": "arn:aws:s3:::scratch-1/*",
                                                        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})})
            app.refresh_views()
            world = app.workspace.world
            await go(pilot, "instances", iid)
            await open_action(pilot, "Detach the IAM role")
            assert isinstance(app.screen, ConfirmScreen)
            await press_button(pilot, "#confirm-yes")
            await settle(pilot)
            inst = world["instances"].get(iid)
            assert not inst["IamInstanceProfile"] and inst["State"] == "running"
            assert decided(app, "ec2:DisassociateIamInstanceProfile")
            await open_action(pilot, "Stop instance")
            await settle(pilot)
            await open_action(pilot, "Start instance")
            await settle(pilot)
            assert world["instances"].get(iid)["State"] == "running"
            assert decided(app, "ec2:StartInstances")

            await go(pilot, "buckets", "scratch-1")
            await open_action(pilot, "Delete the bucket policy of scratch-1")
            await press_button(pilot, "#confirm-yes")
            await settle(pilot)
            assert not world["buckets"].get("scratch-1")["Policy"]
            assert decided(app, "s3:DeleteBucketPolicy")
            await open_action(pilot, "Delete bucket scratch-1")
            await press_button(pilot, "#confirm-yes")
            await settle(pilot)
            assert world["buckets"].get("scratch-1") is None
            assert list_keys(app) == ["experimenting-aws"]
            assert decided(app, "s3:DeleteBucket")

    run(go_())


def test_root_assigns_itself_a_virtual_mfa_device():
    async def go_():
        from sandbox.tui.mfa_dialog import MfaScreen

        app = make_app(signed_in="root")
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "account", "root")
            await open_action(pilot, "Assign a virtual MFA device to the root user")
            screen = app.screen
            assert isinstance(screen, MfaScreen)
            await press_button(pilot, "#mfa-create")
            await until(pilot, lambda: screen.serial is not None, what="the device")
            screen.query_one("#mfa-code1", Input).value = "000000"
            screen.query_one("#mfa-code2", Input).value = "000000"
            await press_button(pilot, "#mfa-enable")
            assert app.screen is screen and str(screen.query_one("#mfa-error", Static).render())
            first, second = screen.current_codes()
            screen.query_one("#mfa-code1", Input).value = first
            screen.query_one("#mfa-code2", Input).value = second
            await press_button(pilot, "#mfa-enable")
            await until(pilot, lambda: app.screen is not screen, what="the MFA dialog to close")
            assert app.workspace.world.meta["root"]["MFASerial"] == screen.serial
            assert decided(app, "iam:EnableMFADevice", principal_contains=":root")

    run(go_())


# -- the terminal pane ------------------------------------------------------------------------------


async def _type(pilot, line: str, keys: bool = False) -> None:
    """Click the terminal's input, type ``line`` (key by key, or pasted), press Enter."""
    await pilot.click("#term-input")
    if keys:
        await pilot.press(*line)
    else:
        box = pilot.app.focused
        assert isinstance(box, Input) and box.id == "term-input"
        box.insert_text_at_cursor(line)
    await pilot.press("enter")


def test_the_notes_ec2_walkthrough_in_the_terminal_and_its_explanation():
    async def go_():
        from sandbox.tui.explain_view import ExplainScreen

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await run_terminal(
                pilot,
                f"echo '{json.dumps(EC2_TRUST)}' > trust.json",
                "aws iam create-role --role-name S3Admin --assume-role-policy-document file://trust.json",
                f"aws iam attach-role-policy --role-name S3Admin --policy-arn {S3_FULL}",
                "aws iam create-instance-profile --instance-profile-name S3Admin",
                "aws iam add-role-to-instance-profile --instance-profile-name S3Admin --role-name S3Admin",
            )
            (web1,) = app.workspace.world["instances"].all()
            await run_terminal(pilot, f"aws ec2 associate-iam-instance-profile --instance-id {web1['InstanceId']} "
                                      "--iam-instance-profile Name=S3Admin")
            pane = terminal(app)
            # typed, as a learner does
            await _type(pilot, "ssh web-1", keys=True)
            await until(pilot, lambda: not pane.busy, what="ssh")
            assert "ec2-user@" in pane._prompt
            await run_terminal(pilot, "aws s3 ls", 'echo "Hello v2 from EC2" > hello2.txt')
            await _type(pilot, "aws s3 cp hello2.txt s3://experimenting-aws")
            await until(pilot, lambda: "upload: ./hello2.txt to s3://experimenting-aws/hello2.txt" in log_text(app),
                        what="the upload line")
            text = log_text(app)
            assert "experimenting-aws" in text and "Traceback" not in text
            assert app.workspace.world["objects"].get("experimenting-aws/hello2.txt")["Body"] == "Hello v2 from EC2\n"
            await settle(pilot)
            (put,) = decided(app, "s3:PutObject", principal_contains=f"assumed-role/S3Admin/{web1['InstanceId']}")
            assert put.resource == "arn:aws:s3:::experimenting-aws/hello2.txt"
            # open the decision: Enter in the decisions pane
            table = console(app).query_one("#decision-table", OptionList)
            table.focus()
            table.highlighted = decisions(app).order.index(str(put.seq))
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ExplainScreen), what="the explanation")
            screen = app.screen
            assert screen.event is put
            assert "AmazonS3FullAccess" in tree_text(screen.query_one("#explain-tree", Tree))
            assert "ALLOWED" in str(screen.query_one("#explain-flow-text", Static).render())
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, ExplainScreen)

    run(go_())


def test_terminal_history_and_tab_completion():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            pane = terminal(app)
            box = pane.query_one("#term-input", Input)
            await _type(pilot, "aws s3 ls")
            await until(pilot, lambda: not pane.busy, what="aws s3 ls")
            await _type(pilot, "echo hi", keys=True)
            await until(pilot, lambda: not pane.busy, what="echo")
            assert box.value == ""
            await pilot.press("up")
            assert box.value == "echo hi"
            await pilot.press("up")
            assert box.value == "aws s3 ls"
            await pilot.press("down")
            assert box.value == "echo hi"
            await pilot.press("down")
            assert box.value == ""
            # Tab completes the operation, and then a name from the world
            box.insert_text_at_cursor("aws iam list-groups-f")
            await pilot.press("tab")
            assert box.value == "aws iam list-groups-for-user ", box.value
            assert app.focused is box  # Tab completed: it did not move the focus
            box.value = ""
            box.insert_text_at_cursor("aws s3 ls s3://exp")
            await pilot.press("tab")
            assert box.value.startswith("aws s3 ls s3://experimenting-aws"), box.value

    run(go_())


def test_page_up_scrolls_the_terminal_output_back_while_typing():
    """The output pane shows a few lines: a learner could not read back a long answer."""
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            pane = terminal(app)
            log = pane.query_one("#term-log", RichLog)
            await run_terminal(pilot, "aws iam list-users", "aws iam list-policies --max-items 5")
            box = pane.query_one("#term-input", Input)
            box.focus()
            await settle(pilot)
            bottom = log.scroll_y
            assert bottom > 0 and log.max_scroll_y == bottom
            await pilot.press("pageup")
            await settle(pilot)
            assert log.scroll_y < bottom and app.focused is box
            await pilot.press("shift+pagedown", "pagedown", "pagedown")
            await settle(pilot)
            assert log.scroll_y == bottom

    run(go_())


def test_ctrl_c_abandons_a_prompt_and_passwords_are_not_shown():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            pane = terminal(app)
            box = pane.query_one("#term-input", Input)
            await _type(pilot, "aws configure --profile temp")
            await until(pilot, lambda: pane._waiting, what="the configure prompt")
            assert box.placeholder == ""  # a command's prompt is answered without the hint
            box.insert_text_at_cursor("AKIAHALFTYPED")
            await pilot.press("ctrl+c")
            await until(pilot, lambda: not pane.busy, what="configure to give up")
            assert "AWS Access Key ID [None]: AKIAHALFTYPED^C" in log_text(app)
            await _type(pilot, 'aws configure get aws_access_key_id --profile temp; echo "status=$?"')
            await until(pilot, lambda: "status=1" in log_text(app), what="nothing saved for the profile")
            assert box.placeholder.startswith("type a command")
            # a password prompt masks what is typed, on the line and in the log
            await _type(pilot, "iam-sandbox console sign-in --user admin")
            await until(pilot, lambda: pane._waiting, what="the password prompt")
            assert box.password
            box.insert_text_at_cursor("not-the-password")
            await pilot.press("enter")
            await until(pilot, lambda: not pane.busy, what="sign-in")
            text = log_text(app)
            assert "not-the-password" not in text and "Password: ****************" in text
            assert not box.password

    run(go_())


def test_terminal_output_rewraps_when_the_window_narrows():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            pane = terminal(app)
            long = "word " * 40 + "THE-END"
            await _type(pilot, f"echo {long}")
            await until(pilot, lambda: not pane.busy, what="echo")
            await pilot.resize_terminal(80, 30)
            await settle(pilot)
            text = log_text(app)
            assert "THE-END" in text
            assert " ".join(text.split()).count("word") >= 80  # the command line and its output, both whole
            log = pane.query_one("#term-log")
            # every line fits the narrower pane (none is cut off at the right edge)
            assert max(strip.cell_length for strip in log.lines) <= log.scrollable_content_region.width

    run(go_())


def test_names_are_shown_literally_never_as_markup():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            odd = "[b]odd[i] [red].txt"  # an object key ("/" would make it a folder)
            await run_terminal(pilot, f"aws s3 cp hello.txt 's3://experimenting-aws/{odd}'",
                               "aws iam tag-user --user-name admin "
                               """--tags '[{"Key": "[b]note", "Value": "[/red]"}]'""")
            assert f"upload: ./hello.txt to s3://experimenting-aws/{odd}" in log_text(app)

            async def cells(section: str, key: str, tab: int) -> list[str]:
                await go(pilot, section, key)
                detail = console(app).query_one("#detail")
                detail.active = f"tab-{tab}"
                await settle(pilot)
                table = detail.query_one(f"#detail-table-{tab}", DataTable)
                return [str(cell) for i in range(table.row_count) for cell in table.get_row_at(i)]

            assert odd in await cells("buckets", "experimenting-aws", 1)
            assert {"[b]note", "[/red]"} <= set(await cells("users", "admin", 4))  # Tags

    run(go_())


# -- modes, help, palette, theme, other processes --------------------------------------------------


def test_f2_f3_switch_modes():
    async def go_():
        from sandbox.tui.console import ConsoleScreen
        from sandbox.tui.simulator import SimulatorScreen

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, ConsoleScreen)
            await pilot.press("f3")
            await pilot.pause()
            assert app.current_mode == "simulator" and isinstance(app.screen, SimulatorScreen)
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert app.screen.query_one("#sim-table", DataTable).row_count == 3
            # a broken policy: the error replaces the last run's rows, which would read as its result
            app.screen.query_one("#sim-policy", TextArea).text = '{"Statement": ['
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert app.screen.query_one("#sim-table", DataTable).row_count == 0
            assert str(app.screen.query_one("#sim-summary", Static).render()).startswith("MalformedPolicyDocument")
            await pilot.press("f2")
            await pilot.pause()
            assert app.current_mode == "console" and isinstance(app.screen, ConsoleScreen)
            # the simulation is a decision like any other
            await until(pilot, lambda: decided(app, "iam:SimulateCustomPolicy"), what="the simulation decision")

    run(go_())


def test_help_lists_the_keys():
    async def go_():
        from sandbox.tui.help import HelpScreen

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
            table = app.screen.query_one(".help-table", Static).content
            rich = Console(width=100, record=True, file=io.StringIO())
            rich.print(table)
            text = rich.export_text()
            for key, what in (("a", "Actions"), ("e", "Edit"), ("f2", "Console"), ("f3", "Simulator"),
                              ("f6", "Dark/light"), ("f1", "Help"), ("^q", "Quit"), ("^l", "Clear")):
                assert any(line.split()[:1] == [key] and what in line for line in text.splitlines()), (key, text)
            # and the terminal's keys
            assert "In the terminal" in text and "Previous command" in text and "Complete the word" in text
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)

    run(go_())


def test_the_command_palette_finds_create_user():
    async def go_():
        from textual.command import CommandPalette

        from sandbox.tui.forms import FormScreen

        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+p")
            await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
            await pilot.press(*"create user")
            palette = app.screen

            def found():
                options = palette.query_one("CommandList", OptionList)
                return options.option_count and "Create user" in str(options.get_option_at_index(0).prompt)

            await until(pilot, found, what="Create user in the palette")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, FormScreen), what="the Create user form")
            assert app.screen.title_text == "Create user"

    run(go_())


def test_f6_toggles_dark_and_light():
    async def go_():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            assert app.theme == "textual-dark"
            await pilot.press("f6")
            assert app.theme == "textual-light"
            # the JSON editors switch to a syntax theme made for light backgrounds
            await pilot.press("f3")
            await pilot.pause()
            policy = app.screen.query_one("#sim-policy", TextArea)
            assert policy.theme == "github_light"
            await pilot.press("f6")
            await pilot.pause()
            assert app.theme == "textual-dark" and policy.theme == "css"

    run(go_())


def test_changes_by_another_process_appear_within_a_second(tmp_path):
    path = tmp_path / "world.json"
    make_world(path)

    async def go_():
        import time

        from sandbox.world import World

        app = make_app(World(path))
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "users")
            assert list_keys(app) == ["admin"]
            done = await asyncio.to_thread(
                subprocess.run, [sys.executable, "-m", "sandbox", "--world", str(path), "aws", "iam", "create-user",
                                 "--user-name", "fromcli"], capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, done.stderr
            start = time.monotonic()
            await until(pilot, lambda: "fromcli" in list_keys(app), timeout=1.0, what="the new user in the list")
            assert time.monotonic() - start < 1.0
            assert app.workspace.world["users"].get("fromcli") is not None
            await until(pilot, lambda: decided(app, "iam:CreateUser"), timeout=1.0, what="the CLI's decision")
            (event,) = decided(app, "iam:CreateUser")
            assert event.principal == ADMIN_ARN and event.source == "cli"

    run(go_())


def test_delete_user_removes_what_the_console_removes():
    """The console's Delete user takes the user's keys, password, groups and policies with
    it (an inline policy goes with its user); each step is a decision in the pane."""
    async def go_():
        app = make_app()
        world = app.workspace.world
        async with app.run_test(size=SIZE) as pilot:
            doc = json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
            as_admin(app, "iam", "CreateUser", {"UserName": "temp"})
            as_admin(app, "iam", "AddUserToGroup", {"UserName": "temp", "GroupName": "Admins"})
            as_admin(app, "iam", "PutUserPolicy", {"UserName": "temp", "PolicyName": "Only", "PolicyDocument": doc})
            as_admin(app, "iam", "AttachUserPolicy", {"UserName": "temp",
                                                     "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})
            as_admin(app, "iam", "CreateAccessKey", {"UserName": "temp"})
            as_admin(app, "iam", "CreateLoginProfile", {"UserName": "temp", "Password": "Temp-Pass-2026!"})
            app.refresh_views()
            await go(pilot, "users", "temp")
            await open_action(pilot, "Delete user temp")
            await press_button(pilot, "#confirm-yes")
            await settle(pilot)
            assert world["users"].get("temp") is None
            assert not [k for k in world["access_keys"].all() if k.get("UserName") == "temp"]
            for action in ("iam:RemoveUserFromGroup", "iam:DetachUserPolicy", "iam:DeleteUserPolicy",
                           "iam:DeleteAccessKey", "iam:DeleteLoginProfile", "iam:DeleteUser"):
                assert decided(app, action), action

    run(go_())
