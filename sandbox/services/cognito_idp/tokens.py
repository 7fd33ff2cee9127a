"""The tokens a user pool issues at sign-in, and how it checks them again.

As Amazon Cognito issues them (Developer Guide, "Understanding user pool JSON web tokens"):

- the ID token (``token_use`` ``id``): ``sub``, ``cognito:groups``, ``email_verified``, ``iss``
  ``https://cognito-idp.REGION.amazonaws.com/POOL``, ``cognito:username``, ``origin_jti``,
  ``cognito:roles``, ``aud`` (the app client id), ``event_id``, ``auth_time``,
  ``cognito:preferred_role``, ``exp``, ``iat``, ``jti`` and the user's attributes (``email``...);
- the access token (``token_use`` ``access``): ``sub``, ``cognito:groups``, ``iss``,
  ``client_id``, ``origin_jti``, ``event_id``, ``scope``, ``auth_time``, ``exp``, ``iat``,
  ``jti``, ``username``, and no ``aud``;
- the refresh token: opaque to the app (AWS sends an encrypted JWT; here a string of the
  same shape that only the pool can look up).

Both JWTs are signed RS256 by the pool's own keys (``sandbox.idp.cognito``): the first key of
its JWKS signs ID tokens, the second access tokens; the header is ``{"kid", "alg"}``.
``cognito:groups`` lists the user's groups by precedence; ``cognito:roles`` the groups'
roles and ``cognito:preferred_role`` the role of the group with the lowest precedence
value, left out when two groups with roles share that precedence ("Adding groups to a user
pool").

Each sign-in is a row of ``cognito_auth_sessions`` named by its ``origin_jti``: the refresh
token's hash, when it expires, and whether GlobalSignOut revoked it, which revokes the
access tokens issued with it too.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sandbox.idp import keys, sign_claims
from sandbox.idp.cognito import user_pool_issuer, user_pool_provider
from sandbox.idp.seed import seal
from sandbox.idp.verify import Failure, check_signature, key_for, parse
from sandbox.services.cognito_idp import common as c
from sandbox.services.cognito_idp.clients import lifetime
from sandbox.world import ids

ADMIN_SCOPE = "aws.cognito.signin.user.admin"
# the header of Cognito's refresh tokens (a JWE: RSA-OAEP key wrapping, AES-GCM content)
_REFRESH_HEADER = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ"
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def group_claims(world, pool_id: str, user: dict) -> dict:
    """``cognito:groups``, ``cognito:roles`` and ``cognito:preferred_role`` for the user."""
    groups = [g for g in (world[c.GROUPS].get(c.user_key(pool_id, name)) for name in user.get("Groups", [])) if g]
    if not groups:
        return {}
    groups.sort(key=lambda g: (g.get("Precedence") is None, g.get("Precedence") or 0, g["CreationDate"]))
    out: dict = {"cognito:groups": [g["GroupName"] for g in groups]}
    with_roles = [g for g in groups if g.get("RoleArn")]
    if with_roles:
        out["cognito:roles"] = list(dict.fromkeys(g["RoleArn"] for g in with_roles))
        ranked = [g for g in with_roles if g.get("Precedence") is not None]
        if ranked:
            best = ranked[0]["Precedence"]
            tied = {g["RoleArn"] for g in ranked if g["Precedence"] == best}
            if len(tied) == 1:
                out["cognito:preferred_role"] = ranked[0]["RoleArn"]
        elif len(with_roles) == 1:
            out["cognito:preferred_role"] = with_roles[0]["RoleArn"]
    return out


def _refresh_token() -> str:
    parts = [ids.chars(_B64, n) for n in (342, 22, 1500, 22)]
    return ".".join([_REFRESH_HEADER, *parts])


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _sign(world, pool_id: str, claims: dict, index: int) -> str:
    provider = user_pool_provider(pool_id)
    keys.store(world, provider)  # a pool's keys are made at its first token, then kept
    kid = next(k["Kid"] for k in keys.row(world, provider)["Keys"] if k["Index"] == index)
    return sign_claims(world, provider, claims, kid=kid, headers={"typ": None})


def issue(world, pool: dict, client: dict, user: dict, *, auth_time: int, scope: str = ADMIN_SCOPE,
          session: dict | None = None, extra_id_claims: dict | None = None) -> dict:
    """A sign-in's ``AuthenticationResult`` (inside a transaction). ``session``: the sign-in
    being refreshed (REFRESH_TOKEN_AUTH: new ID and access tokens, no new refresh token)."""
    now = world.now()
    iat = int(now.timestamp())
    attrs = c.attributes(user)
    groups = group_claims(world, pool["Id"], user)
    origin_jti = session["Id"] if session else ids.uuid4()
    issuer = user_pool_issuer(pool["Id"])
    id_claims: dict = {"sub": user["Sub"]}
    if "cognito:groups" in groups:
        id_claims["cognito:groups"] = groups["cognito:groups"]
    if "email_verified" in attrs:
        id_claims["email_verified"] = attrs["email_verified"] == "true"
    id_claims.update({"iss": issuer, "cognito:username": user["Username"], "origin_jti": origin_jti})
    if "cognito:roles" in groups:
        id_claims["cognito:roles"] = groups["cognito:roles"]
    id_claims.update({"aud": client["ClientId"], "event_id": ids.uuid4(), "token_use": "id",
                      "auth_time": auth_time})
    if "cognito:preferred_role" in groups:
        id_claims["cognito:preferred_role"] = groups["cognito:preferred_role"]
    for name, value in attrs.items():
        if name not in ("sub", "email_verified", "phone_number_verified", "identities"):
            id_claims[name] = value
    if "phone_number_verified" in attrs:
        id_claims["phone_number_verified"] = attrs["phone_number_verified"] == "true"
    id_claims.update(extra_id_claims or {})
    id_claims.update({"exp": iat + lifetime(client, "IdToken"), "iat": iat, "jti": ids.uuid4()})
    access_claims: dict = {"sub": user["Sub"]}
    if "cognito:groups" in groups:
        access_claims["cognito:groups"] = groups["cognito:groups"]
    access_claims.update({"iss": issuer, "client_id": client["ClientId"], "origin_jti": origin_jti,
                          "event_id": id_claims["event_id"], "token_use": "access", "scope": scope,
                          "auth_time": auth_time, "exp": iat + lifetime(client, "AccessToken"), "iat": iat,
                          "jti": ids.uuid4(), "username": user["Username"]})
    result = {"AccessToken": _sign(world, pool["Id"], access_claims, 2),
              "ExpiresIn": lifetime(client, "AccessToken"), "TokenType": "Bearer"}
    if session is None:
        refresh = _refresh_token()
        world[c.SESSIONS].put({
            "Id": origin_jti, "UserPoolId": pool["Id"], "Username": user["Username"], "ClientId": client["ClientId"],
            "RefreshHash": _hash(refresh), "AuthTime": auth_time, "Scope": scope, "Revoked": False,
            "RefreshExpires": c.iso(now + timedelta(seconds=lifetime(client, "RefreshToken")))})
        result["RefreshToken"] = refresh
        _forget_expired(world, now)
    result["IdToken"] = _sign(world, pool["Id"], id_claims, 1)
    return result


def _forget_expired(world, now: datetime) -> None:
    horizon = c.iso(now - timedelta(days=1))
    world[c.SESSIONS].delete_where(lambda s: s["RefreshExpires"] < horizon)


def session_for_refresh(world, client: dict, token) -> dict:
    """The sign-in a refresh token belongs to, or the NotAuthorizedException Cognito gives."""
    if not isinstance(token, str) or not token:
        raise c.invalid_parameter("Missing required parameter REFRESH_TOKEN")
    wanted = _hash(token)
    session = next(iter(world[c.SESSIONS].where(lambda s: s["RefreshHash"] == wanted)), None)
    if session is None or session["ClientId"] != client["ClientId"]:
        raise c.not_authorized("Invalid Refresh Token")
    if session["Revoked"]:
        raise c.not_authorized("Refresh Token has been revoked")
    if c.iso(world.now()) >= session["RefreshExpires"]:
        raise c.not_authorized("Refresh Token has expired")
    return session


@dataclass(frozen=True)
class AccessToken:
    pool: dict
    user: dict
    claims: dict


def check_access_token(world, token) -> AccessToken:
    """An access token as GetUser and GlobalSignOut accept it, or Cognito's refusal."""
    invalid = c.not_authorized("Invalid Access Token")
    if not isinstance(token, str) or not token:
        raise invalid
    try:
        parsed = parse(token)
    except Failure:
        raise invalid from None
    iss = parsed.claims.get("iss")
    pool_id = iss.rsplit("/", 1)[-1] if isinstance(iss, str) else ""
    pool = c.find_pool(world, pool_id)
    if pool is None or user_pool_issuer(pool["Id"]) != iss:
        raise invalid
    provider = user_pool_provider(pool["Id"])
    try:
        check_signature(world, provider, parsed, key_for(world, provider, parsed))
    except Failure:
        raise invalid from None
    claims = parsed.claims
    if claims.get("token_use") != "access":
        raise invalid
    exp = claims.get("exp")
    if not isinstance(exp, (int, float)) or world.now() >= datetime.fromtimestamp(exp, UTC):
        raise c.not_authorized("Access Token has expired")
    session = world[c.SESSIONS].get(str(claims.get("origin_jti", "")))
    if session is None or session["Revoked"]:
        raise c.not_authorized("Access Token has been revoked")
    user = world[c.USERS].get(c.user_key(pool["Id"], str(claims.get("username", ""))))
    if user is None or user["UserPoolId"] != pool["Id"] or user["Sub"] != claims.get("sub"):
        raise c.user_not_found()
    if not user["Enabled"]:
        raise c.not_authorized("User is disabled.")
    return AccessToken(pool, user, claims)


def revoke_all(world, pool_id: str, username: str) -> int:
    """GlobalSignOut: every sign-in of the user is revoked, refresh and access tokens alike."""
    rows = world[c.SESSIONS].where(lambda s: s["UserPoolId"] == pool_id and s["Username"] == username
                                   and not s["Revoked"])
    for row in rows:
        world[c.SESSIONS].put({**row, "Revoked": True})
    return len(rows)


def challenge_session(world, pool_id: str, username: str, challenge: str) -> str:
    """The ``Session`` a challenge hands back: who is signing in and until when, sealed with a
    key derived from the world's seed, so that it cannot be changed or made up."""
    expires = int(world.now().timestamp()) + 180  # AuthSessionValidity: 3 minutes
    body = base64.urlsafe_b64encode(f"{pool_id}|{username}|{challenge}|{expires}".encode()).decode().rstrip("=")
    return f"{body}.{_seal(world, body)}"


def open_session(world, session, challenge: str) -> tuple[str, str]:
    """``(pool id, user name)`` of a challenge's Session, or NotAuthorizedException."""
    if not isinstance(session, str) or "." not in session:
        raise c.not_authorized("Invalid session for the user.")
    body, _, seal = session.rpartition(".")
    if seal != _seal(world, body):
        raise c.not_authorized("Invalid session for the user.")
    try:
        pool_id, username, name, expires = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode().split("|")
        expires_at = int(expires)
    except (ValueError, UnicodeDecodeError):
        raise c.not_authorized("Invalid session for the user.") from None
    if name != challenge:
        raise c.invalid_parameter(f"Invalid challenge name {challenge} for this session.")
    if world.now().timestamp() >= expires_at:
        raise c.not_authorized("Invalid session for the user, session is expired.")
    return pool_id, username


def _seal(world, body: str) -> str:
    return seal(world, "cognito-idp-session", body)
