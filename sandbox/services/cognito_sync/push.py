"""Push sync: after a dataset changes, a silent push to the identity's other devices.

An identity pool is set up for push sync with the SNS platform applications of its app and a
role that Cognito Sync assumes (trusting ``cognito-sync.amazonaws.com``) to publish through
SNS (SetIdentityPoolConfiguration, ``PushSync``). Each device registers its push token
(RegisterDevice: an SNS platform endpoint) and subscribes to datasets (SubscribeToDataset).
When a dataset changes, every other subscribed device of that identity gets a silent push
(``content-available`` on iOS, a data message on Android) whose payload says ``source``
``cognito-sync``, ``type`` ``SyncTrigger``, ``identityPoolId``, ``identityId``,
``datasetName`` and ``syncCount``; the app then syncs (Developer Guide, "Push sync"). Cognito
Sync makes these calls with the push role, so the role's trust and permissions are checked
(the decisions pane shows them) and a role that cannot publish means no push.
"""

from __future__ import annotations

import json

from sandbox.policy import TRUST, Principal
from sandbox.services import principals, sns
from sandbox.services.cognito_sync.common import CONFIGS, DEVICES
from sandbox.services.gateway import CallContext, Caller
from sandbox.services.jsonapi import exact

SERVICE = "cognito-sync.amazonaws.com"


def sync_trigger(pool_id: str, identity_id: str, name: str, count: int) -> dict:
    return {"source": "cognito-sync", "type": "SyncTrigger", "identityPoolId": pool_id, "identityId": identity_id,
            "datasetName": name, "syncCount": count}


def payload(platform: str, trigger: dict) -> str:
    """The silent push as the platform's push service carries it."""
    if platform.startswith("APNS"):
        return json.dumps({"aps": {"content-available": 1}, **trigger})
    return json.dumps({"data": trigger})


def _role(world, role_arn: str) -> dict | None:
    role = next((r for r in world["roles"].all() if r["Arn"] == role_arn), None)
    return role


def _can_publish(ctx: CallContext, role_arn: str, endpoint_arn: str) -> bool:
    """Cognito Sync assumes the push role, then publishes as it: both are decisions."""
    world = ctx.world
    role = _role(world, role_arn)
    if role is None:
        return False
    service = Caller(Principal(SERVICE, "service", service=SERVICE), "service")
    trust = principals.stored_ref(role["AssumeRolePolicyDocument"], "AssumeRolePolicyDocument", "role",
                                  f"trust policy of role {role['RoleName']}", TRUST)
    assumed = ctx.gateway.authorize(service, ctx.origin, "sts:AssumeRole", role["Arn"], {}, resource_policy=trust,
                                    resource_account=world.account_id, service="sts", operation="AssumeRole")
    if not assumed.allowed:
        return False
    session = {"RoleName": role["RoleName"], "RoleSessionName": "CognitoSyncPush", "RoleId": role["RoleId"]}
    caller = Caller(principals.session_principal(world, session, role), "assumed-role", role=role)
    return ctx.gateway.authorize(caller, ctx.origin, "sns:Publish", endpoint_arn, {}, service="sns",
                                 operation="Publish").allowed


def notify(ctx: CallContext, pool_id: str, identity_id: str, name: str, count: int, from_device: str) -> int:
    """Push the change to the identity's other subscribed devices; returns how many got it."""
    world = ctx.world
    config = exact(world, CONFIGS, "IdentityPoolId", pool_id)
    push = (config or {}).get("PushSync") or {}
    if not push.get("RoleArn"):
        return 0
    sent = 0
    for device in world[DEVICES].where(lambda d: d["IdentityId"] == identity_id and name in d["Subscriptions"]
                                       and d["DeviceId"] != from_device):
        endpoint = world[sns.ENDPOINTS].get(device["EndpointArn"])
        if endpoint is None or not _can_publish(ctx, push["RoleArn"], endpoint["Arn"]):
            continue
        trigger = sync_trigger(pool_id, identity_id, name, count)
        sns.deliver(world, endpoint, payload(device["Platform"], trigger), "cognito-sync")
        sent += 1
    return sent
