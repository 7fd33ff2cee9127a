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
from sandbox.services.jsonapi import authorize, exact, invalid_parameter, not_authorized, region, required
from sandbox.world import ids

POOLS = "cognito_identity_pools"
IDENTITIES = "cognito_identities"
DEFAULT_REGION = "us-east-1"
_ID = re.compile(r"^([\w-]+):[0-9a-f-]+$")

__all__ = ["authorize", "invalid_parameter", "iso", "not_authorized", "region", "required"]








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
    return exact(world, POOLS, "IdentityPoolId", pool_id)


def get_pool(ctx: CallContext, pool_id) -> dict:
    row = find_pool(ctx.world, pool_id)
    if row is None or id_region(row["IdentityPoolId"]) != region(ctx):
        raise AwsError("ResourceNotFoundException", f"IdentityPool '{pool_id}' not found.", 404)
    return row


def get_identity(ctx: CallContext, identity_id) -> dict:
    row = exact(ctx.world, IDENTITIES, "IdentityId", identity_id)
    if row is None or find_pool(ctx.world, row["IdentityPoolId"]) is None:
        raise AwsError("ResourceNotFoundException", f"Identity '{identity_id}' not found.", 404)
    return row


def pool_identities(world, pool_id: str) -> list[dict]:
    return sorted(world[IDENTITIES].where(lambda r: r["IdentityPoolId"] == pool_id),
                  key=lambda r: (r["CreationDate"], r["IdentityId"]))
