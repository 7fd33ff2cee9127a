"""Managed policies: AWS managed (read-only, from the catalogue) and customer managed
(with versions), and attaching them to users, groups and roles.

AWS managed policies live in AWS's own account (``arn:aws:iam::aws:policy/...``). Changing
one is a request against a resource the learner's account does not own, so the engine
refuses it the way it refuses any cross-account request that no resource policy allows.
"""

from __future__ import annotations

from sandbox.errors import AwsError
from sandbox.services import managed_catalog
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam.lookup import customer_policy, entity_arn, get_group, get_role, get_user, managed_or_fail
from sandbox.services.registry import operation
from sandbox.world import ids

ENTITY_TABLE = {"user": "users", "group": "groups", "role": "roles"}
QUOTA = {"user": "PoliciesPerUser", "group": "PoliciesPerGroup", "role": "PoliciesPerRole"}


def _usage(ctx: CallContext, arn: str) -> tuple[int, int]:
    attached = boundary = 0
    for table in ("users", "groups", "roles"):
        for row in ctx.world[table].all():
            if arn in row.get("AttachedPolicies", []):
                attached += 1
            if (row.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn") == arn:
                boundary += 1
    return attached, boundary


def policy_out(ctx: CallContext, pol: dict, description: bool = False) -> dict:
    attached, boundary = _usage(ctx, pol["Arn"])
    out = {"PolicyName": pol["PolicyName"], "PolicyId": pol.get("PolicyId", ""), "Arn": pol["Arn"],
           "Path": pol.get("Path", "/"), "DefaultVersionId": pol.get("DefaultVersionId", "v1"),
           "AttachmentCount": attached, "PermissionsBoundaryUsageCount": boundary, "IsAttachable": True,
           "CreateDate": pol.get("CreateDate", ""), "UpdateDate": pol.get("UpdateDate", pol.get("CreateDate", ""))}
    if description and pol.get("Description"):
        out["Description"] = pol["Description"]
    if description and pol.get("Tags"):
        out["Tags"] = pol["Tags"]
    return out


def _document_for_managed(p: dict, key: str = "PolicyDocument") -> str:
    size = (c.MANAGED_POLICY_SIZE, f"Cannot exceed quota for PolicySize: {c.MANAGED_POLICY_SIZE}")
    text, policy = c.policy_document(p, key, size=size)
    if policy.version != "2012-10-17":
        raise AwsError("MalformedPolicyDocument", "Policy document must be version 2012-10-17 or greater.")
    return text


def require_owned(ctx: CallContext, action: str, arn: str) -> None:
    """Authorize a change to a managed policy; AWS's own policies belong to another account."""
    if managed_catalog.is_aws_managed(arn):
        try:
            ctx.require(action, arn, resource_account="aws")
        except AwsError as exc:
            raise AwsError(exc.code, exc.message + ". AWS managed policies belong to AWS's own account: you can "
                                                   "attach them, not change them; copy one into a customer managed "
                                                   "policy to change it.", exc.status) from None
    ctx.require(action, arn)


@operation("iam", "CreatePolicy")
def create_policy(ctx: CallContext, p: dict) -> dict:
    name = c.check_name(c.require(p, "PolicyName"), "policyName")
    path = c.check_path(p.get("Path"))
    arn = c.arn(ctx.account, "policy", name, path)
    tags = c.tags_in(p)
    ctx.require("iam:CreatePolicy", arn, c.request_tag_context(tags))
    text = _document_for_managed(p)
    policies = ctx.world["policies"]
    if any(row["PolicyName"].lower() == name.lower() for row in policies.all()):
        raise c.already_exists("policy", name)
    if len(policies) >= c.CUSTOMER_POLICIES_PER_ACCOUNT:
        raise c.limit_exceeded("PoliciesPerAccount", c.CUSTOMER_POLICIES_PER_ACCOUNT)
    now = c.iso(ctx.now())
    row = {"PolicyName": name, "PolicyId": ids.unique_id("policy"), "Arn": arn, "Path": path,
           "DefaultVersionId": "v1", "Description": p.get("Description") or "", "CreateDate": now,
           "UpdateDate": now, "Tags": tags, "NextVersion": 2,
           "Versions": [{"VersionId": "v1", "Document": text, "IsDefaultVersion": True, "CreateDate": now}]}
    policies.put(row)
    out = policy_out(ctx, row)
    if tags:
        out["Tags"] = tags
    return {"Policy": out}


@operation("iam", "GetPolicy", mutates=False)
def get_policy(ctx: CallContext, p: dict) -> dict:
    arn = c.require(p, "PolicyArn")
    ctx.require("iam:GetPolicy", arn)
    return {"Policy": policy_out(ctx, managed_or_fail(ctx, arn, attachable=False), description=True)}


@operation("iam", "ListPolicies", mutates=False)
def list_policies(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:ListPolicies", "*")
    scope = p.get("Scope") or "All"
    prefix = p.get("PathPrefix") or "/"
    rows: list[dict] = []
    if scope in ("All", "AWS"):
        rows += list(managed_catalog.catalogue().values())
    if scope in ("All", "Local"):
        rows += ctx.world["policies"].all()
    out = [policy_out(ctx, r) for r in rows if r.get("Path", "/").startswith(prefix)]
    if p.get("OnlyAttached"):
        out = [o for o in out if o["AttachmentCount"] > 0]
    usage = p.get("PolicyUsageFilter")
    if usage == "PermissionsBoundary":
        out = [o for o in out if o["PermissionsBoundaryUsageCount"] > 0]
    elif usage == "PermissionsPolicy":
        out = [o for o in out if o["AttachmentCount"] > 0]
    out.sort(key=lambda o: o["PolicyName"].lower())
    return {"Policies": out}


@operation("iam", "DeletePolicy")
def delete_policy(ctx: CallContext, p: dict) -> dict:
    arn = c.require(p, "PolicyArn")
    require_owned(ctx, "iam:DeletePolicy", arn)
    row = customer_policy(ctx, arn)
    attached, boundary = _usage(ctx, arn)
    if attached or boundary:
        raise c.delete_conflict("Cannot delete a policy attached to entities.")
    if len(row["Versions"]) > 1:
        raise c.delete_conflict("This policy has more than one version. Before you delete a policy, you must delete "
                                "the policy's versions. The default version is deleted with the policy.")
    ctx.world["policies"].delete(arn)
    return {}


def version_out(v: dict, with_document: bool = True) -> dict:
    out = {"VersionId": v["VersionId"], "IsDefaultVersion": v["IsDefaultVersion"], "CreateDate": v["CreateDate"]}
    if with_document:
        out = {"Document": c.document_out(v["Document"]), **out}
    return out


@operation("iam", "CreatePolicyVersion")
def create_policy_version(ctx: CallContext, p: dict) -> dict:
    arn = c.require(p, "PolicyArn")
    require_owned(ctx, "iam:CreatePolicyVersion", arn)
    row = customer_policy(ctx, arn)
    text = _document_for_managed(p)
    if len(row["Versions"]) >= c.POLICY_VERSIONS:
        raise AwsError("LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, "
                                        "you must delete an existing version.", 409)
    now = c.iso(ctx.now())
    number = row.get("NextVersion", len(row["Versions"]) + 1)
    version = {"VersionId": f"v{number}", "Document": text, "IsDefaultVersion": bool(p.get("SetAsDefault")),
               "CreateDate": now}
    versions = [dict(v) for v in row["Versions"]]
    if version["IsDefaultVersion"]:
        for v in versions:
            v["IsDefaultVersion"] = False
    versions.append(version)
    updated = {**row, "Versions": versions, "NextVersion": number + 1, "UpdateDate": now}
    if version["IsDefaultVersion"]:
        updated["DefaultVersionId"] = version["VersionId"]
    ctx.world["policies"].put(updated)
    return {"PolicyVersion": version_out(version, with_document=False)}


def _find_version(row: dict, version_id: str) -> dict:
    for v in row["Versions"]:
        if v["VersionId"] == version_id:
            return v
    raise AwsError("NoSuchEntity", f"Policy {row['Arn']} version {version_id} does not exist or is not attachable.",
                   404)


@operation("iam", "GetPolicyVersion", mutates=False)
def get_policy_version(ctx: CallContext, p: dict) -> dict:
    arn = c.require(p, "PolicyArn")
    version_id = c.require(p, "VersionId")
    ctx.require("iam:GetPolicyVersion", arn)
    aws = managed_catalog.get(arn)
    if aws is not None:
        if version_id != aws.get("DefaultVersionId"):
            raise AwsError("NoSuchEntity",
                           f"Policy {arn} version {version_id} does not exist or is not attachable.", 404)
        return {"PolicyVersion": {"Document": aws["Document"], "VersionId": version_id, "IsDefaultVersion": True,
                                  "CreateDate": aws.get("UpdateDate", aws.get("CreateDate", ""))}}
    row = customer_policy(ctx, arn)
    return {"PolicyVersion": version_out(_find_version(row, version_id))}


@operation("iam", "ListPolicyVersions", mutates=False)
def list_policy_versions(ctx: CallContext, p: dict) -> dict:
    arn = c.require(p, "PolicyArn")
    ctx.require("iam:ListPolicyVersions", arn)
    aws = managed_catalog.get(arn)
    if aws is not None:
        return {"Versions": [{"VersionId": aws.get("DefaultVersionId", "v1"), "IsDefaultVersion": True,
                              "CreateDate": aws.get("UpdateDate", "")}], "IsTruncated": False}
    row = customer_policy(ctx, arn)
    versions = sorted(row["Versions"], key=lambda v: int(v["VersionId"][1:]), reverse=True)
    return {"Versions": [version_out(v, with_document=False) for v in versions], "IsTruncated": False}


@operation("iam", "SetDefaultPolicyVersion")
def set_default_policy_version(ctx: CallContext, p: dict) -> dict:
    arn = c.require(p, "PolicyArn")
    version_id = c.require(p, "VersionId")
    require_owned(ctx, "iam:SetDefaultPolicyVersion", arn)
    row = customer_policy(ctx, arn)
    _find_version(row, version_id)
    versions = [{**v, "IsDefaultVersion": v["VersionId"] == version_id} for v in row["Versions"]]
    ctx.world["policies"].put({**row, "Versions": versions, "DefaultVersionId": version_id,
                               "UpdateDate": c.iso(ctx.now())})
    return {}


@operation("iam", "DeletePolicyVersion")
def delete_policy_version(ctx: CallContext, p: dict) -> dict:
    arn = c.require(p, "PolicyArn")
    version_id = c.require(p, "VersionId")
    require_owned(ctx, "iam:DeletePolicyVersion", arn)
    row = customer_policy(ctx, arn)
    version = _find_version(row, version_id)
    if version["IsDefaultVersion"]:
        raise c.delete_conflict("Cannot delete the default version of a policy.")
    ctx.world["policies"].put({**row, "Versions": [v for v in row["Versions"] if v["VersionId"] != version_id]})
    return {}


# -- attaching ------------------------------------------------------------------------------------

def _entity(ctx: CallContext, kind: str, name: str) -> dict:
    return {"user": get_user, "group": get_group, "role": get_role}[kind](ctx, name)


def _attach(ctx: CallContext, kind: str, action: str, p: dict) -> dict:
    name = c.require(p, f"{kind.capitalize()}Name")
    arn = c.require(p, "PolicyArn")
    ctx.require(action, entity_arn(ctx, kind, name), {"iam:PolicyARN": arn})
    entity = _entity(ctx, kind, name)
    managed_or_fail(ctx, arn)
    attached = entity.get("AttachedPolicies", [])
    if arn in attached:
        return {}
    if len(attached) >= c.MANAGED_POLICIES_PER_ENTITY:
        raise c.limit_exceeded(QUOTA[kind], c.MANAGED_POLICIES_PER_ENTITY)
    ctx.world[ENTITY_TABLE[kind]].put({**entity, "AttachedPolicies": attached + [arn]})
    return {}


def _detach(ctx: CallContext, kind: str, action: str, p: dict) -> dict:
    name = c.require(p, f"{kind.capitalize()}Name")
    arn = c.require(p, "PolicyArn")
    ctx.require(action, entity_arn(ctx, kind, name), {"iam:PolicyARN": arn})
    entity = _entity(ctx, kind, name)
    c.check_policy_arn(arn)
    attached = entity.get("AttachedPolicies", [])
    if arn not in attached:
        raise c.no_such("policy", arn)
    ctx.world[ENTITY_TABLE[kind]].put({**entity, "AttachedPolicies": [a for a in attached if a != arn]})
    return {}


def _list_attached(ctx: CallContext, kind: str, action: str, p: dict) -> dict:
    name = c.require(p, f"{kind.capitalize()}Name")
    ctx.require(action, entity_arn(ctx, kind, name))
    entity = _entity(ctx, kind, name)
    out = []
    for arn in entity.get("AttachedPolicies", []):
        policy = managed_or_fail(ctx, arn)
        out.append({"PolicyName": policy["PolicyName"], "PolicyArn": arn})
    prefix = p.get("PathPrefix")
    if prefix:
        out = [o for o in out if (managed_or_fail(ctx, o["PolicyArn"]).get("Path") or "/").startswith(prefix)]
    return {"AttachedPolicies": out, "IsTruncated": False}


@operation("iam", "AttachUserPolicy")
def attach_user_policy(ctx: CallContext, p: dict) -> dict:
    return _attach(ctx, "user", "iam:AttachUserPolicy", p)


@operation("iam", "DetachUserPolicy")
def detach_user_policy(ctx: CallContext, p: dict) -> dict:
    return _detach(ctx, "user", "iam:DetachUserPolicy", p)


@operation("iam", "ListAttachedUserPolicies", mutates=False)
def list_attached_user_policies(ctx: CallContext, p: dict) -> dict:
    return _list_attached(ctx, "user", "iam:ListAttachedUserPolicies", p)


@operation("iam", "AttachGroupPolicy")
def attach_group_policy(ctx: CallContext, p: dict) -> dict:
    return _attach(ctx, "group", "iam:AttachGroupPolicy", p)


@operation("iam", "DetachGroupPolicy")
def detach_group_policy(ctx: CallContext, p: dict) -> dict:
    return _detach(ctx, "group", "iam:DetachGroupPolicy", p)


@operation("iam", "ListAttachedGroupPolicies", mutates=False)
def list_attached_group_policies(ctx: CallContext, p: dict) -> dict:
    return _list_attached(ctx, "group", "iam:ListAttachedGroupPolicies", p)


@operation("iam", "AttachRolePolicy")
def attach_role_policy(ctx: CallContext, p: dict) -> dict:
    return _attach(ctx, "role", "iam:AttachRolePolicy", p)


@operation("iam", "DetachRolePolicy")
def detach_role_policy(ctx: CallContext, p: dict) -> dict:
    return _detach(ctx, "role", "iam:DetachRolePolicy", p)


@operation("iam", "ListAttachedRolePolicies", mutates=False)
def list_attached_role_policies(ctx: CallContext, p: dict) -> dict:
    return _list_attached(ctx, "role", "iam:ListAttachedRolePolicies", p)


@operation("iam", "ListEntitiesForPolicy", mutates=False)
def list_entities_for_policy(ctx: CallContext, p: dict) -> dict:
    arn = c.require(p, "PolicyArn")
    ctx.require("iam:ListEntitiesForPolicy", arn)
    managed_or_fail(ctx, arn, attachable=False)
    wanted = p.get("EntityFilter")
    usage = p.get("PolicyUsageFilter")
    out = {"PolicyGroups": [], "PolicyUsers": [], "PolicyRoles": []}
    for kind, key, id_field in (("Group", "PolicyGroups", "GroupId"), ("User", "PolicyUsers", "UserId"),
                                ("Role", "PolicyRoles", "RoleId")):
        if wanted and wanted not in (kind, "LocalManagedPolicy", "AWSManagedPolicy"):
            continue
        for row in ctx.world[ENTITY_TABLE[kind.lower()]].all():
            as_policy = arn in row.get("AttachedPolicies", [])
            as_boundary = (row.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn") == arn
            if (usage == "PermissionsBoundary" and as_boundary) or (usage != "PermissionsBoundary" and as_policy):
                out[key].append({f"{kind}Name": row[f"{kind}Name"], id_field: row[id_field]})
    for key in out:
        out[key].sort(key=lambda e: next(iter(e.values())).lower())
    out["IsTruncated"] = False
    return out
