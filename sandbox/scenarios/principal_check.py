"""``decision`` checks: ask the engine now, with the live policies, whether a principal
may do something, exactly as the gateway would decide a real request (but silently)."""

from __future__ import annotations

import re

from sandbox.policy import RESOURCE, TRUST, Principal
from sandbox.services import principals
from sandbox.services.gateway import Caller, Gateway, Origin

_BUCKET = re.compile(r"^arn:aws:s3:::([^/]+)")
_ROLE = re.compile(r"^arn:aws:iam::\d{12}:role/(?:.*/)?([^/]+)$")


def caller_for(gateway: Gateway, spec: str) -> Caller | None:
    world = gateway.world
    if spec == "root":
        return Caller(principals.root_principal(world), "root")
    kind, _, name = spec.partition(":")
    if kind == "user":
        user = world["users"].get(name)
        return None if user is None else Caller(principals.user_principal(world, user), "user", user=user)
    if kind == "role":
        role = world["roles"].get(name)
        if role is None:
            return None
        session = {"RoleName": role["RoleName"], "RoleSessionName": "scenario-check", "RoleId": role["RoleId"]}
        return Caller(principals.session_principal(world, session, role), "assumed-role", role=role,
                      session=session, mfa_present=False)
    if kind == "service":
        return Caller(Principal(name, "service", service=name), "service")
    return None


def decide(gateway: Gateway, spec: str, action: str, resource: str, context: dict):
    world = gateway.world
    caller = caller_for(gateway, spec)
    if caller is None:
        return None
    rp = None
    account = None
    m = _BUCKET.match(resource)
    if m:
        bucket = world["buckets"].get(m.group(1))
        if bucket is not None:
            account = bucket["Owner"]
            if bucket.get("Policy"):
                rp = principals.stored_ref(bucket["Policy"], "BucketPolicy", "resource",
                                           f"bucket policy of {bucket['Name']}", RESOURCE)
    m = _ROLE.match(resource)
    if m and action.lower().startswith("sts:assumerole"):
        role = world["roles"].get(m.group(1))
        if role is not None:
            rp = principals.stored_ref(role["AssumeRolePolicyDocument"], "AssumeRolePolicyDocument", "role",
                                       f"trust policy of role {role['RoleName']}", TRUST)
            account = world.account_id
    laptop = world["machines"].get("laptop") or {}
    origin = Origin(machine="laptop", source_ip=laptop.get("SourceIp", "203.0.113.10"), via="check")
    return gateway.authorize(caller, origin, action, resource, {k: v for k, v in context.items()},
                             resource_policy=rp, resource_account=account,
                             quote_resource=resource.startswith("arn:aws:s3"), publish=False)
