"""The predicates of the Cognito scenarios: user pools and their users and groups, identity
pools and their roles, a JWT saved in a file, the sandbox's devices (their copies of the
datasets, the pushes they received) and the proof that no AWS key is stored on a device.

Pools are named by their names (their ids are drawn anew in each world): ``pool =
"photos-users"``. Importing this module adds the predicates to the table of ``checks``.
"""

from __future__ import annotations

import re

from sandbox import crypto
from sandbox.scenarios.checks import machine_file_text, predicate

_SECRET = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/])")  # a secret access key's shape


def _user_pool(ctx, name: str) -> dict | None:
    return next((p for p in ctx.world["cognito_user_pools"].all() if p["Name"] == name), None)


def _identity_pool(ctx, name: str) -> dict | None:
    return next((p for p in ctx.world["cognito_identity_pools"].all() if p["IdentityPoolName"] == name), None)


@predicate("user_pool", ("name",), ("client", "flow", "verifies", "secret"),
           lambda a: f"the user pool {a['name']} exists" + (f" with the app client {a['client']}"
                                                               if a.get("client") else ""))
def _pool(ctx, a):
    pool = _user_pool(ctx, a["name"])
    if pool is None:
        return False
    if "verifies" in a and a["verifies"] not in pool["AutoVerifiedAttributes"]:
        return False
    if "client" not in a:
        return True
    from sandbox.services.cognito_idp.clients import effective_flows  # only when a check asks (start-up time)

    for client in ctx.world["cognito_user_pool_clients"].all():
        if client["UserPoolId"] != pool["Id"] or client["ClientName"] != a["client"]:
            continue
        if "flow" in a and a["flow"] not in effective_flows(client):
            continue
        if "secret" in a and bool(client.get("ClientSecret")) != bool(a["secret"]):
            continue
        return True
    return False


@predicate("cognito_user", ("pool", "user"), ("status", "in_group", "verified"),
           lambda a: f"{a['user']} is a user of {a['pool']}" + (f" ({a['status']})" if a.get("status") else ""))
def _user(ctx, a):
    pool = _user_pool(ctx, a["pool"])
    if pool is None:
        return False
    for user in ctx.world["cognito_users"].all():
        attrs = {x["Name"]: x["Value"] for x in user["Attributes"]}
        if user["UserPoolId"] != pool["Id"] or a["user"] not in (user["Username"], attrs.get("email")):
            continue
        if "status" in a and user["UserStatus"] != a["status"]:
            continue
        if "in_group" in a and a["in_group"] not in user["Groups"]:
            continue
        if "verified" in a and attrs.get(f"{a['verified']}_verified") != "true":
            continue
        return True
    return False


@predicate("cognito_group", ("pool", "name"), ("role", "precedence"),
           lambda a: f"the group {a['name']} of {a['pool']} exists")
def _group(ctx, a):
    pool = _user_pool(ctx, a["pool"])
    if pool is None:
        return False
    for group in ctx.world["cognito_groups"].all():
        if group["UserPoolId"] != pool["Id"] or group["GroupName"] != a["name"]:
            continue
        if "role" in a and (group.get("RoleArn") or "").rsplit("/", 1)[-1] != a["role"]:
            continue
        if "precedence" in a and group.get("Precedence") != a["precedence"]:
            continue
        return True
    return False


@predicate("identity_pool", ("name",), ("guests", "classic", "provider", "authenticated_role", "guest_role"),
           lambda a: f"the identity pool {a['name']} exists")
def _identity(ctx, a):
    pool = _identity_pool(ctx, a["name"])
    if pool is None:
        return False
    if "guests" in a and pool["AllowUnauthenticatedIdentities"] != bool(a["guests"]):
        return False
    if "classic" in a and bool(pool.get("AllowClassicFlow")) != bool(a["classic"]):
        return False
    if "provider" in a:
        wanted = a["provider"]
        pools = {u["ProviderName"] for u in pool.get("CognitoIdentityProviders") or []}
        names = {p["Name"] for p in ctx.world["cognito_user_pools"].all()
                 if any(name.endswith("/" + p["Id"]) for name in pools)}
        if wanted not in (pool.get("SupportedLoginProviders") or {}) and wanted not in names:
            return False
    roles = pool.get("Roles") or {}
    for key, kind in (("authenticated_role", "authenticated"), ("guest_role", "unauthenticated")):
        if key in a and (roles.get(kind) or "").rsplit("/", 1)[-1] != a[key]:
            return False
    return True


@predicate("jwt_claim", ("path", "claim"), ("machine", "equals", "contains"),
           lambda a: f"the JWT in {a['path']} has the claim {a['claim']}"
                     + (f" containing {a['contains']}" if "contains" in a else ""))
def _jwt(ctx, a):
    text = machine_file_text(ctx, a.get("machine", "laptop"), a["path"])
    if text is None:
        return False
    from sandbox.idp.verify import Failure, parse  # PyJWT's modules load for tokens only (start-up time)

    try:
        claims = parse(text.strip()).claims
    except Failure:
        return False
    if a["claim"] not in claims:
        return False
    value = claims[a["claim"]]
    if "equals" in a and value != a["equals"]:
        return False
    if "contains" in a and a["contains"] not in (value if isinstance(value, list) else str(value)):
        return False
    return True


@predicate("device_dataset", ("device", "dataset"), ("key", "value"),
           lambda a: f"{a['device']} has its copy of {a['dataset']}"
                     + (f" with {a['key']} = {a['value']}" if "value" in a else ""))
def _device_dataset(ctx, a):
    from sandbox.services import devices  # only when a check asks (start-up time)

    local = devices.local_dataset(ctx.world, a["device"], a["dataset"])
    if not isinstance(local, dict) or not isinstance(local.get("records"), dict):
        return False
    if "key" in a and a["key"] not in local["records"]:
        return False
    return "value" not in a or local["records"].get(a.get("key")) == a["value"]


@predicate("push_received", ("device",), ("dataset",),
           lambda a: f"{a['device']} received a silent push" + (f" for {a['dataset']}" if "dataset" in a else ""))
def _push(ctx, a):
    from sandbox.services import devices  # only when a check asks (start-up time)

    for note in devices.notifications(ctx.world, a["device"]):
        synced = note.get("synced") or {}
        if "dataset" not in a or synced.get("dataset") == a["dataset"]:
            return True
    return False


def stored_keys(world, machine: str) -> list[str]:
    """The AWS keys of the account found in a machine's files: access key ids, and secrets
    (any 40-character word whose hash is a key's or a session's)."""
    secrets = {k["SecretHash"] for k in world["access_keys"].all()} | {s["SecretHash"]
                                                                       for s in world["sessions"].all()}
    key_ids = [k["AccessKeyId"] for k in world["access_keys"].all()] + [s["AccessKeyId"]
                                                                         for s in world["sessions"].all()]
    found = []
    for f in world["files"].all():
        if f["Machine"] != machine or f["Type"] != "file":
            continue
        content = f.get("Content", "")
        found += [k for k in key_ids if k in content]
        for word in set(_SECRET.findall(content)):
            if crypto.secret_hash(word) in secrets:
                found.append(f"a secret access key in {f['Path']}")
    return found


@predicate("no_aws_keys_on", ("machine",), (), lambda a: f"no AWS key is stored on {a['machine']}")
def _no_keys(ctx, a):
    if ctx.world["machines"].get(a["machine"]) is None:
        return False
    return not stored_keys(ctx.world, a["machine"])

