"""The console's workflows and read models, without the TUI: what a form does (with the
same operations ``aws iam ...`` calls, each a decision as the signed-in principal), and
what the lists, detail tabs and form choices show."""

from __future__ import annotations

import json

import pytest

from sandbox import crypto
from sandbox.crypto import check_password
from sandbox.errors import AwsError
from sandbox.workspace import choices, details, entities, workflows
from sandbox.workspace.policy_documents import managed_document, save, target_for
from sandbox.workspace.recommendations import recommendations
from workspacehelp import ACCOUNT

PASSWORD = "Sandbox-Passw0rd!"
S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
DOC = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                          "Resource": "*"}]})


def actions_since(ws, seq: int) -> list[str]:
    return [e.action for e in ws.follow(seq) if e.kind == "decision"]


# -- workflows ----------------------------------------------------------------------------------------


def test_create_user_with_a_group_and_a_password_is_one_change(ws):
    start = ws.newest_event
    with ws.change("console") as change:
        assert workflows.create_user(ws, "bob", "Admins", PASSWORD, reset=True) is None
    bob = ws.world["users"].get("bob")
    assert bob["Groups"] == ["Admins"] and bob["LoginProfile"]["PasswordResetRequired"] is True
    assert check_password(PASSWORD, bob["LoginProfile"]["Hash"])
    assert actions_since(ws, start) == ["iam:CreateUser", "iam:AddUserToGroup", "iam:CreateLoginProfile"]
    assert change.label == "Create user bob (from the console)"


def test_create_user_checks_the_password_before_creating_anything(ws):
    with pytest.raises(AwsError) as info:
        workflows.create_user(ws, "bob", None, "short")
    assert info.value.code == "PasswordPolicyViolation"
    assert ws.world["users"].get("bob") is None


def test_create_user_says_what_is_left_when_a_later_step_fails(ws):
    problem = workflows.create_user(ws, "bob", "NoSuchGroup")
    assert ws.world["users"].get("bob") is not None
    assert problem.startswith("User bob was created, but AddUserToGroup failed: NoSuchEntity:")


def test_delete_user_removes_its_dependents_first(ws):
    ws.call("iam", "CreateUser", {"UserName": "temp"})
    ws.call("iam", "AddUserToGroup", {"UserName": "temp", "GroupName": "Admins"})
    ws.call("iam", "PutUserPolicy", {"UserName": "temp", "PolicyName": "Only", "PolicyDocument": DOC})
    ws.call("iam", "AttachUserPolicy", {"UserName": "temp", "PolicyArn": S3_READ})
    ws.call("iam", "CreateAccessKey", {"UserName": "temp"})
    ws.call("iam", "CreateLoginProfile", {"UserName": "temp", "Password": PASSWORD})
    device = ws.call("iam", "CreateVirtualMFADevice", {"VirtualMFADeviceName": "temp-mfa"})["VirtualMFADevice"]
    seed, step = device["Base32StringSeed"], crypto.window(ws.world.now())
    ws.call("iam", "EnableMFADevice", {"UserName": "temp", "SerialNumber": device["SerialNumber"],
                                       "AuthenticationCode1": crypto.code_at(seed, step),
                                       "AuthenticationCode2": crypto.code_at(seed, step + 1)})
    start = ws.newest_event
    workflows.delete_user(ws, "temp")
    assert ws.world["users"].get("temp") is None
    assert not [k for k in ws.world["access_keys"].all() if k.get("UserName") == "temp"]
    assert ws.world["mfa_devices"].all() == []
    assert actions_since(ws, start) == [
        "iam:RemoveUserFromGroup", "iam:DetachUserPolicy", "iam:DeleteUserPolicy", "iam:DeleteAccessKey",
        "iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice", "iam:DeleteLoginProfile", "iam:DeleteUser"]


def test_delete_user_of_nobody_is_an_aws_error(ws):
    with pytest.raises(AwsError) as info:
        workflows.delete_user(ws, "nobody")
    assert info.value.code == "NoSuchEntity"


def test_a_role_for_ec2_comes_with_its_instance_profile(ws):
    workflows.create_role(ws, "S3AccessForEC2", "service", "ec2.amazonaws.com", description="web servers",
                          policy=S3_READ)
    role = ws.world["roles"].get("S3AccessForEC2")
    assert json.loads(role["AssumeRolePolicyDocument"])["Statement"] == [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    assert role["AttachedPolicies"] == [S3_READ] and role["Description"] == "web servers"
    assert ws.world["instance_profiles"].get("S3AccessForEC2")["Roles"] == ["S3AccessForEC2"]


def test_a_role_for_another_service_has_no_instance_profile(ws):
    workflows.create_role(ws, "ForLambda", "service", "lambda.amazonaws.com")
    assert ws.world["instance_profiles"].all() == []


def test_web_identity_trust_names_the_audience_key_of_the_provider():
    """Web identity federation: the trust policy checks the token's audience with the
    provider's own key (accounts.google.com:aud, graph.facebook.com:app_id)."""
    google = json.loads(workflows.trust_for("web", "accounts.google.com", "my-app"))["Statement"][0]
    assert google["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert google["Principal"] == {"Federated": "accounts.google.com"}
    assert google["Condition"] == {"StringEquals": {"accounts.google.com:aud": "my-app"}}
    facebook = json.loads(workflows.trust_for("web", "graph.facebook.com", "123"))["Statement"][0]
    assert facebook["Condition"] == {"StringEquals": {"graph.facebook.com:app_id": "123"}}
    account = json.loads(workflows.trust_for("account", "444455556666"))["Statement"][0]
    assert account["Principal"] == {"AWS": "arn:aws:iam::444455556666:root"}


def test_set_an_instance_role_then_replace_it_without_stopping(ws):
    (web1,) = ws.world["instances"].all()
    workflows.create_role(ws, "First", "service", "ec2.amazonaws.com")
    workflows.create_role(ws, "Second", "service", "ec2.amazonaws.com")
    start = ws.newest_event
    workflows.set_instance_role(ws, web1["InstanceId"], "First")
    assert entities.instance_role(ws.world, ws.world["instances"].get(web1["InstanceId"])) == "First"
    workflows.set_instance_role(ws, web1["InstanceId"], "Second")
    instance = ws.world["instances"].get(web1["InstanceId"])
    assert entities.instance_role(ws.world, instance) == "Second" and instance["State"] == "running"
    assert actions_since(ws, start)[:1] == ["ec2:AssociateIamInstanceProfile"]
    assert "ec2:ReplaceIamInstanceProfileAssociation" in actions_since(ws, start)


def test_password_policy_from_the_form(ws):
    workflows.update_password_policy(ws, {"MinimumPasswordLength": "12", "RequireSymbols": True,
                                          "MaxPasswordAge": "", "AllowUsersToChangePassword": True})
    policy = ws.world.meta["password_policy"]
    assert policy["MinimumPasswordLength"] == 12 and policy["RequireSymbols"] is True
    assert policy["AllowUsersToChangePassword"] is True and not policy.get("MaxPasswordAge")
    with pytest.raises(ValueError, match="MinimumPasswordLength must be a whole number"):
        workflows.update_password_policy(ws, {"MinimumPasswordLength": "twelve"})


def test_boundary_set_and_removed(ws):
    ws.call("iam", "CreateUser", {"UserName": "dev"})
    workflows.set_boundary(ws, "user", "dev", S3_READ)
    assert ws.world["users"].get("dev")["PermissionsBoundary"]["PermissionsBoundaryArn"] == S3_READ
    workflows.set_boundary(ws, "user", "dev", "")
    assert not ws.world["users"].get("dev").get("PermissionsBoundary")


def test_switch_an_access_key_and_set_a_console_password(ws):
    ws.call("iam", "CreateUser", {"UserName": "dev"})
    key = ws.call("iam", "CreateAccessKey", {"UserName": "dev"})["AccessKey"]["AccessKeyId"]
    assert workflows.switch_access_key(ws, "dev", key) == "Inactive"
    assert workflows.switch_access_key(ws, "dev", key) == "Active"
    workflows.set_console_password(ws, "dev", PASSWORD, False)
    workflows.set_console_password(ws, "dev", PASSWORD + "2", True)  # enabled: the password changes
    profile = ws.world["users"].get("dev")["LoginProfile"]
    assert check_password(PASSWORD + "2", profile["Hash"]) and profile["PasswordResetRequired"] is True


def test_policy_documents_are_saved_with_the_operation_of_their_kind(ws):
    ws.call("iam", "CreateUser", {"UserName": "dev"})
    new = target_for(ws.world, "new-policy", "")
    assert save(ws, new, DOC, "ReadAll") == "Created the customer managed policy ReadAll."
    arn = f"arn:aws:iam::{ACCOUNT}:policy/ReadAll"
    assert json.loads(managed_document(ws.world, arn)) == json.loads(DOC)
    managed = target_for(ws.world, "managed", arn)
    assert managed.size_limit == 6144
    assert save(ws, managed, DOC.replace("GetObject", "ListBucket"), "") == "Saved a new default version of ReadAll."
    inline = target_for(ws.world, "inline", "user:dev:Only")
    assert inline.size_limit == 2048 and inline.policy_name == "Only"
    save(ws, inline, DOC)
    assert json.loads(ws.world["users"].get("dev")["InlinePolicies"]["Only"]) == json.loads(DOC)
    aws_managed = target_for(ws.world, "managed", S3_READ)
    assert "saving will be refused" in aws_managed.title
    with pytest.raises(AwsError):
        save(ws, aws_managed, DOC)
    assert target_for(ws.world, "trust", "nobody") is None


# -- read models ---------------------------------------------------------------------------------------


def test_listing_and_counts(ws):
    ws.call("iam", "CreateUser", {"UserName": "bob"})
    users = entities.listing(ws.world, "users")
    assert users.columns == ["User name", "Groups", "Keys", "MFA", "Console", "Created"]
    assert [key for key, _ in users.rows] == ["admin", "bob"]
    assert dict(users.rows)["admin"][:5] == ["admin", "Admins", "1", "no", "yes"]
    assert [key for key, _ in entities.listing(ws.world, "users", "BO").rows] == ["bob"]
    counts = entities.counts(ws.world)
    assert counts["users"] == 2 and counts["groups"] == 1 and counts["instances"] == 1
    assert set(counts) == set(entities.SECTIONS)


def test_details_mirror_the_console_tabs(ws):
    tabs = details.details(ws.world, "users", "admin")
    assert [s.title for s in tabs] == ["Summary", "Permissions", "Groups", "Security credentials", "Tags"]
    permissions = tabs[1].table.rows
    assert [cells for _, cells in permissions] == [["AdministratorAccess", "AWS managed", "from group Admins"]]
    gone = details.details(ws.world, "users", "nobody")
    assert gone[0].note == "The user nobody no longer exists."


def test_form_choices(ws):
    ws.call("iam", "CreateUser", {"UserName": "dev"})
    ws.call("iam", "AddUserToGroup", {"UserName": "dev", "GroupName": "Admins"})
    ws.call("iam", "AttachUserPolicy", {"UserName": "dev", "PolicyArn": S3_READ})
    assert choices.names(ws.world, "users") == [("admin", "admin"), ("dev", "dev")]
    assert choices.groups_of(ws.world, "dev") == [("Admins", "Admins")]
    assert choices.members_of(ws.world, "Admins") == [("admin", "admin"), ("dev", "dev")]
    assert choices.attached(ws.world, "user", "dev") == [("AmazonS3ReadOnlyAccess", S3_READ)]
    assert ("AmazonS3ReadOnlyAccess (AWS managed)", S3_READ) in choices.policies(ws.world)
    assert [label for label, _ in choices.principals(ws.world)] == ["user admin", "user dev", "group Admins"]


def test_recommendations_follow_the_account(ws):
    by_id = {r.id: r for r in recommendations(ws.world)}
    assert by_id["root-mfa"].status == "warn" and by_id["password-policy"].status == "warn"
    workflows.update_password_policy(ws, {"MinimumPasswordLength": "14"})
    assert {r.id: r for r in recommendations(ws.world)}["password-policy"].status == "ok"
