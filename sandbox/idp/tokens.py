"""Signing in: the token each provider gives an app, signed RS256 with the provider's current key.

The claims are each provider's own names, and times come from the world's clock:

- Google ID token (OpenID Connect): ``iss`` ``https://accounts.google.com``, ``azp`` and
  ``aud`` (the app's client id), ``sub``, ``email``, ``email_verified``, ``iat``, ``exp``.
- Login with Amazon access token: ``iss`` ``https://www.amazon.com``, ``app_id`` (the client
  id), ``user_id``, ``iat``, ``exp``.
- Facebook access token: ``iss`` ``https://www.facebook.com``, ``app_id``, ``id`` (the
  app-scoped user id), ``iat``, ``exp``.
- An instructor's OIDC issuer: ``iss`` (its URL), ``aud``, ``sub``, ``email``,
  ``email_verified``, ``iat``, ``exp``.

The header is ``{"alg": "RS256", "kid": ..., "typ": "JWT"}``. Real Amazon and Facebook
access tokens are opaque strings; these are JWTs so that a learner can read them.
"""

from __future__ import annotations

from dataclasses import dataclass

import jwt

from sandbox.idp import directory, keys
from sandbox.idp.errors import IdpError
from sandbox.idp.providers import Provider

DEFAULT_LIFETIME = 3600  # Google's ID tokens live one hour
MIN_LIFETIME = 60
MAX_LIFETIME = 86400


@dataclass(frozen=True)
class SignIn:
    token: str
    claims: dict
    app: dict
    account: dict
    new_account: bool  # the provider made the account at this sign-in
    kid: str


def claims_for(provider: Provider, client_id: str, email: str, subject: str, iat: int, exp: int) -> dict:
    if provider.kind == "google":
        return {"iss": provider.issuer, "azp": client_id, "aud": client_id, "sub": subject, "email": email,
                "email_verified": True, "iat": iat, "exp": exp}
    if provider.kind == "amazon":
        return {"iss": provider.issuer, "app_id": client_id, "user_id": subject, "iat": iat, "exp": exp}
    if provider.kind == "facebook":
        return {"iss": provider.issuer, "app_id": client_id, "id": subject, "iat": iat, "exp": exp}
    return {"iss": provider.issuer, "aud": client_id, "sub": subject, "email": email, "email_verified": True,
            "iat": iat, "exp": exp}


def sign_claims(world, provider: Provider, claims: dict, kid: str | None = None, headers: dict | None = None) -> str:
    """Sign any claims with one of the provider's published keys (the current one by default).

    For scenarios and tests that need a token no sign-in gives (one not valid yet, one with a
    foreign audience): signed by the provider, so only the claims can make it fail.
    """
    entry = keys.signing_entry(world, provider) if kid is None else keys.find(world, provider, kid)
    if entry is None:
        raise IdpError(f"{provider.name} publishes no key {kid!r}.")
    return jwt.encode(claims, keys.private_key(world, provider, entry), algorithm=keys.ALGORITHM,
                      headers={**(headers or {}), "kid": entry["Kid"]})


def sign_in(world, provider: Provider, email: str, client_id: str, lifetime: int = DEFAULT_LIFETIME) -> SignIn:
    """A person signs in to an app with ``provider`` (inside a transaction): the token the app gets."""
    if not MIN_LIFETIME <= lifetime <= MAX_LIFETIME:
        raise IdpError(f"A token's lifetime is {MIN_LIFETIME} to {MAX_LIFETIME} seconds (a minute to a day), "
                       f"not {lifetime}.")
    app = directory.require_app(world, provider, client_id)
    account, new = directory.account_for_sign_in(world, provider, email)
    keys.store(world, provider)
    now = world.now()
    iat = int(now.timestamp())
    subject = directory.subject_for(world, provider, account, client_id)
    claims = claims_for(provider, client_id, account["Email"], subject, iat, iat + lifetime)
    world[directory.ACCOUNTS].put({**account, "LastSignIn": now.replace(microsecond=0).isoformat()})
    entry = keys.signing_entry(world, provider)
    return SignIn(sign_claims(world, provider, claims), claims, app, account, new, entry["Kid"])
