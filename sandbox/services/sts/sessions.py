"""What the STS operations that issue role credentials share: the request's checks (session
name, duration, the role's ARN, session policies) and the temporary credentials themselves.

Temporary credentials are ``ASIA…`` keys with a session token and an expiry, kept in the
``sessions`` table; only a hash of the secret is stored. An assumed-role session is
``arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`` with the id ``AROA…:SESSION``
(``AssumedRoleUser``).

Session policies (STS API Reference, AssumeRole and AssumeRoleWithWebIdentity): an inline
``Policy`` of at most 2,048 characters (the API's constraint) and up to 10 ``PolicyArns``.
STS packs the inline policy, the managed policy ARNs and the session tags into a binary
format with a limit of its own, reported as ``PackedPolicySize`` (a percentage) and refused
past 100% with ``PackedPolicyTooLarge: Packed policy consumes N% of allotted space``. AWS
does not document the packing; the sandbox counts the characters of the three, white space
left out, against 2,048, so that a request can fail on the packed limit even though each
part meets its own limit, as AWS warns.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sandbox import crypto
from sandbox import policy as engine  # the parser loads with the first policy it reads (start-up time)
from sandbox.errors import AwsError
from sandbox.services import principals
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.world import ids

if TYPE_CHECKING:
    from sandbox.policy import PolicyRef

_SESSION_NAME = re.compile(r"^[\w+=,.@-]*$")
_ROLE_ARN = re.compile(r"^arn:aws:iam::(\d{12}):role/(?:.*/)?([\w+=,.@-]+)$")
_ANY_ROLE_ARN = re.compile(r"^arn:[^:]+:iam::[^:]*:role/.+$")
SESSION_POLICY_LIMIT = 2048  # the inline policy's length constraint, and the packed allotment
MAX_POLICY_ARNS = 10


def session_name(p: dict) -> str:
    name = c.require(p, "RoleSessionName")
    if not 2 <= len(name) <= 64:
        raise c.validation_error(name, "roleSessionName",
                                 "Member must have length less than or equal to 64" if len(name) > 64
                                 else "Member must have length greater than or equal to 2")
    if not _SESSION_NAME.match(name):
        raise c.validation_error(name, "roleSessionName",
                                 "Member must satisfy regular expression pattern: [\\w+=,.@-]*")
    return name


def duration(value, low: int, high: int, default: int) -> int:
    if value is None:
        return default
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        raise c.validation_error(value, "durationSeconds",
                                 f"Member must have value greater than or equal to {low}") from None
    if seconds < low:
        raise c.validation_error(seconds, "durationSeconds", f"Member must have value greater than or equal to {low}")
    if seconds > high:
        raise c.validation_error(seconds, "durationSeconds", f"Member must have value less than or equal to {high}")
    return seconds


def role_duration(p: dict) -> int:
    """DurationSeconds of an AssumeRole* request: 900 to 43200, default 3600."""
    return duration(p.get("DurationSeconds"), 900, 43200, 3600)


def target_role(ctx: CallContext, role_arn: str) -> dict | None:
    """The role ``role_arn`` names in this account, None when there is none.

    Something that is not the ARN of a role at all (a role's name, a user's or a provider's
    ARN) is refused before any trust policy is evaluated: ``ValidationError: Request ARN is
    invalid``."""
    if not _ANY_ROLE_ARN.match(role_arn):
        raise AwsError("ValidationError", "Request ARN is invalid")
    m = _ROLE_ARN.match(role_arn)
    role = ctx.world["roles"].get(m.group(2)) if m and m.group(1) == ctx.account else None
    if role is not None and role["Arn"] != role_arn:
        role = None
    return role


def trust_ref(role: dict | None) -> PolicyRef:
    """The role's trust policy as the resource-based policy of the request; a role that does
    not exist is refused like one whose trust policy allows no one."""
    if role is None:
        nobody = engine.Policy(engine.TRUST, "2012-10-17", None, [], "{}")
        return engine.PolicyRef(nobody, "AssumeRolePolicyDocument", "role", "no trust policy: the role does not exist")
    return principals.stored_ref(role["AssumeRolePolicyDocument"], "AssumeRolePolicyDocument", "role",
                                 f"trust policy of role {role['RoleName']}", engine.TRUST)


def check_max_session(role: dict, seconds: int, chained: bool = False) -> None:
    if chained and seconds > 3600:
        raise AwsError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles "
                                          "assumed by role chaining.")
    if seconds > role.get("MaxSessionDuration", 3600):
        raise AwsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for "
                                          "this role.")


def session_policies(ctx: CallContext, p: dict, tags: list[dict] = ()) -> tuple[str | None, list[str], int | None]:
    """(inline policy text, managed policy ARNs, PackedPolicySize or None when nothing was passed)."""
    text = p.get("Policy")
    if text is not None:
        text = text if isinstance(text, str) else json.dumps(text)
        if len(text) > SESSION_POLICY_LIMIT:  # refused unread, whatever its size
            shown = text if len(text) <= 2 * SESSION_POLICY_LIMIT else text[:200] + "…"  # the sandbox abbreviates
            raise c.validation_error(shown, "policy", f"Member must have length less than or equal to "
                                                      f"{SESSION_POLICY_LIMIT}")
        principals.parsed(text)  # MalformedPolicyDocument if invalid
    arns = [item["arn"] if isinstance(item, dict) else str(item) for item in p.get("PolicyArns") or []]
    if len(arns) > MAX_POLICY_ARNS:
        raise c.validation_error(arns, "policyArns", f"Member must have length less than or equal to "
                                                     f"{MAX_POLICY_ARNS}")
    for arn in arns:
        if principals.managed_policy(ctx.world, arn) is None:
            raise AwsError("NoSuchEntity", f"Policy {arn} does not exist or is not attachable.", 404)
    if text is None and not arns and not tags:
        return None, arns, None
    packed = (engine.nonwhitespace_size(text or "") + sum(len(a) for a in arns)
              + sum(len(t["Key"]) + len(t["Value"]) for t in tags))
    percent = max(1, math.ceil(packed * 100 / SESSION_POLICY_LIMIT))
    if percent > 100:
        raise AwsError("PackedPolicyTooLarge", f"Packed policy consumes {percent}% of allotted space")
    return text, arns, percent


def assumed_role_user(ctx: CallContext, role: dict, name: str) -> dict:
    return {"AssumedRoleId": f"{role['RoleId']}:{name}",
            "Arn": f"arn:aws:sts::{ctx.account}:assumed-role/{role['RoleName']}/{name}"}


def issue_session(world, *, kind: str, now: datetime, seconds: int, role: dict | None = None,
                  session_name: str = "", source_user: str | None = None, session_policy: str | None = None,
                  policy_arns: list[str] | None = None, mfa: bool = False, mfa_time: datetime | None = None,
                  tags: list[dict] | None = None, source_instance: str | None = None, chained: bool = False,
                  web_identity: dict | None = None) -> dict:
    """Store a temporary credential; returns the AWS ``Credentials`` structure (with the secret).

    ``web_identity`` (AssumeRoleWithWebIdentity): ``{"Provider", "Subject", "Audience",
    "Context"}``, the token's request context keys that every request of the session carries."""
    secret = ids.secret_access_key()
    expiration = now + timedelta(seconds=seconds)
    row = {
        "AccessKeyId": ids.access_key_id(temporary=True), "SecretHash": crypto.secret_hash(secret),
        "SessionToken": ids.session_token(), "Expiration": expiration.isoformat(), "IssuedAt": now.isoformat(),
        "Kind": kind, "RoleName": role["RoleName"] if role else None, "RoleArn": role["Arn"] if role else None,
        "RoleId": role["RoleId"] if role else None, "RoleSessionName": session_name, "SourceUser": source_user,
        "SessionPolicy": session_policy, "SessionPolicyArns": policy_arns or [], "MFAAuthenticated": mfa,
        "MFAAuthTime": mfa_time.isoformat() if (mfa and mfa_time) else None, "Tags": tags or [],
        "SourceInstanceArn": source_instance, "Chained": chained,
    }
    if web_identity is not None:
        row["WebIdentity"] = web_identity
    world["sessions"].put(row)
    _forget_expired(world, now)
    return {"AccessKeyId": row["AccessKeyId"], "SecretAccessKey": secret, "SessionToken": row["SessionToken"],
            "Expiration": expiration.isoformat()}


def _forget_expired(world, now: datetime) -> None:
    """Drop sessions expired for more than a day, so the world does not grow without end."""
    horizon = (now - timedelta(days=1)).isoformat()
    world["sessions"].delete_where(lambda s: s["Expiration"] < horizon)
