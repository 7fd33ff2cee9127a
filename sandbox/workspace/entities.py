"""What the console lists of each kind of entity: the sections, their columns and rows,
and the shapes (``Listing``, ``Section``) the detail tabs use too. Each list is read with
the list operation as the console's signed-in principal (``Workspace.read``); no Textual,
so the same read models serve the app, tests and any other front end.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from sandbox.errors import AwsError
from sandbox.services import managed_catalog
from sandbox.workspace import cognito_views, device_views, reads
from sandbox.workspace.shapes import Listing, Section, ago, date, day
from sandbox.world.store import World

if TYPE_CHECKING:  # pragma: no cover
    from sandbox.workspace.workspace import Workspace

__all__ = ["Listing", "Section", "ago", "date", "day"]  # the shapes, for the modules that read them from here

SECTIONS = ("users", "groups", "roles", "policies", "providers", "account", "instances", "buckets",
            *cognito_views.SECTIONS, device_views.SECTION)
TITLES = {"users": "Users", "groups": "User groups", "roles": "Roles", "policies": "Policies",
          "providers": "Identity providers", "account": "Account settings", "instances": "Instances",
          "buckets": "Buckets", **cognito_views.TITLES, device_views.SECTION: device_views.TITLE}


def listing(ws: Workspace, section: str) -> Listing:
    """The section's list, read as the console's principal: one request, the list operation
    (``iam:ListUsers``...), as the console's page makes it. The columns the console fills in
    for each row (a user's groups and keys, a group's members) come from the same account
    without a request each: one request per page keeps the decisions pane readable. Denied,
    the list is empty and carries the console's banner."""
    if section == device_views.SECTION:  # the sandbox's phones: the outside world, not a request
        return device_views.listing(ws.world)
    columns, read = _LISTS[section]
    if ws.console.caller is None:
        return Listing(columns, [], banner=reads.NOT_SIGNED_IN)
    try:
        return Listing(columns, read(ws))
    except AwsError as exc:
        return Listing(columns, [], banner=reads.banner(exc))


def filtered(table: Listing, text: str) -> Listing:
    """The rows with a cell containing ``text`` (case-insensitive), as the console's filter box."""
    f = text.lower()
    if not f:
        return table
    return replace(table, rows=[r for r in table.rows if any(f in cell.lower() for cell in r[1])])


Rows = list[tuple[str, list[str]]]


def _users(ws: Workspace) -> Rows:
    world = ws.world
    listed = reads.every_iam(ws, "ListUsers", "Users")
    keys: dict[str, int] = {}
    for k in world["access_keys"].all():
        if k.get("UserName"):
            keys[k["UserName"]] = keys.get(k["UserName"], 0) + 1
    out = []
    for u in listed:
        row = world["users"].get(u["UserName"]) or {}
        out.append((u["UserName"], [u["UserName"], ", ".join(row.get("Groups", [])) or "—",
                                    str(keys.get(u["UserName"], 0)), "yes" if row.get("MFADevices") else "no",
                                    "yes" if row.get("LoginProfile") else "no", day(u["CreateDate"])]))
    return out


def _groups(ws: Workspace) -> Rows:
    world = ws.world
    members: dict[str, int] = {}
    for u in world["users"].all():
        for g in u.get("Groups", []):
            members[g] = members.get(g, 0) + 1
    out = []
    for g in reads.every_iam(ws, "ListGroups", "Groups"):
        row = world["groups"].get(g["GroupName"]) or {}
        policies = len(row.get("AttachedPolicies", [])) + len(row.get("InlinePolicies", {}))
        out.append((g["GroupName"], [g["GroupName"], str(members.get(g["GroupName"], 0)), str(policies),
                                     day(g["CreateDate"])]))
    return out


def _roles(ws: Workspace) -> Rows:
    out = []
    for r in reads.every_iam(ws, "ListRoles", "Roles"):
        trusted = ", ".join(trusted_entities(r)) or "—"
        last = ((ws.world["roles"].get(r["RoleName"]) or {}).get("RoleLastUsed") or {}).get("LastUsedDate")
        out.append((r["RoleName"], [r["RoleName"], trusted, ago(ws.world, last)]))
    return out


def _policies(ws: Workspace) -> Rows:
    out = []
    for p in reads.every_iam(ws, "ListPolicies", "Policies", {"Scope": "All"}):
        aws = managed_catalog.is_aws_managed(p["Arn"])
        stored = managed_catalog.catalogue().get(p["Arn"]) if aws else ws.world["policies"].get(p["Arn"])
        description = ((stored or {}).get("Description") or "")[:60]
        out.append((p["Arn"], [p["PolicyName"], "AWS managed" if aws else "Customer managed",
                               str(p["AttachmentCount"]), description]))
    # the console lists the account's own policies first
    return sorted(out, key=lambda r: (r[1][1] != "Customer managed", r[1][0].lower()))


def _providers(ws: Workspace) -> Rows:
    out = []
    for item in ws.read("iam", "ListOpenIDConnectProviders")["OpenIDConnectProviderList"]:
        row = ws.world["oidc_providers"].get(item["Arn"]) or {}
        out.append((item["Arn"], [row.get("Url") or item["Arn"].split("/", 1)[-1], "OpenID Connect",
                                  day(row.get("CreateDate"))]))
    return out


def _account(ws: Workspace) -> Rows:
    return [("dashboard", ["Security recommendations"]), ("password-policy", ["Password policy"]),
            ("root", ["Root user"])]


def _instances(ws: Workspace) -> Rows:
    out = []
    reservations = ws.read("ec2", "DescribeInstances")["Reservations"]
    for i in (i for r in reservations for i in r["Instances"]):
        role = instance_role(ws.world, i) or "—"
        name = next((t["Value"] for t in i.get("Tags", []) if t["Key"] == "Name"), "")
        out.append((i["InstanceId"], [name or "—", i["InstanceId"], i["State"]["Name"], i["InstanceType"], role,
                                      i.get("PublicIpAddress") or "—"]))
    return out


def _buckets(ws: Workspace) -> Rows:
    objects: dict[str, int] = {}
    for o in ws.world["objects"].all():
        objects[o["Bucket"]] = objects.get(o["Bucket"], 0) + 1
    out = []
    for b in ws.read("s3", "ListBuckets")["Buckets"]:
        row = ws.world["buckets"].get(b["Name"]) or {}
        out.append((b["Name"], [b["Name"], row.get("Region", "us-east-1"), str(objects.get(b["Name"], 0)),
                                "yes" if row.get("Policy") else "no", day(b["CreationDate"])]))
    return out


# section -> (columns, the read that gives the rows)
_LISTS: dict[str, tuple[list[str], Callable[[Workspace], Rows]]] = {
    "users": (["User name", "Groups", "Keys", "MFA", "Console", "Created"], _users),
    "groups": (["Group name", "Users", "Policies", "Created"], _groups),
    "roles": (["Role name", "Trusted entities", "Last used"], _roles),
    "policies": (["Policy name", "Type", "Attached", "Description"], _policies),
    "providers": (["Provider", "Type", "Created"], _providers),
    "account": (["Setting"], _account),
    "instances": (["Name", "Instance ID", "State", "Type", "IAM role", "Public IP"], _instances),
    "buckets": (["Name", "Region", "Objects", "Policy", "Created"], _buckets),
    **cognito_views.LISTS,
}


def trusted_entities(role: dict) -> list[str]:
    """Who a role's trust policy names (the document as stored, or as the API returns it)."""
    doc = role["AssumeRolePolicyDocument"]
    if isinstance(doc, str):
        try:
            doc = json.loads(doc)
        except ValueError:
            return []
    if not isinstance(doc, dict):
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
