"""The selected item's detail, in sections that mirror the IAM console's tabs (Summary,
Permissions, Trust relationships, Security credentials, Tags, JSON...). Plain data."""

from __future__ import annotations

from sandbox.services import managed_catalog, principals
from sandbox.workspace.entities import Listing, Section, ago, date, instance_role, trusted_entities
from sandbox.workspace.recommendations import recommendations
from sandbox.world.store import World


def _policy_rows(world: World, arns: list[str], inline: dict, via: str = "") -> list[tuple[str, list[str]]]:
    rows = []
    for arn in arns:
        p = principals.managed_policy(world, arn)
        kind = "AWS managed" if managed_catalog.is_aws_managed(arn) else "Customer managed"
        rows.append((f"managed:{arn}", [p["PolicyName"] if p else arn, kind, via or "attached directly"]))
    for name in sorted(inline):
        rows.append((f"inline:{name}", [name, "Inline", via or "embedded"]))
    return rows


def details(world: World, section: str, key: str) -> list[Section]:
    fn = {"users": _user, "groups": _group, "roles": _role, "policies": _policy, "instances": _instance,
          "buckets": _bucket, "account": _account, "providers": _provider}[section]
    return fn(world, key)


def _user(world: World, name: str) -> list[Section]:
    u = world["users"].get(name)
    if u is None:
        return [Section("Summary", note=f"The user {name} no longer exists.")]
    lp = u.get("LoginProfile")
    summary = Section("Summary", [("ARN", u["Arn"]), ("Unique ID", u["UserId"]), ("Path", u["Path"]),
                                  ("Created", date(u["CreateDate"])),
                                  ("Console sign-in", "enabled" if lp else "disabled"),
                                  ("Last console sign-in", ago(world, u.get("PasswordLastUsed")))])
    rows = _policy_rows(world, u.get("AttachedPolicies", []), u.get("InlinePolicies", {}))
    for g in u.get("Groups", []):
        group = world["groups"].get(g)
        if group:
            rows += _policy_rows(world, group.get("AttachedPolicies", []), group.get("InlinePolicies", {}),
                                 f"from group {g}")
    boundary = (u.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    permissions = Section("Permissions", [("Permissions boundary", boundary or "not set")],
                          Listing(["Policy", "Type", "Attached"], rows),
                          note="A new user has no permissions until a policy grants some." if not rows else "")
    keys = [k for k in world["access_keys"].all() if k.get("UserName") == u["UserName"]]
    key_rows = [(k["AccessKeyId"], [k["AccessKeyId"], k["Status"], date(k["CreateDate"]),
                                   ago(world, (k.get("LastUsed") or {}).get("LastUsedDate"))]) for k in keys]
    mfa = ", ".join(u.get("MFADevices", [])) or "none assigned"
    creds = Section("Security credentials",
                    [("Console password", f"set {date(lp.get('PasswordLastChanged'))}" if lp else "none"),
                     ("Password reset required", "yes" if (lp or {}).get("PasswordResetRequired") else "no"),
                     ("MFA devices", mfa)],
                    Listing(["Access key ID", "Status", "Created", "Last used"], key_rows),
                    note="Secret access keys are shown once, when created, and never again.")
    groups = Section("Groups", table=Listing(["Group"], [(g, [g]) for g in u.get("Groups", [])]))
    tags = Section("Tags", table=Listing(["Key", "Value"], [(t["Key"], [t["Key"], t["Value"]])
                                                            for t in u.get("Tags", [])]))
    return [summary, permissions, groups, creds, tags]


def _group(world: World, name: str) -> list[Section]:
    g = world["groups"].get(name)
    if g is None:
        return [Section("Summary", note=f"The group {name} no longer exists.")]
    members = sorted(u["UserName"] for u in world["users"].all() if g["GroupName"] in u.get("Groups", []))
    summary = Section("Summary", [("ARN", g["Arn"]), ("Unique ID", g["GroupId"]), ("Path", g["Path"]),
                                  ("Created", date(g["CreateDate"])),
                                  ("Note", "A group is not a principal: it cannot be named in a policy or "
                                           "sign in; it gives its members its policies.")])
    users = Section("Users", table=Listing(["User"], [(m, [m]) for m in members]))
    perms = Section("Permissions", table=Listing(["Policy", "Type", "Attached"],
                                                  _policy_rows(world, g.get("AttachedPolicies", []),
                                                               g.get("InlinePolicies", {}))))
    return [summary, users, perms]


def _role(world: World, name: str) -> list[Section]:
    r = world["roles"].get(name)
    if r is None:
        return [Section("Summary", note=f"The role {name} no longer exists.")]
    last = r.get("RoleLastUsed") or {}
    summary = Section("Summary", [("ARN", r["Arn"]), ("Unique ID", r["RoleId"]), ("Path", r["Path"]),
                                  ("Created", date(r["CreateDate"])), ("Description", r.get("Description") or "—"),
                                  ("Maximum session", f"{r.get('MaxSessionDuration', 3600) // 3600} h"),
                                  ("Last used", ago(world, last.get("LastUsedDate")))])
    boundary = (r.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    perms = Section("Permissions", [("Permissions boundary", boundary or "not set")],
                    Listing(["Policy", "Type", "Attached"], _policy_rows(world, r.get("AttachedPolicies", []),
                                                                         r.get("InlinePolicies", {}))))
    trust = Section("Trust relationships", [("Trusted entities", "; ".join(trusted_entities(r)) or "none")],
                    document=r["AssumeRolePolicyDocument"], document_kind="trust")
    profiles = [p["InstanceProfileName"] for p in world["instance_profiles"].all()
                if r["RoleName"] in p.get("Roles", [])]
    ips = Section("Instance profiles", table=Listing(["Instance profile"], [(p, [p]) for p in profiles]))
    tags = Section("Tags", table=Listing(["Key", "Value"], [(t["Key"], [t["Key"], t["Value"]])
                                                            for t in r.get("Tags", [])]))
    return [summary, perms, trust, ips, tags]


def _policy(world: World, arn: str) -> list[Section]:
    p = principals.managed_policy(world, arn)
    if p is None:
        return [Section("Summary", note="This policy no longer exists.")]
    aws = managed_catalog.is_aws_managed(arn)
    attached = []
    for table, kind, field_name in (("users", "User", "UserName"), ("groups", "Group", "GroupName"),
                                    ("roles", "Role", "RoleName")):
        for row in world[table].all():
            if arn in row.get("AttachedPolicies", []):
                attached.append((f"{kind}:{row[field_name]}", [row[field_name], kind]))
    summary = Section("Summary", [("ARN", arn),
                                  ("Type", "AWS managed (cannot be edited)" if aws else "Customer managed"),
                                  ("Default version", p.get("DefaultVersionId", "v1")),
                                  ("Description", p.get("Description") or "—"),
                                  ("Created", date(p.get("CreateDate"))), ("Updated", date(p.get("UpdateDate")))])
    document = Section("JSON", document=p["DocumentText"], document_kind="identity",
                       note="AWS managed policy: read-only. Copy it into a customer managed policy to change it."
                       if aws else "")
    versions = []
    if not aws:
        for v in sorted(p.get("Versions", []), key=lambda v: int(v["VersionId"][1:]), reverse=True):
            versions.append((v["VersionId"], [v["VersionId"], "default" if v["IsDefaultVersion"] else "",
                                              date(v["CreateDate"])]))
    else:
        versions.append((p.get("DefaultVersionId", "v1"), [p.get("DefaultVersionId", "v1"), "default",
                                                           date(p.get("UpdateDate"))]))
    return [summary, document, Section("Versions", table=Listing(["Version", "", "Created"], versions)),
            Section("Entities attached", table=Listing(["Name", "Kind"], attached))]


def _instance(world: World, instance_id: str) -> list[Section]:
    i = world["instances"].get(instance_id)
    if i is None:
        return [Section("Summary", note="This instance no longer exists.")]
    profile = (i.get("IamInstanceProfile") or {}).get("Arn")
    summary = Section("Summary", [("Instance ID", i["InstanceId"]), ("State", i["State"]),
                                  ("Type", i["InstanceType"]), ("Private IP", i["PrivateIpAddress"]),
                                  ("Public IP", i.get("PublicIpAddress") if i["State"] == "running" else "—"),
                                  ("Availability zone", i["AvailabilityZone"]), ("Launched", date(i["LaunchTime"]))])
    security = Section("Security", [("IAM instance profile", profile or "none"),
                                    ("IAM role", instance_role(world, i) or "none"),
                                    ("Association", i.get("AssociationId") or "—"),
                                    ("IMDS tokens", i.get("HttpTokens", "optional"))],
                       note="Attach or replace the role with Actions (a) without stopping the instance. "
                            "The instance's next `aws` call uses it.")
    return [summary, security]


def _bucket(world: World, name: str) -> list[Section]:
    b = world["buckets"].get(name)
    if b is None:
        return [Section("Summary", note="This bucket no longer exists.")]
    objects = sorted((o for o in world["objects"].all() if o["Bucket"] == name), key=lambda o: o["ObjectKey"])
    rows = []
    prefixes: dict[str, int] = {}
    for o in objects:
        key = o["ObjectKey"]
        if "/" in key:
            top = key.split("/", 1)[0] + "/"
            prefixes[top] = prefixes.get(top, 0) + 1
        else:
            rows.append((key, [key, str(o["Size"]), date(o["LastModified"])]))
    rows = [(p, [p, f"{n} object(s)", ""]) for p, n in sorted(prefixes.items())] + rows
    summary = Section("Summary", [("Name", name), ("ARN", f"arn:aws:s3:::{name}"), ("Region", b["Region"]),
                                  ("Owner account", b["Owner"]), ("Created", date(b["CreationDate"]))])
    return [summary, Section("Objects", table=Listing(["Key / prefix", "Size", "Modified"], rows)),
            Section("Bucket policy", document=b.get("Policy") or "", document_kind="resource",
                    note="" if b.get("Policy") else "No bucket policy: access comes from identity-based policies.")]


def _provider(world: World, arn: str) -> list[Section]:
    p = world["oidc_providers"].get(arn)
    if p is None:
        return [Section("Summary", note="This provider no longer exists.")]
    return [Section("Summary", [(k, str(v)) for k, v in p.items()])]


def _account(world: World, key: str) -> list[Section]:
    meta = world.meta
    if key == "dashboard":
        rows = [(r.id, [r.status, r.title, r.detail]) for r in recommendations(world)]
        return [Section("Security recommendations", [("Account ID", world.account_id),
                                                     ("Account alias", meta.get("alias") or "—")],
                        Listing(["", "Recommendation", "Detail"], rows))]
    if key == "password-policy":
        policy = meta.get("password_policy")
        if not policy:
            return [Section("Password policy", [("Policy", "AWS default: at least 8 characters with 3 of uppercase, "
                                                           "lowercase, numbers, symbols")],
                            note="Set a custom password policy with Actions (a).")]
        facts = [(k, str(v)) for k, v in policy.items()]
        return [Section("Password policy", facts)]
    root = meta.get("root") or {}
    return [Section("Root user", [("ARN", f"arn:aws:iam::{world.account_id}:root"), ("Email", root.get("Email", "")),
                                  ("MFA", root.get("MFASerial") or "not enabled"),
                                  ("Access keys", str(sum(1 for k in world["access_keys"].all()
                                                          if k["Owner"] == "root"))),
                                  ("Last console sign-in", ago(world, root.get("PasswordLastUsed")))],
                    note="The root user has complete access to the account: protect it with MFA and do not "
                         "use it for everyday work.")]
