"""Account-wide IAM: the summary, the account alias."""

from __future__ import annotations

import re

from sandbox.errors import AwsError
from sandbox.services import managed_catalog
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.registry import operation

_ALIAS = re.compile(r"^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$")


@operation("iam", "GetAccountSummary", mutates=False)
def get_account_summary(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:GetAccountSummary", "*")
    w = ctx.world
    root = w.meta.get("root") or {}
    devices = w["mfa_devices"].all()
    versions = sum(len(r["Versions"]) for r in w["policies"].all())
    attached_arns = {a for t in ("users", "groups", "roles") for row in w[t].all()
                     for a in row.get("AttachedPolicies", [])}
    summary = {
        "Users": len(w["users"]), "UsersQuota": c.USERS_PER_ACCOUNT,
        "Groups": len(w["groups"]), "GroupsQuota": c.GROUPS_PER_ACCOUNT,
        "Roles": len(w["roles"]), "RolesQuota": c.ROLES_PER_ACCOUNT,
        "Policies": len(w["policies"]), "PoliciesQuota": c.CUSTOMER_POLICIES_PER_ACCOUNT,
        "InstanceProfiles": len(w["instance_profiles"]), "InstanceProfilesQuota": c.INSTANCE_PROFILES_PER_ACCOUNT,
        "MFADevices": len(devices), "MFADevicesInUse": sum(1 for d in devices if d.get("User")),
        "AccountMFAEnabled": 1 if root.get("MFASerial") else 0,
        "AccountAccessKeysPresent": 1 if w["access_keys"].where(lambda k: k["Owner"] == "root") else 0,
        "AccountSigningCertificatesPresent": 0,
        "AttachedPoliciesPerUserQuota": c.MANAGED_POLICIES_PER_ENTITY,
        "AttachedPoliciesPerGroupQuota": c.MANAGED_POLICIES_PER_ENTITY,
        "AttachedPoliciesPerRoleQuota": c.MANAGED_POLICIES_PER_ENTITY,
        "PolicySizeQuota": c.MANAGED_POLICY_SIZE, "PolicyVersionsInUse": versions + len(
            [a for a in attached_arns if managed_catalog.is_aws_managed(a)]),
        "PolicyVersionsInUseQuota": 10000, "VersionsPerPolicyQuota": c.POLICY_VERSIONS,
        "UserPolicySizeQuota": c.INLINE_SIZE["user"], "GroupPolicySizeQuota": c.INLINE_SIZE["group"],
        "GroupsPerUserQuota": c.GROUPS_PER_USER, "AccessKeysPerUserQuota": c.ACCESS_KEYS_PER_USER,
        "AssumeRolePolicySizeQuota": c.TRUST_POLICY_SIZE, "SigningCertificatesPerUserQuota": 2,
        "ServerCertificates": 0, "ServerCertificatesQuota": 20, "Providers": len(w["oidc_providers"]),
        "GlobalEndpointTokenVersion": 1,
    }
    return {"SummaryMap": dict(sorted(summary.items()))}


@operation("iam", "CreateAccountAlias")
def create_account_alias(ctx: CallContext, p: dict) -> dict:
    alias = c.require(p, "AccountAlias")
    ctx.require("iam:CreateAccountAlias", "*")
    if not _ALIAS.match(alias):
        raise c.validation_error(alias, "accountAlias", "Member must satisfy regular expression pattern: "
                                                        "^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$")
    ctx.world.set_meta(alias=alias)
    return {}


@operation("iam", "DeleteAccountAlias")
def delete_account_alias(ctx: CallContext, p: dict) -> dict:
    alias = c.require(p, "AccountAlias")
    ctx.require("iam:DeleteAccountAlias", "*")
    if ctx.world.meta.get("alias") != alias:
        raise AwsError("NoSuchEntity", f"The account alias {alias} cannot be found.", 404)
    ctx.world.set_meta(alias=None)
    return {}


@operation("iam", "ListAccountAliases", mutates=False)
def list_account_aliases(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:ListAccountAliases", "*")
    alias = ctx.world.meta.get("alias")
    return {"AccountAliases": [alias] if alias else [], "IsTruncated": False}
