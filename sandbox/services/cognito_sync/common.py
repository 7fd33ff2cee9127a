"""What the cognito-sync operations share: ARNs, the identity a request is about, errors.

Cognito Sync keeps each identity's datasets (Amazon Cognito Developer Guide, "Synchronizing
data"). Its resources: ``arn:aws:cognito-sync:REGION:ACCOUNT:identitypool/POOL`` and below it
``/identity/ID`` and ``/identity/ID/dataset/NAME`` (Service Authorization Reference). An app
calls it with the identity's own temporary credentials: a policy grants ``cognito-sync:*``,
and the service keeps each identity to its own data, refusing the credentials of one identity
for another's ("Access to Identity ... is forbidden."). An IAM user (a developer) may read
any identity's data that its policies allow.
"""

from __future__ import annotations

from sandbox.errors import AwsError
from sandbox.services.cognito_identity.common import find_pool
from sandbox.services.gateway import CallContext
from sandbox.services.jsonapi import exact, invalid_parameter, not_authorized, required
from sandbox.services.sync_store import DATASETS  # noqa: F401  (the table's name, here with the others)

DEVICES = "cognito_sync_devices"
CONFIGS = "cognito_sync_configs"
IDENTITY_SUB = "cognito-identity.amazonaws.com:sub"

__all__ = ["invalid_parameter", "not_authorized", "required"]


def pool_arn(account: str, pool_id: str) -> str:
    return f"arn:aws:cognito-sync:{pool_id.split(':', 1)[0]}:{account}:identitypool/{pool_id}"


def identity_arn(account: str, pool_id: str, identity_id: str) -> str:
    return f"{pool_arn(account, pool_id)}/identity/{identity_id}"


def dataset_arn(account: str, pool_id: str, identity_id: str, dataset: str) -> str:
    return f"{identity_arn(account, pool_id, identity_id)}/dataset/{dataset}"


def authorize(ctx: CallContext, action: str, resource: str) -> None:
    ctx.require(action, resource, deny_code="AccessDeniedException")


def not_found(message: str) -> AwsError:
    return AwsError("ResourceNotFoundException", message, 404)


def identity_of(ctx: CallContext, pool_id: str, identity_id: str) -> dict:
    """The identity the request names, once the service has checked it may be reached."""
    if find_pool(ctx.world, pool_id) is None:
        raise not_found(f"IdentityPool '{pool_id}' not found.")
    row = exact(ctx.world, "cognito_identities", "IdentityId", identity_id)
    if row is None or row["IdentityPoolId"] != pool_id:
        raise not_found(f"Identity '{identity_id}' not found.")
    web = (ctx.caller.session or {}).get("WebIdentity") or {}
    caller_identity = (web.get("Context") or {}).get(IDENTITY_SUB)
    if caller_identity is not None and caller_identity != identity_id:
        raise not_authorized(f"Access to Identity '{identity_id}' is forbidden.")
    return row
