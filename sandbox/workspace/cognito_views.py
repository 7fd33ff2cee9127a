"""The Amazon Cognito console's pages: user pools (app clients, users, groups, sign-in with
external providers) and identity pools (identities, roles, push sync).

Each list and each tab is read with the operations the Cognito console calls, as the signed-in
principal (``Workspace.read``), like the IAM, EC2 and S3 pages: ``cognito-idp:ListUserPools``
for the list, ``DescribeUserPool`` for a pool's Overview, ``ListUserPoolClients`` then
``DescribeUserPoolClient`` for each client... A refused read shows the access-denied banner
naming its action, and its decision is in the decisions pane. Cognito is regional: the
requests go to the console's Region (``ConsoleSession.origin``), whose pools the pages show.
Nothing on these pages comes from the world without a request that was allowed to read it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from sandbox.idp.cognito import user_pool_issuer
from sandbox.services.cognito_idp.clients import effective_flows
from sandbox.workspace import reads
from sandbox.workspace.shapes import Listing, Section, date, day

if TYPE_CHECKING:  # pragma: no cover
    from sandbox.workspace.workspace import Workspace

SECTIONS = ("user-pools", "identity-pools")
TITLES = {"user-pools": "User pools", "identity-pools": "Identity pools"}
PAGE = 60  # the largest page every Cognito list operation accepts (MaxResults or Limit 1-60)

Rows = list[tuple[str, list[str]]]
Reader = Callable[["Workspace", str], Section]


def every(ws: Workspace, service: str, operation: str, params: dict, key: str, **paging) -> list[dict]:
    """Every item of a Cognito list, a page of ``PAGE`` at a time (each page a request)."""
    return reads.every(ws, service, operation, params, key, page=PAGE, **paging)


# -- user pools ----------------------------------------------------------------------------------

def _user_pools(ws: Workspace) -> Rows:
    pools = every(ws, "cognito-idp", "ListUserPools", {}, "UserPools")
    return [(p["Id"], [p["Name"], p["Id"], day(p["CreationDate"]), day(p["LastModifiedDate"])]) for p in pools]


def _pool_overview(ws: Workspace, pool_id: str) -> Section:
    pool = ws.read("cognito-idp", "DescribeUserPool", {"UserPoolId": pool_id})["UserPool"]
    policy = pool["Policies"]["PasswordPolicy"]
    rules = [f"at least {policy['MinimumLength']} characters"] + [
        what for key, what in (("RequireUppercase", "uppercase"), ("RequireLowercase", "lowercase"),
                               ("RequireNumbers", "numbers"), ("RequireSymbols", "symbols")) if policy.get(key)]
    issuer = user_pool_issuer(pool["Id"])
    return Section("Overview", [
        ("User pool ID", pool["Id"]), ("ARN", pool["Arn"]), ("Created", date(pool["CreationDate"])),
        ("Estimated users", str(pool.get("EstimatedNumberOfUsers", 0))),
        ("Sign-in with", "email" if "email" in pool.get("UsernameAttributes", []) else "user name"),
        ("Verified by code", ", ".join(pool.get("AutoVerifiedAttributes", []))
         or "nothing (an administrator confirms)"),
        ("Password policy", ", ".join(rules)), ("MFA", pool["MfaConfiguration"]),
        ("Self sign-up", "no (administrators create users)"
         if pool.get("AdminCreateUserConfig", {}).get("AllowAdminCreateUserOnly") else "yes"),
        ("Token issuer", issuer), ("Key set (JWKS)", f"{issuer}/.well-known/jwks.json"),
        ("Deletion protection", pool.get("DeletionProtection", "INACTIVE"))])


def _pool_clients(ws: Workspace, pool_id: str) -> Section:
    listed = every(ws, "cognito-idp", "ListUserPoolClients", {"UserPoolId": pool_id}, "UserPoolClients")
    clients = [ws.read("cognito-idp", "DescribeUserPoolClient",
                       {"UserPoolId": pool_id, "ClientId": c["ClientId"]})["UserPoolClient"] for c in listed]
    rows = [(c["ClientId"], [c["ClientName"], c["ClientId"], "yes" if c.get("ClientSecret") else "no",
                             ", ".join(sorted(f.replace("ALLOW_", "") for f in effective_flows(c)
                                              if f.startswith("ALLOW_"))),
                             ", ".join(c.get("SupportedIdentityProviders") or []) or "—"]) for c in clients]
    return Section("App clients", table=Listing(["Name", "Client ID", "Secret", "Sign-in flows", "Providers"], rows),
                   note="An app signs users in with its client id; the client id is the aud of their ID tokens.")


def _pool_users(ws: Workspace, pool_id: str) -> Section:
    """The pool's users, each with the groups it is in (``AdminListGroupsForUser``, as a user's
    page in the console shows them)."""
    users = every(ws, "cognito-idp", "ListUsers", {"UserPoolId": pool_id}, "Users", token="PaginationToken",
                  size="Limit")
    rows = []
    for u in users:
        groups = every(ws, "cognito-idp", "AdminListGroupsForUser", {"UserPoolId": pool_id, "Username": u["Username"]},
                       "Groups", size="Limit")
        email = next((a["Value"] for a in u.get("Attributes", []) if a["Name"] == "email"), "—")
        rows.append((f"{pool_id}|{u['Username']}", [u["Username"], email, u["UserStatus"],
                                                    "Enabled" if u["Enabled"] else "Disabled",
                                                    ", ".join(g["GroupName"] for g in groups) or "—",
                                                    date(u["UserCreateDate"])]))
    # the console's columns: the confirmation status (UserStatus) and whether the user is enabled
    columns = ["User name", "Email", "Confirmation status", "Status", "Groups", "Created"]
    return Section("Users", table=Listing(columns, rows))


def _pool_groups(ws: Workspace, pool_id: str) -> Section:
    groups = every(ws, "cognito-idp", "ListGroups", {"UserPoolId": pool_id}, "Groups", size="Limit")
    groups.sort(key=lambda g: (g.get("Precedence") is None, g.get("Precedence") or 0, g["GroupName"]))
    rows = [(f"{pool_id}|{g['GroupName']}", [g["GroupName"], str(g["Precedence"]) if "Precedence" in g else "—",
                                             g.get("RoleArn") or "—", g.get("Description") or "—"]) for g in groups]
    return Section("Groups", table=Listing(["Group", "Precedence", "IAM role", "Description"], rows),
                   note="A group's role reaches the ID token as cognito:roles; the role of the group with the "
                        "lowest precedence is cognito:preferred_role. The Users tab shows who is in each group.")


def _pool_providers(ws: Workspace, pool_id: str) -> Section:
    listed = every(ws, "cognito-idp", "ListIdentityProviders", {"UserPoolId": pool_id}, "Providers")
    rows = []
    for item in listed:
        i = ws.read("cognito-idp", "DescribeIdentityProvider",
                    {"UserPoolId": pool_id, "ProviderName": item["ProviderName"]})["IdentityProvider"]
        rows.append((f"{pool_id}|{i['ProviderName']}", [
            i["ProviderName"], i["ProviderType"], i["ProviderDetails"].get("client_id", "—"),
            ", ".join(f"{k}←{v}" for k, v in i.get("AttributeMapping", {}).items())]))
    return Section("Sign-in providers", table=Listing(["Provider", "Type", "Client ID at the provider",
                                                       "Attribute mapping"], rows),
                   note="Users who sign in through these providers are users of the pool named PROVIDER_SUBJECT.")


# -- identity pools --------------------------------------------------------------------------------

def _identity_pools(ws: Workspace) -> Rows:
    pools = every(ws, "cognito-identity", "ListIdentityPools", {}, "IdentityPools")
    return [(p["IdentityPoolId"], [p["IdentityPoolName"], p["IdentityPoolId"]]) for p in pools]


def _identity_overview(ws: Workspace, pool_id: str) -> Section:
    pool = ws.read("cognito-identity", "DescribeIdentityPool", {"IdentityPoolId": pool_id})
    providers = [f"{k} ({v})" for k, v in (pool.get("SupportedLoginProviders") or {}).items()]
    providers += [f"{u['ProviderName']} (client {u['ClientId']})" for u in pool.get("CognitoIdentityProviders") or []]
    providers += pool.get("OpenIdConnectProviderARNs") or []
    return Section("Overview", [
        ("Identity pool ID", pool["IdentityPoolId"]), ("Name", pool["IdentityPoolName"]),
        ("Guest access", "yes" if pool["AllowUnauthenticatedIdentities"] else "no"),
        ("Basic (classic) flow", "allowed" if pool.get("AllowClassicFlow") else "not allowed (enhanced flow only)"),
        ("Sign-in providers", "; ".join(providers) or "none")])


def _identities(ws: Workspace, pool_id: str) -> Section:
    """Every identity, and which are disabled (an identity merged into another): the same list
    read again with ``HideDisabled``, as no answer of the API says so of an identity."""
    def listed(hide: bool) -> list[dict]:
        return every(ws, "cognito-identity", "ListIdentities", {"IdentityPoolId": pool_id, "HideDisabled": hide},
                     "Identities")

    everyone = listed(False)
    enabled = {i["IdentityId"] for i in listed(True)}
    rows = [(i["IdentityId"], [i["IdentityId"], ", ".join(i.get("Logins") or []) or "guest",
                               "" if i["IdentityId"] in enabled else "disabled (merged)", date(i["CreationDate"])])
            for i in everyone]
    return Section("Identities", table=Listing(["Identity ID", "Logins", "", "Created"], rows))


def _identity_roles(ws: Workspace, pool_id: str) -> Section:
    found = ws.read("cognito-identity", "GetIdentityPoolRoles", {"IdentityPoolId": pool_id})
    roles, mappings = found.get("Roles") or {}, found.get("RoleMappings")
    return Section("Roles", [("Authenticated role", roles.get("authenticated") or "none"),
                             ("Guest (unauthenticated) role", roles.get("unauthenticated") or "none")],
                   document=json.dumps(mappings) if mappings else None,
                   note="In the enhanced flow a guest's credentials are also limited by the AWS managed "
                        "session policy AmazonCognitoUnAuthedIdentitiesSessionPolicy (no S3).")


def _push_sync(ws: Workspace, pool_id: str) -> Section:
    push = ws.read("cognito-sync", "GetIdentityPoolConfiguration", {"IdentityPoolId": pool_id}).get("PushSync") or {}
    return Section("Push sync", [("Platform applications", ", ".join(push.get("ApplicationArns") or []) or "none"),
                                 ("Role", push.get("RoleArn") or "none")],
                   note="Cognito Sync is closed to new customers: AWS now steers new apps to AWS AppSync. Its API "
                        "lists no registered devices: each phone's side is on the Devices page.")


# section -> (columns, the read that gives the rows)
LISTS: dict[str, tuple[list[str], Callable[[Workspace], Rows]]] = {
    "user-pools": (["Name", "User pool ID", "Created", "Last updated"], _user_pools),
    "identity-pools": (["Name", "Identity pool ID"], _identity_pools),
}
TABS: dict[str, list[tuple[str, Reader]]] = {
    "user-pools": [("Overview", _pool_overview), ("App clients", _pool_clients), ("Users", _pool_users),
                   ("Groups", _pool_groups), ("Sign-in providers", _pool_providers)],
    "identity-pools": [("Overview", _identity_overview), ("Identities", _identities), ("Roles", _identity_roles),
                       ("Push sync", _push_sync)],
}
