"""IAM roles: a trust policy (who may assume the role) plus permissions policies."""

from __future__ import annotations

import json

from sandbox.errors import AwsError
from sandbox.policy import TRUST, parse_policy
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam import tagging
from sandbox.services.iam.lookup import boundary_arg, entity_arn, get_role, managed_or_fail
from sandbox.services.list_pages import Shaped
from sandbox.services.registry import operation
from sandbox.world import ids


def role_out(r: dict, detail: bool = False) -> dict:
    out = {"Path": r["Path"], "RoleName": r["RoleName"], "RoleId": r["RoleId"], "Arn": r["Arn"],
           "CreateDate": r["CreateDate"], "AssumeRolePolicyDocument": c.document_out(r["AssumeRolePolicyDocument"])}
    if r.get("Description"):
        out["Description"] = r["Description"]
    out["MaxSessionDuration"] = r.get("MaxSessionDuration", 3600)
    if detail:
        if r.get("PermissionsBoundary"):
            out["PermissionsBoundary"] = r["PermissionsBoundary"]
        if r.get("Tags"):
            out["Tags"] = r["Tags"]
        out["RoleLastUsed"] = r.get("RoleLastUsed") or {}
    return out


def trust_document(ctx: CallContext, p: dict, key: str = "AssumeRolePolicyDocument") -> str:
    """Validate a trust policy as CreateRole and UpdateAssumeRolePolicy do: the users and roles
    of the account it names must exist, and so must the IAM OIDC providers it names as
    ``Federated`` (IAM refuses a role for a provider not created yet)."""
    raw = c.require(p, key)
    text = raw if isinstance(raw, str) else c.document_text(p, key)
    c.check_size(text, c.TRUST_POLICY_SIZE, f"Cannot exceed quota for ACLSizePerRole: {c.TRUST_POLICY_SIZE}")
    try:
        json.loads(text)
    except (RecursionError, ValueError) as exc:
        raise AwsError("MalformedPolicyDocument", f"This policy contains invalid Json ({exc})") from None
    policy = parse_policy(text, TRUST)
    # IAM resolves principals in the account when the policy is saved
    for st in policy.statements:
        block = st.principal
        if block is None:
            continue
        for arn in sorted(block.arns | block.roles):
            if f":{ctx.account}:" not in arn:
                continue
            kind = arn.split(":", 5)[5].split("/", 1)[0]
            name = arn.rsplit("/", 1)[-1]
            table = {"user": "users", "role": "roles"}.get(kind)
            if table and not ctx.world[table].exists(name):
                raise AwsError("MalformedPolicyDocument", f'Invalid principal in policy: "AWS":"{arn}"')
        for federated in sorted(block.federated):
            # an IAM OIDC provider of this account must exist when the trust policy names it
            if f":{ctx.account}:oidc-provider/" in federated and ctx.world["oidc_providers"].get(federated) is None:
                raise AwsError("MalformedPolicyDocument",
                               "Federated principals must be valid domain names or SAML metadata ARNs")
    return text


@operation("iam", "CreateRole")
def create_role(ctx: CallContext, p: dict) -> dict:
    name = c.check_name(c.require(p, "RoleName"), "roleName")
    path = c.check_path(p.get("Path"))
    tags = c.tags_in(p)
    context = c.request_tag_context(tags)
    boundary = p.get("PermissionsBoundary")
    if boundary:
        context["iam:PermissionsBoundary"] = boundary
    ctx.require("iam:CreateRole", c.arn(ctx.account, "role", name, path), context)
    roles = ctx.world["roles"]
    if roles.exists(name):
        raise c.already_exists("role", name)
    if len(roles) >= c.ROLES_PER_ACCOUNT:
        raise c.limit_exceeded("RolesPerAccount", c.ROLES_PER_ACCOUNT)
    trust = trust_document(ctx, p)
    duration = _max_session(p.get("MaxSessionDuration", 3600))
    description = p.get("Description") or ""
    if len(description) > 1000:
        raise c.validation_error(description, "description", "Member must have length less than or equal to 1000")
    if boundary:
        managed_or_fail(ctx, boundary)
    role = {
        "RoleName": name, "RoleId": ids.unique_id("role"), "Arn": c.arn(ctx.account, "role", name, path),
        "Path": path, "CreateDate": c.iso(ctx.now()), "AssumeRolePolicyDocument": trust, "Description": description,
        "MaxSessionDuration": duration, "AttachedPolicies": [], "InlinePolicies": {}, "Tags": tags,
        "PermissionsBoundary": boundary_arg(boundary), "RoleLastUsed": {},
    }
    roles.put(role)
    return {"Role": role_out(role, detail=False) | ({"Tags": tags} if tags else {})}


def _max_session(value) -> int:
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        raise c.validation_error(value, "maxSessionDuration",
                                 "Member must have value greater than or equal to 3600") from None
    if seconds < 3600:
        raise c.validation_error(seconds, "maxSessionDuration", "Member must have value greater than or equal to 3600")
    if seconds > 43200:
        raise c.validation_error(seconds, "maxSessionDuration", "Member must have value less than or equal to 43200")
    return seconds


def authorized_role(ctx: CallContext, action: str, name: str, context: dict | None = None) -> dict:
    existing = ctx.world["roles"].get(name)
    extra = c.resource_tag_context(existing)
    extra.update(context or {})
    ctx.require(action, entity_arn(ctx, "role", name), extra)
    return get_role(ctx, name)


@operation("iam", "GetRole", mutates=False)
def get_role_op(ctx: CallContext, p: dict) -> dict:
    return {"Role": role_out(authorized_role(ctx, "iam:GetRole", c.require(p, "RoleName")), detail=True)}


@operation("iam", "ListRoles", mutates=False)
def list_roles(ctx: CallContext, p: dict) -> dict:
    prefix = p.get("PathPrefix") or "/"
    ctx.require("iam:ListRoles", f"arn:aws:iam::{ctx.account}:role{prefix}")
    roles = c.under_path(ctx, "roles", prefix)
    return {"Roles": Shaped(roles, role_out)}


@operation("iam", "UpdateRole")
def update_role(ctx: CallContext, p: dict) -> dict:
    role = authorized_role(ctx, "iam:UpdateRole", c.require(p, "RoleName"))
    updated = dict(role)
    if p.get("Description") is not None:
        updated["Description"] = p["Description"]
    if p.get("MaxSessionDuration") is not None:
        updated["MaxSessionDuration"] = _max_session(p["MaxSessionDuration"])
    ctx.world["roles"].put(updated)
    return {}


@operation("iam", "UpdateRoleDescription")
def update_role_description(ctx: CallContext, p: dict) -> dict:
    role = authorized_role(ctx, "iam:UpdateRoleDescription", c.require(p, "RoleName"))
    updated = {**role, "Description": p.get("Description") or ""}
    ctx.world["roles"].put(updated)
    return {"Role": role_out(updated)}


@operation("iam", "UpdateAssumeRolePolicy")
def update_assume_role_policy(ctx: CallContext, p: dict) -> dict:
    role = authorized_role(ctx, "iam:UpdateAssumeRolePolicy", c.require(p, "RoleName"))
    text = trust_document(ctx, p, "PolicyDocument")
    ctx.world["roles"].put({**role, "AssumeRolePolicyDocument": text})
    return {}


@operation("iam", "DeleteRole")
def delete_role(ctx: CallContext, p: dict) -> dict:
    role = authorized_role(ctx, "iam:DeleteRole", c.require(p, "RoleName"))
    key = role["RoleName"].lower()
    if any(key in (r.lower() for r in ip.get("Roles", [])) for ip in ctx.world["instance_profiles"].all()):
        raise c.delete_conflict("Cannot delete entity, must remove roles from instance profile first.")
    if role.get("InlinePolicies"):
        raise c.delete_conflict("Cannot delete entity, must delete policies first.")
    if role.get("AttachedPolicies"):
        raise c.delete_conflict("Cannot delete entity, must detach all policies first.")
    ctx.world["roles"].delete(role["RoleName"])
    return {}


@operation("iam", "TagRole")
def tag_role(ctx: CallContext, p: dict) -> dict:
    return tagging.tag(ctx, p, "Role", "roles", authorized_role)


@operation("iam", "UntagRole")
def untag_role(ctx: CallContext, p: dict) -> dict:
    return tagging.untag(ctx, p, "Role", "roles", authorized_role)


@operation("iam", "ListRoleTags", mutates=False)
def list_role_tags(ctx: CallContext, p: dict) -> dict:
    return tagging.list_tags(ctx, p, "Role", authorized_role)


@operation("iam", "PutRolePermissionsBoundary")
def put_role_boundary(ctx: CallContext, p: dict) -> dict:
    return tagging.put_boundary(ctx, p, "Role", "roles", authorized_role)


@operation("iam", "DeleteRolePermissionsBoundary")
def delete_role_boundary(ctx: CallContext, p: dict) -> dict:
    return tagging.delete_boundary(ctx, p, "Role", "roles", authorized_role)

