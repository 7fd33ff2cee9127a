"""The selected item's detail, in tabs that mirror the IAM console's (Summary, Permissions,
Trust relationships, Security credentials, Tags, JSON...).

Each tab is read when it is shown, with the operations the console's tab calls
(``iam:GetUser`` for a user's Summary, ``iam:ListAttachedUserPolicies`` and
``iam:ListUserPolicies`` for its Permissions...), as the signed-in principal
(``Workspace.read``): a refused tab shows the console's access-denied banner instead. The
titles of an item's tabs are known without a request (``tabs``), so a front end shows the
tab bar at once and reads only the tab the learner looks at (``tab``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from sandbox.errors import AwsError
from sandbox.services import managed_catalog
from sandbox.workspace import cognito_views, device_views, password_policy_text, reads
from sandbox.workspace.entities import Listing, Section, ago, date, instance_role, trusted_entities
from sandbox.workspace.recommendations import recommendations

if TYPE_CHECKING:  # pragma: no cover
    from sandbox.workspace.workspace import Workspace

Rows = list[tuple[str, list[str]]]
Reader = Callable[["Workspace", str], Section]


def tabs(section: str, key: str) -> list[str]:
    """The titles of the item's tabs, in the console's order (no request)."""
    if section == device_views.SECTION:
        return list(device_views.TABS)
    return [title for title, _ in _readers(section, key)]


def tab(ws: Workspace, section: str, key: str, title: str) -> Section:
    """One tab of the item, read as the console's principal."""
    if section == device_views.SECTION:  # the sandbox's phones: the outside world, not a request
        shown = {s.title: s for s in device_views.details(ws.world, key)}
        return shown.get(title) or next(iter(shown.values()))
    reader = dict(_readers(section, key))[title]
    if ws.console.caller is None:
        return Section(title, banner=reads.NOT_SIGNED_IN)
    try:
        return reader(ws, key)
    except AwsError as exc:
        if exc.code in _GONE and section in _WHAT:
            return Section(title, note=_WHAT[section].format(key=key) + " no longer exists.")
        return Section(title, banner=reads.banner(exc))


def unread(title: str) -> Section:
    """A tab whose request is made only when it is shown."""
    return Section(title, read=False)


def details(ws: Workspace, section: str, key: str) -> list[Section]:
    """Every tab of the item, each read (a front end reads only the tab it shows)."""
    if section == device_views.SECTION:
        return device_views.details(ws.world, key)
    return [tab(ws, section, key, title) for title in tabs(section, key)]


def requested(section: str) -> bool:
    """Whether the section's pages are requests as the console's principal (IAM, EC2, S3,
    Cognito), or a view of the sandbox's own state, read all at once (the devices)."""
    return section != device_views.SECTION


# an item deleted since the list was read: the tab says so
_GONE = ("NoSuchEntity", "NoSuchBucket", "InvalidInstanceID.NotFound", "ResourceNotFoundException")
_WHAT = {"users": "The user {key}", "groups": "The group {key}", "roles": "The role {key}",
         "policies": "This policy", "instances": "The instance {key}", "buckets": "The bucket {key}",
         "providers": "This provider", "user-pools": "The user pool {key}",
         "identity-pools": "The identity pool {key}"}


def _readers(section: str, key: str) -> list[tuple[str, Reader]]:
    if section == "account":
        return [_ACCOUNT[key]]
    return _TABS[section]


def _read_if_present(ws: Workspace, missing: str, service: str, operation: str, params: dict | None = None):
    """A console read whose ``missing`` error means "none set" (no password, no bucket
    policy): the response, or None. Other errors (a denial) go to the tab's banner."""
    try:
        return ws.read(service, operation, params)
    except AwsError as exc:
        if exc.code != missing:
            raise
        return None


def _tags(tags: list[dict]) -> Section:
    return Section("Tags", table=Listing(["Key", "Value"], [(t["Key"], [t["Key"], t["Value"]]) for t in tags]))


def _document(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


# -- users --------------------------------------------------------------------------------------------


def _user_summary(ws: Workspace, name: str) -> Section:
    u = ws.read("iam", "GetUser", {"UserName": name})["User"]
    boundary = (u.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    return Section("Summary", [("ARN", u["Arn"]), ("Unique ID", u["UserId"]), ("Path", u["Path"]),
                               ("Created", date(u["CreateDate"])),
                               ("Last console sign-in", ago(ws.world, u.get("PasswordLastUsed"))),
                               ("Permissions boundary", boundary or "not set")])


def _policy_rows(attached: list[dict], inline: list[str], via: str = "") -> Rows:
    rows = []
    for p in attached:
        kind = "AWS managed" if managed_catalog.is_aws_managed(p["PolicyArn"]) else "Customer managed"
        rows.append((f"managed:{p['PolicyArn']}", [p["PolicyName"], kind, via or "attached directly"]))
    for name in sorted(inline):
        rows.append((f"inline:{name}", [name, "Inline", via or "embedded"]))
    return rows


def _entity_policies(ws: Workspace, kind: str, name: str, via: str = "") -> Rows:
    """A user's, group's or role's managed and inline policies (two requests, as the console)."""
    params = {f"{kind}Name": name}
    attached = ws.read("iam", f"ListAttached{kind}Policies", params)["AttachedPolicies"]
    inline = ws.read("iam", f"List{kind}Policies", params)["PolicyNames"]
    return _policy_rows(attached, inline, via)


def _user_permissions(ws: Workspace, name: str) -> Section:
    rows = _entity_policies(ws, "User", name)
    for g in ws.read("iam", "ListGroupsForUser", {"UserName": name})["Groups"]:
        rows += _entity_policies(ws, "Group", g["GroupName"], f"from group {g['GroupName']}")
    return Section("Permissions", table=Listing(["Policy", "Type", "Attached"], rows),
                   note="A new user has no permissions until a policy grants some." if not rows else "")


def _user_groups(ws: Workspace, name: str) -> Section:
    groups = ws.read("iam", "ListGroupsForUser", {"UserName": name})["Groups"]
    return Section("Groups", table=Listing(["Group"], [(g["GroupName"], [g["GroupName"]]) for g in groups]))


def _user_credentials(ws: Workspace, name: str) -> Section:
    found = _read_if_present(ws, "NoSuchEntity", "iam", "GetLoginProfile", {"UserName": name})
    profile = found["LoginProfile"] if found else None  # None: no console password
    devices = ws.read("iam", "ListMFADevices", {"UserName": name})["MFADevices"]
    keys = ws.read("iam", "ListAccessKeys", {"UserName": name})["AccessKeyMetadata"]
    rows = []
    for k in keys:
        used = ws.read("iam", "GetAccessKeyLastUsed", {"AccessKeyId": k["AccessKeyId"]})["AccessKeyLastUsed"]
        rows.append((k["AccessKeyId"], [k["AccessKeyId"], k["Status"], date(k["CreateDate"]),
                                        ago(ws.world, used.get("LastUsedDate"))]))
    changed = (ws.world["users"].get(name) or {}).get("LoginProfile") or {}
    return Section("Security credentials",
                   [("Console password", f"set {date(changed.get('PasswordLastChanged'))}" if profile else "none"),
                    ("Password reset required", "yes" if (profile or {}).get("PasswordResetRequired") else "no"),
                    ("MFA devices", ", ".join(d["SerialNumber"] for d in devices) or "none assigned")],
                   Listing(["Access key ID", "Status", "Created", "Last used"], rows, empty="Access keys: none"),
                   note="Secret access keys are shown once, when created, and never again.")


def _user_tags(ws: Workspace, name: str) -> Section:
    return _tags(ws.read("iam", "ListUserTags", {"UserName": name})["Tags"])


# -- groups -------------------------------------------------------------------------------------------


def _group_summary(ws: Workspace, name: str) -> Section:
    g = ws.read("iam", "GetGroup", {"GroupName": name})["Group"]
    return Section("Summary", [("ARN", g["Arn"]), ("Unique ID", g["GroupId"]), ("Path", g["Path"]),
                               ("Created", date(g["CreateDate"])),
                               ("Note", "A group is not a principal: it cannot be named in a policy or sign in; "
                                        "it gives its members its policies.")])


def _group_users(ws: Workspace, name: str) -> Section:
    users = ws.read("iam", "GetGroup", {"GroupName": name})["Users"]
    return Section("Users", table=Listing(["User"], [(u["UserName"], [u["UserName"]]) for u in users]))


def _group_permissions(ws: Workspace, name: str) -> Section:
    return Section("Permissions", table=Listing(["Policy", "Type", "Attached"], _entity_policies(ws, "Group", name)))


# -- roles --------------------------------------------------------------------------------------------


def _role_summary(ws: Workspace, name: str) -> Section:
    r = ws.read("iam", "GetRole", {"RoleName": name})["Role"]
    boundary = (r.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    return Section("Summary", [("ARN", r["Arn"]), ("Unique ID", r["RoleId"]), ("Path", r["Path"]),
                               ("Created", date(r["CreateDate"])), ("Description", r.get("Description") or "—"),
                               ("Maximum session", f"{r.get('MaxSessionDuration', 3600) // 3600} h"),
                               ("Last used", ago(ws.world, (r.get("RoleLastUsed") or {}).get("LastUsedDate"))),
                               ("Permissions boundary", boundary or "not set")])


def _role_permissions(ws: Workspace, name: str) -> Section:
    return Section("Permissions", table=Listing(["Policy", "Type", "Attached"], _entity_policies(ws, "Role", name)))


def _role_trust(ws: Workspace, name: str) -> Section:
    r = ws.read("iam", "GetRole", {"RoleName": name})["Role"]
    return Section("Trust relationships", [("Trusted entities", "; ".join(trusted_entities(r)) or "none")],
                   document=_document(r["AssumeRolePolicyDocument"]), document_kind="trust")


def _role_profiles(ws: Workspace, name: str) -> Section:
    profiles = ws.read("iam", "ListInstanceProfilesForRole", {"RoleName": name})["InstanceProfiles"]
    return Section("Instance profiles", table=Listing(["Instance profile"], [
        (p["InstanceProfileName"], [p["InstanceProfileName"]]) for p in profiles]))


def _role_tags(ws: Workspace, name: str) -> Section:
    return _tags(ws.read("iam", "ListRoleTags", {"RoleName": name})["Tags"])


# -- managed policies ---------------------------------------------------------------------------------


def _policy_summary(ws: Workspace, arn: str) -> Section:
    p = ws.read("iam", "GetPolicy", {"PolicyArn": arn})["Policy"]
    aws = managed_catalog.is_aws_managed(arn)
    return Section("Summary", [("ARN", arn), ("Type", "AWS managed (cannot be edited)" if aws else "Customer managed"),
                               ("Default version", p.get("DefaultVersionId", "v1")),
                               ("Description", p.get("Description") or "—"),
                               ("Created", date(p.get("CreateDate"))), ("Updated", date(p.get("UpdateDate")))])


def _policy_json(ws: Workspace, arn: str) -> Section:
    version = ws.read("iam", "GetPolicy", {"PolicyArn": arn})["Policy"].get("DefaultVersionId", "v1")
    document = ws.read("iam", "GetPolicyVersion", {"PolicyArn": arn, "VersionId": version})["PolicyVersion"]
    aws = managed_catalog.is_aws_managed(arn)
    return Section("JSON", document=_document(document["Document"]), document_kind="identity",
                   note="AWS managed policy: read-only. Copy it into a customer managed policy to change it."
                   if aws else "")


def _policy_versions(ws: Workspace, arn: str) -> Section:
    versions = ws.read("iam", "ListPolicyVersions", {"PolicyArn": arn})["Versions"]
    rows = [(v["VersionId"], [v["VersionId"], "default" if v["IsDefaultVersion"] else "", date(v["CreateDate"])])
            for v in sorted(versions, key=lambda v: int(v["VersionId"][1:]), reverse=True)]
    return Section("Versions", table=Listing(["Version", "", "Created"], rows))


def _policy_entities(ws: Workspace, arn: str) -> Section:
    found = list(reads.iam_pages(ws, "ListEntitiesForPolicy", {"PolicyArn": arn}))
    rows = [(f"{kind}:{e[field]}", [e[field], kind]) for kind, key, field in
            (("User", "PolicyUsers", "UserName"), ("Group", "PolicyGroups", "GroupName"),
             ("Role", "PolicyRoles", "RoleName")) for page in found for e in page[key]]
    return Section("Entities attached", table=Listing(["Name", "Kind"], rows))


# -- EC2 instances ------------------------------------------------------------------------------------


def _instance(ws: Workspace, instance_id: str) -> dict:
    found = ws.read("ec2", "DescribeInstances", {"InstanceIds": [instance_id]})["Reservations"]
    return found[0]["Instances"][0]


def _instance_summary(ws: Workspace, instance_id: str) -> Section:
    i = _instance(ws, instance_id)
    return Section("Summary", [("Instance ID", i["InstanceId"]), ("State", i["State"]["Name"]),
                               ("Type", i["InstanceType"]), ("Private IP", i["PrivateIpAddress"]),
                               ("Public IP", i.get("PublicIpAddress") or "—"),
                               ("Availability zone", i["Placement"]["AvailabilityZone"]),
                               ("Launched", date(i["LaunchTime"]))])


def _instance_security(ws: Workspace, instance_id: str) -> Section:
    i = _instance(ws, instance_id)
    association = (ws.world["instances"].get(instance_id) or {}).get("AssociationId")
    return Section("Security", [("IAM instance profile", (i.get("IamInstanceProfile") or {}).get("Arn") or "none"),
                                ("IAM role", instance_role(ws.world, i) or "none"),
                                ("Association", association or "—"),
                                ("IMDS tokens", i["MetadataOptions"]["HttpTokens"])],
                   note="Attach or replace the role with Actions (a) without stopping the instance. "
                        "The instance's next `aws` call uses it.")


# -- S3 buckets ---------------------------------------------------------------------------------------


def _bucket_summary(ws: Workspace, name: str) -> Section:
    location = ws.read("s3", "GetBucketLocation", {"Bucket": name})["LocationConstraint"]
    created = (ws.world["buckets"].get(name) or {}).get("CreationDate")
    return Section("Summary", [("Name", name), ("ARN", f"arn:aws:s3:::{name}"), ("Region", location or "us-east-1"),
                               ("Created", date(created))])


def _bucket_objects(ws: Workspace, name: str) -> Section:
    objects = reads.every(ws, "s3", "ListObjectsV2", {"Bucket": name}, "Contents", page=reads.S3_PAGE, size="MaxKeys",
                          token="ContinuationToken", next_token="NextContinuationToken")
    rows: Rows = []
    prefixes: dict[str, int] = {}
    for o in sorted(objects, key=lambda o: o["Key"]):
        key = o["Key"]
        if "/" in key:
            top = key.split("/", 1)[0] + "/"
            prefixes[top] = prefixes.get(top, 0) + 1
        else:
            rows.append((key, [key, str(o["Size"]), date(o["LastModified"])]))
    rows = [(p, [p, f"{n} object(s)", ""]) for p, n in sorted(prefixes.items())] + rows
    return Section("Objects", table=Listing(["Key / prefix", "Size", "Modified"], rows))


def _bucket_policy(ws: Workspace, name: str) -> Section:
    found = _read_if_present(ws, "NoSuchBucketPolicy", "s3", "GetBucketPolicy", {"Bucket": name})
    if found is None:
        return Section("Bucket policy", document="", document_kind="resource",
                       note="No bucket policy: access comes from identity-based policies.")
    return Section("Bucket policy", document=found["Policy"], document_kind="resource")


# -- identity providers ---------------------------------------------------------------------------------


def _provider(ws: Workspace, arn: str) -> dict:
    return ws.read("iam", "GetOpenIDConnectProvider", {"OpenIDConnectProviderArn": arn})


def _provider_summary(ws: Workspace, arn: str) -> Section:
    """An IAM OIDC identity provider, as the console's provider page shows it."""
    p = _provider(ws, arn)
    return Section("Summary", [("Provider", p.get("Url", "")), ("Type", "OpenID Connect"), ("ARN", arn),
                               ("Created", date(p.get("CreateDate"))),
                               ("Thumbprints", ", ".join(p.get("ThumbprintList", [])) or "—")],
                   note="STS accepts this issuer's ID tokens whose aud is one of the audiences; a role trusts it "
                        "by naming the ARN as its Federated principal.")


def _provider_audiences(ws: Workspace, arn: str) -> Section:
    audiences = _provider(ws, arn).get("ClientIDList", [])
    return Section("Audiences", table=Listing(["Client ID (audience)"], [(c, [c]) for c in audiences]),
                   note="" if audiences else "No audience: STS refuses every token (Incorrect token audience).")


def _provider_roles(ws: Workspace, arn: str) -> Section:
    roles = reads.every_iam(ws, "ListRoles", "Roles")
    trusting = [(r["RoleName"], [r["RoleName"]]) for r in sorted(roles, key=lambda r: r["RoleName"])
                if arn in _document(r["AssumeRolePolicyDocument"])]
    return Section("Roles that trust it", table=Listing(["Role"], trusting))


def _provider_tags(ws: Workspace, arn: str) -> Section:
    return _tags(_provider(ws, arn).get("Tags", []))


# -- account settings ---------------------------------------------------------------------------------


def _dashboard(ws: Workspace, key: str) -> Section:
    summary = ws.read("iam", "GetAccountSummary")["SummaryMap"]
    rows = [(r.id, [r.status, r.title, r.detail, r.fix.label if r.fix else ""]) for r in recommendations(ws.world)]
    figures = [("Account ID", ws.world.account_id), ("Account alias", ws.world.meta.get("alias") or "—")]
    figures += [(label, str(summary.get(field, 0))) for label, field in _FIGURES]
    return Section("Security recommendations", figures, Listing(["", "Recommendation", "Detail", "To fix"], rows),
                   note="Enter on a recommendation takes you to its fix.")


_FIGURES = (("Users", "Users"), ("User groups", "Groups"), ("Roles", "Roles"),
            ("Customer managed policies", "Policies"), ("Identity providers", "Providers"),
            ("MFA devices in use", "MFADevicesInUse"))


def _password_policy(ws: Workspace, key: str) -> Section:
    found = _read_if_present(ws, "NoSuchEntity", "iam", "GetAccountPasswordPolicy")
    if found is None:
        return Section("Password policy", [("Policy", "AWS default: at least 8 characters with 3 of uppercase, "
                                                      "lowercase, numbers, symbols")],
                       note="Set a custom password policy with Actions (a).")
    return Section("Password policy", password_policy_text.describe(found["PasswordPolicy"]))


def _root(ws: Workspace, key: str) -> Section:
    summary = ws.read("iam", "GetAccountSummary")["SummaryMap"]
    root = ws.world.meta.get("root") or {}
    return Section("Root user", [("ARN", f"arn:aws:iam::{ws.world.account_id}:root"), ("Email", root.get("Email", "")),
                                 ("MFA", root.get("MFASerial") if summary["AccountMFAEnabled"] else "not enabled"),
                                 ("Access keys", "present" if summary["AccountAccessKeysPresent"] else "none"),
                                 ("Last console sign-in", ago(ws.world, root.get("PasswordLastUsed")))],
                   note="The root user has complete access to the account: protect it with MFA and do not "
                        "use it for everyday work. Root's MFA device can only be assigned signed in as root: "
                        "F5 signs in as root, then Actions (a) on this page.")


_TABS: dict[str, list[tuple[str, Reader]]] = {
    "users": [("Summary", _user_summary), ("Permissions", _user_permissions), ("Groups", _user_groups),
              ("Security credentials", _user_credentials), ("Tags", _user_tags)],
    "groups": [("Summary", _group_summary), ("Users", _group_users), ("Permissions", _group_permissions)],
    "roles": [("Summary", _role_summary), ("Permissions", _role_permissions), ("Trust relationships", _role_trust),
              ("Instance profiles", _role_profiles), ("Tags", _role_tags)],
    "policies": [("Summary", _policy_summary), ("JSON", _policy_json), ("Versions", _policy_versions),
                 ("Entities attached", _policy_entities)],
    "instances": [("Summary", _instance_summary), ("Security", _instance_security)],
    "buckets": [("Summary", _bucket_summary), ("Objects", _bucket_objects), ("Bucket policy", _bucket_policy)],
    "providers": [("Summary", _provider_summary), ("Audiences", _provider_audiences),
                  ("Roles that trust it", _provider_roles), ("Tags", _provider_tags)],
    **cognito_views.TABS,
}
_ACCOUNT: dict[str, tuple[str, Reader]] = {"dashboard": ("Security recommendations", _dashboard),
                                           "password-policy": ("Password policy", _password_policy),
                                           "root": ("Root user", _root)}
