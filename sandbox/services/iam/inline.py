"""Inline policies: embedded in exactly one user, group or role, and deleted with it.

IAM limits the total size of all inline policies of one principal (user 2,048, group
5,120, role 10,240 characters, white space not counted).
"""

from __future__ import annotations

from sandbox.policy import nonwhitespace_size
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam.lookup import entity_arn, get_group, get_role, get_user
from sandbox.services.registry import operation

_GET = {"user": get_user, "group": get_group, "role": get_role}
_TABLE = {"user": "users", "group": "groups", "role": "roles"}


def _put(ctx: CallContext, kind: str, action: str, p: dict) -> dict:
    cap = kind.capitalize()
    name = c.require(p, f"{cap}Name")
    policy_name = c.check_name(c.require(p, "PolicyName"), "policyName")
    ctx.require(action, entity_arn(ctx, kind, name))
    entity = _GET[kind](ctx, name)
    text = c.document_text(p, "PolicyDocument")
    inline = dict(entity.get("InlinePolicies", {}))
    inline.pop(_existing_key(inline, policy_name) or policy_name, None)
    total = nonwhitespace_size(text) + sum(nonwhitespace_size(t) for t in inline.values())
    limit = c.INLINE_SIZE[kind]
    if total > limit:  # size first, as IAM does: a huge document is refused before it is read
        raise c.AwsError("LimitExceeded", f"Maximum policy size of {limit} bytes exceeded for {kind} "
                                          f"{entity[f'{cap}Name']}", 409)
    c.policy_document(p, "PolicyDocument")
    inline[policy_name] = text
    ctx.world[_TABLE[kind]].put({**entity, "InlinePolicies": inline})
    return {}


def _existing_key(inline: dict, name: str) -> str | None:
    for key in inline:
        if key.lower() == name.lower():
            return key
    return None


def _get(ctx: CallContext, kind: str, action: str, p: dict) -> dict:
    cap = kind.capitalize()
    name = c.require(p, f"{cap}Name")
    policy_name = c.require(p, "PolicyName")
    ctx.require(action, entity_arn(ctx, kind, name))
    entity = _GET[kind](ctx, name)
    key = _existing_key(entity.get("InlinePolicies", {}), policy_name)
    if key is None:
        raise c.no_such(f"{kind}-policy", policy_name)
    return {f"{cap}Name": entity[f"{cap}Name"], "PolicyName": key,
            "PolicyDocument": c.document_out(entity["InlinePolicies"][key])}


def _list(ctx: CallContext, kind: str, action: str, p: dict) -> dict:
    cap = kind.capitalize()
    name = c.require(p, f"{cap}Name")
    ctx.require(action, entity_arn(ctx, kind, name))
    entity = _GET[kind](ctx, name)
    return {"PolicyNames": sorted(entity.get("InlinePolicies", {})), "IsTruncated": False}


def _delete(ctx: CallContext, kind: str, action: str, p: dict) -> dict:
    cap = kind.capitalize()
    name = c.require(p, f"{cap}Name")
    policy_name = c.require(p, "PolicyName")
    ctx.require(action, entity_arn(ctx, kind, name))
    entity = _GET[kind](ctx, name)
    inline = dict(entity.get("InlinePolicies", {}))
    key = _existing_key(inline, policy_name)
    if key is None:
        raise c.no_such(f"{kind}-policy", policy_name)
    del inline[key]
    ctx.world[_TABLE[kind]].put({**entity, "InlinePolicies": inline})
    return {}


@operation("iam", "PutUserPolicy")
def put_user_policy(ctx: CallContext, p: dict) -> dict:
    return _put(ctx, "user", "iam:PutUserPolicy", p)


@operation("iam", "GetUserPolicy", mutates=False)
def get_user_policy(ctx: CallContext, p: dict) -> dict:
    return _get(ctx, "user", "iam:GetUserPolicy", p)


@operation("iam", "ListUserPolicies", mutates=False)
def list_user_policies(ctx: CallContext, p: dict) -> dict:
    return _list(ctx, "user", "iam:ListUserPolicies", p)


@operation("iam", "DeleteUserPolicy")
def delete_user_policy(ctx: CallContext, p: dict) -> dict:
    return _delete(ctx, "user", "iam:DeleteUserPolicy", p)


@operation("iam", "PutGroupPolicy")
def put_group_policy(ctx: CallContext, p: dict) -> dict:
    return _put(ctx, "group", "iam:PutGroupPolicy", p)


@operation("iam", "GetGroupPolicy", mutates=False)
def get_group_policy(ctx: CallContext, p: dict) -> dict:
    return _get(ctx, "group", "iam:GetGroupPolicy", p)


@operation("iam", "ListGroupPolicies", mutates=False)
def list_group_policies(ctx: CallContext, p: dict) -> dict:
    return _list(ctx, "group", "iam:ListGroupPolicies", p)


@operation("iam", "DeleteGroupPolicy")
def delete_group_policy(ctx: CallContext, p: dict) -> dict:
    return _delete(ctx, "group", "iam:DeleteGroupPolicy", p)


@operation("iam", "PutRolePolicy")
def put_role_policy(ctx: CallContext, p: dict) -> dict:
    return _put(ctx, "role", "iam:PutRolePolicy", p)


@operation("iam", "GetRolePolicy", mutates=False)
def get_role_policy(ctx: CallContext, p: dict) -> dict:
    return _get(ctx, "role", "iam:GetRolePolicy", p)


@operation("iam", "ListRolePolicies", mutates=False)
def list_role_policies(ctx: CallContext, p: dict) -> dict:
    return _list(ctx, "role", "iam:ListRolePolicies", p)


@operation("iam", "DeleteRolePolicy")
def delete_role_policy(ctx: CallContext, p: dict) -> dict:
    return _delete(ctx, "role", "iam:DeleteRolePolicy", p)
