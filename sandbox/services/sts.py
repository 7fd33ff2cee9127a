"""AWS STS: who am I, assume a role, get MFA-backed session credentials.

Temporary credentials are ``ASIA…`` keys with a session token and an expiry; an assumed
role session is ``arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`` with the id
``AROA…:SESSION``. The trust policy is evaluated as the role's resource-based policy, and
it must allow explicitly (IAM User Guide, "Policy evaluation logic").
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from sandbox import crypto
from sandbox.errors import AwsError
from sandbox.policy import TRUST, Policy, PolicyRef, nonwhitespace_size
from sandbox.services import principals
from sandbox.services.gateway import CallContext, Caller
from sandbox.services.iam import common as c
from sandbox.services.registry import operation
from sandbox.world import ids

_SESSION_NAME = re.compile(r"^[\w+=,.@-]*$")
_ROLE_ARN = re.compile(r"^arn:aws:iam::(\d{12}):role/(?:.*/)?([\w+=,.@-]+)$")
_ANY_ROLE_ARN = re.compile(r"^arn:[^:]+:iam::[^:]*:role/.+$")
SESSION_POLICY_LIMIT = 2048


@operation("sts", "GetCallerIdentity", public=True, mutates=False)
def get_caller_identity(ctx: CallContext, p: dict) -> dict:
    caller = ctx.caller
    ctx.gateway.publish_public(caller, ctx.origin, "sts", "GetCallerIdentity", "sts:GetCallerIdentity",
                               "GetCallerIdentity needs no permission: it works even when a policy denies "
                               "everything (AWS STS API Reference).")
    if caller.kind == "root":
        user_id = ctx.account
    else:
        user_id = caller.principal.user_id or ""
    return {"UserId": user_id, "Account": ctx.account, "Arn": caller.arn}


def issue_session(world, *, kind: str, now: datetime, seconds: int, role: dict | None = None,
                  session_name: str = "", source_user: str | None = None, session_policy: str | None = None,
                  policy_arns: list[str] | None = None, mfa: bool = False, mfa_time: datetime | None = None,
                  tags: list[dict] | None = None, source_instance: str | None = None, chained: bool = False) -> dict:
    """Store a temporary credential; returns the AWS ``Credentials`` structure (with the secret)."""
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
    world["sessions"].put(row)
    _forget_expired(world, now)
    return {"AccessKeyId": row["AccessKeyId"], "SecretAccessKey": secret, "SessionToken": row["SessionToken"],
            "Expiration": expiration.isoformat()}


def _forget_expired(world, now: datetime) -> None:
    """Drop sessions expired for more than a day, so the world does not grow without end."""
    horizon = (now - timedelta(days=1)).isoformat()
    world["sessions"].delete_where(lambda s: s["Expiration"] < horizon)


def _mfa_check(ctx: CallContext, serial: str | None, token: str | None, owner: str) -> datetime | None:
    """Verify an MFA code given with a request; returns the time of authentication."""
    if not serial and not token:
        return None
    if not serial or not token:
        raise AwsError("ValidationError", "Both SerialNumber and TokenCode are needed for MFA.")
    device = ctx.world["mfa_devices"].get(serial)
    if device is None or (device.get("User") or "").lower() != owner.lower():
        raise AwsError("AccessDenied", "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify "
                                       "your MFA serial number is valid and associated with this user.", 403)
    if crypto.verify(device["Seed"], str(token), ctx.now()) is None:
        raise AwsError("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", 403)
    return ctx.now()


def _duration(value, low: int, high: int, default: int) -> int:
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


@operation("sts", "AssumeRole", mutates=False)
def assume_role(ctx: CallContext, p: dict) -> dict:
    role_arn = c.require(p, "RoleArn")
    session_name = c.require(p, "RoleSessionName")
    if not 2 <= len(session_name) <= 64:
        raise c.validation_error(session_name, "roleSessionName",
                                 "Member must have length less than or equal to 64" if len(session_name) > 64
                                 else "Member must have length greater than or equal to 2")
    if not _SESSION_NAME.match(session_name):
        raise c.validation_error(session_name, "roleSessionName",
                                 "Member must satisfy regular expression pattern: [\\w+=,.@-]*")
    seconds = _duration(p.get("DurationSeconds"), 900, 43200, 3600)
    session_tags = c.tags_in(p)
    if not _ANY_ROLE_ARN.match(role_arn):
        # not the ARN of a role at all (a role's name, a user's or a provider's ARN): STS refuses
        # the request before it evaluates any trust policy
        raise AwsError("ValidationError", "Request ARN is invalid")
    m = _ROLE_ARN.match(role_arn)
    role = ctx.world["roles"].get(m.group(2)) if m and m.group(1) == ctx.account else None
    if role is not None and role["Arn"] != role_arn:
        role = None
    caller = ctx.caller
    if caller.kind == "root":
        # whatever the trust policy says (STS; the IAM User Guide's "root user" tasks)
        raise AwsError("AccessDenied", "Roles may not be assumed by root accounts.", 403)
    context = {"sts:RoleSessionName": session_name}
    if p.get("ExternalId"):
        context["sts:ExternalId"] = p["ExternalId"]
    mfa_time = _mfa_check(ctx, p.get("SerialNumber"), p.get("TokenCode"), _owner_name(caller))
    if mfa_time is not None:
        context["aws:MultiFactorAuthPresent"] = "true"
        context["aws:MultiFactorAuthAge"] = "0"
    if role is None:
        # a role that does not exist is refused like one whose trust policy allows no one
        trust = PolicyRef(Policy(TRUST, "2012-10-17", None, [], "{}"), "AssumeRolePolicyDocument", "role",
                          "no trust policy: the role does not exist")
    else:
        trust = principals.stored_ref(role["AssumeRolePolicyDocument"], "AssumeRolePolicyDocument", "role",
                                      f"trust policy of role {role['RoleName']}", TRUST)
    ctx.require("sts:AssumeRole", role_arn, context, resource_policy=trust, resource_account=ctx.account)
    if session_tags:
        # passing session tags is a second action the trust policy must allow (IAM User Guide, "Passing
        # session tags in AWS STS": sts:TagSession)
        ctx.require("sts:TagSession", role_arn, {**context, **c.request_tag_context(session_tags)},
                    resource_policy=trust, resource_account=ctx.account)
    chained = caller.kind == "assumed-role"
    if chained and seconds > 3600:
        raise AwsError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles "
                                          "assumed by role chaining.")
    if seconds > role.get("MaxSessionDuration", 3600):
        raise AwsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for "
                                          "this role.")
    session_policy = p.get("Policy")
    packed = None
    if session_policy is not None:
        text = session_policy if isinstance(session_policy, str) else json.dumps(session_policy)
        size = nonwhitespace_size(text)  # size first, as IAM does: a huge document is refused unread
        if size > SESSION_POLICY_LIMIT:
            raise AwsError("PackedPolicyTooLarge", "Packed policy consumes more than 100% of the allotted space.")
        principals.parsed(text)  # MalformedPolicyDocument if invalid
        packed = max(1, size * 100 // SESSION_POLICY_LIMIT)
        session_policy = text
    policy_arns = [item["arn"] if isinstance(item, dict) else str(item) for item in p.get("PolicyArns") or []]
    if len(policy_arns) > 10:
        raise c.validation_error(policy_arns, "policyArns", "Member must have length less than or equal to 10")
    for arn in policy_arns:
        if principals.managed_policy(ctx.world, arn) is None:
            raise AwsError("NoSuchEntity", f"Policy {arn} does not exist or is not attachable.", 404)
    inherited_mfa = bool(caller.mfa_present) and caller.mfa_auth_time is not None
    mfa = mfa_time is not None or inherited_mfa
    credentials = issue_session(
        ctx.world, kind="assumed-role", now=ctx.now(), seconds=seconds, role=role, session_name=session_name,
        session_policy=session_policy, policy_arns=policy_arns, mfa=mfa,
        mfa_time=mfa_time or (caller.mfa_auth_time if inherited_mfa else None), tags=session_tags, chained=chained)
    out = {"Credentials": credentials,
           "AssumedRoleUser": {"AssumedRoleId": f"{role['RoleId']}:{session_name}",
                               "Arn": f"arn:aws:sts::{ctx.account}:assumed-role/{role['RoleName']}/{session_name}"}}
    if packed is not None:
        out["PackedPolicySize"] = packed
    return out


def _owner_name(caller: Caller) -> str:
    if caller.kind == "root":
        return "root"
    if caller.kind == "user":
        return caller.user["UserName"]
    return ""


@operation("sts", "GetSessionToken", public=True, mutates=False)
def get_session_token(ctx: CallContext, p: dict) -> dict:
    caller = ctx.caller
    if caller.session is not None or caller.kind not in ("user", "root"):
        raise AwsError("AccessDenied", "Cannot call GetSessionToken with session credentials", 403)
    high = 3600 if caller.kind == "root" else 129600
    seconds = _duration(p.get("DurationSeconds"), 900, high, 3600 if caller.kind == "root" else 43200)
    ctx.gateway.publish_public(caller, ctx.origin, "sts", "GetSessionToken", "sts:GetSessionToken",
                               "GetSessionToken needs no permission: any IAM user can call it with its own "
                               "long-term keys (AWS STS API Reference).")
    mfa_time = _mfa_check(ctx, p.get("SerialNumber"), p.get("TokenCode"), _owner_name(caller))
    credentials = issue_session(ctx.world, kind="session-token", now=ctx.now(), seconds=seconds,
                                source_user=_owner_name(caller), mfa=mfa_time is not None, mfa_time=mfa_time)
    return {"Credentials": credentials}
