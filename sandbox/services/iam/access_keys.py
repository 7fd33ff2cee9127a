"""Access keys: for the API and CLI only. The secret is returned once, by CreateAccessKey,
and never again (only its hash is kept); at most two keys per user."""

from __future__ import annotations

from sandbox import crypto
from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam.lookup import get_user
from sandbox.services.registry import operation
from sandbox.world import ids


def _target(ctx: CallContext, p: dict, action: str) -> tuple[str, str]:
    """(owner, resource ARN): a named user, else the caller itself (a user or root)."""
    name = p.get("UserName")
    if not name:
        caller = ctx.caller
        if caller.kind == "root":
            resource = caller.arn
            ctx.require(action, resource)
            return "root", resource
        if caller.kind != "user":
            raise AwsError("ValidationError", "Must specify userName when calling with non-User credentials")
        name = caller.user["UserName"]
    user = ctx.world["users"].get(name)
    resource = user["Arn"] if user else c.arn(ctx.account, "user", name)
    ctx.require(action, resource, c.resource_tag_context(user))
    user = get_user(ctx, name)
    return user["UserName"], resource


def _keys_of(ctx: CallContext, owner: str) -> list[dict]:
    if owner == "root":
        return ctx.world["access_keys"].where(lambda k: k["Owner"] == "root")
    return ctx.world["access_keys"].where(lambda k: k["Owner"] == "user" and k["UserName"].lower() == owner.lower())


def key_out(key: dict) -> dict:
    out = {"AccessKeyId": key["AccessKeyId"], "Status": key["Status"], "CreateDate": key["CreateDate"]}
    if key["Owner"] == "user":
        out = {"UserName": key["UserName"], **out}
    return out


def new_key(world, owner: str, now: str) -> tuple[dict, str]:
    """Create the row for a new key; returns (row, secret)."""
    secret = ids.secret_access_key()
    row = {"AccessKeyId": ids.access_key_id(), "SecretHash": crypto.secret_hash(secret), "Status": "Active",
           "CreateDate": now, "Owner": "root" if owner == "root" else "user",
           "UserName": None if owner == "root" else owner, "LastUsed": None}
    world["access_keys"].put(row)
    return row, secret


@operation("iam", "CreateAccessKey")
def create_access_key(ctx: CallContext, p: dict) -> dict:
    owner, _ = _target(ctx, p, "iam:CreateAccessKey")
    if len(_keys_of(ctx, owner)) >= c.ACCESS_KEYS_PER_USER:
        raise c.limit_exceeded("AccessKeysPerUser", c.ACCESS_KEYS_PER_USER)
    row, secret = new_key(ctx.world, owner, c.iso(ctx.now()))
    out = key_out(row)
    out["SecretAccessKey"] = secret
    return {"AccessKey": {k: out[k] for k in ("UserName", "AccessKeyId", "Status", "SecretAccessKey", "CreateDate")
                          if k in out}}


@operation("iam", "ListAccessKeys", mutates=False)
def list_access_keys(ctx: CallContext, p: dict) -> dict:
    owner, _ = _target(ctx, p, "iam:ListAccessKeys")
    keys = sorted(_keys_of(ctx, owner), key=lambda k: k["CreateDate"])
    return {"AccessKeyMetadata": [key_out(k) for k in keys], "IsTruncated": False}


def _own_key(ctx: CallContext, owner: str, key_id: str) -> dict:
    for key in _keys_of(ctx, owner):
        if key["AccessKeyId"] == key_id:
            return key
    raise c.no_such("access-key", key_id)


@operation("iam", "UpdateAccessKey")
def update_access_key(ctx: CallContext, p: dict) -> dict:
    """Active or Inactive. ``Expired`` passes the enumeration (statusType, shared with the
    service-specific credentials that can expire) but an access key never expires: the
    model of June 2025 that added it also gave UpdateAccessKey InvalidInput (400)."""
    status = c.require(p, "Status")
    owner, _ = _target(ctx, p, "iam:UpdateAccessKey")
    if status not in ("Active", "Inactive"):
        raise AwsError("InvalidInput", f"Invalid status {status}: an access key can only be made Active or Inactive.")
    key = _own_key(ctx, owner, c.require(p, "AccessKeyId"))
    ctx.world["access_keys"].put({**key, "Status": status})
    return {}


@operation("iam", "DeleteAccessKey")
def delete_access_key(ctx: CallContext, p: dict) -> dict:
    owner, _ = _target(ctx, p, "iam:DeleteAccessKey")
    key = _own_key(ctx, owner, c.require(p, "AccessKeyId"))
    ctx.world["access_keys"].delete(key["AccessKeyId"])
    return {}


@operation("iam", "GetAccessKeyLastUsed", mutates=False)
def get_access_key_last_used(ctx: CallContext, p: dict) -> dict:
    key_id = c.require(p, "AccessKeyId")
    key = ctx.world["access_keys"].get(key_id)
    if key is None:
        ctx.require("iam:GetAccessKeyLastUsed", f"arn:aws:iam::{ctx.account}:user/*")
        raise AwsError("AccessDenied", f"The access key {key_id} does not exist in this account.", 403)
    if key["Owner"] == "root":
        resource = f"arn:aws:iam::{ctx.account}:root"
    else:
        user = ctx.world["users"].get(key["UserName"])
        resource = user["Arn"] if user else c.arn(ctx.account, "user", key["UserName"])
    ctx.require("iam:GetAccessKeyLastUsed", resource)
    last = key.get("LastUsed") or {}
    out = {"AccessKeyLastUsed": {"ServiceName": last.get("ServiceName", "N/A"), "Region": last.get("Region", "N/A")}}
    if last.get("LastUsedDate"):
        out["AccessKeyLastUsed"] = {"LastUsedDate": last["LastUsedDate"], **out["AccessKeyLastUsed"]}
    if key["Owner"] == "user":
        out = {"UserName": key["UserName"], **out}
    return out
