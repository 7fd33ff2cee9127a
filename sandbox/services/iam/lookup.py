"""Fetching IAM entities by name or ARN, with IAM's NoSuchEntity errors."""

from __future__ import annotations

from sandbox.errors import AwsError
from sandbox.services import managed_catalog, principals
from sandbox.services.iam import common as c


def get_user(ctx, name: str) -> dict:
    user = ctx.world["users"].get(name)
    if user is None:
        raise c.no_such("user", name)
    return user


def get_group(ctx, name: str) -> dict:
    group = ctx.world["groups"].get(name)
    if group is None:
        raise c.no_such("group", name)
    return group


def get_role(ctx, name: str) -> dict:
    role = ctx.world["roles"].get(name)
    if role is None:
        raise c.no_such("role", name)
    return role


def managed_or_fail(ctx, arn: str, attachable: bool = True) -> dict:
    """A managed policy by ARN; IAM's error when it does not exist."""
    c.check_policy_arn(arn)
    policy = principals.managed_policy(ctx.world, arn)
    if policy is None:
        if attachable:
            raise AwsError("NoSuchEntity", f"Policy {arn} does not exist or is not attachable.", 404)
        raise c.no_such("policy", arn)
    return policy


def customer_policy(ctx, arn: str) -> dict:
    c.check_policy_arn(arn)
    if managed_catalog.is_aws_managed(arn):
        raise AwsError("InvalidInput", f"Policy {arn} is an AWS managed policy: it cannot be changed.")
    row = ctx.world["policies"].get(arn)
    if row is None:
        raise c.no_such("policy", arn)
    return row


def boundary_arg(arn: str | None) -> dict | None:
    if not arn:
        return None
    return {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}


def entity_arn(ctx, kind: str, name: str) -> str:
    table = {"user": "users", "group": "groups", "role": "roles"}[kind]
    row = ctx.world[table].get(name)
    return row["Arn"] if row else c.arn(ctx.account, kind, name)
