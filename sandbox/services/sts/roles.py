"""AWS STS for signed callers: who am I, assume a role, get MFA-backed session credentials.

The trust policy is evaluated as the role's resource-based policy, and it must allow
explicitly (IAM User Guide, "Policy evaluation logic").
"""

from __future__ import annotations

from datetime import datetime

from sandbox import crypto
from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext, Caller
from sandbox.services.iam import common as c
from sandbox.services.registry import operation
from sandbox.services.sts import sessions


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


@operation("sts", "AssumeRole", mutates=False)
def assume_role(ctx: CallContext, p: dict) -> dict:
    role_arn = c.require(p, "RoleArn")
    name = sessions.session_name(p)
    seconds = sessions.role_duration(p)
    session_tags = c.tags_in(p)
    role = sessions.target_role(ctx, role_arn)
    caller = ctx.caller
    if caller.kind == "root":
        # whatever the trust policy says (STS; the IAM User Guide's "root user" tasks)
        raise AwsError("AccessDenied", "Roles may not be assumed by root accounts.", 403)
    context = {"sts:RoleSessionName": name}
    if p.get("ExternalId"):
        context["sts:ExternalId"] = p["ExternalId"]
    mfa_time = _mfa_check(ctx, p.get("SerialNumber"), p.get("TokenCode"), _owner_name(caller))
    if mfa_time is not None:
        context["aws:MultiFactorAuthPresent"] = "true"
        context["aws:MultiFactorAuthAge"] = "0"
    trust = sessions.trust_ref(role)
    ctx.require("sts:AssumeRole", role_arn, context, resource_policy=trust, resource_account=ctx.account)
    if session_tags:
        # passing session tags is a second action the trust policy must allow (IAM User Guide, "Passing
        # session tags in AWS STS": sts:TagSession)
        ctx.require("sts:TagSession", role_arn, {**context, **c.request_tag_context(session_tags)},
                    resource_policy=trust, resource_account=ctx.account)
    chained = caller.kind == "assumed-role"
    sessions.check_max_session(role, seconds, chained)
    session_policy, policy_arns, packed = sessions.session_policies(ctx, p, session_tags)
    inherited_mfa = bool(caller.mfa_present) and caller.mfa_auth_time is not None
    mfa = mfa_time is not None or inherited_mfa
    credentials = sessions.issue_session(
        ctx.world, kind="assumed-role", now=ctx.now(), seconds=seconds, role=role, session_name=name,
        session_policy=session_policy, policy_arns=policy_arns, mfa=mfa,
        mfa_time=mfa_time or (caller.mfa_auth_time if inherited_mfa else None), tags=session_tags, chained=chained)
    out = {"Credentials": credentials, "AssumedRoleUser": sessions.assumed_role_user(ctx, role, name)}
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
    seconds = sessions.duration(p.get("DurationSeconds"), 900, high, 3600 if caller.kind == "root" else 43200)
    ctx.gateway.publish_public(caller, ctx.origin, "sts", "GetSessionToken", "sts:GetSessionToken",
                               "GetSessionToken needs no permission: any IAM user can call it with its own "
                               "long-term keys (AWS STS API Reference).")
    mfa_time = _mfa_check(ctx, p.get("SerialNumber"), p.get("TokenCode"), _owner_name(caller))
    credentials = sessions.issue_session(ctx.world, kind="session-token", now=ctx.now(), seconds=seconds,
                                source_user=_owner_name(caller), mfa=mfa_time is not None, mfa_time=mfa_time)
    return {"Credentials": credentials}
