"""A user pool's users: sign-up and confirmation (public), creation by an administrator,
listing, and reading one's own profile with an access token.

SignUp makes an UNCONFIRMED user and sends a code to the attribute the pool verifies;
ConfirmSignUp with that code confirms the user (and marks the email verified). An
administrator's AdminCreateUser makes a user with a temporary password (status
FORCE_CHANGE_PASSWORD), sent in an invitation unless ``MessageAction`` is SUPPRESS; the
first sign-in then answers the NEW_PASSWORD_REQUIRED challenge (``auth``). In a pool whose
users sign in with their email (``UsernameAttributes``), the user name is the user's
``sub``, and the email given as ``Username`` becomes the ``email`` attribute.
"""

from __future__ import annotations

import hmac
import re
from datetime import timedelta

from sandbox import crypto
from sandbox.errors import AwsError
from sandbox.services.cognito_idp import common as c
from sandbox.services.cognito_idp.delivery import code_destination, send_code, send_invitation
from sandbox.services.cognito_idp.schema import check_password, user_attributes
from sandbox.services.cognito_idp.tokens import ADMIN_SCOPE, check_access_token
from sandbox.services.gateway import CallContext
from sandbox.services.jsonapi import USER_POOL_GUIDE, public_operation
from sandbox.services.paging import limit_of, listing
from sandbox.services.registry import operation
from sandbox.world import ids

_USERNAME = re.compile(r"^[^\s\x00-\x1f\x7f]{1,128}$")
_FILTER = re.compile(r'^\s*([\w:]+)\s*(=|\^=)\s*"([^"]*)"\s*$')
FILTERABLE = ("username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username",
              "cognito:user_status", "status", "sub")


def user_out(user: dict, names: list[str] | None = None, attributes_key: str = "Attributes") -> dict:
    attrs = [a for a in user["Attributes"] if names is None or a["Name"] in names]
    return {"Username": user["Username"], attributes_key: attrs, "UserCreateDate": user["UserCreateDate"],
            "UserLastModifiedDate": user["UserLastModifiedDate"], "Enabled": user["Enabled"],
            "UserStatus": user["UserStatus"]}


def _username(value) -> str:
    if not isinstance(value, str) or not _USERNAME.match(value):
        raise c.invalid_parameter("1 validation error detected: Value at 'username' failed to satisfy constraint: "
                                  "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+")
    return value


def new_user(pool: dict, username: str, attrs: dict[str, str], status: str, now: str) -> dict:
    """A user row; in an email pool the name given is the email and the user name the sub
    (a federated user keeps the name PROVIDER_SUBJECT: ``status`` EXTERNAL_PROVIDER)."""
    sub = ids.uuid4()
    if c.email_pool(pool) and status != "EXTERNAL_PROVIDER":
        if "@" not in username:
            raise c.invalid_parameter("Username should be an email.")
        attrs = {**attrs, "email": attrs.get("email", username)}
        username = sub
    attributes = [{"Name": "sub", "Value": sub}] + [{"Name": k, "Value": v} for k, v in attrs.items()]
    return {"Key": c.user_key(pool["Id"], username), "UserPoolId": pool["Id"], "Username": username, "Sub": sub,
            "Attributes": attributes, "UserStatus": status, "Enabled": True, "UserCreateDate": now,
            "UserLastModifiedDate": now, "Groups": [], "PasswordHash": None, "Code": None}


def set_attribute(user: dict, name: str, value: str) -> dict:
    attrs = [a for a in user["Attributes"] if a["Name"] != name] + [{"Name": name, "Value": value}]
    return {**user, "Attributes": attrs}


def _client_and_pool(ctx: CallContext, p: dict) -> tuple[dict, dict]:
    client = c.get_client(ctx, c.required(p, "ClientId"))
    return client, c.find_pool(ctx.world, client["UserPoolId"])


@operation("cognito-idp", "SignUp", public=True, unsigned=True)
@public_operation("cognito-idp:SignUp", "an app signs a new user up with its app client id", USER_POOL_GUIDE)
def sign_up(ctx: CallContext, p: dict) -> dict:
    client, pool = _client_and_pool(ctx, p)
    username = _username(c.required(p, "Username"))
    password = c.required(p, "Password")
    if pool["AdminCreateUserConfig"].get("AllowAdminCreateUserOnly"):
        raise c.not_authorized("SignUp is not permitted for this user pool")
    c.check_secret_hash(client, p.get("SecretHash"), (username,))
    attrs = user_attributes(pool, p.get("UserAttributes"))
    check_password(pool["Policies"]["PasswordPolicy"], password)
    if c.find_user(ctx.world, pool, username) is not None:
        raise AwsError("UsernameExistsException", "An account with the given email already exists."
                       if c.email_pool(pool) else "User already exists")
    user = new_user(pool, username, attrs, "UNCONFIRMED", c.iso(ctx.now()))
    user["PasswordHash"] = crypto.hash_password(password, ids.salt())
    user, details = send_code(ctx.world, pool, user)
    ctx.world[c.USERS].put(user)
    out: dict = {"UserConfirmed": False}
    if details:
        out["CodeDeliveryDetails"] = details
    out["UserSub"] = user["Sub"]
    return out


def _signed_up_user(ctx: CallContext, pool: dict, client: dict, p: dict) -> dict:
    username = c.required(p, "Username")
    user = c.find_user(ctx.world, pool, username)
    c.check_secret_hash(client, p.get("SecretHash"), (username, user["Username"] if user else ""))
    if user is None:
        raise c.user_not_found("Username/client id combination not found.")
    return user


@operation("cognito-idp", "ConfirmSignUp", public=True, unsigned=True)
@public_operation("cognito-idp:ConfirmSignUp",
                  "the user confirms their account with the code they received",
                  USER_POOL_GUIDE)
def confirm_sign_up(ctx: CallContext, p: dict) -> dict:
    client, pool = _client_and_pool(ctx, p)
    given = str(c.required(p, "ConfirmationCode"))
    user = _signed_up_user(ctx, pool, client, p)
    if user["UserStatus"] != "UNCONFIRMED":
        raise c.not_authorized(f"User cannot be confirmed. Current status is {user['UserStatus']}")
    code = user.get("Code")
    if not code or not hmac.compare_digest(code["Value"], given):
        raise AwsError("CodeMismatchException", "Invalid verification code provided, please try again.")
    if c.iso(ctx.now()) >= code["Expires"]:
        raise AwsError("ExpiredCodeException", "Invalid code provided, please request a code again.")
    destination = code_destination(pool, user)
    user = {**user, "UserStatus": "CONFIRMED", "Code": None, "UserLastModifiedDate": c.iso(ctx.now())}
    if destination is not None:
        user = set_attribute(user, f"{destination[0]}_verified", "true")
    ctx.world[c.USERS].put(user)
    return {}


@operation("cognito-idp", "ResendConfirmationCode", public=True, unsigned=True)
@public_operation("cognito-idp:ResendConfirmationCode",
                  "the app asks for a new code for a user who signed up",
                  USER_POOL_GUIDE)
def resend_confirmation_code(ctx: CallContext, p: dict) -> dict:
    client, pool = _client_and_pool(ctx, p)
    user = _signed_up_user(ctx, pool, client, p)
    if user["UserStatus"] != "UNCONFIRMED":
        raise c.invalid_parameter("User is already confirmed.")
    if code_destination(pool, user) is None:
        raise c.invalid_parameter("Cannot resend codes. Auto verification not turned on.")
    user, details = send_code(ctx.world, pool, user)
    ctx.world[c.USERS].put(user)
    return {"CodeDeliveryDetails": details}


@operation("cognito-idp", "AdminCreateUser")
def admin_create_user(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    username = _username(c.required(p, "Username"))
    c.authorize(ctx, "cognito-idp:AdminCreateUser", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    action = p.get("MessageAction")
    if action not in (None, "RESEND", "SUPPRESS"):
        raise c.invalid_parameter(f"1 validation error detected: Value '{action}' at 'messageAction' failed to "
                                  "satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]")
    mediums = list(p.get("DesiredDeliveryMediums") or ["SMS"])
    policy = pool["Policies"]["PasswordPolicy"]
    password = p.get("TemporaryPassword")
    if password:
        check_password(policy, password)
    else:
        password = ids.password(max(12, policy["MinimumLength"]))
    existing = c.find_user(ctx.world, pool, username)
    if action == "RESEND":
        if existing is None:
            raise c.user_not_found()
        if existing["UserStatus"] != "FORCE_CHANGE_PASSWORD":
            raise AwsError("UnsupportedUserStateException",
                           f"Resend not possible. {existing['Username']} status is not FORCE_CHANGE_PASSWORD.")
        user = existing
    else:
        if existing is not None:
            raise AwsError("UsernameExistsException", "User account already exists")
        user = new_user(pool, username, user_attributes(pool, p.get("UserAttributes"), admin=True),
                        "FORCE_CHANGE_PASSWORD", c.iso(ctx.now()))
    days = policy["TemporaryPasswordValidityDays"]
    user = {**user, "PasswordHash": crypto.hash_password(password, ids.salt()),
            "TemporaryPasswordExpires": c.iso(ctx.now() + timedelta(days=days))}
    if action != "SUPPRESS":
        send_invitation(ctx.world, user, password, mediums)
    ctx.world[c.USERS].put(user)
    return {"User": user_out(user)}


def _filter(expression):
    if not expression:
        return lambda u: True
    m = _FILTER.match(str(expression))
    if not m or m.group(1) not in FILTERABLE:
        raise c.invalid_parameter("Error while parsing filter.")
    name, op, value = m.groups()

    def actual(user: dict) -> str:
        if name == "username":
            return user["Username"]
        if name == "cognito:user_status":
            return user["UserStatus"]
        if name == "status":
            return "Enabled" if user["Enabled"] else "Disabled"
        return c.attributes(user).get(name, "")

    if op == "=":
        return lambda u: actual(u) == value
    return lambda u: actual(u).startswith(value)


@operation("cognito-idp", "ListUsers", mutates=False)
def list_users(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    limit = limit_of(p.get("Limit"), 0, 60, "limit", default=60) or 60
    c.authorize(ctx, "cognito-idp:ListUsers", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    names = p.get("AttributesToGet")
    if names is not None:
        custom = {a["Name"] for a in pool.get("Schema", []) if a.get("Custom")}
        for name in names:
            if name not in custom and not re.match(r"^[a-z_]+$", str(name)):
                raise c.invalid_parameter(f"One or more requested attributes do not exist: {name}")
    wanted = _filter(p.get("Filter"))
    users = [u for u in c.pool_users(ctx.world, pool["Id"]) if wanted(u)]
    return listing(users, p, limit, "ListUsers", "Users", lambda u: user_out(u, names), token="PaginationToken")


@operation("cognito-idp", "GetUser", public=True, mutates=False, unsigned=True)
@public_operation("cognito-idp:GetUser",
                  "a signed-in user reads their profile with their access token",
                  USER_POOL_GUIDE)
def get_user(ctx: CallContext, p: dict) -> dict:
    token = check_access_token(ctx.world, c.required(p, "AccessToken"))
    if ADMIN_SCOPE not in str(token.claims.get("scope", "")).split():
        raise c.not_authorized("Access Token does not have required scopes")
    user = token.user
    return {"Username": user["Username"], "UserAttributes": user["Attributes"]}
