"""Push sync's set-up: the identity pool's configuration, devices, subscriptions.

SetIdentityPoolConfiguration (a developer, with IAM permissions) names the pool's SNS platform
applications and the role Cognito Sync publishes with (passing it: ``iam:PassRole``).
RegisterDevice (the app, with the identity's credentials) turns the device's push token into
an endpoint of the platform application for its platform and returns the DeviceId;
SubscribeToDataset makes the device receive a push when that dataset changes on another
device (Amazon Cognito Sync API Reference).
"""

from __future__ import annotations

import re

from sandbox.errors import AwsError
from sandbox.services import sns
from sandbox.services.cognito_sync import common as c
from sandbox.services.gateway import CallContext
from sandbox.services.jsonapi import exact
from sandbox.services.registry import operation
from sandbox.services.sync_store import find_dataset
from sandbox.world import ids

PLATFORMS = ("APNS", "APNS_SANDBOX", "GCM", "ADM")
_ROLE_ARN = re.compile(r"^arn:aws:iam::\d{12}:role/[\w+=/,.@-]+$")


def _config_out(config: dict) -> dict:
    out = {"IdentityPoolId": config["IdentityPoolId"]}
    if config.get("PushSync"):
        out["PushSync"] = config["PushSync"]
    return out


@operation("cognito-sync", "SetIdentityPoolConfiguration")
def set_identity_pool_configuration(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "IdentityPoolId")
    c.authorize(ctx, "cognito-sync:SetIdentityPoolConfiguration", c.pool_arn(ctx.account, pool_id))
    from_identity = exact(ctx.world, "cognito_identity_pools", "IdentityPoolId", pool_id)
    if from_identity is None:
        raise c.not_found(f"IdentityPool '{pool_id}' not found.")
    if p.get("CognitoStreams"):
        raise c.invalid_parameter("The sandbox has no Kinesis streams for Cognito Streams.")
    push = p.get("PushSync") or {}
    apps = [str(a) for a in push.get("ApplicationArns") or []]
    role = push.get("RoleArn")
    for arn in apps:
        sns.get_app(ctx.world, arn)
    if apps and not role:
        raise c.invalid_parameter("PushSync needs the RoleArn Cognito Sync publishes with.")
    if role:
        if not _ROLE_ARN.match(str(role)):
            raise c.invalid_parameter(f"Invalid RoleArn {role}.")
        ctx.require("iam:PassRole", str(role), {"iam:PassedToService": "cognito-sync.amazonaws.com"},
                    deny_code="AccessDeniedException")
    config = {"IdentityPoolId": pool_id, "PushSync": {"ApplicationArns": apps, "RoleArn": role} if role else None}
    ctx.world[c.CONFIGS].put(config)
    return _config_out(config)


@operation("cognito-sync", "GetIdentityPoolConfiguration", mutates=False)
def get_identity_pool_configuration(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "IdentityPoolId")
    c.authorize(ctx, "cognito-sync:GetIdentityPoolConfiguration", c.pool_arn(ctx.account, pool_id))
    if exact(ctx.world, "cognito_identity_pools", "IdentityPoolId", pool_id) is None:
        raise c.not_found(f"IdentityPool '{pool_id}' not found.")
    return _config_out(exact(ctx.world, c.CONFIGS, "IdentityPoolId", pool_id) or {"IdentityPoolId": pool_id})


@operation("cognito-sync", "RegisterDevice")
def register_device(ctx: CallContext, p: dict) -> dict:
    pool_id, identity_id = c.required(p, "IdentityPoolId"), c.required(p, "IdentityId")
    platform = c.required(p, "Platform")
    token = str(c.required(p, "Token"))
    if platform not in PLATFORMS:
        raise c.invalid_parameter(f"1 validation error detected: Value '{platform}' at 'platform' failed to satisfy "
                                  f"constraint: Member must satisfy enum value set: [{', '.join(PLATFORMS)}]")
    c.authorize(ctx, "cognito-sync:RegisterDevice", c.identity_arn(ctx.account, pool_id, identity_id))
    c.identity_of(ctx, pool_id, identity_id)
    config = exact(ctx.world, c.CONFIGS, "IdentityPoolId", pool_id)
    apps = ((config or {}).get("PushSync") or {}).get("ApplicationArns") or []
    app_arn = next((a for a in apps if f":app/{platform}/" in a), None)
    if app_arn is None:
        raise AwsError("InvalidConfigurationException", f"Push sync is not configured for platform {platform} in "
                       f"identity pool {pool_id}.")
    endpoint = sns.ensure_endpoint(ctx.world, sns.get_app(ctx.world, app_arn), token)
    existing = next(iter(ctx.world[c.DEVICES].where(lambda d: d["IdentityId"] == identity_id
                                                    and d["Token"] == token)), None)
    if existing is not None:
        return {"DeviceId": existing["DeviceId"]}
    device_id = ids.uuid4()
    ctx.world[c.DEVICES].put({"DeviceId": device_id, "IdentityPoolId": pool_id, "IdentityId": identity_id,
                              "Platform": platform, "Token": token, "EndpointArn": endpoint["Arn"],
                              "Subscriptions": []})
    return {"DeviceId": device_id}


@operation("cognito-sync", "SubscribeToDataset")
def subscribe_to_dataset(ctx: CallContext, p: dict) -> dict:
    pool_id, identity_id = c.required(p, "IdentityPoolId"), c.required(p, "IdentityId")
    name, device_id = c.required(p, "DatasetName"), c.required(p, "DeviceId")
    c.authorize(ctx, "cognito-sync:SubscribeToDataset", c.dataset_arn(ctx.account, pool_id, identity_id, name))
    c.identity_of(ctx, pool_id, identity_id)
    device = exact(ctx.world, c.DEVICES, "DeviceId", device_id)
    if device is None or device["IdentityId"] != identity_id:
        raise c.not_found(f"Device '{device_id}' not found.")
    if find_dataset(ctx.world, identity_id, name) is None:
        raise c.not_found(f"Dataset '{name}' not found.")
    if name not in device["Subscriptions"]:
        ctx.world[c.DEVICES].put({**device, "Subscriptions": [*device["Subscriptions"], name]})
    return {}
