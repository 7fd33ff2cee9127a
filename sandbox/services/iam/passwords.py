"""Console passwords: the account password policy, login profiles, ChangePassword.

Passwords are stored as salted PBKDF2 hashes, with a short history for
``PasswordReusePrevention``. With no custom policy, AWS's default applies: at least 8
characters and three of uppercase, lowercase, numbers and symbols.
"""

from __future__ import annotations

import string
from datetime import datetime, timedelta

from sandbox.crypto import check_password, hash_password
from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam.users import get_user_for
from sandbox.services.registry import operation
from sandbox.world import ids


def violations(password: str, policy: dict | None) -> list[str]:
    """What ``password`` lacks under ``policy`` (None: AWS's default policy)."""
    classes = {
        "uppercase": any(ch in string.ascii_uppercase for ch in password),
        "lowercase": any(ch in string.ascii_lowercase for ch in password),
        "number": any(ch.isdigit() for ch in password),
        "symbol": any(not ch.isalnum() for ch in password),
    }
    text = {"uppercase": "Password should have at least one uppercase letter",
            "lowercase": "Password should have at least one lowercase letter",
            "number": "Password should have at least one number",
            "symbol": "Password should have at least one symbol"}
    if policy is None:
        problems = []
        if len(password) < 8:
            problems.append("Password should have a minimum length of 8")
        missing = [text[k] for k, ok in classes.items() if not ok]
        if len(missing) > 1:
            need = len(missing) - 1
            problems.append(f"Password should meet {need} more of the following requirements: {', '.join(missing)}")
        return problems
    problems = []
    minimum = policy.get("MinimumPasswordLength", 6)
    if len(password) < minimum:
        problems.append(f"Password should have a minimum length of {minimum}")
    for key, cls in (("RequireUppercaseCharacters", "uppercase"), ("RequireLowercaseCharacters", "lowercase"),
                     ("RequireNumbers", "number"), ("RequireSymbols", "symbol")):
        if policy.get(key) and not classes[cls]:
            problems.append(text[cls])
    return problems


def enforce(ctx_world, password: str, history: list[str] | None = None) -> None:
    policy = ctx_world.meta.get("password_policy")
    problems = violations(password, policy)
    if problems:
        raise AwsError("PasswordPolicyViolation", "; ".join(problems))
    reuse = (policy or {}).get("PasswordReusePrevention")
    if reuse and history:
        if any(check_password(password, old) for old in history[-reuse:]):
            raise AwsError("PasswordPolicyViolation",
                           f"Policy constraint violation with password reuse prevention during password change: "
                           f"the new password must differ from the last {reuse} password(s).")


def expired(world, changed: str | None) -> bool:
    policy = world.meta.get("password_policy") or {}
    age = policy.get("MaxPasswordAge")
    if not age or not changed:
        return False
    return world.now() >= datetime.fromisoformat(changed) + timedelta(days=int(age))


# -- account password policy -----------------------------------------------------------------

POLICY_BOOLS = ("RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters", "RequireLowercaseCharacters",
          "AllowUsersToChangePassword", "HardExpiry")
POLICY_RANGES = {"MinimumPasswordLength": (6, 128), "MaxPasswordAge": (1, 1095), "PasswordReusePrevention": (1, 24)}


@operation("iam", "UpdateAccountPasswordPolicy")
def update_password_policy(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:UpdateAccountPasswordPolicy", "*")
    # no partial updates: what is not given reverts to the API's default (length 6, everything else off)
    policy: dict = {"MinimumPasswordLength": 6}
    errors = []
    for key, (low, high) in POLICY_RANGES.items():
        if p.get(key) is None:
            continue
        value = int(p[key])
        member = key[0].lower() + key[1:]
        if value < low:
            errors.append(f"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value "
                          f"greater than or equal to {low}")
        elif value > high:
            errors.append(f"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value less "
                          f"than or equal to {high}")
        policy[key] = value
    if errors:
        n = len(errors)
        raise AwsError("ValidationError", f"{n} validation error{'s' if n > 1 else ''} detected: {'; '.join(errors)}")
    for key in POLICY_BOOLS:
        policy[key] = bool(p.get(key, False))
    ctx.world.set_meta(password_policy=policy)
    return {}


def policy_out(policy: dict) -> dict:
    out = {"MinimumPasswordLength": policy.get("MinimumPasswordLength", 6)}
    for key in ("RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters", "RequireLowercaseCharacters",
                "AllowUsersToChangePassword"):
        out[key] = bool(policy.get(key))
    out["ExpirePasswords"] = bool(policy.get("MaxPasswordAge"))
    for key in ("MaxPasswordAge", "PasswordReusePrevention"):
        if policy.get(key):
            out[key] = policy[key]
    out["HardExpiry"] = bool(policy.get("HardExpiry"))
    return out


@operation("iam", "GetAccountPasswordPolicy", mutates=False)
def get_password_policy(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:GetAccountPasswordPolicy", "*")
    policy = ctx.world.meta.get("password_policy")
    if not policy:
        raise AwsError("NoSuchEntity", f"The Password Policy with domain name {ctx.account} cannot be found.", 404)
    return {"PasswordPolicy": policy_out(policy)}


@operation("iam", "DeleteAccountPasswordPolicy")
def delete_password_policy(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:DeleteAccountPasswordPolicy", "*")
    if not ctx.world.meta.get("password_policy"):
        raise AwsError("NoSuchEntity", "The account policy with name PasswordPolicy cannot be found.", 404)
    ctx.world.set_meta(password_policy=None)
    return {}


# -- login profiles ----------------------------------------------------------------------------

def _profile_out(user: dict) -> dict:
    lp = user["LoginProfile"]
    return {"UserName": user["UserName"], "CreateDate": lp["CreateDate"],
            "PasswordResetRequired": bool(lp.get("PasswordResetRequired"))}


def set_password(world, user: dict, password: str, reset_required: bool, now: str) -> dict:
    """The user row with a new console password (policy already enforced)."""
    lp = dict(user.get("LoginProfile") or {"CreateDate": now, "History": []})
    history = list(lp.get("History", []))
    if lp.get("Hash"):
        history.append(lp["Hash"])
    lp.update({"Hash": hash_password(password, ids.salt()), "History": history[-24:], "PasswordResetRequired": reset_required,
               "PasswordLastChanged": now})
    return {**user, "LoginProfile": lp}


@operation("iam", "CreateLoginProfile")
def create_login_profile(ctx: CallContext, p: dict) -> dict:
    user = get_user_for(ctx, "iam:CreateLoginProfile", c.require(p, "UserName"))
    password = c.require(p, "Password")
    if user.get("LoginProfile"):
        raise c.already_exists("login-profile", user["UserName"])
    enforce(ctx.world, password)
    updated = set_password(ctx.world, user, password, bool(p.get("PasswordResetRequired")), c.iso(ctx.now()))
    ctx.world["users"].put(updated)
    return {"LoginProfile": _profile_out(updated)}


@operation("iam", "GetLoginProfile", mutates=False)
def get_login_profile(ctx: CallContext, p: dict) -> dict:
    user = get_user_for(ctx, "iam:GetLoginProfile", c.require(p, "UserName"))
    if not user.get("LoginProfile"):
        raise c.no_such("login-profile", user["UserName"])
    return {"LoginProfile": _profile_out(user)}


@operation("iam", "UpdateLoginProfile")
def update_login_profile(ctx: CallContext, p: dict) -> dict:
    user = get_user_for(ctx, "iam:UpdateLoginProfile", c.require(p, "UserName"))
    if not user.get("LoginProfile"):
        raise c.no_such("login-profile", user["UserName"])
    reset = p.get("PasswordResetRequired")
    if p.get("Password"):
        enforce(ctx.world, p["Password"])
        user = set_password(ctx.world, user, p["Password"], bool(reset), c.iso(ctx.now()))
    elif reset is not None:
        user = {**user, "LoginProfile": {**user["LoginProfile"], "PasswordResetRequired": bool(reset)}}
    ctx.world["users"].put(user)
    return {}


@operation("iam", "DeleteLoginProfile")
def delete_login_profile(ctx: CallContext, p: dict) -> dict:
    user = get_user_for(ctx, "iam:DeleteLoginProfile", c.require(p, "UserName"))
    if not user.get("LoginProfile"):
        raise c.no_such("login-profile", user["UserName"])
    ctx.world["users"].put({**user, "LoginProfile": None})
    return {}


@operation("iam", "ChangePassword")
def change_password(ctx: CallContext, p: dict) -> dict:
    caller = ctx.caller
    if caller.kind != "user":
        raise AwsError("InvalidUserType", "Only IAM users can change their own password with ChangePassword; the "
                                          "root user changes its password in the console.", 400)
    old = c.require(p, "OldPassword")
    new = c.require(p, "NewPassword")
    ctx.require("iam:ChangePassword", caller.user["Arn"])
    user = ctx.world["users"].get(caller.user["UserName"])
    if not user or not user.get("LoginProfile"):
        raise c.no_such("login-profile", caller.user["UserName"])
    if (ctx.world.meta.get("password_policy") or {}).get("HardExpiry") and expired(
            ctx.world, user["LoginProfile"].get("PasswordLastChanged")):
        raise AwsError("EntityTemporarilyUnmodifiable", "Your password has expired and the account password policy "
                                                        "sets HardExpiry: an administrator must reset it.", 409)
    if not check_password(old, user["LoginProfile"]["Hash"]):
        raise AwsError("InvalidAuthenticationCode", "The old password is incorrect.", 403)
    history = list(user["LoginProfile"].get("History", [])) + [user["LoginProfile"]["Hash"]]
    enforce(ctx.world, new, history)
    ctx.world["users"].put(set_password(ctx.world, user, new, False, c.iso(ctx.now())))
    return {}
