"""What the cognito-identity operations share: ids, ARNs, lookups and errors.

An identity pool is ``REGION:GUID`` (``us-east-1:4f1c...``) in
``arn:aws:cognito-identity:REGION:ACCOUNT:identitypool/REGION:GUID``; each identity in it is
``REGION:GUID`` too. Errors are the service's (Amazon Cognito Identity API Reference): an IAM
refusal is AccessDeniedException, a refused login NotAuthorizedException.
"""

from __future__ import annotations

import re

from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext
from sandbox.services.isotime import iso
from sandbox.world import ids

POOLS = "cognito_identity_pools"
IDENTITIES = "cognito_identities"
DEFAULT_REGION = "us-east-1"
_ID = re.compile(r"^([\w-]+):[0-9a-f-]+$")

__all__ = ["iso"]


def invalid_parameter(message: str) -> AwsError:
    return AwsError("InvalidParameterException", message)


def not_authorized(message: str) -> AwsError:
    return AwsError("NotAuthorizedException", message)


def required(p: dict, key: str):
    value = p.get(key)
    if value is None or value == "":
        member = key[0].lower() + key[1:]
        raise invalid_parameter(f"1 validation error detected: Value null at '{member}' failed to satisfy "
                                "constraint: Member must not be null")
    return value


def authorize(ctx: CallContext, action: str, resource: str) -> None:
    ctx.require(action, resource, deny_code="AccessDeniedException")


def public(ctx: CallContext, action: str, what: str) -> None:
    ctx.gateway.publish_public(ctx.caller, ctx.origin, ctx.service, ctx.operation, action,
                               f"{ctx.operation} is a public operation of identity pools: {what}, with no AWS "
                               "credentials (Amazon Cognito Identity API Reference).")


def region(ctx: CallContext) -> str:
    return ctx.origin.region or DEFAULT_REGION


def id_region(identifier: str) -> str | None:
    m = _ID.match(identifier or "")
    return m.group(1) if m else None


def new_id(region_name: str) -> str:
    return f"{region_name}:{ids.uuid4()}"


def pool_arn(account: str, pool_id: str) -> str:
    return f"arn:aws:cognito-identity:{id_region(pool_id) or DEFAULT_REGION}:{account}:identitypool/{pool_id}"


def pools_arn(ctx: CallContext) -> str:
    """The resource of a request about no pool in particular (ListIdentityPools)."""
    return f"arn:aws:cognito-identity:{region(ctx)}:{ctx.account}:identitypool/"


def find_pool(world, pool_id) -> dict | None:
    row = world[POOLS].get(pool_id) if isinstance(pool_id, str) and pool_id else None
    return row if row is not None and row["IdentityPoolId"] == pool_id else None


def get_pool(ctx: CallContext, pool_id) -> dict:
    row = find_pool(ctx.world, pool_id)
    if row is None or id_region(row["IdentityPoolId"]) != region(ctx):
        raise AwsError("ResourceNotFoundException", f"IdentityPool '{pool_id}' not found.", 404)
    return row


def get_identity(ctx: CallContext, identity_id) -> dict:
    row = ctx.world[IDENTITIES].get(identity_id) if isinstance(identity_id, str) and identity_id else None
    if row is None or row["IdentityId"] != identity_id or find_pool(ctx.world, row["IdentityPoolId"]) is None:
        raise AwsError("ResourceNotFoundException", f"Identity '{identity_id}' not found.", 404)
    return row


def pool_identities(world, pool_id: str) -> list[dict]:
    return sorted(world[IDENTITIES].where(lambda r: r["IdentityPoolId"] == pool_id),
                  key=lambda r: (r["CreationDate"], r["IdentityId"]))
