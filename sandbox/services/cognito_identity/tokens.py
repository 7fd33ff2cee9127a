"""The identity pool's own OpenID Connect token (GetOpenIdToken, the basic flow), and the
sign-in every credential request starts with.

The token (Developer Guide, "Identity pools authentication flow" and "Role trust and
permissions") is issued by ``https://cognito-identity.amazonaws.com``, signed RS512 with the
keys of its ``jwks_uri``, and lives ten minutes: ``sub`` is the identity id, ``aud`` the
identity pool id and ``amr`` ``["unauthenticated"]`` or ``["authenticated", PROVIDER,
PROVIDER:ID...]``. A role trusting ``cognito-identity.amazonaws.com`` tests ``:aud`` and
``:amr`` in its trust policy; ``sts assume-role-with-web-identity`` then trades the token for
the role's credentials. The basic flow must be allowed on the pool (``AllowClassicFlow``),
and a pool with role mappings refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.idp import keys, sign_claims
from sandbox.idp.cognito import COGNITO_IDENTITY
from sandbox.services.cognito_identity import common as c
from sandbox.services.cognito_identity.identities import GUESTS_REFUSED, attach
from sandbox.services.cognito_identity.logins import Login, amr, check_logins
from sandbox.services.gateway import CallContext
from sandbox.services.jsonapi import IDENTITY_POOL_GUIDE, public_operation
from sandbox.services.registry import operation

TOKEN_LIFETIME = 600  # GetOpenIdToken: "The OpenID token is valid for 10 minutes."
LOGINS_DO_NOT_MATCH = "Logins don't match. Please include at least one valid login for this identity or identity pool."


@dataclass(frozen=True)
class SignedIn:
    """An identity and the logins that proved it in this request (none for a guest)."""

    pool: dict
    identity: dict
    logins: list[Login]

    @property
    def amr(self) -> list[str]:
        return amr(self.logins)


def sign_in(ctx: CallContext, identity_id, logins_param) -> SignedIn:
    """Check the request's logins against the identity (linking and merging as GetId does)."""
    identity = c.get_identity(ctx, identity_id)
    pool = c.find_pool(ctx.world, identity["IdentityPoolId"])
    if identity.get("Disabled"):
        raise c.not_authorized(f"Identity '{identity['IdentityId']}' is disabled.")
    logins = check_logins(ctx.world, pool, logins_param)
    if identity["Logins"] and not logins:
        raise c.not_authorized(LOGINS_DO_NOT_MATCH)
    if not logins:
        if not pool["AllowUnauthenticatedIdentities"]:
            raise c.not_authorized(GUESTS_REFUSED)
        return SignedIn(pool, identity, [])
    return SignedIn(pool, attach(ctx, pool, logins, identity), logins)


def open_id_token(ctx: CallContext, signed: SignedIn) -> str:
    """The identity pool's token for the identity, signed by Cognito identity's current key."""
    world = ctx.world
    keys.store(world, COGNITO_IDENTITY)
    iat = int(ctx.now().timestamp())
    pool_id = signed.pool["IdentityPoolId"]
    claims = {"sub": signed.identity["IdentityId"], "aud": pool_id, "amr": signed.amr,
              "https://cognito-identity.amazonaws.com/identity-pool-arn": c.pool_arn(ctx.account, pool_id),
              "iss": COGNITO_IDENTITY.issuer, "exp": iat + TOKEN_LIFETIME, "iat": iat}
    return sign_claims(world, COGNITO_IDENTITY, claims, headers={"typ": "JWS"})


@operation("cognito-identity", "GetOpenIdToken", public=True, mutates=False, unsigned=True)
@public_operation("cognito-identity:GetOpenIdToken",
                  "an app asks for the identity pool's token for its user (the basic flow)", IDENTITY_POOL_GUIDE)
def get_open_id_token(ctx: CallContext, p: dict) -> dict:
    signed = sign_in(ctx, c.required(p, "IdentityId"), p.get("Logins"))
    if not signed.pool.get("AllowClassicFlow"):
        raise c.invalid_parameter("Basic (classic) flow is not enabled, please use enhanced flow.")
    if signed.pool.get("RoleMappings"):
        raise c.invalid_parameter("Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.")
    return {"IdentityId": signed.identity["IdentityId"], "Token": open_id_token(ctx, signed)}
