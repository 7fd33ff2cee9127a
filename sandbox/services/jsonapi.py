"""What the JSON-protocol services (Cognito's, SNS's requests as the CLI sends them) share:
their errors for a bad or missing member, the IAM refusal they answer with
(``AccessDeniedException``), and lookups of ids that are case-sensitive in AWS while the
world's tables look rows up without case."""

from __future__ import annotations

import functools

from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext


def invalid_parameter(message: str) -> AwsError:
    return AwsError("InvalidParameterException", message)


def not_authorized(message: str) -> AwsError:
    return AwsError("NotAuthorizedException", message)


def required(p: dict, key: str):
    """A member the API requires (the CLI checks it first; a request sent otherwise gets this)."""
    value = p.get(key)
    if value is None or value == "":
        member = key[0].lower() + key[1:]
        raise invalid_parameter(f"1 validation error detected: Value null at '{member}' failed to satisfy "
                                "constraint: Member must not be null")
    return value


def authorize(ctx: CallContext, action: str, resource: str) -> None:
    """An administrative operation, signed and authorized with its IAM action."""
    ctx.require(action, resource, deny_code="AccessDeniedException")


def exact(world, table: str, field: str, value) -> dict | None:
    """The row whose ``field`` is exactly ``value`` (ids such as ``us-east-1_AbC`` keep their case)."""
    row = world[table].get(value) if isinstance(value, str) and value else None
    return row if row is not None and row[field] == value else None


def region(ctx: CallContext) -> str:
    """The region the request is sent to (the CLI's region; us-east-1 when none is set)."""
    return ctx.origin.region or "us-east-1"


USER_POOL_GUIDE = "Amazon Cognito Developer Guide, \"Understanding API, OIDC, and managed login pages authentication\""
IDENTITY_POOL_GUIDE = "Amazon Cognito Identity API Reference"


def public_operation(action: str, what: str, guide: str):
    """A handler of an operation an app calls without AWS credentials (a user pool's sign-up and
    sign-in, an identity pool's GetId...). Its event, which needs no permission, is published
    once the call has succeeded: a refused sign-in shows in the decisions pane as nothing
    allowed."""
    def wrap(fn):
        @functools.wraps(fn)
        def handler(ctx: CallContext, p: dict):
            out = fn(ctx, p)
            ctx.gateway.publish_public(ctx.caller, ctx.origin, ctx.service, ctx.operation, action,
                                       f"{ctx.operation} is a public operation: {what}, with no AWS credentials "
                                       f"and no IAM policy ({guide}).")
            return out
        return handler
    return wrap
