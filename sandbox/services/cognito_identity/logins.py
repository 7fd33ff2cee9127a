"""The ``Logins`` of a GetId, GetOpenIdToken or GetCredentialsForIdentity request, checked as an
identity pool checks them.

Each entry is ``provider: token``: ``accounts.google.com`` with a Google ID token,
``graph.facebook.com`` or ``www.amazon.com`` with the provider's access token,
``cognito-idp.REGION.amazonaws.com/POOL`` with a user pool's ID token, an OIDC provider's
URL (``login.example.edu``) with its ID token. The pool accepts a token that is valid (its
issuer's signature, not expired), from a provider the pool names, and issued to the app the
pool names for it: the social app id, one of the user pool's app clients, one of the IAM
OIDC provider's client ids (Developer Guide, "Identity pools authentication flow"). A user
pool with ``ServerSideTokenCheck`` also refuses a token whose sign-in was revoked by
GlobalSignOut. A refusal is NotAuthorizedException ("Invalid login token. ...", "Token is
not from a supported provider of this identity pool.").
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox import idp
from sandbox.errors import AwsError
from sandbox.services.cognito_identity import common as c
from sandbox.services.cognito_idp.common import SESSIONS
from sandbox.services.iam import oidc_providers

SOCIAL = {"accounts.google.com": None, "graph.facebook.com": "graph.facebook.com", "www.amazon.com": "www.amazon.com"}
UNSUPPORTED = "Token is not from a supported provider of this identity pool."


@dataclass(frozen=True)
class Login:
    key: str  # the Logins key
    subject: str  # the person at that provider
    claims: dict  # the token's claims (role mapping rules read them)
    mapping_key: str  # the role mapping that applies: the provider, or a user pool's POOL:CLIENT
    amr: tuple[str, ...]  # what the identity pool's token says of this login

    @property
    def link(self) -> str:
        return f"{self.key}|{self.subject}"


def _refused(refused: idp.TokenRefused) -> AwsError:
    if refused.check == "expiry":
        return c.not_authorized(f"Invalid login token. {refused.message}")
    if refused.check in ("key", "signature", "form"):
        return c.not_authorized("Invalid login token. Couldn't verify signed token.")
    if refused.check == "audience":
        return c.not_authorized("Invalid login token. Incorrect token audience.")
    if refused.check == "issuer":
        return c.not_authorized("Invalid login token. Issuer doesn't match providerName")
    return c.not_authorized(f"Invalid login token. {refused.message}")


def _verify(world, token, provider_id=None, lookup=lambda host_path: None) -> idp.VerifiedToken:
    try:
        return idp.verify_web_identity_token(world, token, provider_id, iam_oidc_provider=lookup)
    except idp.TokenRefused as refused:
        raise _refused(refused) from None


def _social(world, pool: dict, key: str, token) -> Login:
    verified = _verify(world, token, SOCIAL[key])
    if verified.provider.id != key:
        raise c.not_authorized("Invalid login token. Issuer doesn't match providerName")
    allowed = [a.strip() for a in pool["SupportedLoginProviders"][key].split(",")]
    if verified.audience not in allowed:
        raise c.not_authorized("Invalid login token. Incorrect token audience.")
    return Login(key, verified.subject, verified.claims, key, (key, f"{key}:{verified.subject}"))


def _user_pool(world, pool: dict, key: str, token) -> Login:
    entries = [u for u in pool["CognitoIdentityProviders"] if u["ProviderName"] == key]
    clients = tuple(u["ClientId"] for u in entries)
    verified = _verify(world, token, None, lambda host_path: (idp.IamOidcProvider(key, clients)
                                                              if host_path == key else None))
    if verified.issuer != f"https://{key}":
        raise c.not_authorized("Invalid login token. Issuer doesn't match providerName")
    if verified.claims.get("token_use") != "id":
        raise c.not_authorized("Invalid login token. Not a valid OpenId Connect identity token.")
    entry = next(u for u in entries if u["ClientId"] == verified.audience)
    if entry["ServerSideTokenCheck"]:
        session = world[SESSIONS].get(str(verified.claims.get("origin_jti", "")))
        if session is None or session["Revoked"]:
            raise c.not_authorized("Invalid login token. Token has been revoked.")
    return Login(key, verified.subject, verified.claims, f"{key}:{verified.audience}",
                 (key, f"{key}:CognitoSignIn:{verified.subject}"))


def _oidc(world, pool: dict, key: str, token) -> Login:
    verified = _verify(world, token, None, lambda host_path: oidc_providers.lookup(world, host_path))
    if verified.issuer != f"https://{key}":
        raise c.not_authorized("Invalid login token. Issuer doesn't match providerName")
    return Login(key, verified.subject, verified.claims, key, (key, f"{key}:{verified.subject}"))


def check_logins(world, pool: dict, logins) -> list[Login]:
    """Every login of the request, checked; all must pass or the request fails."""
    if logins is not None and not isinstance(logins, dict):
        raise c.invalid_parameter("Logins is a map of provider names to tokens.")
    oidc = {arn.split(":oidc-provider/", 1)[1] for arn in pool.get("OpenIdConnectProviderARNs") or []}
    user_pools = {u["ProviderName"] for u in pool.get("CognitoIdentityProviders") or []}
    out = []
    for key, token in (logins or {}).items():
        if not isinstance(token, str) or not token:
            raise c.invalid_parameter(f"The login for {key} has no token.")
        if key in SOCIAL and key in (pool.get("SupportedLoginProviders") or {}):
            out.append(_social(world, pool, key, token))
        elif key in user_pools:
            out.append(_user_pool(world, pool, key, token))
        elif key in oidc:
            out.append(_oidc(world, pool, key, token))
        else:
            raise c.not_authorized(UNSUPPORTED)
    if len(logins or {}) > 10:
        raise c.invalid_parameter("A request has at most 10 logins.")
    return out


def amr(logins: list[Login]) -> list[str]:
    """The ``amr`` of the identity pool's token: ``authenticated`` and the logins, or ``unauthenticated``."""
    if not logins:
        return ["unauthenticated"]
    return ["authenticated", *[entry for login in logins for entry in login.amr]]
