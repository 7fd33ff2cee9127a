"""The console's reads are requests as the signed-in principal (``Workspace.read``): a new
user sees the access-denied banner where each list and tab would be, root sees everything,
and each decision is published like any other (tagged ``via=console``), one request per
list and only the operations a tab needs.

IAM User Guide, "Permissions required to access IAM resources": IAM users must be given
permissions explicitly, the root user has no restrictions; a new user has none.
"""

from __future__ import annotations

import json

import pytest

from sandbox.workspace import details, entities
from sandbox.workspace.reads import NOT_SIGNED_IN
from workspacehelp import ACCOUNT, fresh_workspace

PASSWORD = "Sandbox-Passw0rd!"
ACTIONS = {"users": "iam:ListUsers", "groups": "iam:ListGroups", "roles": "iam:ListRoles",
           "policies": "iam:ListPolicies", "instances": "ec2:DescribeInstances", "buckets": "s3:ListAllMyBuckets"}


def _user(ws, name: str, *statements: dict) -> None:
    """As admin: a user with a console password and (if any) an inline policy."""
    ws.call("iam", "CreateUser", {"UserName": name})
    ws.call("iam", "CreateLoginProfile", {"UserName": name, "Password": PASSWORD})
    if statements:
        ws.call("iam", "PutUserPolicy", {"UserName": name, "PolicyName": "p", "PolicyDocument": json.dumps(
            {"Version": "2012-10-17", "Statement": list(statements)})})


def _as(ws, name: str):
    ws.sign_in(root=False, user_name=name, password=PASSWORD)
    return ws


@pytest.fixture
def ws():
    return fresh_workspace()


@pytest.fixture
def new_user(ws):
    _user(ws, "bob")
    return _as(ws, "bob")


def _decided(ws, since: int) -> list[tuple[str, str, str]]:
    return [(e.action, e.decision, e.source) for e in ws.follow(since) if e.kind == "decision"]


def test_a_new_user_sees_the_banner_on_every_list(new_user):
    ws = new_user
    for section, action in ACTIONS.items():
        start = ws.newest_event
        listing = entities.listing(ws, section)
        assert listing.rows == [] and listing.columns  # the table's header stays, as in the console
        banner = listing.banner
        assert banner.title == f"Access denied to {action}"
        assert banner.text == (f"You don't have permission to {action}. To request access, copy the following "
                               "text and send it to your AWS administrator.")
        assert banner.request[0] == f"User: arn:aws:iam::{ACCOUNT}:user/bob"
        assert banner.request[1] == f"Action: {action}"
        assert banner.request[-1] == "Context: no identity-based policy allows the action"
        # one request, decided and published as the console's
        assert _decided(ws, start) == [(action, "implicitDeny", "console")]
    assert entities.listing(ws, "users").banner.request[2] == f"On resource(s): arn:aws:iam::{ACCOUNT}:user/"


def test_a_new_user_sees_the_banner_on_the_dashboard_and_its_own_page(new_user):
    ws = new_user
    summary = details.tab(ws, "users", "bob", "Summary")
    assert summary.facts == [] and summary.banner.title == "Access denied to iam:GetUser"
    assert summary.banner.request[2] == f"On resource(s): arn:aws:iam::{ACCOUNT}:user/bob"
    dashboard = details.tab(ws, "account", "dashboard", "Security recommendations")
    assert dashboard.table is None and dashboard.banner.action == "iam:GetAccountSummary"


def test_root_sees_everything(ws):
    root = ws.world.meta["root"]["Password"]
    ws.sign_in(root=True, user_name=None, password=root)
    for section in ACTIONS:
        listing = entities.listing(ws, section)
        assert listing.banner is None and (listing.rows or section == "roles"), section  # the world has no role
    assert all(s.banner is None for s in details.details(ws, "users", "admin"))


def test_a_grant_opens_the_list_but_not_the_tabs_it_does_not_cover(ws):
    _user(ws, "lister", {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"})
    _as(ws, "lister")
    assert [key for key, _ in entities.listing(ws, "users").rows] == ["admin", "lister"]
    assert details.tab(ws, "users", "admin", "Summary").banner.action == "iam:GetUser"
    assert entities.listing(ws, "groups").banner.action == "iam:ListGroups"


def test_an_explicit_deny_is_named_in_the_context(ws):
    _user(ws, "denied", {"Effect": "Allow", "Action": "*", "Resource": "*"},
          {"Effect": "Deny", "Action": "s3:ListAllMyBuckets", "Resource": "*"})
    _as(ws, "denied")
    banner = entities.listing(ws, "buckets").banner
    assert banner.request[-1] == "Context: an explicit deny in an identity-based policy"
    assert entities.listing(ws, "users").banner is None


def test_each_tab_makes_the_requests_of_its_console_tab(ws):
    def reads(section, key, title):
        start = ws.newest_event
        details.tab(ws, section, key, title)
        return [action for action, _, source in _decided(ws, start) if source == "console"]

    assert reads("users", "admin", "Summary") == ["iam:GetUser"]
    assert reads("users", "admin", "Permissions") == [
        "iam:ListAttachedUserPolicies", "iam:ListUserPolicies", "iam:ListGroupsForUser",
        "iam:ListAttachedGroupPolicies", "iam:ListGroupPolicies"]
    assert reads("users", "admin", "Security credentials") == [
        "iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed"]
    assert reads("policies", "arn:aws:iam::aws:policy/AdministratorAccess", "JSON") == [
        "iam:GetPolicy", "iam:GetPolicyVersion"]
    bucket = ws.world["buckets"].all()[0]["Name"]
    assert reads("buckets", bucket, "Bucket policy") == ["s3:GetBucketPolicy"]
    assert reads("account", "dashboard", "Security recommendations") == ["iam:GetAccountSummary"]
    # tab titles are known without a request
    start = ws.newest_event
    assert details.tabs("roles", "any") == ["Summary", "Permissions", "Trust relationships", "Instance profiles",
                                            "Tags"]
    assert ws.follow(start) == []


def test_a_read_is_not_a_change(ws):
    seen = []
    ws.watchers.append(seen.append)
    version = ws.world.version
    entities.listing(ws, "users")
    details.details(ws, "users", "admin")
    assert seen == [] and ws.world.version == version and ws.undo_point() is None
    with pytest.raises(RuntimeError, match="changes the account"):
        ws.read("iam", "CreateUser", {"UserName": "x"})
    assert ws.world["users"].get("x") is None


def test_nobody_signed_in(ws):
    ws.sign_in_as(None)
    assert entities.listing(ws, "users").banner == NOT_SIGNED_IN
    assert details.tab(ws, "users", "admin", "Summary").banner == NOT_SIGNED_IN


def test_the_ec2_console_shows_its_region(ws):
    web1 = entities.listing(ws, "instances").rows
    assert [cells[0] for _, cells in web1] == ["web-1"]
    ws.console.region = "eu-west-1"
    start = ws.newest_event
    assert entities.listing(ws, "instances").rows == []
    assert [e.region for e in ws.follow(start)] == ["eu-west-1"]
    # IAM is global and the S3 console lists every Region's buckets: their requests go to us-east-1
    start = ws.newest_event
    assert entities.listing(ws, "users").rows and entities.listing(ws, "buckets").rows
    assert {e.region for e in ws.follow(start)} == {"us-east-1"}
    # the console's own actions on instances act in its Region too
    instance = web1[0][0]
    with pytest.raises(Exception) as refused:
        ws.call("ec2", "StopInstances", {"InstanceIds": [instance]})
    assert refused.value.code == "InvalidInstanceID.NotFound"
    ws.console.region = "us-east-1"
    ws.call("ec2", "StopInstances", {"InstanceIds": [instance]})
    assert ws.world["instances"].get(instance)["State"] == "stopped"


def test_a_deleted_item_says_so(ws):
    ws.call("iam", "CreateGroup", {"GroupName": "Old"})
    ws.call("iam", "DeleteGroup", {"GroupName": "Old"})
    assert details.tab(ws, "groups", "Old", "Summary").note == "The group Old no longer exists."


def _console_reads(ws, since: int) -> list[str]:
    return [action for action, _, source in _decided(ws, since) if source == "console"]


def test_a_list_longer_than_a_page_is_read_whole(ws):
    """IAM answers at most 1,000 items a request (MaxItems) with a Marker for the rest; the
    console follows it, so the 1,002nd user is listed too, after a second ListUsers."""
    with ws.world.transaction():
        for i in range(1001):
            ws.call("iam", "CreateUser", {"UserName": f"u{i:04d}"})
    start = ws.newest_event
    keys = [key for key, _ in entities.listing(ws, "users").rows]
    assert len(keys) == 1002 and "u1000" in keys and "admin" in keys
    assert _console_reads(ws, start) == ["iam:ListUsers", "iam:ListUsers"]


def test_every_long_list_follows_its_token(ws, monkeypatch):
    """The same with pages of two: each IAM list by its Marker, a policy's attached entities,
    a bucket's objects by S3's ContinuationToken; what is listed is what one long page holds."""
    from sandbox.workspace import reads

    arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    for i in range(3):
        ws.call("iam", "CreateGroup", {"GroupName": f"g{i}"})
        ws.call("iam", "CreateUser", {"UserName": f"user{i}"})
        ws.call("iam", "AttachUserPolicy", {"UserName": f"user{i}", "PolicyArn": arn})
        ws.call("iam", "CreateRole", {"RoleName": f"r{i}", "AssumeRolePolicyDocument": json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]})})
    bucket = ws.world["buckets"].all()[0]["Name"]
    for i in range(3):
        ws.call("s3", "PutObject", {"Bucket": bucket, "Key": f"many/k{i}", "Body": b"x"})
    whole = {section: sorted(key for key, _ in entities.listing(ws, section).rows)
             for section in ("users", "groups", "roles", "policies")}
    attached = details.tab(ws, "policies", arn, "Entities attached").table.rows
    objects = details.tab(ws, "buckets", bucket, "Objects").table.rows
    monkeypatch.setattr(reads, "IAM_PAGE", 2)
    monkeypatch.setattr(reads, "S3_PAGE", 2)
    for section, keys in whole.items():
        start = ws.newest_event
        assert sorted(key for key, _ in entities.listing(ws, section).rows) == keys
        assert len(_console_reads(ws, start)) == max(1, -(-len(keys) // 2)), section  # one per page
    assert all(len(keys) > 2 for keys in whole.values())
    start = ws.newest_event
    assert details.tab(ws, "policies", arn, "Entities attached").table.rows == attached
    assert _console_reads(ws, start) == ["iam:ListEntitiesForPolicy"] * 2
    start = ws.newest_event
    assert details.tab(ws, "buckets", bucket, "Objects").table.rows == objects
    assert _console_reads(ws, start).count("s3:ListBucket") >= 2
