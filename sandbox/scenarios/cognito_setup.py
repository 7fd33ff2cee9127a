"""A scenario's Cognito set-up: user pools with their users, the sandbox's devices, and a
whole mobile app (a Facebook app, its identity pool and role, the app configured and signed
in on the user's devices), so that a scenario can start where another ended.

    user_pools = [{ name = "photo-board-users", client = "photo-board-web",
                    users = [{ name = "ana", email = "ana@example.com", password = "Photo-board-1" }] }]
    devices = [{ name = "ana-phone" }, { name = "ana-tablet", kind = "tablet", platform = "APNS" }]
    mobile_apps = [{ name = "notes", role = "NotesUsers", user = "ana@example.com",
                     devices = ["ana-phone", "ana-tablet"] }]

Everything goes through the gateway as the setup's principal (the pools, the role), the
identity providers and the devices through their own modules; nothing is a shortcut the
learner could not have taken.
"""

from __future__ import annotations

import json

from sandbox import idp
from sandbox.services import devices as mobile
from sandbox.services.cognito_idp.common import USERS, find_pool, find_user

ITEMS = {
    "user_pools": {"name": str, "client": str, "users": list},
    "devices": {"name": str, "kind": str, "platform": str},
    "mobile_apps": {"name": str, "role": str, "user": str, "devices": list, "bucket": str},
}
REQUIRED = {"user_pools": ("name",), "devices": ("name",), "mobile_apps": ("name", "role")}
USER_KEYS = {"name": str, "email": str, "password": str}


def check(setup: dict, error) -> None:
    """Each Cognito item's fields, as the setup's other items are checked."""
    for key, fields in ITEMS.items():
        for i, item in enumerate(setup.get(key, [])):
            if not isinstance(item, dict):
                raise error(f"{key}[{i}]", "must be a table")
            for field, value in item.items():
                if field not in fields:
                    raise error(f"{key}[{i}].{field}", f"unknown field (allowed: {', '.join(sorted(fields))})")
                if not isinstance(value, fields[field]):
                    raise error(f"{key}[{i}].{field}", f"must be a {fields[field].__name__}")
            for field in REQUIRED[key]:
                if field not in item:
                    raise error(f"{key}[{i}].{field}", "is required")
            if key == "devices" and item.get("kind", "phone") not in mobile.KINDS:
                raise error(f"{key}[{i}].kind", "must be phone or tablet")
            if key == "devices" and item.get("platform", "GCM") not in mobile.PLATFORMS:
                raise error(f"{key}[{i}].platform", "must be GCM or APNS")
            for j, user in enumerate(item.get("users", [])):
                if not isinstance(user, dict) or set(user) - set(USER_KEYS) or "name" not in user:
                    raise error(f"{key}[{i}].users[{j}]", "must be a table with name, email and password")


def apply(setup: dict, call, world, error) -> None:
    """Build the Cognito items; ``call(service, operation, params)`` is the setup's gateway."""
    for pool in setup.get("user_pools", []):
        _user_pool(pool, call, world)
    for device in setup.get("devices", []):
        if world["machines"].exists(device["name"]):
            raise error("devices", f"there is already a machine named {device['name']}")
        with world.transaction():
            mobile.add_device(world, device["name"], device.get("kind", "phone"), device.get("platform", "GCM"))
    for i, app in enumerate(setup.get("mobile_apps", [])):
        _mobile_app(f"mobile_apps[{i}]", app, call, world, error)


def _user_pool(item: dict, call, world) -> None:
    pool = call("cognito-idp", "CreateUserPool", {"PoolName": item["name"], "AutoVerifiedAttributes": ["email"]})
    pool_id = pool["UserPool"]["Id"]
    if item.get("client"):
        call("cognito-idp", "CreateUserPoolClient", {
            "UserPoolId": pool_id, "ClientName": item["client"],
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]})
    for user in item.get("users", []):
        params = {"UserPoolId": pool_id, "Username": user["name"], "MessageAction": "SUPPRESS"}
        if user.get("email"):
            params["UserAttributes"] = [{"Name": "email", "Value": user["email"]},
                                        {"Name": "email_verified", "Value": "true"}]
        if user.get("password"):
            params["TemporaryPassword"] = user["password"]
        call("cognito-idp", "AdminCreateUser", params)
        if user.get("password"):
            _confirm(world, pool_id, user)


def _confirm(world, pool_id: str, user: dict) -> None:
    """The user set their password at their first sign-in: CONFIRMED (as if they had)."""
    with world.transaction():
        row = find_user(world, find_pool(world, pool_id), user["name"])
        world[USERS].put({**row, "UserStatus": "CONFIRMED", "TemporaryPasswordExpires": None})


def _mobile_app(field: str, item: dict, call, world, error) -> None:
    with world.transaction():
        facebook = idp.register_app(world, idp.FACEBOOK, item["name"])["ClientId"]
    pool_id = call("cognito-identity", "CreateIdentityPool", {
        "IdentityPoolName": item["name"], "AllowUnauthenticatedIdentities": False,
        "SupportedLoginProviders": {"graph.facebook.com": facebook}})["IdentityPoolId"]
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool_id},
                      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}]}
    identity = "${cognito-identity.amazonaws.com:sub}"
    statements = [{"Effect": "Allow", "Action": "cognito-sync:*",
                   "Resource": f"arn:aws:cognito-sync:*:*:identitypool/{pool_id}/identity/{identity}*"}]
    if item.get("bucket"):
        statements.append({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                           "Resource": f"arn:aws:s3:::{item['bucket']}/private/{identity}/*"})
    call("iam", "CreateRole", {"RoleName": item["role"], "AssumeRolePolicyDocument": json.dumps(trust)})
    call("iam", "PutRolePolicy", {"RoleName": item["role"], "PolicyName": "own-data",
                                  "PolicyDocument": json.dumps({"Version": "2012-10-17", "Statement": statements})})
    role_arn = f"arn:aws:iam::{world.account_id}:role/{item['role']}"
    call("cognito-identity", "SetIdentityPoolRoles", {"IdentityPoolId": pool_id,
                                                      "Roles": {"authenticated": role_arn}})
    config = {"identity-pool": pool_id, "facebook-app-id": facebook}
    if item.get("bucket"):
        config["bucket"] = item["bucket"]
    for name in item.get("devices", []):
        if not mobile.is_device(world["machines"].get(name)):
            raise error(f"{field}.devices", f"no device named {name} (list it in devices)")
        with world.transaction():
            mobile.write_json(world, name, mobile.app_path("config.json"), config)
            if item.get("user"):
                token = idp.sign_in(world, idp.FACEBOOK, item["user"], facebook).token
                got = call("cognito-identity", "GetId", {"IdentityPoolId": pool_id,
                                                         "Logins": {"graph.facebook.com": token}})
                mobile.write_json(world, name, mobile.app_path("session.json"), {
                    "identityId": got["IdentityId"], "provider": "graph.facebook.com", "token": token})

