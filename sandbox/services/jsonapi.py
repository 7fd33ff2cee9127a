"""What the JSON-protocol services (Cognito's, SNS's requests as the CLI sends them) share:
their errors for a bad or missing member, the IAM refusal they answer with
(``AccessDeniedException``), and lookups of ids that are case-sensitive in AWS while the
world's tables look rows up without case."""

from __future__ import annotations

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
