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


def _put(ctx: CallContext, kind: str, p: dict) -> dict:
    cap = kind.capitalize()
    name = c.require(p, f"{cap}Name")
    policy_name = c.check_name(c.require(p, "PolicyName"), "policyName")
    ctx.require(f"iam:Put{cap}Policy", entity_arn(ctx, kind, name))
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


def _get(ctx: CallContext, kind: str, p: dict) -> dict:
    cap = kind.capitalize()
    name = c.require(p, f"{cap}Name")
    policy_name = c.require(p, "PolicyName")
    ctx.require(f"iam:Get{cap}Policy", entity_arn(ctx, kind, name))
    entity = _GET[kind](ctx, name)
    key = _existing_key(entity.get("InlinePolicies", {}), policy_name)
    if key is None:
        raise c.no_such(f"{kind}-policy", policy_name)
    return {f"{cap}Name": entity[f"{cap}Name"], "PolicyName": key,
            "PolicyDocument": c.document_out(entity["InlinePolicies"][key])}


def _list(ctx: CallContext, kind: str, p: dict) -> dict:
    cap = kind.capitalize()
    name = c.require(p, f"{cap}Name")
    ctx.require(f"iam:List{cap}Policies", entity_arn(ctx, kind, name))
    entity = _GET[kind](ctx, name)
    return {"PolicyNames": sorted(entity.get("InlinePolicies", {})), "IsTruncated": False}


def _delete(ctx: CallContext, kind: str, p: dict) -> dict:
    cap = kind.capitalize()
    name = c.require(p, f"{cap}Name")
    policy_name = c.require(p, "PolicyName")
    ctx.require(f"iam:Delete{cap}Policy", entity_arn(ctx, kind, name))
    entity = _GET[kind](ctx, name)
    inline = dict(entity.get("InlinePolicies", {}))
    key = _existing_key(inline, policy_name)
    if key is None:
        raise c.no_such(f"{kind}-policy", policy_name)
    del inline[key]
    ctx.world[_TABLE[kind]].put({**entity, "InlinePolicies": inline})
    return {}


for _kind in ("user", "group", "role"):
    _cap = _kind.capitalize()
    operation("iam", f"Put{_cap}Policy")(lambda ctx, p, k=_kind: _put(ctx, k, p))
    operation("iam", f"Get{_cap}Policy", mutates=False)(lambda ctx, p, k=_kind: _get(ctx, k, p))
    operation("iam", f"List{_cap}Policies", mutates=False)(lambda ctx, p, k=_kind: _list(ctx, k, p))
    operation("iam", f"Delete{_cap}Policy")(lambda ctx, p, k=_kind: _delete(ctx, k, p))
