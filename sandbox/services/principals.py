"""From world rows to what the policy engine needs: a ``Principal`` and the live policies
that apply to it (identity-based, permissions boundary, session policies).

Policies are read from the world on every request, so a change is visible on the very
next call; only the parsing is cached (by ``parse_policy``), keyed by the document's text.

A stored policy that no longer parses (a hand-edited world file) is not dropped silently:
it takes part as an ``UnreadablePolicy``, which has no statements (it allows nothing and
denies nothing; a boundary or session policy that cannot be read therefore allows
nothing), and whose ``problem`` the gateway puts in the decision's event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sandbox import policy as engine  # the engine's parts load when a request is authorized (start-up time)
from sandbox.policy import Principal
from sandbox.services import managed_catalog
from sandbox.world.store import World

if TYPE_CHECKING:
    from sandbox.policy import Policy, PolicyRef


def parsed(text: str, kind: str | None = None) -> Policy:
    """The parsed policy (identity-based unless ``kind`` says otherwise)."""
    return engine.parse_policy(text, kind or engine.IDENTITY)  # cached by the engine, shared with the simulator


def stored_ref(text: str, source_id: str, source_type: str | None, label: str, kind: str | None = None) -> PolicyRef:
    """The reference to a policy kept in the world, or an ``UnreadablePolicy`` saying why not."""
    try:
        return engine.PolicyRef(parsed(text, kind), source_id, source_type, label)
    except engine.MalformedPolicy as exc:
        where = f" (line {exc.line}, column {exc.column})" if exc.line else ""
        problem = (f"The {label} in the world file cannot be read{where}: {exc.message} It was left out: "
                   f"it allows and denies nothing until it is fixed or replaced.")
        empty = engine.Policy(kind or engine.IDENTITY, None, None, [], text)
        return engine.UnreadablePolicy(empty, source_id, source_type, f"{label} (unreadable, left out)", problem)


def problems(*refs: PolicyRef | list[PolicyRef] | None) -> list[str]:
    """What the learner should know about the policies of a decision: those that cannot be read."""
    out = []
    for ref in refs:
        for r in ref if isinstance(ref, list) else [ref] if ref is not None else []:
            if isinstance(r, engine.UnreadablePolicy):
                out.append(r.problem)
    return out


def managed_policy(world: World, arn: str) -> dict | None:
    """A managed policy (AWS or customer) as ``{"PolicyName", "Arn", "DocumentText", ...}``."""
    aws = managed_catalog.get(arn)
    if aws is not None:
        return aws
    row = world["policies"].get(arn)
    if row is None:
        return None
    default = next((v for v in row["Versions"] if v["IsDefaultVersion"]), None)
    return {**row, "DocumentText": default["Document"] if default else "{}"}


def _managed_ref(world: World, arn: str, owner: str) -> PolicyRef | None:
    policy = managed_policy(world, arn)
    if policy is None:
        return None
    kind = "aws-managed" if managed_catalog.is_aws_managed(arn) else "user-managed"
    label = f"{'AWS' if kind == 'aws-managed' else 'customer'} managed policy {policy['PolicyName']} ({owner})"
    return stored_ref(policy["DocumentText"], policy["PolicyName"], kind, label)


def _inline_refs(owner_kind: str, owner_name: str, inline: dict) -> list[PolicyRef]:
    return [stored_ref(text, name, owner_kind, f"inline policy {name} of {owner_kind} {owner_name}")
            for name, text in sorted(inline.items())]


def user_identity_refs(world: World, user: dict) -> list[PolicyRef]:
    name = user["UserName"]
    refs = _inline_refs("user", name, user.get("InlinePolicies", {}))
    for arn in user.get("AttachedPolicies", []):
        ref = _managed_ref(world, arn, f"attached to user {name}")
        if ref:
            refs.append(ref)
    for group_name in user.get("Groups", []):
        group = world["groups"].get(group_name)
        if group is None:
            continue
        refs.extend(group_refs(world, group))
    return refs


def group_refs(world: World, group: dict) -> list[PolicyRef]:
    name = group["GroupName"]
    refs = _inline_refs("group", name, group.get("InlinePolicies", {}))
    for arn in group.get("AttachedPolicies", []):
        ref = _managed_ref(world, arn, f"attached to group {name}, inherited by its members")
        if ref:
            refs.append(ref)
    return refs


def role_identity_refs(world: World, role: dict) -> list[PolicyRef]:
    name = role["RoleName"]
    refs = _inline_refs("role", name, role.get("InlinePolicies", {}))
    for arn in role.get("AttachedPolicies", []):
        ref = _managed_ref(world, arn, f"attached to role {name}")
        if ref:
            refs.append(ref)
    return refs


def boundary_refs(world: World, entity: dict) -> list[PolicyRef] | None:
    boundary = entity.get("PermissionsBoundary")
    if not boundary:
        return None
    arn = boundary["PermissionsBoundaryArn"]
    policy = managed_policy(world, arn)
    if policy is None:
        return []  # a boundary whose policy is gone allows nothing
    return [stored_ref(policy["DocumentText"], policy["PolicyName"], "permissions-boundary",
                       f"permissions boundary {policy['PolicyName']}")]


def user_principal(world: World, user: dict) -> Principal:
    return Principal(user["Arn"], "user", world.account_id, user["UserId"],
                     tags={t["Key"]: t["Value"] for t in user.get("Tags", [])})


def root_principal(world: World) -> Principal:
    account = world.account_id
    return Principal(f"arn:aws:iam::{account}:root", "root", account, account)


def session_principal(world: World, session: dict, role: dict | None) -> Principal:
    account = world.account_id
    role_name = session["RoleName"]
    arn = f"arn:aws:sts::{account}:assumed-role/{role_name}/{session['RoleSessionName']}"
    role_id = role["RoleId"] if role else session.get("RoleId", "")
    tags = {t["Key"]: t["Value"] for t in (role or {}).get("Tags", [])}
    tags.update({t["Key"]: t["Value"] for t in session.get("Tags", [])})
    return Principal(arn, "assumed-role", account, f"{role_id}:{session['RoleSessionName']}",
                     role_arn=role["Arn"] if role else session.get("RoleArn"), role_id=role_id, tags=tags)


def session_policy_refs(world: World, session: dict) -> list[PolicyRef] | None:
    texts = session.get("SessionPolicy")
    arns = session.get("SessionPolicyArns") or []
    if not texts and not arns:
        return None
    refs: list[PolicyRef] = []
    if texts:
        refs.append(stored_ref(texts, "SessionPolicy", "session", "session policy passed to AssumeRole"))
    for arn in arns:
        policy = managed_policy(world, arn)
        if policy is not None:
            refs.append(stored_ref(policy["DocumentText"], policy["PolicyName"], "session",
                                   f"managed session policy {policy['PolicyName']}"))
    return refs


_CHANGE_PASSWORD = (
    '{"Version":"2012-10-17","Statement":[{"Sid":"AllowUsersToChangePassword","Effect":"Allow",'
    '"Action":["iam:ChangePassword","iam:GetAccountPasswordPolicy"],'
    '"Resource":"*"}]}'
)


def change_password_grant() -> PolicyRef:
    """What the account setting ``AllowUsersToChangePassword`` grants every IAM user."""
    return engine.PolicyRef(parsed(_CHANGE_PASSWORD), "AllowUsersToChangePassword", "account-setting",
                     "account password policy: AllowUsersToChangePassword")
