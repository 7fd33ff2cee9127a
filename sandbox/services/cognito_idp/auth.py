"""Signing in to a user pool: InitiateAuth (public), AdminInitiateAuth (a server with AWS
credentials), the NEW_PASSWORD_REQUIRED challenge, refresh tokens, and GlobalSignOut.

The flows (API Reference, InitiateAuth; Developer Guide, "Authentication flows"):
USER_PASSWORD_AUTH sends the user name and password, if the app client allows it
(``ALLOW_USER_PASSWORD_AUTH``); ADMIN_USER_PASSWORD_AUTH does the same from a server through
AdminInitiateAuth (``ALLOW_ADMIN_USER_PASSWORD_AUTH``); REFRESH_TOKEN_AUTH trades a refresh
token for new ID and access tokens. A wrong password, and by default an unknown user, give
"Incorrect username or password." (an unknown user is "User does not exist." when the
client's PreventUserExistenceErrors is LEGACY); a user who has not confirmed their account
gets UserNotConfirmedException; a user made by an administrator must first choose a new
password (NEW_PASSWORD_REQUIRED, answered with RespondToAuthChallenge).
"""

from __future__ import annotations

import json

from sandbox import crypto
from sandbox.errors import AwsError
from sandbox.services.cognito_idp import common as c
from sandbox.services.cognito_idp.clients import effective_flows
from sandbox.services.cognito_idp.schema import check_password
from sandbox.services.cognito_idp.tokens import (
    ADMIN_SCOPE,
    challenge_session,
    check_access_token,
    issue,
    open_session,
    revoke_all,
    session_for_refresh,
)
from sandbox.services.cognito_idp.users import set_attribute
from sandbox.services.gateway import CallContext
from sandbox.services.jsonapi import USER_POOL_GUIDE, public_operation
from sandbox.services.registry import operation
from sandbox.world import ids

FLOWS = ("USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "ADMIN_NO_SRP_AUTH",
         "USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH")
ADMIN_FLOWS = ("ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH")
REFRESH_FLOWS = ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN")
NEW_PASSWORD = "NEW_PASSWORD_REQUIRED"
CHALLENGES = ("SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "PASSWORD_VERIFIER",
              "CUSTOM_CHALLENGE", "SELECT_CHALLENGE", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER",
              "ADMIN_NO_SRP_AUTH", NEW_PASSWORD, "SMS_OTP", "PASSWORD", "WEB_AUTHN", "PASSWORD_SRP")


def _flow(p: dict) -> str:
    flow = c.required(p, "AuthFlow")
    if flow not in FLOWS:
        raise c.invalid_parameter(f"1 validation error detected: Value '{flow}' at 'authFlow' failed to satisfy "
                                  f"constraint: Member must satisfy enum value set: [{', '.join(FLOWS)}]")
    return flow


def _parameter(params: dict, name: str) -> str:
    value = params.get(name)
    if not isinstance(value, str) or not value:
        raise c.invalid_parameter(f"Missing required parameter {name}")
    return value


def _password_sign_in(ctx: CallContext, pool: dict, client: dict, params: dict) -> dict:
    username = _parameter(params, "USERNAME")
    password = _parameter(params, "PASSWORD")
    user = c.find_user(ctx.world, pool, username)
    c.check_secret_hash(client, params.get("SECRET_HASH"), (username, user["Username"] if user else ""))
    if user is None:
        if client.get("PreventUserExistenceErrors") == "ENABLED":
            raise c.not_authorized("Incorrect username or password.")
        raise c.user_not_found()
    if not user.get("PasswordHash") or not crypto.check_password(password, user["PasswordHash"]):
        raise c.not_authorized("Incorrect username or password.")
    if not user["Enabled"]:
        raise c.not_authorized("User is disabled.")
    if user["UserStatus"] == "UNCONFIRMED":
        raise AwsError("UserNotConfirmedException", "User is not confirmed.")
    if user["UserStatus"] == "RESET_REQUIRED":
        raise AwsError("PasswordResetRequiredException", "Password reset required for the user")
    if user["UserStatus"] == "FORCE_CHANGE_PASSWORD":
        expires = user.get("TemporaryPasswordExpires")
        if expires and c.iso(ctx.now()) >= expires:
            raise c.not_authorized("Temporary password has expired and must be reset by an administrator.")
        shown = {a["Name"]: a["Value"] for a in user["Attributes"] if a["Name"] not in ("sub", "email_verified",
                                                                                         "phone_number_verified")}
        return {"ChallengeName": NEW_PASSWORD, "Session": challenge_session(ctx.world, pool["Id"], user["Username"],
                                                                           NEW_PASSWORD),
                "ChallengeParameters": {"USER_ID_FOR_SRP": user["Username"], "requiredAttributes": "[]",
                                        "userAttributes": json.dumps(shown)}}
    auth_time = int(ctx.now().timestamp())
    return {"ChallengeParameters": {}, "AuthenticationResult": issue(ctx.world, pool, client, user,
                                                                      auth_time=auth_time)}


def _refresh(ctx: CallContext, pool: dict, client: dict, params: dict) -> dict:
    session = session_for_refresh(ctx.world, client, params.get("REFRESH_TOKEN"))
    user = ctx.world[c.USERS].get(c.user_key(pool["Id"], session["Username"]))
    if user is None or user["UserPoolId"] != pool["Id"]:
        raise c.not_authorized("Invalid Refresh Token")
    c.check_secret_hash(client, params.get("SECRET_HASH"),
                        (str(params.get("USERNAME", "")), user["Username"], user["Sub"]))
    if not user["Enabled"]:
        raise c.not_authorized("User is disabled.")
    result = issue(ctx.world, pool, client, user, auth_time=session["AuthTime"],
                   scope=session.get("Scope", ADMIN_SCOPE), session=session)
    return {"ChallengeParameters": {}, "AuthenticationResult": result}


def _not_here(flow: str, client: dict, params: dict) -> AwsError:
    """Flows that need what the sandbox does not run: SRP's client-side math, Lambda triggers."""
    if flow == "CUSTOM_AUTH":
        return c.invalid_parameter("Custom auth lambda trigger is not configured for the user pool.")
    if flow == "USER_SRP_AUTH" and not params.get("SRP_A"):
        return c.invalid_parameter("Missing required parameter SRP_A")
    return c.invalid_parameter(f"{flow} needs a client-side protocol the sandbox does not run; sign in with "
                               "USER_PASSWORD_AUTH (allow it on the app client with ALLOW_USER_PASSWORD_AUTH).")


@operation("cognito-idp", "InitiateAuth", public=True, mutates=False, unsigned=True)
@public_operation("cognito-idp:InitiateAuth", "a user signs in through the app client", USER_POOL_GUIDE)
def initiate_auth(ctx: CallContext, p: dict) -> dict:
    flow = _flow(p)
    client = c.get_client(ctx, c.required(p, "ClientId"))
    pool = c.find_pool(ctx.world, client["UserPoolId"])
    params = dict(p.get("AuthParameters") or {})
    if flow in ADMIN_FLOWS:
        raise c.invalid_parameter("Initiate Auth method not supported.")
    allowed = effective_flows(client)
    if flow in REFRESH_FLOWS:
        if "ALLOW_REFRESH_TOKEN_AUTH" not in allowed:
            raise c.invalid_parameter("REFRESH_TOKEN_AUTH flow not enabled for this client")
        return _refresh(ctx, pool, client, params)
    if f"ALLOW_{flow}" not in allowed:
        raise c.invalid_parameter(f"{flow} flow not enabled for this client")
    if flow != "USER_PASSWORD_AUTH":
        raise _not_here(flow, client, params)
    return _password_sign_in(ctx, pool, client, params)


@operation("cognito-idp", "AdminInitiateAuth", mutates=False)
def admin_initiate_auth(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    flow = _flow(p)
    client_id = c.required(p, "ClientId")
    c.authorize(ctx, "cognito-idp:AdminInitiateAuth", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    client = c.get_client(ctx, client_id, pool["Id"])
    params = dict(p.get("AuthParameters") or {})
    allowed = effective_flows(client)
    if flow in REFRESH_FLOWS:
        if "ALLOW_REFRESH_TOKEN_AUTH" not in allowed:
            raise c.invalid_parameter("REFRESH_TOKEN_AUTH flow not enabled for this client")
        return _refresh(ctx, pool, client, params)
    if flow not in ADMIN_FLOWS:
        if flow == "USER_PASSWORD_AUTH":
            raise c.invalid_parameter("Initiate Auth method not supported.")
        raise _not_here(flow, client, params)
    if "ALLOW_ADMIN_USER_PASSWORD_AUTH" not in allowed:
        raise c.invalid_parameter("Auth flow not enabled for this client")
    return _password_sign_in(ctx, pool, client, params)


@operation("cognito-idp", "RespondToAuthChallenge", public=True, unsigned=True)
@public_operation("cognito-idp:RespondToAuthChallenge",
                  "the app answers the challenge its sign-in received",
                  USER_POOL_GUIDE)
def respond_to_auth_challenge(ctx: CallContext, p: dict) -> dict:
    client = c.get_client(ctx, c.required(p, "ClientId"))
    challenge = c.required(p, "ChallengeName")
    if challenge not in CHALLENGES:
        raise c.invalid_parameter(f"1 validation error detected: Value '{challenge}' at 'challengeName' failed to "
                                  f"satisfy constraint: Member must satisfy enum value set: [{', '.join(CHALLENGES)}]")
    if challenge != NEW_PASSWORD:
        raise c.invalid_parameter(f"Invalid challenge name {challenge} for this session: the sandbox's user pools "
                                  "ask only NEW_PASSWORD_REQUIRED.")
    pool_id, username = open_session(ctx.world, p.get("Session"), challenge)
    pool = c.find_pool(ctx.world, pool_id)
    if pool is None or client["UserPoolId"] != pool_id:
        raise c.not_authorized("Invalid session for the user.")
    responses = dict(p.get("ChallengeResponses") or {})
    given = _parameter(responses, "USERNAME")
    new_password = _parameter(responses, "NEW_PASSWORD")
    user = c.find_user(ctx.world, pool, given)
    c.check_secret_hash(client, responses.get("SECRET_HASH"), (given, user["Username"] if user else ""))
    if user is None or user["Username"] != username or user["UserStatus"] != "FORCE_CHANGE_PASSWORD":
        raise c.not_authorized("Invalid session for the user.")
    check_password(pool["Policies"]["PasswordPolicy"], new_password)
    user = {**user, "UserStatus": "CONFIRMED", "PasswordHash": crypto.hash_password(new_password, ids.salt()),
            "TemporaryPasswordExpires": None, "UserLastModifiedDate": c.iso(ctx.now())}
    for key, value in responses.items():
        if key.startswith("userAttributes."):
            user = set_attribute(user, key[len("userAttributes."):], str(value))
    ctx.world[c.USERS].put(user)
    result = issue(ctx.world, pool, client, user, auth_time=int(ctx.now().timestamp()))
    return {"ChallengeParameters": {}, "AuthenticationResult": result}


@operation("cognito-idp", "GlobalSignOut", public=True, unsigned=True)
@public_operation("cognito-idp:GlobalSignOut",
                  "a signed-in user signs out everywhere with their access token",
                  USER_POOL_GUIDE)
def global_sign_out(ctx: CallContext, p: dict) -> dict:
    token = check_access_token(ctx.world, c.required(p, "AccessToken"))
    if ADMIN_SCOPE not in str(token.claims.get("scope", "")).split():
        raise c.not_authorized("Access Token does not have required scopes")
    revoke_all(ctx.world, token.pool["Id"], token.user["Username"])
    return {}
