"""What the console shows of Amazon Cognito: user pools (app clients, users, groups, sign-in
with external providers), identity pools (identities, roles, push sync) and the sandbox's
devices side by side. Plain data from the world, like ``entities`` and ``details``."""

from __future__ import annotations

import json

from sandbox.idp.cognito import user_pool_issuer
from sandbox.services import devices as mobile
from sandbox.services.cognito_idp.clients import effective_flows
from sandbox.services.cognito_sync.common import CONFIGS, DEVICES
from sandbox.workspace.shapes import Listing, Section, date
from sandbox.world.store import World

SECTIONS = ("user-pools", "identity-pools", "devices")
TITLES = {"user-pools": "User pools", "identity-pools": "Identity pools", "devices": "Devices"}
# each page's tabs, in order (``details`` gives them all; an item gone gives its first alone)
TABS = {"user-pools": ("Overview", "App clients", "Users", "Groups", "Sign-in providers"),
        "identity-pools": ("Overview", "Identities", "Roles", "Push sync"),
        "devices": ("Device", "Datasets on the device", "Notifications", "All devices")}


def counts(world: World) -> dict[str, int]:
    return {"user-pools": len(world["cognito_user_pools"]), "identity-pools": len(world["cognito_identity_pools"]),
            "devices": len(mobile.devices(world))}


def _attrs(user: dict) -> dict:
    return {a["Name"]: a["Value"] for a in user["Attributes"]}


def _rows(world: World, table: str, pool_field: str, pool_id: str) -> list[dict]:
    return [r for r in world[table].all() if r.get(pool_field) == pool_id]


def listing(world: World, section: str) -> Listing:
    if section == "user-pools":
        users = world["cognito_users"].all()
        rows = []
        for p in sorted(world["cognito_user_pools"].all(), key=lambda p: p["CreationDate"]):
            n = sum(1 for u in users if u["UserPoolId"] == p["Id"])
            rows.append((p["Id"], [p["Name"], p["Id"], str(n), date(p["CreationDate"])]))
        return Listing(["Name", "User pool ID", "Users", "Created"], rows)
    if section == "identity-pools":
        identities = world["cognito_identities"].all()
        rows = []
        for p in sorted(world["cognito_identity_pools"].all(), key=lambda p: p["CreationDate"]):
            n = sum(1 for i in identities if i["IdentityPoolId"] == p["IdentityPoolId"] and not i.get("Disabled"))
            rows.append((p["IdentityPoolId"], [p["IdentityPoolName"], p["IdentityPoolId"], str(n),
                                               "yes" if p["AllowUnauthenticatedIdentities"] else "no"]))
        return Listing(["Name", "Identity pool ID", "Identities", "Guest access"], rows)
    rows = []
    for d in mobile.devices(world):
        session = mobile.read_json(world, d["Name"], mobile.app_path("session.json")) or {}
        copies = _copies(world, d["Name"])
        rows.append((d["Name"], [d["Name"], d["Kind"], session.get("identityId") or "not signed in",
                                 ", ".join(f"{c['datasetName']} #{c['syncCount']}" for c in copies) or "—",
                                 str(len(mobile.notifications(world, d["Name"])))]))
    return Listing(["Device", "Kind", "Identity", "Datasets (SyncCount)", "Pushes"], rows)


def details(world: World, section: str, key: str) -> list[Section]:
    return {"user-pools": _user_pool, "identity-pools": _identity_pool, "devices": _device}[section](world, key)


# -- user pools ----------------------------------------------------------------------------------

def _user_pool(world: World, pool_id: str) -> list[Section]:
    pool = next((p for p in world["cognito_user_pools"].all() if p["Id"] == pool_id), None)
    if pool is None:
        return [Section("Overview", note=f"The user pool {pool_id} no longer exists.")]
    policy = pool["Policies"]["PasswordPolicy"]
    rules = [f"at least {policy['MinimumLength']} characters"] + [
        what for key, what in (("RequireUppercase", "uppercase"), ("RequireLowercase", "lowercase"),
                               ("RequireNumbers", "numbers"), ("RequireSymbols", "symbols")) if policy.get(key)]
    issuer = user_pool_issuer(pool["Id"])
    overview = Section("Overview", [
        ("User pool ID", pool["Id"]), ("ARN", pool["Arn"]), ("Created", date(pool["CreationDate"])),
        ("Sign-in with", "email" if "email" in pool["UsernameAttributes"] else "user name"),
        ("Verified by code", ", ".join(pool["AutoVerifiedAttributes"]) or "nothing (an administrator confirms)"),
        ("Password policy", ", ".join(rules)), ("MFA", pool["MfaConfiguration"]),
        ("Self sign-up", "no (administrators create users)"
         if pool.get("AdminCreateUserConfig", {}).get("AllowAdminCreateUserOnly") else "yes"),
        ("Token issuer", issuer), ("Key set (JWKS)", f"{issuer}/.well-known/jwks.json"),
        ("Deletion protection", pool.get("DeletionProtection", "INACTIVE"))])
    clients = [(c["ClientId"], [c["ClientName"], c["ClientId"], "yes" if c.get("ClientSecret") else "no",
                                ", ".join(sorted(f.replace("ALLOW_", "") for f in effective_flows(c)
                                                 if f.startswith("ALLOW_"))),
                                ", ".join(c.get("SupportedIdentityProviders") or []) or "—"])
               for c in sorted(_rows(world, "cognito_user_pool_clients", "UserPoolId", pool["Id"]),
                               key=lambda c: c["CreationDate"])]
    users = []
    for u in sorted(_rows(world, "cognito_users", "UserPoolId", pool["Id"]), key=lambda u: u["UserCreateDate"]):
        attrs = _attrs(u)
        users.append((u["Key"], [u["Username"], attrs.get("email", "—"), u["UserStatus"],
                                  "enabled" if u["Enabled"] else "disabled", ", ".join(u["Groups"]) or "—",
                                  date(u["UserCreateDate"])]))
    members = {}
    for u in _rows(world, "cognito_users", "UserPoolId", pool["Id"]):
        for g in u["Groups"]:
            members[g] = members.get(g, 0) + 1
    groups = [(g["Key"], [g["GroupName"], str(g.get("Precedence")) if g.get("Precedence") is not None else "—",
                          g.get("RoleArn") or "—", str(members.get(g["GroupName"], 0))])
              for g in sorted(_rows(world, "cognito_groups", "UserPoolId", pool["Id"]),
                              key=lambda g: (g.get("Precedence") is None, g.get("Precedence") or 0, g["GroupName"]))]
    idps = [(i["Key"], [i["ProviderName"], i["ProviderType"], i["ProviderDetails"].get("client_id", "—"),
                        ", ".join(f"{k}←{v}" for k, v in i.get("AttributeMapping", {}).items())])
            for i in _rows(world, "cognito_user_pool_idps", "UserPoolId", pool["Id"])]
    return [overview,
            Section("App clients", table=Listing(["Name", "Client ID", "Secret", "Sign-in flows", "Providers"],
                                                 clients),
                    note="An app signs users in with its client id; the client id is the aud of their ID tokens."),
            Section("Users", table=Listing(["User name", "Email", "Status", "", "Groups", "Created"], users)),
            Section("Groups", table=Listing(["Group", "Precedence", "IAM role", "Users"], groups),
                    note="A group's role reaches the ID token as cognito:roles; the role of the group with the "
                         "lowest precedence is cognito:preferred_role."),
            Section("Sign-in providers", table=Listing(["Provider", "Type", "Client ID at the provider",
                                                        "Attribute mapping"], idps),
                    note="Users who sign in through these providers are users of the pool named PROVIDER_SUBJECT.")]


# -- identity pools --------------------------------------------------------------------------------

def _identity_pool(world: World, pool_id: str) -> list[Section]:
    pool = next((p for p in world["cognito_identity_pools"].all() if p["IdentityPoolId"] == pool_id), None)
    if pool is None:
        return [Section("Overview", note=f"The identity pool {pool_id} no longer exists.")]
    providers = [f"{k} ({v})" for k, v in (pool.get("SupportedLoginProviders") or {}).items()]
    providers += [f"{u['ProviderName']} (client {u['ClientId']})" for u in pool.get("CognitoIdentityProviders") or []]
    providers += pool.get("OpenIdConnectProviderARNs") or []
    overview = Section("Overview", [
        ("Identity pool ID", pool["IdentityPoolId"]), ("Name", pool["IdentityPoolName"]),
        ("Created", date(pool["CreationDate"])),
        ("Guest access", "yes" if pool["AllowUnauthenticatedIdentities"] else "no"),
        ("Basic (classic) flow", "allowed" if pool.get("AllowClassicFlow") else "not allowed (enhanced flow only)"),
        ("Sign-in providers", "; ".join(providers) or "none")])
    roles = pool.get("Roles") or {}
    role_section = Section("Roles", [("Authenticated role", roles.get("authenticated") or "none"),
                                     ("Guest (unauthenticated) role", roles.get("unauthenticated") or "none")],
                           document=json.dumps(pool.get("RoleMappings") or {}) if pool.get("RoleMappings") else None,
                           note="In the enhanced flow a guest's credentials are also limited by the AWS managed "
                                "session policy AmazonCognitoUnAuthedIdentitiesSessionPolicy (no S3).")
    identities = [(i["IdentityId"], [i["IdentityId"], ", ".join(i["Logins"]) or "guest",
                                     "disabled (merged)" if i.get("Disabled") else "", date(i["CreationDate"])])
                  for i in sorted(_rows(world, "cognito_identities", "IdentityPoolId", pool["IdentityPoolId"]),
                                  key=lambda i: i["CreationDate"])]
    config = next((c for c in world[CONFIGS].all() if c["IdentityPoolId"] == pool["IdentityPoolId"]), {})
    push = config.get("PushSync") or {}
    synced = [(d["DeviceId"], [d["DeviceId"], d["IdentityId"], d["Platform"], ", ".join(d["Subscriptions"]) or "—"])
              for d in world[DEVICES].all() if d["IdentityPoolId"] == pool["IdentityPoolId"]]
    push_section = Section("Push sync", [("Platform applications", ", ".join(push.get("ApplicationArns") or [])
                                          or "none"), ("Role", push.get("RoleArn") or "none")],
                           Listing(["Device ID", "Identity", "Platform", "Subscribed to"], synced),
                           note="Cognito Sync is closed to new customers: AWS now steers new apps to AWS AppSync.")
    return [overview, Section("Identities", table=Listing(["Identity ID", "Logins", "", "Created"], identities)),
            role_section, push_section]


# -- devices ------------------------------------------------------------------------------------

def _copies(world: World, machine: str) -> list[dict]:
    folder = mobile.app_path("datasets")
    out = []
    for f in sorted(world["files"].all(), key=lambda f: f["Path"]):
        if f["Machine"] == machine and f["Type"] == "file" and f["Path"].startswith(folder + "/"):
            local = mobile.read_json(world, machine, f["Path"])
            if isinstance(local, dict) and isinstance(local.get("records"), dict):
                out.append(local)
    return out


def _device(world: World, name: str) -> list[Section]:
    machine = world["machines"].get(name)
    if not mobile.is_device(machine):
        return [Section("Device", note=f"There is no device {name} any more.")]
    session = mobile.read_json(world, name, mobile.app_path("session.json")) or {}
    overview = Section("Device", [("Kind", machine["Kind"]), ("Platform", machine.get("Platform", "GCM")),
                                  ("Push token", machine.get("PushToken", "")),
                                  ("Signed in", session.get("identityId") or "nobody"),
                                  ("Signed in with", session.get("provider") or ("guest" if session.get("identityId")
                                                                                 else "—")),
                                  ("AWS keys stored", "none: the app asks the identity pool for credentials at each "
                                                      "call and forgets them")])
    records = [(f"{c['datasetName']}|{k}", [c["datasetName"], k, str(v), str(c["syncCount"])])
               for c in _copies(world, name) for k, v in c["records"].items()]
    pushes = [(str(i), [n["received"], n["from"], (n.get("synced") or {}).get("dataset", "—"), n["message"][:80]])
              for i, n in enumerate(mobile.notifications(world, name))]
    return [overview, Section("Datasets on the device", table=Listing(["Dataset", "Key", "Value", "SyncCount"],
                                                                       records)),
            Section("Notifications", table=Listing(["Received", "From", "Synced", "Message"], pushes)),
            Section("All devices", table=side_by_side(world),
                    note="Each device's own copy: a change on one reaches the others by a silent push.")]


def side_by_side(world: World) -> Listing:
    """Every device's copy of every dataset, one column per device (the Devices panel)."""
    devs = mobile.devices(world)
    copies = {d["Name"]: {c["datasetName"]: c for c in _copies(world, d["Name"])} for d in devs}
    keys = sorted({(ds, k) for per in copies.values() for ds, c in per.items() for k in c["records"]})
    rows = []
    for dataset, key in keys:
        cells = [dataset, key]
        for d in devs:
            copy = copies[d["Name"]].get(dataset)
            cells.append(f"{copy['records'].get(key, '—')} (#{copy['syncCount']})" if copy else "—")
        rows.append((f"{dataset}|{key}", cells))
    return Listing(["Dataset", "Key", *[d["Name"] for d in devs]], rows)
