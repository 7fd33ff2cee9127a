"""Identities: GetId (public), DescribeIdentity, ListIdentities, and how logins attach to them.

GetId without logins gives a guest a new identity, if the pool allows guests ("Unauthenticated
access is not supported for this identity pool." otherwise); the app keeps it. With logins,
it returns the identity already linked to that person at that provider, or a new one. Logins
a request brings that no identity has yet are linked to the identity; a login linked to
another identity merges the two: the older keeps every login, the other is disabled. An
identity links at most one login per provider: a second person from the same provider is a
ResourceConflictException (Developer Guide, "Identity pools authentication flow": linking
logins, merging identities).
"""

from __future__ import annotations

from sandbox.errors import AwsError
from sandbox.services.cognito_identity import common as c
from sandbox.services.cognito_identity.logins import Login, check_logins
from sandbox.services.gateway import CallContext
from sandbox.services.jsonapi import IDENTITY_POOL_GUIDE, public_operation
from sandbox.services.paging import limit_of, listing
from sandbox.services.registry import operation

GUESTS_REFUSED = "Unauthenticated access is not supported for this identity pool."


def identity_out(row: dict) -> dict:
    out = {"IdentityId": row["IdentityId"]}
    if row["Logins"]:
        out["Logins"] = row["Logins"]
    out.update({"CreationDate": row["CreationDate"], "LastModifiedDate": row["LastModifiedDate"]})
    return out


def new_identity(ctx: CallContext, pool: dict, logins: list[Login]) -> dict:
    now = c.iso(ctx.now())
    identity_id = c.new_id(c.id_region(pool["IdentityPoolId"]) or c.DEFAULT_REGION)
    row = {"IdentityId": identity_id, "IdentityPoolId": pool["IdentityPoolId"],
           "Logins": list(dict.fromkeys(login.key for login in logins)),
           "LoginKeys": [login.link for login in logins], "Disabled": False, "CreationDate": now,
           "LastModifiedDate": now}
    ctx.world[c.IDENTITIES].put(row)
    return row


def _linked(ctx: CallContext, pool: dict, logins: list[Login]) -> list[dict]:
    wanted = {login.link for login in logins}
    return [r for r in c.pool_identities(ctx.world, pool["IdentityPoolId"])
            if not r.get("Disabled") and wanted & set(r["LoginKeys"])]


def attach(ctx: CallContext, pool: dict, logins: list[Login], identity: dict | None = None) -> dict:
    """The identity these logins belong to, after linking and merging (inside the request)."""
    found = _linked(ctx, pool, logins)
    owner = identity or (found[0] if found else None)
    if owner is None:
        return new_identity(ctx, pool, logins)
    keys = list(owner["LoginKeys"])
    names = list(owner["Logins"])
    for other in found:
        if other["IdentityId"] != owner["IdentityId"]:
            keys += [k for k in other["LoginKeys"] if k not in keys]
            names += [n for n in other["Logins"] if n not in names]
            ctx.world[c.IDENTITIES].put({**other, "Disabled": True, "LoginKeys": [], "Logins": [],
                                         "LastModifiedDate": c.iso(ctx.now())})
    for login in logins:
        if login.link not in keys:
            keys.append(login.link)
            if login.key not in names:
                names.append(login.key)
    providers = [k.split("|", 1)[0] for k in keys]
    clash = next((p for p in providers if providers.count(p) > 1), None)
    if clash is not None:
        raise AwsError("ResourceConflictException", f"The identity already has a login from {clash}: an identity "
                       "links one login per provider.", 409)
    if keys != owner["LoginKeys"] or names != owner["Logins"]:
        owner = {**owner, "LoginKeys": keys, "Logins": names, "LastModifiedDate": c.iso(ctx.now())}
        ctx.world[c.IDENTITIES].put(owner)
    return owner


@operation("cognito-identity", "GetId", public=True, unsigned=True)
@public_operation("cognito-identity:GetId", "an app asks for its user's identity id", IDENTITY_POOL_GUIDE)
def get_id(ctx: CallContext, p: dict) -> dict:
    pool = c.get_pool(ctx, c.required(p, "IdentityPoolId"))
    account = p.get("AccountId")
    if account is not None and str(account) != ctx.account:
        raise c.not_authorized(f"Identity pool {pool['IdentityPoolId']} is not in account {account}.")
    logins = check_logins(ctx.world, pool, p.get("Logins"))
    if not logins:
        if not pool["AllowUnauthenticatedIdentities"]:
            raise c.not_authorized(GUESTS_REFUSED)
        return {"IdentityId": new_identity(ctx, pool, [])["IdentityId"]}
    return {"IdentityId": attach(ctx, pool, logins)["IdentityId"]}


@operation("cognito-identity", "DescribeIdentity", mutates=False)
def describe_identity(ctx: CallContext, p: dict) -> dict:
    identity_id = c.required(p, "IdentityId")
    row = ctx.world[c.IDENTITIES].get(identity_id)
    pool_id = row["IdentityPoolId"] if row is not None else f"{c.id_region(identity_id) or c.region(ctx)}:*"
    c.authorize(ctx, "cognito-identity:DescribeIdentity", c.pool_arn(ctx.account, pool_id))
    return identity_out(c.get_identity(ctx, identity_id))


@operation("cognito-identity", "ListIdentities", mutates=False)
def list_identities(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "IdentityPoolId")
    limit = limit_of(c.required(p, "MaxResults"), 1, 60, "maxResults")
    c.authorize(ctx, "cognito-identity:ListIdentities", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    rows = c.pool_identities(ctx.world, pool["IdentityPoolId"])
    if p.get("HideDisabled"):
        rows = [r for r in rows if not r.get("Disabled")]
    return {"IdentityPoolId": pool["IdentityPoolId"],
            **listing(rows, p, limit, "ListIdentities", "Identities", identity_out)}
