"""The Cognito console's pages are requests as the signed-in principal, like the IAM, EC2 and
S3 pages: each list and each tab is read with the operations the Cognito console calls, a
new user sees the access-denied banner naming the refused action (and the decision is
published as the console's), and the pages show the pools of the console's Region.

Amazon Cognito Developer Guide, "Identity-based policy examples for Amazon Cognito" (the
console needs ``cognito-idp:ListUserPools``, ``cognito-identity:ListIdentityPools``... like
any other caller); Service Authorization Reference, Amazon Cognito User Pools and Amazon
Cognito Identity (``userpool`` and ``identitypool`` resources).
"""

from __future__ import annotations

import json

import pytest

from sandbox.workspace import details, entities
from workspacehelp import ACCOUNT, fresh_workspace

PASSWORD = "Sandbox-Passw0rd!"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/"

# each tab, and the actions its requests ask for, in order
USER_POOL_TABS = {
    "Overview": ["cognito-idp:DescribeUserPool"],
    "App clients": ["cognito-idp:ListUserPoolClients", "cognito-idp:DescribeUserPoolClient"],
    "Users": ["cognito-idp:ListUsers", "cognito-idp:AdminListGroupsForUser"],
    "Groups": ["cognito-idp:ListGroups"],
    "Sign-in providers": ["cognito-idp:ListIdentityProviders", "cognito-idp:DescribeIdentityProvider"],
}
IDENTITY_POOL_TABS = {
    "Overview": ["cognito-identity:DescribeIdentityPool"],
    "Identities": ["cognito-identity:ListIdentities", "cognito-identity:ListIdentities"],
    "Roles": ["cognito-identity:GetIdentityPoolRoles"],
    "Push sync": ["cognito-sync:GetIdentityPoolConfiguration"],
}


@pytest.fixture
def ws():
    """As admin: a user pool with an app client, a user in a group, Facebook as a sign-in
    provider; an identity pool with guests, one guest identity and its roles."""
    ws = fresh_workspace()
    pool = ws.call("cognito-idp", "CreateUserPool", {"PoolName": "photos-users"})["UserPool"]["Id"]
    ws.call("cognito-idp", "CreateUserPoolClient", {"UserPoolId": pool, "ClientName": "web",
                                                    "GenerateSecret": True})
    ws.call("cognito-idp", "CreateGroup", {"UserPoolId": pool, "GroupName": "editors", "Precedence": 1,
                                           "RoleArn": ROLE + "Editors"})
    ws.call("cognito-idp", "AdminCreateUser", {"UserPoolId": pool, "Username": "ana", "MessageAction": "SUPPRESS",
                                               "UserAttributes": [{"Name": "email", "Value": "ana@example.com"}]})
    ws.call("cognito-idp", "AdminAddUserToGroup", {"UserPoolId": pool, "Username": "ana", "GroupName": "editors"})
    ws.call("cognito-idp", "CreateIdentityProvider", {
        "UserPoolId": pool, "ProviderName": "Facebook", "ProviderType": "Facebook",
        "ProviderDetails": {"client_id": "1234567890123456", "client_secret": "s", "authorize_scopes": "email"},
        "AttributeMapping": {"email": "email"}})
    identity_pool = ws.call("cognito-identity", "CreateIdentityPool", {
        "IdentityPoolName": "photos", "AllowUnauthenticatedIdentities": True})["IdentityPoolId"]
    ws.call("cognito-identity", "SetIdentityPoolRoles", {"IdentityPoolId": identity_pool,
                                                         "Roles": {"unauthenticated": ROLE + "Guests"}})
    ws.gateway.call(ws.gateway.anonymous(), "cognito-identity", "GetId", {"IdentityPoolId": identity_pool})
    ws.pools = (pool, identity_pool)
    return ws


def _user(ws, name: str, *actions: str) -> None:
    """As admin: a user with a console password, allowed ``actions`` on every resource; then
    the console is signed in as that user."""
    ws.call("iam", "CreateUser", {"UserName": name})
    ws.call("iam", "CreateLoginProfile", {"UserName": name, "Password": PASSWORD})
    if actions:
        ws.call("iam", "PutUserPolicy", {"UserName": name, "PolicyName": "p", "PolicyDocument": json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]})})
    ws.sign_in(root=False, user_name=name, password=PASSWORD)


def _decided(ws, since: int) -> list[tuple[str, str, str, str]]:
    return [(e.action, e.decision, e.source, e.region) for e in ws.follow(since) if e.kind == "decision"]


def test_admin_sees_the_pools_and_every_read_is_an_allowed_console_request(ws):
    pool, identity_pool = ws.pools
    start = ws.newest_event
    users_list = entities.listing(ws, "user-pools")
    assert users_list.banner is None and [r[1][:2] for r in users_list.rows] == [["photos-users", pool]]
    identity_list = entities.listing(ws, "identity-pools")
    assert identity_list.banner is None and identity_list.rows == [(identity_pool, ["photos", identity_pool])]
    assert _decided(ws, start) == [("cognito-idp:ListUserPools", "allowed", "console", "us-east-1"),
                                   ("cognito-identity:ListIdentityPools", "allowed", "console", "us-east-1")]
    for section, key, expected in (("user-pools", pool, USER_POOL_TABS),
                                   ("identity-pools", identity_pool, IDENTITY_POOL_TABS)):
        assert details.tabs(section, key) == list(expected)
        for title, actions in expected.items():
            start = ws.newest_event
            tab = details.tab(ws, section, key, title)
            assert tab.banner is None, (title, tab.banner)
            assert _decided(ws, start) == [(a, "allowed", "console", "us-east-1") for a in actions], title
    shown = {s.title: s for s in details.details(ws, "user-pools", pool)}
    assert dict(shown["Overview"].facts)["Estimated users"] == "1"
    assert [r[1][:3] for r in shown["App clients"].table.rows][0][0::2] == ["web", "yes"]
    (ana,) = shown["Users"].table.rows
    assert ana[1][0] == "ana" and ana[1][1] == "ana@example.com" and ana[1][4] == "editors"
    assert shown["Groups"].table.rows[0][1][:3] == ["editors", "1", ROLE + "Editors"]
    facebook = shown["Sign-in providers"].table.rows[0][1]
    assert facebook[:3] == ["Facebook", "Facebook", "1234567890123456"] and "email←email" in facebook[3]
    shown = {s.title: s for s in details.details(ws, "identity-pools", identity_pool)}
    assert dict(shown["Overview"].facts)["Guest access"] == "yes"
    (guest,) = shown["Identities"].table.rows
    assert guest[1][1:3] == ["guest", ""]
    assert dict(shown["Roles"].facts)["Guest (unauthenticated) role"] == ROLE + "Guests"
    assert dict(shown["Push sync"].facts) == {"Platform applications": "none", "Role": "none"}


def test_a_new_user_sees_the_banner_on_both_lists_and_on_every_tab(ws):
    pool, identity_pool = ws.pools
    _user(ws, "newbie")
    for section, action in (("user-pools", "cognito-idp:ListUserPools"),
                            ("identity-pools", "cognito-identity:ListIdentityPools")):
        start = ws.newest_event
        listing = entities.listing(ws, section)
        assert listing.rows == [] and listing.columns  # nothing of the pools leaks
        assert listing.banner.title == f"Access denied to {action}"
        assert listing.banner.request[0] == f"User: arn:aws:iam::{ACCOUNT}:user/newbie"
        assert listing.banner.request[-1] == "Context: no identity-based policy allows the action"
        assert _decided(ws, start) == [(action, "implicitDeny", "console", "us-east-1")]
    for section, key, expected in (("user-pools", pool, USER_POOL_TABS),
                                   ("identity-pools", identity_pool, IDENTITY_POOL_TABS)):
        for title, actions in expected.items():
            tab = details.tab(ws, section, key, title)
            assert tab.banner.action == actions[0], title
            assert tab.facts == [] and tab.table is None and tab.document is None
    overview = details.tab(ws, "user-pools", pool, "Overview")
    assert overview.banner.request[2] == (f"On resource(s): arn:aws:cognito-idp:us-east-1:{ACCOUNT}:"
                                          f"userpool/{pool}")


def test_a_user_allowed_only_to_list_identity_pools_is_refused_their_details(ws):
    _pool, identity_pool = ws.pools
    _user(ws, "lister", "cognito-identity:ListIdentityPools")
    assert [k for k, _ in entities.listing(ws, "identity-pools").rows] == [identity_pool]
    overview = details.tab(ws, "identity-pools", identity_pool, "Overview")
    assert overview.banner.action == "cognito-identity:DescribeIdentityPool"
    assert overview.banner.request[2] == (f"On resource(s): arn:aws:cognito-identity:us-east-1:{ACCOUNT}:"
                                          f"identitypool/{identity_pool}")
    assert entities.listing(ws, "user-pools").banner.action == "cognito-idp:ListUserPools"


def test_a_tab_refused_half_way_shows_the_banner_of_the_refused_request(ws):
    """Users: ListUsers allowed, each user's groups refused: the tab is the banner, no rows."""
    pool, _identity_pool = ws.pools
    _user(ws, "support", "cognito-idp:ListUsers")
    users = details.tab(ws, "user-pools", pool, "Users")
    assert users.banner.action == "cognito-idp:AdminListGroupsForUser" and users.table is None


def test_the_pages_show_the_pools_of_the_console_region(ws):
    pool, identity_pool = ws.pools
    ws.console.region = "eu-west-1"
    start = ws.newest_event
    assert entities.listing(ws, "user-pools").rows == [] and entities.listing(ws, "identity-pools").rows == []
    assert {d[3] for d in _decided(ws, start)} == {"eu-west-1"}
    ireland = ws.call("cognito-idp", "CreateUserPool", {"PoolName": "dublin"})["UserPool"]["Id"]
    assert ireland.startswith("eu-west-1_")
    assert [k for k, _ in entities.listing(ws, "user-pools").rows] == [ireland]
    # a pool of another Region is not found where the console looks
    assert details.tab(ws, "user-pools", pool, "Overview").note == f"The user pool {pool} no longer exists."
    ws.console.region = "us-east-1"
    assert [k for k, _ in entities.listing(ws, "user-pools").rows] == [pool]
    assert [k for k, _ in entities.listing(ws, "identity-pools").rows] == [identity_pool]


def test_every_page_of_a_long_list_is_read(ws):
    """ListIdentityPools answers 60 at most (MaxResults 1-60): the page follows NextToken."""
    for i in range(61):
        ws.call("cognito-identity", "CreateIdentityPool", {"IdentityPoolName": f"pool{i:02}",
                                                           "AllowUnauthenticatedIdentities": False})
    start = ws.newest_event
    listing = entities.listing(ws, "identity-pools")
    assert sorted(cells[0] for _key, cells in listing.rows) == ["photos"] + [f"pool{i:02}" for i in range(61)]
    assert [d[0] for d in _decided(ws, start)] == ["cognito-identity:ListIdentityPools"] * 2


def test_a_deleted_pool_says_so_in_its_tab(ws):
    pool, _identity_pool = ws.pools
    ws.call("cognito-idp", "DeleteUserPool", {"UserPoolId": pool})
    assert details.tab(ws, "user-pools", pool, "Groups").note == f"The user pool {pool} no longer exists."


def test_the_devices_page_is_the_sandbox_phones_and_no_request(ws):
    from sandbox.services import devices

    with ws.world.transaction():
        devices.add_device(ws.world, "ana-phone", "phone")
    _user(ws, "newbie")
    start = ws.newest_event
    assert [k for k, _ in entities.listing(ws, "devices").rows] == ["ana-phone"]
    assert details.tab(ws, "devices", "ana-phone", "Device").banner is None
    assert not details.requested("devices") and details.requested("user-pools")
    assert _decided(ws, start) == []
