"""The policy simulator operations, authorized like any other IAM call."""

from __future__ import annotations

import re

from sandbox.errors import AwsError
from sandbox.policy import IDENTITY, Principal, parse_policy
from sandbox.policy.simulator import PrincipalInputs, simulate_custom_policy, simulate_principal_policy
from sandbox.services import principals
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.registry import operation

_SOURCE = re.compile(r"^arn:aws:iam::(\d{12}):(user|group|role)/(?:.*/)?([^/]+)$")


class WorldPolicySource:
    """Adapts a world to the engine's ``principal_policy_inputs`` protocol."""

    def __init__(self, world):
        self.world = world

    def principal_policy_inputs(self, arn: str) -> PrincipalInputs:
        world = self.world
        m = _SOURCE.match(arn)
        if not m or m.group(1) != world.account_id:
            raise AwsError("InvalidInput", f"Invalid ARN for PolicySourceArn: {arn}. Give the ARN of a user, group "
                                           "or role in this account.")
        kind, name = m.group(2), m.group(3)
        if kind == "user":
            user = world["users"].get(name)
            if user is None or user["Arn"] != arn:
                raise c.no_such("user", name)
            return PrincipalInputs(principals.user_principal(world, user),
                                   principals.user_identity_refs(world, user), principals.boundary_refs(world, user))
        if kind == "group":
            group = world["groups"].get(name)
            if group is None or group["Arn"] != arn:
                raise c.no_such("group", name)
            caller = Principal(f"arn:aws:iam::{world.account_id}:user/simulated-member-of-{name}", "user",
                               world.account_id)
            return PrincipalInputs(caller, principals.group_refs(world, group), None)
        role = world["roles"].get(name)
        if role is None or role["Arn"] != arn:
            raise c.no_such("role", name)
        return PrincipalInputs(Principal.from_arn(arn, role["RoleId"]), principals.role_identity_refs(world, role),
                               principals.boundary_refs(world, role))


@operation("iam", "SimulateCustomPolicy", mutates=False)
def simulate_custom(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:SimulateCustomPolicy", "*")
    return simulate_custom_policy(p, account=ctx.account)


@operation("iam", "SimulatePrincipalPolicy", mutates=False)
def simulate_principal(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:SimulatePrincipalPolicy", c.require(p, "PolicySourceArn"))
    return simulate_principal_policy(WorldPolicySource(ctx.world), p)


@operation("iam", "GetContextKeysForCustomPolicy", mutates=False)
def context_keys_custom(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:GetContextKeysForCustomPolicy", "*")
    return {"ContextKeyNames": _keys(parse_policy(t, IDENTITY) for t in p.get("PolicyInputList") or [])}


@operation("iam", "GetContextKeysForPrincipalPolicy", mutates=False)
def context_keys_principal(ctx: CallContext, p: dict) -> dict:
    arn = c.require(p, "PolicySourceArn")
    ctx.require("iam:GetContextKeysForPrincipalPolicy", arn)
    inputs = WorldPolicySource(ctx.world).principal_policy_inputs(arn)
    policies = [r.policy for r in inputs.identity]
    policies += [parse_policy(t, IDENTITY) for t in p.get("PolicyInputList") or []]
    return {"ContextKeyNames": _keys(policies)}


def _keys(policies) -> list[str]:
    keys: dict[str, str] = {}
    for policy in policies:
        for key in policy.context_keys():
            keys.setdefault(key.lower(), key)
    return sorted(keys.values(), key=str.lower)
