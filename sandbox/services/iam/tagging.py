"""What users and roles share: tags (Tag/Untag/List...Tags) and permissions boundaries."""

from __future__ import annotations

from collections.abc import Callable

from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam.lookup import boundary_arg, managed_or_fail

# (action prefix's noun, table, name parameter, authorizing fetch)
Fetch = Callable[[CallContext, str, str, dict | None], dict]


def merge_tags(existing: list[dict], new: list[dict]) -> list[dict]:
    merged = {t["Key"].lower(): t for t in existing}
    for t in new:
        merged[t["Key"].lower()] = t
    if len(merged) > 50:
        raise c.limit_exceeded("TagsPerResource", 50)
    return list(merged.values())


def tag(ctx: CallContext, p: dict, noun: str, table: str, fetch: Fetch) -> dict:
    tags = c.tags_in(p)
    row = fetch(ctx, f"iam:Tag{noun}", c.require(p, f"{noun}Name"), c.request_tag_context(tags))
    ctx.world[table].put({**row, "Tags": merge_tags(row.get("Tags", []), tags)})
    return {}


def untag(ctx: CallContext, p: dict, noun: str, table: str, fetch: Fetch) -> dict:
    keys = p.get("TagKeys") or []
    row = fetch(ctx, f"iam:Untag{noun}", c.require(p, f"{noun}Name"), {"aws:TagKeys": list(keys)})
    drop = {k.lower() for k in keys}
    ctx.world[table].put({**row, "Tags": [t for t in row.get("Tags", []) if t["Key"].lower() not in drop]})
    return {}


def list_tags(ctx: CallContext, p: dict, noun: str, fetch: Fetch) -> dict:
    row = fetch(ctx, f"iam:List{noun}Tags", c.require(p, f"{noun}Name"), None)
    return {"Tags": row.get("Tags", []), "IsTruncated": False}


def put_boundary(ctx: CallContext, p: dict, noun: str, table: str, fetch: Fetch) -> dict:
    """Put{User,Role}PermissionsBoundary."""
    arn = c.require(p, "PermissionsBoundary")
    row = fetch(ctx, f"iam:Put{noun}PermissionsBoundary", c.require(p, f"{noun}Name"), {"iam:PermissionsBoundary": arn})
    managed_or_fail(ctx, arn)
    ctx.world[table].put({**row, "PermissionsBoundary": boundary_arg(arn)})
    return {}


def delete_boundary(ctx: CallContext, p: dict, noun: str, table: str, fetch: Fetch) -> dict:
    row = fetch(ctx, f"iam:Delete{noun}PermissionsBoundary", c.require(p, f"{noun}Name"), None)
    ctx.world[table].put({**row, "PermissionsBoundary": None})
    return {}
