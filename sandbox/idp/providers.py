"""The identity providers a world knows: three built in, plus the OIDC issuers an instructor adds.

Built in, under their real identifiers (the names trust policies and condition keys use):

- Google, ``accounts.google.com``: OpenID Connect ID tokens, issuer
  ``https://accounts.google.com``, discovery document at
  ``https://accounts.google.com/.well-known/openid-configuration``, keys at Google's real
  ``jwks_uri`` ``https://www.googleapis.com/oauth2/v3/certs``.
- Login with Amazon, ``www.amazon.com``, and Facebook, ``graph.facebook.com``: OAuth 2.0
  access tokens, which an app sends to STS with ``ProviderId``. Real ones are opaque strings
  that only the provider can check; the sandbox's are RS256 JWTs carrying the provider's
  claim names (Amazon ``user_id``, ``app_id``; Facebook ``id``, ``app_id``), so a learner can
  read them. Facebook's are signed with the keys it publishes for its OpenID Connect
  tokens (``https://www.facebook.com/.well-known/oauth/openid/jwks/``, issuer
  ``https://www.facebook.com``); Login with Amazon publishes no key set, so its keys are
  seen only through ``iam-sandbox idp`` (``jwks_url`` is None).

An instructor's issuer (``iam-sandbox idp create-issuer https://login.example.edu``) is an
OpenID Connect provider like any other: its id is the URL without ``https://`` (what IAM's
OIDC provider ARN and condition keys use: ``login.example.edu:sub``), its discovery
document is at ``URL/.well-known/openid-configuration`` and its keys at
``URL/.well-known/jwks.json``. AWS trusts such an issuer only through an IAM OIDC identity
provider created in the account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.idp import keys
from sandbox.idp.errors import IdpError
from sandbox.idp.text import visible


@dataclass(frozen=True)
class Provider:
    id: str  # the ProviderId / condition-key prefix: accounts.google.com, login.example.edu/path
    kind: str  # google | amazon | facebook | oidc
    name: str  # what a person calls it
    issuer: str  # the iss claim of its tokens
    token_type: str  # "ID token" (OpenID Connect) or "access token" (OAuth 2.0, needs ProviderId)
    discovery_url: str | None
    jwks_url: str | None
    aliases: tuple[str, ...] = ()
    algorithm: str = "RS256"  # how its keys sign (Cognito identity pools: RS512)
    signing_keys: int = 1  # keys it starts with (a Cognito user pool: one for ID tokens, one for access tokens)

    @property
    def builtin(self) -> bool:
        """STS trusts its tokens without an IAM OIDC identity provider in the account."""
        return self.kind in BUILTIN_KINDS

    @property
    def uses_provider_id(self) -> bool:
        """OAuth 2.0 access tokens go to STS with ``ProviderId`` (Login with Amazon, Facebook)."""
        return self.token_type == "access token"


GOOGLE = Provider("accounts.google.com", "google", "Google", "https://accounts.google.com", "ID token",
                  "https://accounts.google.com/.well-known/openid-configuration",
                  "https://www.googleapis.com/oauth2/v3/certs", ("google",))
AMAZON = Provider("www.amazon.com", "amazon", "Login with Amazon", "https://www.amazon.com", "access token",
                  None, None, ("amazon", "login-with-amazon"))
FACEBOOK = Provider("graph.facebook.com", "facebook", "Facebook", "https://www.facebook.com", "access token",
                    "https://www.facebook.com/.well-known/openid-configuration/",
                    "https://www.facebook.com/.well-known/oauth/openid/jwks/", ("facebook",))
BUILTIN = (GOOGLE, AMAZON, FACEBOOK)
# Cognito identity pools' tokens (``cognito-identity.amazonaws.com``) are trusted by STS as
# Google's are; a Cognito user pool, like an instructor's issuer, needs an IAM OIDC provider
BUILTIN_KINDS = ("google", "amazon", "facebook", "cognito-identity")
# Google's ID tokens say iss "https://accounts.google.com" or, from older clients, "accounts.google.com"
GOOGLE_ISSUERS = ("https://accounts.google.com", "accounts.google.com")

# hosts an instructor's issuer may not take: the built-in providers' and AWS's own
_RESERVED_HOSTS = {"accounts.google.com", "www.googleapis.com", "oauth2.googleapis.com", "www.amazon.com",
                   "amazon.com", "api.amazon.com", "graph.facebook.com", "www.facebook.com", "facebook.com"}
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")
MAX_URL = 255  # IAM's limit for an OIDC provider's Url


def parse_issuer_url(url: str) -> str:
    """The issuer URL as the sandbox keeps it, or IdpError saying what is wrong with it.

    Like an IAM OIDC provider's URL: ``https://`` then a host name and an optional path;
    no port, user, query or fragment (IAM User Guide, "Create an OpenID Connect (OIDC)
    identity provider in IAM"). A trailing ``/`` is dropped.
    """
    shown = visible(url)
    if not url.isascii() or not url.isprintable() or " " in url:
        raise IdpError(f"The issuer URL {shown} has characters a URL cannot hold.")
    if len(url) > MAX_URL:
        raise IdpError(f"The issuer URL is {len(url)} characters long; the limit is {MAX_URL}.")
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() != "https":
        raise IdpError(f"The issuer URL {shown} must begin with https:// (an OpenID Connect issuer is "
                       "always served over HTTPS).")
    if any(c in rest for c in "?#@"):
        raise IdpError(f"The issuer URL {shown} has a query, fragment or user name; an issuer is only "
                       "https://HOST or https://HOST/PATH.")
    host, _, path = rest.partition("/")
    host = host.lower()
    if ":" in host:
        raise IdpError(f"The issuer URL {shown} names a port; use https://HOST without one.")
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or not all(_LABEL.match(lbl) for lbl in labels) \
            or not labels[-1].isalpha():
        raise IdpError(f"{visible(host) or 'An empty name'} is not a host name (such as login.example.edu).")
    if host in _RESERVED_HOSTS or host == "amazonaws.com" or host.endswith(".amazonaws.com"):
        raise IdpError(f"{host} belongs to a built-in provider or to AWS; choose your own host, such as "
                       "login.example.edu.")
    path = path.rstrip("/")
    if path and not all(_SEGMENT.match(s) and s not in (".", "..") for s in path.split("/")):
        raise IdpError(f"The path of {shown} is not a plain URL path (letters, digits, '.', '_', '~', '-' "
                       "between slashes).")
    return f"https://{host}" + (f"/{path}" if path else "")


def _custom(row: dict) -> Provider | None:
    issuer = row.get("Issuer")
    if row.get("Kind") != "oidc" or not isinstance(issuer, str):
        return None
    try:
        url = parse_issuer_url(issuer)
    except IdpError:
        return None  # a hand-edited row the sandbox would not have made
    return Provider(url[len("https://"):], "oidc", url, url, "ID token", f"{url}/.well-known/openid-configuration",
                    f"{url}/.well-known/jwks.json")


def all_providers(world) -> list[Provider]:
    custom = [p for p in (_custom(r) for r in world["idp_providers"].all()) if p is not None]
    return [*BUILTIN, *sorted(custom, key=lambda p: p.id)]


def find_provider(world, name: str) -> Provider | None:
    """The provider a learner means: ``google``, ``accounts.google.com``, ``https://login.example.edu``..."""
    wanted = name.strip().lower().rstrip("/")
    if wanted.startswith("https://"):
        wanted = wanted[len("https://"):]
    for p in all_providers(world):
        names = {p.id.lower(), *p.aliases, p.issuer.lower()[len("https://"):]}
        if wanted in names:
            return p
    return None


def require_provider(world, name: str) -> Provider:
    found = find_provider(world, name)
    if found is None:
        known = ", ".join(p.aliases[0] if p.aliases else p.id for p in all_providers(world))
        raise IdpError(f"There is no identity provider {visible(name)!r} in this world. Providers: {known}. "
                       "An instructor adds an OpenID Connect issuer with: iam-sandbox idp create-issuer URL")
    return found


def oidc_provider_for_issuer(world, iss: str) -> Provider | None:
    """The OpenID Connect provider whose ID tokens carry ``iss`` (never an OAuth provider)."""
    if iss in GOOGLE_ISSUERS:
        return GOOGLE
    return next((p for p in all_providers(world) if p.kind == "oidc" and p.issuer == iss), None)


def create_issuer(world, url: str) -> Provider:
    """Add an instructor's OpenID Connect issuer, with its first signing key (inside a transaction)."""
    issuer = parse_issuer_url(url)
    provider_id = issuer[len("https://"):]
    existing = world["idp_providers"].get(provider_id)
    if existing is not None:
        raise IdpError(f"The issuer {existing['Issuer']} already exists in this world.")
    provider = Provider(provider_id, "oidc", issuer, issuer, "ID token", f"{issuer}/.well-known/openid-configuration",
                        f"{issuer}/.well-known/jwks.json")
    keys.store(world, provider)
    return provider
