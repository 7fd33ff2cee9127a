"""User pool groups: create a group (with an IAM role and a precedence), list a pool's groups,
add a user to a group, list a user's groups.

A group gathers users; its role (``RoleArn``) and ``Precedence`` reach the ID token as
``cognito:roles`` and ``cognito:preferred_role``, which an identity pool can use to choose
the role a user's credentials get (role mapping by token). Naming a role in a group passes
it to Cognito, so CreateGroup with a ``RoleArn`` also needs ``iam:PassRole`` on that role
(API Reference, CreateGroup). Federated users are put in a group named
``POOLID_PROVIDER`` that Cognito makes for each identity provider.
"""

from __future__ import annotations

import re

from sandbox.errors import AwsError
from sandbox.services.cognito_idp import common as c
from sandbox.services.gateway import CallContext
from sandbox.services.paging import limit_of, listing
from sandbox.services.registry import operation

_GROUP = re.compile(r"^[^\s\x00-\x1f\x7f]{1,128}$")  # letters, marks, symbols, numbers, punctuation
_ROLE_ARN = re.compile(r"^arn:[\w+=/,.@-]+:iam::\d{12}:role/[\w+=/,.@-]+$")
MAX_PRECEDENCE = 2 ** 31 - 1


def group_out(group: dict) -> dict:
    out = {"GroupName": group["GroupName"], "UserPoolId": group["UserPoolId"]}
    for key in ("Description", "RoleArn", "Precedence"):
        if group.get(key) is not None:
            out[key] = group[key]
    out.update({"LastModifiedDate": group["LastModifiedDate"], "CreationDate": group["CreationDate"]})
    return out


def find_group(world, pool_id: str, name) -> dict | None:
    row = world[c.GROUPS].get(c.user_key(pool_id, str(name)))
    return row if row is not None and row["UserPoolId"] == pool_id and row["GroupName"] == name else None


def put_group(world, pool_id: str, name: str, now: str, description: str | None = None, role_arn: str | None = None,
              precedence: int | None = None) -> dict:
    group = {"Key": c.user_key(pool_id, name), "UserPoolId": pool_id, "GroupName": name, "Description": description,
             "RoleArn": role_arn, "Precedence": precedence, "CreationDate": now, "LastModifiedDate": now}
    world[c.GROUPS].put(group)
    return group


def add_to_group(world, user: dict, group: dict, now: str) -> dict:
    if group["GroupName"] in user["Groups"]:
        return user
    user = {**user, "Groups": [*user["Groups"], group["GroupName"]], "UserLastModifiedDate": now}
    world[c.USERS].put(user)
    return user


@operation("cognito-idp", "CreateGroup")
def create_group(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    name = c.required(p, "GroupName")
    if not isinstance(name, str) or not _GROUP.match(name):
        raise c.invalid_parameter("1 validation error detected: Value at 'groupName' failed to satisfy constraint: "
                                  "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+")
    role_arn = p.get("RoleArn")
    precedence = p.get("Precedence")
    if precedence is not None:
        try:
            precedence = int(precedence)
        except (TypeError, ValueError):
            precedence = -1
        if not 0 <= precedence <= MAX_PRECEDENCE:
            raise c.invalid_parameter(f"1 validation error detected: Value '{p.get('Precedence')}' at 'precedence' "
                                      "failed to satisfy constraint: Member must have value greater than or equal to 0")
    c.authorize(ctx, "cognito-idp:CreateGroup", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    if role_arn is not None:
        if not isinstance(role_arn, str) or not _ROLE_ARN.match(role_arn):
            raise c.invalid_parameter(f"1 validation error detected: Value '{role_arn}' at 'roleArn' failed to "
                                      "satisfy constraint: Member must satisfy regular expression pattern: "
                                      "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+"
                                      "(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?")
        ctx.require("iam:PassRole", role_arn, {"iam:PassedToService": "cognito-idp.amazonaws.com"},
                    deny_code="AccessDeniedException")
    if ctx.world[c.GROUPS].exists(c.user_key(pool["Id"], name)):
        raise AwsError("GroupExistsException", f"A group with the name {name} already exists.")
    group = put_group(ctx.world, pool["Id"], name, c.iso(ctx.now()), p.get("Description"), role_arn, precedence)
    return {"Group": group_out(group)}


def _by_creation(groups) -> list[dict]:
    return sorted(groups, key=lambda g: (g["CreationDate"], g["GroupName"]))


@operation("cognito-idp", "ListGroups", mutates=False)
def list_groups(ctx: CallContext, p: dict) -> dict:
    """A pool's groups, a page at a time (``Limit`` 0 to 60, 0 meaning the default of 60;
    ``NextToken``), as the console's Groups tab reads them (API Reference, ListGroups)."""
    pool_id = c.required(p, "UserPoolId")
    limit = limit_of(p.get("Limit"), 0, 60, "limit", default=60) or 60
    c.authorize(ctx, "cognito-idp:ListGroups", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    groups = _by_creation(ctx.world[c.GROUPS].where(lambda g: g["UserPoolId"] == pool["Id"]))
    return listing(groups, p, limit, "ListGroups", "Groups", group_out)


@operation("cognito-idp", "AdminAddUserToGroup")
def admin_add_user_to_group(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    username = c.required(p, "Username")
    name = c.required(p, "GroupName")
    c.authorize(ctx, "cognito-idp:AdminAddUserToGroup", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    user = c.find_user(ctx.world, pool, username)
    if user is None:
        raise c.user_not_found()
    group = find_group(ctx.world, pool["Id"], name)
    if group is None:
        raise c.resource_not_found("Group not found.")
    add_to_group(ctx.world, user, group, c.iso(ctx.now()))
    return {}


@operation("cognito-idp", "AdminListGroupsForUser", mutates=False)
def admin_list_groups_for_user(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    username = c.required(p, "Username")
    limit = limit_of(p.get("Limit"), 0, 60, "limit", default=60) or 60
    c.authorize(ctx, "cognito-idp:AdminListGroupsForUser", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    user = c.find_user(ctx.world, pool, username)
    if user is None:
        raise c.user_not_found()
    groups = _by_creation(g for g in (find_group(ctx.world, pool["Id"], n) for n in user["Groups"]) if g)
    return listing(groups, p, limit, "AdminListGroupsForUser", "Groups", group_out)
