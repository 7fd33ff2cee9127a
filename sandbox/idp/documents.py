"""What the providers serve at their URLs: discovery documents and key sets (for ``curl``).

``document_for_url(world, url)`` answers a GET of a provider URL from inside the sandbox
(never the network): Google's ``https://accounts.google.com/.well-known/openid-configuration``
and ``https://www.googleapis.com/oauth2/v3/certs``, Facebook's
``https://www.facebook.com/.well-known/openid-configuration/`` and
``https://www.facebook.com/.well-known/oauth/openid/jwks/``, and for an instructor's issuer
``URL/.well-known/openid-configuration`` and ``URL/.well-known/jwks.json``, and Cognito's:
``https://cognito-identity.amazonaws.com/.well-known/jwks_uri`` (identity pools) and each
user pool's ``https://cognito-idp.REGION.amazonaws.com/POOL_ID/.well-known/jwks.json``
(``cognito.py``). It returns None
for any other URL (the shell's curl reports that it could not resolve the host, or the
provider's 404). The discovery documents carry the fields of the real ones (OpenID Connect
Discovery 1.0) that matter here; the key sets are the world's keys.

``served_host(world, host)`` says whether a provider of the world answers at ``host`` (curl
resolves it), and ``ca_thumbprint(world, url)`` is the thumbprint IAM would retrieve for an
OIDC provider's URL when it is given none: the SHA-1 of the top intermediate certificate
authority of the server's certificate (IAM API Reference, CreateOpenIDConnectProvider,
``ThumbprintList``), None when no provider of the world serves that host.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sandbox.idp import cognito, keys, seed
from sandbox.idp.issuers import all_issuers
from sandbox.idp.providers import FACEBOOK, GOOGLE, Provider


@dataclass(frozen=True)
class Document:
    url: str
    content_type: str
    body: str  # JSON text, as the provider sends it


def discovery(provider: Provider) -> dict:
    """The OpenID Connect discovery document of ``provider`` (None for Login with Amazon)."""
    if provider.kind == "google":
        return {
            "issuer": GOOGLE.issuer,
            "authorization_endpoint": "https://accounts.google.com/o/oauth2/v2/auth",
            "device_authorization_endpoint": "https://oauth2.googleapis.com/device/code",
            "token_endpoint": "https://oauth2.googleapis.com/token",
            "userinfo_endpoint": "https://openidconnect.googleapis.com/v1/userinfo",
            "revocation_endpoint": "https://oauth2.googleapis.com/revoke",
            "jwks_uri": GOOGLE.jwks_url,
            "response_types_supported": ["code", "token", "id_token", "code token", "code id_token",
                                         "token id_token", "code token id_token", "none"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "claims_supported": ["aud", "email", "email_verified", "exp", "family_name", "given_name", "iat", "iss",
                                 "name", "picture", "sub"],
            "code_challenge_methods_supported": ["plain", "S256"],
            "grant_types_supported": ["authorization_code", "refresh_token",
                                      "urn:ietf:params:oauth:grant-type:device_code",
                                      "urn:ietf:params:oauth:grant-type:jwt-bearer"],
        }
    if provider.kind == "facebook":
        return {
            "issuer": FACEBOOK.issuer,
            "authorization_endpoint": "https://facebook.com/dialog/oauth/",
            "jwks_uri": FACEBOOK.jwks_url,
            "response_types_supported": ["id_token", "token id_token"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "claims_supported": ["iss", "aud", "sub", "iat", "exp", "jti", "nonce", "at_hash", "name", "given_name",
                                 "middle_name", "family_name", "email", "picture"],
        }
    if provider.kind in ("cognito-identity", "cognito-idp"):
        return cognito.discovery(provider)
    if provider.kind == "oidc":
        return {
            "issuer": provider.issuer,
            "authorization_endpoint": f"{provider.issuer}/authorize",
            "token_endpoint": f"{provider.issuer}/token",
            "jwks_uri": provider.jwks_url,
            "response_types_supported": ["code", "id_token", "code id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email"],
            "claims_supported": ["iss", "aud", "sub", "email", "email_verified", "iat", "exp"],
        }
    raise ValueError(f"{provider.name} has no OpenID Connect discovery document")


def _same(url: str, wanted: str | None) -> bool:
    """URLs compared as a browser would: host case-insensitive, one trailing slash optional."""
    if wanted is None:
        return False

    def norm(u: str) -> str:
        scheme, _, rest = u.partition("://")
        host, slash, path = rest.partition("/")
        return f"{scheme.lower()}://{host.lower()}{slash}{path}".rstrip("/")

    return norm(url) == norm(wanted)


def document_for_url(world, url: str) -> Document | None:
    for provider in all_issuers(world):
        if _same(url, provider.discovery_url):
            return Document(url, "application/json", json.dumps(discovery(provider), indent=1))
        if _same(url, provider.jwks_url):
            return Document(url, "application/json", json.dumps(keys.jwks(world, provider), indent=1))
    return None


def _host(url: str) -> str:
    rest = url.partition("://")[2] if "://" in url else url
    return rest.partition("/")[0].lower()


def served_host(world, host: str) -> bool:
    """Whether a provider of the world serves pages at ``host`` (its issuer, discovery or keys)."""
    host = host.lower()
    for provider in all_issuers(world):
        if host in {_host(u) for u in (provider.issuer, provider.discovery_url, provider.jwks_url) if u}:
            return True
    return False


def ca_thumbprint(world, url: str) -> str | None:
    """40 lowercase hex digits for the certificate authority of the server at ``url``'s host,
    the same for every URL of that host and stable for the world's seed; None if no provider
    of the world serves the host."""
    host = _host(url)
    if not served_host(world, host):
        return None
    return seed.stream(world, f"ca|{host}").chars("0123456789abcdef", 40)
