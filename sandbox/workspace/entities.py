"""What the console lists of each kind of entity: the sections, their columns and rows,
and the shapes (``Listing``, ``Section``) the detail tabs use too. Plain data from the
world, no Textual, so the same read models serve the app, tests and any other front end.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sandbox.services import managed_catalog
from sandbox.world.store import World

SECTIONS = ("users", "groups", "roles", "policies", "providers", "account", "instances", "buckets")
TITLES = {"users": "Users", "groups": "User groups", "roles": "Roles", "policies": "Policies",
          "providers": "Identity providers", "account": "Account settings", "instances": "Instances",
          "buckets": "Buckets"}


@dataclass
class Listing:
    columns: list[str]
    rows: list[tuple[str, list[str]]]  # (key, cells)


@dataclass
class Section:
    """One detail tab: key/value facts, a table, and/or a JSON document."""

    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    table: Listing | None = None
    document: str | None = None
    document_kind: str = ""  # "identity" | "resource" | "trust" for the editor
    note: str = ""


def date(text: str | None) -> str:
    if not text:
        return "—"
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text


def day(text: str | None) -> str:
    """A date without the time, for lists (the detail tabs have the time)."""
    return date(text)[:10]


def ago(world: World, text: str | None) -> str:
    if not text:
        return "never"
    try:
        delta = world.now() - datetime.fromisoformat(text)
    except ValueError:
        return text
    days = delta.days
    if days >= 1:
        return f"{days} day{'s' if days != 1 else ''} ago"
    hours = delta.seconds // 3600
    if hours:
        return f"{hours} h ago"
    return f"{max(delta.seconds // 60, 0)} min ago"


def counts(world: World) -> dict[str, int]:
    return {
        "users": len(world["users"]), "groups": len(world["groups"]), "roles": len(world["roles"]),
        "policies": len(world["policies"]) + len(managed_catalog.catalogue()),
        "providers": len(world["oidc_providers"]), "account": 0,
        "instances": sum(1 for i in world["instances"].all() if i["State"] != "terminated"),
        "buckets": sum(1 for b in world["buckets"].all() if b["Owner"] == world.account_id),
    }


def listing(world: World, section: str, text_filter: str = "") -> Listing:
    f = text_filter.lower()
    if section == "users":
        keys = world["access_keys"].all()
        out = []
        for u in sorted(world["users"].all(), key=lambda u: u["UserName"].lower()):
            n_keys = sum(1 for k in keys if k.get("UserName") == u["UserName"])
            cells = [u["UserName"], ", ".join(u.get("Groups", [])) or "—", str(n_keys),
                     "yes" if u.get("MFADevices") else "no", "yes" if u.get("LoginProfile") else "no",
                     day(u["CreateDate"])]
            out.append((u["UserName"], cells))
        table = Listing(["User name", "Groups", "Keys", "MFA", "Console", "Created"], out)
    elif section == "groups":
        users = world["users"].all()
        out = []
        for g in sorted(world["groups"].all(), key=lambda g: g["GroupName"].lower()):
            members = sum(1 for u in users if g["GroupName"] in u.get("Groups", []))
            policies = len(g.get("AttachedPolicies", [])) + len(g.get("InlinePolicies", {}))
            out.append((g["GroupName"], [g["GroupName"], str(members), str(policies), day(g["CreateDate"])]))
        table = Listing(["Group name", "Users", "Policies", "Created"], out)
    elif section == "roles":
        out = []
        for r in sorted(world["roles"].all(), key=lambda r: r["RoleName"].lower()):
            trusted = ", ".join(trusted_entities(r)) or "—"
            last = (r.get("RoleLastUsed") or {}).get("LastUsedDate")
            out.append((r["RoleName"], [r["RoleName"], trusted, ago(world, last)]))
        table = Listing(["Role name", "Trusted entities", "Last used"], out)
    elif section == "policies":
        out = []
        attached = _attachment_counts(world)
        for p in sorted(world["policies"].all(), key=lambda p: p["PolicyName"].lower()):
            out.append((p["Arn"], [p["PolicyName"], "Customer managed", str(attached.get(p["Arn"], 0)),
                                   p.get("Description") or ""]))
        for p in sorted(managed_catalog.catalogue().values(), key=lambda p: p["PolicyName"].lower()):
            out.append((p["Arn"], [p["PolicyName"], "AWS managed", str(attached.get(p["Arn"], 0)),
                                   (p.get("Description") or "")[:60]]))
        table = Listing(["Policy name", "Type", "Attachments", "Description"], out)
    elif section == "providers":
        out = [(p["Arn"], [p.get("Url", p["Arn"]), p.get("Type", "OpenID Connect"), day(p.get("CreateDate"))])
               for p in world["oidc_providers"].all()]
        table = Listing(["Provider", "Type", "Created"], out)
    elif section == "account":
        table = Listing(["Setting"], [("dashboard", ["Security recommendations"]),
                                      ("password-policy", ["Password policy"]), ("root", ["Root user"])])
    elif section == "instances":
        out = []
        for i in sorted(world["instances"].all(), key=lambda i: i["LaunchTime"]):
            role = instance_role(world, i) or "—"
            name = i.get("Name") or next((t["Value"] for t in i.get("Tags", []) if t["Key"] == "Name"), "")
            out.append((i["InstanceId"], [name or "—", i["InstanceId"], i["State"], i["InstanceType"], role,
                                          i.get("PublicIpAddress", "") if i["State"] == "running" else "—"]))
        table = Listing(["Name", "Instance ID", "State", "Type", "IAM role", "Public IP"], out)
    elif section == "buckets":
        objects = world["objects"].all()
        out = []
        for b in sorted(world["buckets"].all(), key=lambda b: b["Name"]):
            if b["Owner"] != world.account_id:
                continue
            n = sum(1 for o in objects if o["Bucket"] == b["Name"])
            out.append((b["Name"], [b["Name"], b["Region"], str(n), "yes" if b.get("Policy") else "no",
                                    day(b["CreationDate"])]))
        table = Listing(["Name", "Region", "Objects", "Policy", "Created"], out)
    else:
        raise ValueError(section)
    if f:
        table.rows = [r for r in table.rows if any(f in cell.lower() for cell in r[1])]
    return table


def _attachment_counts(world: World) -> dict[str, int]:
    out: dict[str, int] = {}
    for table in ("users", "groups", "roles"):
        for row in world[table].all():
            for arn in row.get("AttachedPolicies", []):
                out[arn] = out.get(arn, 0) + 1
    return out


def trusted_entities(role: dict) -> list[str]:
    try:
        doc = json.loads(role["AssumeRolePolicyDocument"])
    except ValueError:
        return []
    statements = doc.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    out = []
    for st in statements:
        principal = st.get("Principal", {}) if isinstance(st, dict) else {}
        if principal == "*":
            out.append("anyone (*)")
            continue
        if not isinstance(principal, dict):
            continue
        for kind, values in principal.items():
            for v in values if isinstance(values, list) else [values]:
                label = {"Service": "AWS service", "AWS": "AWS", "Federated": "Identity provider"}.get(kind, kind)
                out.append(f"{label}: {v}")
    return out


def instance_role(world: World, instance: dict) -> str | None:
    profile_ref = instance.get("IamInstanceProfile")
    if not profile_ref:
        return None
    profile = next((p for p in world["instance_profiles"].all() if p["Arn"] == profile_ref["Arn"]), None)
    if profile is None:
        return "(profile deleted)"
    return profile["Roles"][0] if profile.get("Roles") else f"(profile {profile['InstanceProfileName']}, no role)"
