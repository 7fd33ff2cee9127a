"""What the console's forms offer to choose from: (label, value) pairs read from the
world, sorted as the console sorts them. Plain data, no Textual."""

from __future__ import annotations

from sandbox.services import managed_catalog
from sandbox.world.store import World

Choices = list[tuple[str, str]]
_TABLE = {"user": "users", "group": "groups", "role": "roles"}


def _sorted(rows) -> Choices:
    return sorted(rows, key=lambda r: r[0].lower())


def policies(world: World) -> Choices:
    """Every managed policy: the account's and AWS's."""
    rows = [(p["PolicyName"] + " (customer managed)", p["Arn"]) for p in world["policies"].all()]
    rows += [(p["PolicyName"] + " (AWS managed)", p["Arn"]) for p in managed_catalog.catalogue().values()]
    return _sorted(rows)


def names(world: World, table: str) -> Choices:
    """Every row of a table by its name (users, groups, instance profiles...)."""
    key = world[table].key
    return _sorted((r[key], r[key]) for r in world[table].all())


def groups_of(world: World, user: str) -> Choices:
    return [(g, g) for g in (world["users"].get(user) or {}).get("Groups", [])]


def members_of(world: World, group: str) -> Choices:
    return _sorted((u["UserName"], u["UserName"]) for u in world["users"].all() if group in u.get("Groups", []))


def attached(world: World, kind: str, name: str) -> Choices:
    """The managed policies attached to a user, group or role, by policy name."""
    row = world[_TABLE[kind]].get(name) or {}
    return [(arn.rsplit("/", 1)[-1], arn) for arn in row.get("AttachedPolicies", [])]


def inline(world: World, kind: str, name: str) -> Choices:
    """The inline policies of a user, group or role."""
    return [(n, n) for n in sorted((world[_TABLE[kind]].get(name) or {}).get("InlinePolicies", {}))]


def access_keys(world: World, user: str) -> Choices:
    return [(f"{k['AccessKeyId']} ({k['Status']})", k["AccessKeyId"]) for k in world["access_keys"].all()
            if k.get("UserName") == user]


def principals(world: World) -> Choices:
    """Users, groups and roles by ARN, for the policy simulator."""
    out: Choices = []
    for kind, table, field in (("user", "users", "UserName"), ("group", "groups", "GroupName"),
                               ("role", "roles", "RoleName")):
        out += _sorted((f"{kind} {r[field]}", r["Arn"]) for r in world[table].all())
    return out
