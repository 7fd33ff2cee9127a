"""Amazon Cognito as a token issuer: the identity pools' OpenID tokens and each user pool's tokens.

Two kinds of issuer, beside the social providers (``providers``):

- Cognito identity pools, ``cognito-identity.amazonaws.com``: ``GetOpenIdToken`` gives an
  OpenID Connect token with ``iss`` ``https://cognito-identity.amazonaws.com``, ``aud`` the
  identity pool id, ``sub`` the identity id and ``amr`` (``authenticated`` and the logins,
  or ``unauthenticated``), signed RS512 with keys whose ``kid`` is ``us-east-1-N``, published
  at ``https://cognito-identity.amazonaws.com/.well-known/jwks_uri`` (Amazon Cognito
  Developer Guide, "Identity pools authentication flow"). STS trusts it as it trusts Google:
  a trust policy names ``"Federated": "cognito-identity.amazonaws.com"``.
- Each user pool, ``cognito-idp.REGION.amazonaws.com/POOL_ID``: ID and access tokens with
  ``iss`` ``https://cognito-idp.REGION.amazonaws.com/POOL_ID``, signed RS256; the pool's key
  set at ``ISSUER/.well-known/jwks.json`` has two keys, the first for ID tokens and the second
  for access tokens, with base64 ``kid``s ("Verifying a JSON web token"). STS accepts a user
  pool's ID token only through an IAM OIDC identity provider for that issuer, like any OIDC
  issuer. The pools are the ``cognito_user_pools`` table's rows (the cognito-idp service
  keeps them); a pool's keys are made at its first token, as the providers' are.
"""

from __future__ import annotations

import re

from sandbox.idp.providers import Provider

IDENTITY_POOLS_ID = "cognito-identity.amazonaws.com"
COGNITO_IDENTITY = Provider(
    IDENTITY_POOLS_ID, "cognito-identity", "Amazon Cognito identity pools", "https://cognito-identity.amazonaws.com",
    "ID token", "https://cognito-identity.amazonaws.com/.well-known/openid-configuration",
    "https://cognito-identity.amazonaws.com/.well-known/jwks_uri", ("cognito-identity",), algorithm="RS512")
USER_POOLS = "cognito_user_pools"
_POOL_ID = re.compile(r"^([a-z]{2}(?:-gov)?-[a-z]+-\d)_[0-9A-Za-z]+$")
_POOL_ISSUER = re.compile(r"^https://cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/([\w-]+)$")


def pool_region(pool_id: str) -> str | None:
    m = _POOL_ID.match(pool_id or "")
    return m.group(1) if m else None


def user_pool_issuer(pool_id: str) -> str:
    return f"https://cognito-idp.{pool_region(pool_id)}.amazonaws.com/{pool_id}"


def user_pool_provider(pool_id: str) -> Provider:
    """The issuer a user pool is (its id is the provider name identity pools and IAM use)."""
    issuer = user_pool_issuer(pool_id)
    return Provider(issuer[len("https://"):], "cognito-idp", f"Cognito user pool {pool_id}", issuer, "ID token",
                    f"{issuer}/.well-known/openid-configuration", f"{issuer}/.well-known/jwks.json",
                    signing_keys=2)


def user_pool_providers(world) -> list[Provider]:
    return [user_pool_provider(row["Id"]) for row in world[USER_POOLS].all() if pool_region(row.get("Id", ""))]


def user_pool_for_issuer(world, iss: str) -> Provider | None:
    """The pool whose tokens carry ``iss``, if it exists in this world."""
    m = _POOL_ISSUER.match(iss or "")
    if not m or pool_region(m.group(2)) != m.group(1):
        return None
    row = world[USER_POOLS].get(m.group(2))
    if row is None or row["Id"] != m.group(2):  # pool ids are case-sensitive; the table's keys are not
        return None
    return user_pool_provider(row["Id"])


def discovery(provider: Provider) -> dict:
    """The OpenID Connect discovery document a Cognito issuer serves."""
    if provider.kind == "cognito-identity":
        return {"issuer": provider.issuer, "jwks_uri": provider.jwks_url,
                "response_types_supported": ["id_token"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": [provider.algorithm],
                "claims_supported": ["aud", "amr", "exp", "iat", "iss", "sub"]}
    return {"issuer": provider.issuer, "jwks_uri": provider.jwks_url,
            "id_token_signing_alg_values_supported": [provider.algorithm],
            "response_types_supported": ["code", "token"], "subject_types_supported": ["public"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}
