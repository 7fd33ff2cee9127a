"""Instance profiles: the container that carries one role to an EC2 instance."""

from __future__ import annotations

from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam.lookup import entity_arn, get_role
from sandbox.services.iam.roles import role_out
from sandbox.services.registry import operation
from sandbox.world import ids


def profile_out(ctx: CallContext, ip: dict) -> dict:
    roles = [ctx.world["roles"].get(name) for name in ip.get("Roles", [])]
    out = {"Path": ip["Path"], "InstanceProfileName": ip["InstanceProfileName"],
           "InstanceProfileId": ip["InstanceProfileId"], "Arn": ip["Arn"], "CreateDate": ip["CreateDate"],
           "Roles": [role_out(r) for r in roles if r]}
    if ip.get("Tags"):
        out["Tags"] = ip["Tags"]
    return out


def _arn(ctx: CallContext, name: str) -> str:
    row = ctx.world["instance_profiles"].get(name)
    return row["Arn"] if row else c.arn(ctx.account, "instance-profile", name)


def _get(ctx: CallContext, name: str) -> dict:
    row = ctx.world["instance_profiles"].get(name)
    if row is None:
        raise c.no_such("instance-profile", name)
    return row


@operation("iam", "CreateInstanceProfile")
def create_instance_profile(ctx: CallContext, p: dict) -> dict:
    name = c.check_name(c.require(p, "InstanceProfileName"), "instanceProfileName")
    path = c.check_path(p.get("Path"))
    tags = c.tags_in(p)
    ctx.require("iam:CreateInstanceProfile", c.arn(ctx.account, "instance-profile", name, path),
                c.request_tag_context(tags))
    profiles = ctx.world["instance_profiles"]
    if profiles.exists(name):
        raise c.already_exists("instance-profile", name)
    if len(profiles) >= c.INSTANCE_PROFILES_PER_ACCOUNT:
        raise c.limit_exceeded("InstanceProfilesPerAccount", c.INSTANCE_PROFILES_PER_ACCOUNT)
    row = {"InstanceProfileName": name, "InstanceProfileId": ids.unique_id("instance-profile"),
           "Arn": c.arn(ctx.account, "instance-profile", name, path), "Path": path, "CreateDate": c.iso(ctx.now()),
           "Roles": [], "Tags": tags}
    profiles.put(row)
    return {"InstanceProfile": profile_out(ctx, row)}


@operation("iam", "GetInstanceProfile", mutates=False)
def get_instance_profile(ctx: CallContext, p: dict) -> dict:
    name = c.require(p, "InstanceProfileName")
    ctx.require("iam:GetInstanceProfile", _arn(ctx, name))
    return {"InstanceProfile": profile_out(ctx, _get(ctx, name))}


@operation("iam", "ListInstanceProfiles", mutates=False)
def list_instance_profiles(ctx: CallContext, p: dict) -> dict:
    prefix = p.get("PathPrefix") or "/"
    ctx.require("iam:ListInstanceProfiles", f"arn:aws:iam::{ctx.account}:instance-profile{prefix}")
    rows = c.under_path(ctx, "instance_profiles", prefix)
    return {"InstanceProfiles": [profile_out(ctx, r) for r in rows]}


@operation("iam", "ListInstanceProfilesForRole", mutates=False)
def list_instance_profiles_for_role(ctx: CallContext, p: dict) -> dict:
    name = c.require(p, "RoleName")
    ctx.require("iam:ListInstanceProfilesForRole", entity_arn(ctx, "role", name))
    role = get_role(ctx, name)
    rows = [r for r in ctx.world["instance_profiles"].all()
            if role["RoleName"].lower() in (x.lower() for x in r.get("Roles", []))]
    return {"InstanceProfiles": [profile_out(ctx, r) for r in rows], "IsTruncated": False}


@operation("iam", "DeleteInstanceProfile")
def delete_instance_profile(ctx: CallContext, p: dict) -> dict:
    name = c.require(p, "InstanceProfileName")
    ctx.require("iam:DeleteInstanceProfile", _arn(ctx, name))
    row = _get(ctx, name)
    if row.get("Roles"):
        raise c.delete_conflict("Cannot delete entity, must remove roles from instance profile first.")
    for inst in ctx.world["instances"].all():
        if (inst.get("IamInstanceProfile") or {}).get("Arn") == row["Arn"] and inst.get("State") != "terminated":
            raise c.delete_conflict("Cannot delete entity, the instance profile is associated with an instance.")
    ctx.world["instance_profiles"].delete(row["InstanceProfileName"])
    return {}


@operation("iam", "AddRoleToInstanceProfile")
def add_role_to_instance_profile(ctx: CallContext, p: dict) -> dict:
    name = c.require(p, "InstanceProfileName")
    role_name = c.require(p, "RoleName")
    ctx.require("iam:AddRoleToInstanceProfile", _arn(ctx, name))
    row = _get(ctx, name)
    role = get_role(ctx, role_name)
    # the caller hands the role to whatever uses the profile: iam:PassRole, as in AWS
    ctx.require("iam:PassRole", role["Arn"], {"iam:PassedToService": "ec2.amazonaws.com"})
    if row.get("Roles"):
        raise AwsError("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", 409)
    ctx.world["instance_profiles"].put({**row, "Roles": [role["RoleName"]]})
    return {}


@operation("iam", "RemoveRoleFromInstanceProfile")
def remove_role_from_instance_profile(ctx: CallContext, p: dict) -> dict:
    name = c.require(p, "InstanceProfileName")
    role_name = c.require(p, "RoleName")
    ctx.require("iam:RemoveRoleFromInstanceProfile", _arn(ctx, name))
    row = _get(ctx, name)
    role = get_role(ctx, role_name)
    if role["RoleName"].lower() not in (r.lower() for r in row.get("Roles", [])):
        raise c.no_such("role", role_name)
    ctx.world["instance_profiles"].put({**row, "Roles": []})
    return {}
