"""Signing in to the (simulated) AWS Management Console.

The console takes a password, never an access key: access keys are for the CLI, SDKs and
API. The root user signs in with the account's email and password; IAM users need a login
profile. An enabled MFA device adds a code. An expired password (MaxPasswordAge) must be
changed at sign-in, unless the policy sets HardExpiry, when only an administrator can
reset it. Each attempt is logged as a ``ConsoleLogin`` event, as CloudTrail records them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox import crypto
from sandbox.errors import AwsError
from sandbox.services import principals
from sandbox.services.gateway import Caller, Gateway, Origin
from sandbox.services.iam.passwords import enforce, expired, set_password

_KEY_ID = re.compile(r"^(AKIA|ASIA)[A-Z2-7]{16}$")
BAD_CREDENTIALS = "Your authentication information is incorrect. Please try again."
KEY_AS_PASSWORD = ("Access keys cannot be used to sign in to the AWS Management Console. An access key ID and secret "
                   "access key are for the AWS CLI, SDKs and APIs; sign in with your console password.")


class SignInError(Exception):
    def __init__(self, message: str, needs: str = ""):
        super().__init__(message)
        self.message = message
        self.needs = needs  # "mfa" | "new-password" | ""


@dataclass
class SignInResult:
    caller: Caller
    who: str  # "root" or the user name
    password_changed: bool = False


HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"


def _looks_like_key(world, password: str, user: str | None) -> bool:
    if _KEY_ID.match(password.strip()):
        return True
    hashed = crypto.secret_hash(password.strip())
    for key in world["access_keys"].all():
        if key["SecretHash"] == hashed:
            return True
    return False


def sign_in(gateway: Gateway, *, root: bool, user_name: str | None, password: str, mfa_code: str | None = None,
            new_password: str | None = None, origin: Origin | None = None) -> SignInResult:
    world = gateway.world
    origin = origin or Origin(via="console")
    who = "root" if root else (user_name or "")
    if not root and world["users"].get(who) is None:
        # CloudTrail hides a user name that is no IAM user: it is often a password typed in the wrong box
        who = HIDDEN
    try:
        with world.transaction():
            result = _sign_in(gateway, root, user_name, password, mfa_code, new_password)
    except SignInError as exc:
        _log(gateway, who, False, exc.message, origin)
        raise
    _log(gateway, who, True, "Success", origin)
    return result


def _sign_in(gateway: Gateway, root: bool, user_name: str | None, password: str, mfa_code: str | None,
             new_password: str | None) -> SignInResult:
    world = gateway.world
    if _looks_like_key(world, password or "", user_name):
        raise SignInError(KEY_AS_PASSWORD)
    now = world.now()
    if root:
        meta_root = world.meta.get("root") or {}
        if password != meta_root.get("Password"):
            raise SignInError(BAD_CREDENTIALS)
        mfa_time = _check_mfa(world, meta_root.get("MFASerial"), mfa_code)
        world.set_meta(root={**meta_root, "PasswordLastUsed": now.isoformat()})
        caller = Caller(principals.root_principal(world), "root", console=True,
                        mfa_present=mfa_time is not None, mfa_auth_time=mfa_time)
        return SignInResult(caller, "root")
    user = world["users"].get(user_name or "")
    profile = (user or {}).get("LoginProfile")
    if user is None or not profile or not crypto.check_password(password or "", profile["Hash"]):
        raise SignInError(BAD_CREDENTIALS)
    mfa_time = _check_mfa(world, (user.get("MFADevices") or [None])[0], mfa_code)
    changed = False
    policy = world.meta.get("password_policy") or {}
    if expired(world, profile.get("PasswordLastChanged")):
        if policy.get("HardExpiry"):
            raise SignInError("Your password has expired and the account's password policy does not let you set a "
                              "new one (HardExpiry). Ask an administrator to reset it.")
        changed = _require_new(world, user, new_password, "Your password has expired. Choose a new password.")
    elif profile.get("PasswordResetRequired"):
        changed = _require_new(world, user, new_password, "You must choose a new password before you sign in.")
    user = world["users"].get(user["UserName"])
    world["users"].put({**user, "PasswordLastUsed": now.isoformat()})
    caller = Caller(principals.user_principal(world, user), "user", user=user, console=True,
                    mfa_present=mfa_time is not None, mfa_auth_time=mfa_time)
    return SignInResult(caller, user["UserName"], changed)


def _check_mfa(world, serial: str | None, code: str | None):
    if not serial:
        return None
    device = world["mfa_devices"].get(serial)
    if device is None:
        return None
    if not code:
        raise SignInError("This account has an MFA device: enter the code from your authenticator app.", needs="mfa")
    if crypto.verify(device["Seed"], str(code).strip(), world.now()) is None:
        raise SignInError(BAD_CREDENTIALS, needs="mfa")
    return world.now()


def _require_new(world, user: dict, new_password: str | None, message: str) -> bool:
    if not new_password:
        raise SignInError(message, needs="new-password")
    lp = user["LoginProfile"]
    if crypto.check_password(new_password, lp["Hash"]):
        raise SignInError("The new password must be different from the old one.", needs="new-password")
    try:
        enforce(world, new_password, list(lp.get("History", [])) + [lp["Hash"]])
    except AwsError as exc:
        raise SignInError(exc.message, needs="new-password") from None
    world["users"].put(set_password(world, user, new_password, False, world.now().isoformat()))
    return True


def _log(gateway: Gateway, who: str, ok: bool, message: str, origin: Origin) -> None:
    account = gateway.world.account_id
    arn = f"arn:aws:iam::{account}:root" if who == "root" else f"arn:aws:iam::{account}:user/{who}"
    gateway.publish_signin(arn, "Root" if who == "root" else "IAMUser", ok, message, origin.replace(via="console"))
