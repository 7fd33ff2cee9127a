"""IAM users: create, read, list, rename, delete, tags, permissions boundary."""

from __future__ import annotations

from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam import tagging
from sandbox.services.iam.lookup import boundary_arg, get_user, managed_or_fail
from sandbox.services.list_pages import Shaped
from sandbox.services.registry import operation
from sandbox.world import ids


def user_out(u: dict, detail: bool = False) -> dict:
    out = {"Path": u["Path"], "UserName": u["UserName"], "UserId": u["UserId"], "Arn": u["Arn"],
           "CreateDate": u["CreateDate"]}
    if u.get("PasswordLastUsed"):
        out["PasswordLastUsed"] = u["PasswordLastUsed"]
    if detail:
        if u.get("PermissionsBoundary"):
            out["PermissionsBoundary"] = u["PermissionsBoundary"]
        if u.get("Tags"):
            out["Tags"] = u["Tags"]
    return out


@operation("iam", "CreateUser")
def create_user(ctx: CallContext, p: dict) -> dict:
    name = c.check_name(c.require(p, "UserName"), "userName")
    path = c.check_path(p.get("Path"))
    tags = c.tags_in(p)
    context = c.request_tag_context(tags)
    boundary = p.get("PermissionsBoundary")
    if boundary:
        context["iam:PermissionsBoundary"] = boundary
    ctx.require("iam:CreateUser", c.arn(ctx.account, "user", name, path), context)
    users = ctx.world["users"]
    if users.exists(name):
        raise c.already_exists("user", name)
    if len(users) >= c.USERS_PER_ACCOUNT:
        raise c.limit_exceeded("UsersPerAccount", c.USERS_PER_ACCOUNT)
    if boundary:
        managed_or_fail(ctx, boundary)
    user = {
        "UserName": name, "UserId": ids.unique_id("user"), "Arn": c.arn(ctx.account, "user", name, path),
        "Path": path, "CreateDate": c.iso(ctx.now()), "Tags": tags, "Groups": [], "AttachedPolicies": [],
        "InlinePolicies": {}, "LoginProfile": None, "MFADevices": [],
        "PermissionsBoundary": boundary_arg(boundary),
    }
    users.put(user)
    return {"User": user_out(user, detail=True)}


@operation("iam", "GetUser", mutates=False)
def get_user_op(ctx: CallContext, p: dict) -> dict:
    name = p.get("UserName")
    if not name:
        caller = ctx.caller
        if caller.kind == "root":
            ctx.require("iam:GetUser", caller.arn)
            meta = ctx.world.meta
            out = {"UserId": ctx.account, "Arn": caller.arn, "CreateDate": meta.get("created", "")}
            if meta.get("root", {}).get("PasswordLastUsed"):
                out["PasswordLastUsed"] = meta["root"]["PasswordLastUsed"]
            return {"User": out}
        if caller.kind != "user":
            raise AwsError("ValidationError", "Must specify userName when calling with non-User credentials")
        name = caller.user["UserName"]
    user_arn = _arn_for(ctx, name)
    ctx.require("iam:GetUser", user_arn, c.resource_tag_context(ctx.world["users"].get(name)))
    return {"User": user_out(get_user(ctx, name), detail=True)}


def _arn_for(ctx: CallContext, name: str) -> str:
    user = ctx.world["users"].get(name)
    return user["Arn"] if user else c.arn(ctx.account, "user", name)


@operation("iam", "ListUsers", mutates=False)
def list_users(ctx: CallContext, p: dict) -> dict:
    prefix = p.get("PathPrefix") or "/"
    ctx.require("iam:ListUsers", f"arn:aws:iam::{ctx.account}:user{prefix}")
    users = c.under_path(ctx, "users", prefix)
    return {"Users": Shaped(users, user_out)}


@operation("iam", "UpdateUser")
def update_user(ctx: CallContext, p: dict) -> dict:
    name = c.require(p, "UserName")
    user = get_user_for(ctx, "iam:UpdateUser", name)
    new_name = p.get("NewUserName")
    new_path = c.check_path(p.get("NewPath")) if p.get("NewPath") else user["Path"]
    users = ctx.world["users"]
    if new_name:
        c.check_name(new_name, "newUserName")
        if new_name.lower() != name.lower() and users.exists(new_name):
            raise c.already_exists("user", new_name)
    updated = dict(user)
    updated["UserName"] = new_name or user["UserName"]
    updated["Path"] = new_path
    updated["Arn"] = c.arn(ctx.account, "user", updated["UserName"], new_path)
    users.delete(name)
    users.put(updated)
    if new_name:
        _rename_references(ctx, user["UserName"], new_name)
    return {}


def _rename_references(ctx: CallContext, old: str, new: str) -> None:
    for key in ctx.world["access_keys"].where(lambda k: k.get("UserName") == old):
        ctx.world["access_keys"].put({**key, "UserName": new})
    for dev in ctx.world["mfa_devices"].where(lambda d: d.get("User") == old):
        ctx.world["mfa_devices"].put({**dev, "User": new})


def get_user_for(ctx: CallContext, action: str, name: str, context: dict | None = None) -> dict:
    """Authorize ``action`` on user ``name`` (with its tags in the context), then fetch it."""
    existing = ctx.world["users"].get(name)
    extra = c.resource_tag_context(existing)
    extra.update(context or {})
    ctx.require(action, existing["Arn"] if existing else c.arn(ctx.account, "user", name), extra)
    return get_user(ctx, name)


@operation("iam", "DeleteUser")
def delete_user(ctx: CallContext, p: dict) -> dict:
    name = c.require(p, "UserName")
    user = get_user_for(ctx, "iam:DeleteUser", name)
    if user.get("LoginProfile"):
        raise c.delete_conflict("Cannot delete entity, must delete login profile first.")
    if ctx.world["access_keys"].where(lambda k: k.get("UserName") == user["UserName"]):
        raise c.delete_conflict("Cannot delete entity, must delete access keys first.")
    if user.get("MFADevices"):
        raise c.delete_conflict("Cannot delete entity, must delete MFA device first.")
    if user.get("InlinePolicies"):
        raise c.delete_conflict("Cannot delete entity, must delete policies first.")
    if user.get("AttachedPolicies"):
        raise c.delete_conflict("Cannot delete entity, must detach all policies first.")
    if user.get("Groups"):
        raise c.delete_conflict("Cannot delete entity, must remove users from group first.")
    ctx.world["users"].delete(name)
    return {}


@operation("iam", "TagUser")
def tag_user(ctx: CallContext, p: dict) -> dict:
    return tagging.tag(ctx, p, "User", "users", get_user_for)


@operation("iam", "UntagUser")
def untag_user(ctx: CallContext, p: dict) -> dict:
    return tagging.untag(ctx, p, "User", "users", get_user_for)


@operation("iam", "ListUserTags", mutates=False)
def list_user_tags(ctx: CallContext, p: dict) -> dict:
    return tagging.list_tags(ctx, p, "User", get_user_for)


@operation("iam", "PutUserPermissionsBoundary")
def put_user_boundary(ctx: CallContext, p: dict) -> dict:
    return tagging.put_boundary(ctx, p, "User", "users", get_user_for)


@operation("iam", "DeleteUserPermissionsBoundary")
def delete_user_boundary(ctx: CallContext, p: dict) -> dict:
    return tagging.delete_boundary(ctx, p, "User", "users", get_user_for)
