"""IAM groups and membership. Groups hold policies for their members; they are not
principals and do not nest."""

from __future__ import annotations

from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam.lookup import entity_arn, get_group, get_user
from sandbox.services.iam.users import get_user_for, user_out
from sandbox.services.list_pages import Shaped
from sandbox.services.registry import operation
from sandbox.world import ids


def group_out(g: dict) -> dict:
    return {"Path": g["Path"], "GroupName": g["GroupName"], "GroupId": g["GroupId"], "Arn": g["Arn"],
            "CreateDate": g["CreateDate"]}


def _authorized_group(ctx: CallContext, action: str, name: str, context: dict | None = None) -> dict:
    ctx.require(action, entity_arn(ctx, "group", name), context)
    return get_group(ctx, name)


@operation("iam", "CreateGroup")
def create_group(ctx: CallContext, p: dict) -> dict:
    name = c.check_name(c.require(p, "GroupName"), "groupName")
    path = c.check_path(p.get("Path"))
    ctx.require("iam:CreateGroup", c.arn(ctx.account, "group", name, path))
    groups = ctx.world["groups"]
    if groups.exists(name):
        raise c.already_exists("group", name)
    if len(groups) >= c.GROUPS_PER_ACCOUNT:
        raise c.limit_exceeded("GroupsPerAccount", c.GROUPS_PER_ACCOUNT)
    group = {"GroupName": name, "GroupId": ids.unique_id("group"), "Arn": c.arn(ctx.account, "group", name, path),
             "Path": path, "CreateDate": c.iso(ctx.now()), "AttachedPolicies": [], "InlinePolicies": {}}
    groups.put(group)
    return {"Group": group_out(group)}


def members(ctx: CallContext, group_name: str) -> list[dict]:
    key = group_name.lower()
    return [u for u in ctx.world["users"].all() if any(g.lower() == key for g in u.get("Groups", []))]


@operation("iam", "GetGroup", mutates=False)
def get_group_op(ctx: CallContext, p: dict) -> dict:
    group = _authorized_group(ctx, "iam:GetGroup", c.require(p, "GroupName"))
    users = sorted(members(ctx, group["GroupName"]), key=lambda u: u["UserName"].lower())
    return {"Users": Shaped(users, user_out), "Group": group_out(group)}


@operation("iam", "ListGroups", mutates=False)
def list_groups(ctx: CallContext, p: dict) -> dict:
    prefix = p.get("PathPrefix") or "/"
    ctx.require("iam:ListGroups", f"arn:aws:iam::{ctx.account}:group{prefix}")
    groups = c.under_path(ctx, "groups", prefix)
    return {"Groups": Shaped(groups, group_out)}


@operation("iam", "UpdateGroup")
def update_group(ctx: CallContext, p: dict) -> dict:
    name = c.require(p, "GroupName")
    group = _authorized_group(ctx, "iam:UpdateGroup", name)
    new_name = p.get("NewGroupName") or group["GroupName"]
    c.check_name(new_name, "newGroupName")
    new_path = c.check_path(p.get("NewPath") or group["Path"])
    groups = ctx.world["groups"]
    if new_name.lower() != name.lower() and groups.exists(new_name):
        raise c.already_exists("group", new_name)
    groups.delete(name)
    groups.put({**group, "GroupName": new_name, "Path": new_path,
                "Arn": c.arn(ctx.account, "group", new_name, new_path)})
    if new_name != group["GroupName"]:
        for user in members(ctx, group["GroupName"]):
            renamed = [new_name if g.lower() == name.lower() else g for g in user["Groups"]]
            ctx.world["users"].put({**user, "Groups": renamed})
    return {}


@operation("iam", "DeleteGroup")
def delete_group(ctx: CallContext, p: dict) -> dict:
    group = _authorized_group(ctx, "iam:DeleteGroup", c.require(p, "GroupName"))
    if members(ctx, group["GroupName"]):
        raise c.delete_conflict("Cannot delete entity, must remove users from group first.")
    if group.get("InlinePolicies"):
        raise c.delete_conflict("Cannot delete entity, must delete policies first.")
    if group.get("AttachedPolicies"):
        raise c.delete_conflict("Cannot delete entity, must detach all policies first.")
    ctx.world["groups"].delete(group["GroupName"])
    return {}


@operation("iam", "AddUserToGroup")
def add_user_to_group(ctx: CallContext, p: dict) -> dict:
    group = _authorized_group(ctx, "iam:AddUserToGroup", c.require(p, "GroupName"))
    user = get_user(ctx, c.require(p, "UserName"))
    current = user.get("Groups", [])
    if any(g.lower() == group["GroupName"].lower() for g in current):
        return {}
    if len(current) >= c.GROUPS_PER_USER:
        raise c.limit_exceeded("GroupsPerUser", c.GROUPS_PER_USER)
    ctx.world["users"].put({**user, "Groups": current + [group["GroupName"]]})
    return {}


@operation("iam", "RemoveUserFromGroup")
def remove_user_from_group(ctx: CallContext, p: dict) -> dict:
    group = _authorized_group(ctx, "iam:RemoveUserFromGroup", c.require(p, "GroupName"))
    user = get_user(ctx, c.require(p, "UserName"))
    current = user.get("Groups", [])
    if not any(g.lower() == group["GroupName"].lower() for g in current):
        raise _not_member(user["UserName"], group["GroupName"])
    ctx.world["users"].put({**user, "Groups": [g for g in current if g.lower() != group["GroupName"].lower()]})
    return {}


@operation("iam", "ListGroupsForUser", mutates=False)
def list_groups_for_user(ctx: CallContext, p: dict) -> dict:
    user = get_user_for(ctx, "iam:ListGroupsForUser", c.require(p, "UserName"))
    groups = [ctx.world["groups"].get(g) for g in user.get("Groups", [])]
    return {"Groups": [group_out(g) for g in groups if g]}


def _not_member(user: str, group: str) -> AwsError:
    return AwsError("NoSuchEntity", f"The user with name {user} cannot be found in group {group}.", 404)
