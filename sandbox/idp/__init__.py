"""Offline web identity providers: Google, Login with Amazon, Facebook and OIDC issuers.

No network, no Textual; imports only ``sandbox.world`` (through the ``World`` it is given)
and the leaves. The providers, their keys, apps and accounts live in the world's tables
``idp_providers``, ``idp_apps`` and ``idp_accounts``; every key and identifier derives from
the world's ``idp_seed``, so ``world reset --seed N`` reproduces them. Times are the
world's clock (``world.now()``), never the host's.

API (what the STS, IAM, shell and app layers build on)

Providers (``providers``)
    ``GOOGLE``, ``AMAZON``, ``FACEBOOK``: the built-in ``Provider``s (``id`` is the ProviderId
    and condition-key prefix: ``accounts.google.com``, ``www.amazon.com``,
    ``graph.facebook.com``); ``all_providers(world)``, ``find_provider(world, name)`` (``google``,
    an id, or an issuer URL), ``require_provider`` (raises ``IdpError``),
    ``create_issuer(world, url)`` for an instructor's OIDC issuer (``https://login.example.edu``;
    its id is the URL without ``https://``), ``parse_issuer_url(url)`` (IAM's URL rules).

Apps and people (``directory``)
    ``register_app(world, provider, name) -> row`` (``ClientId`` in the provider's format),
    ``apps(world, provider=None)``, ``accounts(world, provider=None)``.

Tokens (``tokens``)
    ``sign_in(world, provider, email, client_id, lifetime=3600) -> SignIn`` (``.token``,
    ``.claims``, ``.new_account``: a new email makes an account, as a social sign-up does);
    ``sign_claims(world, provider, claims)`` signs any claims with the provider's current key
    (scenarios: a token not valid yet, one for another audience).

Keys (``keys``)
    ``jwks(world, provider)``, ``rotate(world, provider)`` (the previous key stays published
    until the next rotation), ``published(world, provider)``.

Verification, as STS does it (``verify``)
    ``verify_web_identity_token(world, token, provider_id=None, *, iam_oidc_provider=lookup,
    now=None) -> VerifiedToken``. ``provider_id`` is the request's ``ProviderId``.
    ``iam_oidc_provider(host_path) -> IamOidcProvider(arn, client_ids) | None`` looks up the
    account's IAM OIDC identity providers by URL without ``https://`` (those live in the IAM
    service's state; the default knows none). Raises, in AWS's order of checks, subclasses of
    ``errors.TokenRefused`` (an ``AwsError``): ``InvalidIdentityToken``, ``ExpiredToken``
    (code ExpiredTokenException), ``IDPRejectedClaim`` (any refusal of an Amazon or Facebook
    access token) and ``TokenTooLarge`` (code ValidationError, over 20000 characters); each
    has ``.check`` (the step that failed, ``errors.CHECKS``) and ``.explain`` (for a learner).
    A ``VerifiedToken`` gives what AssumeRoleWithWebIdentity needs: ``subject``
    (SubjectFromWebIdentityToken), ``audience`` (Audience), ``response_provider`` (Provider:
    the ``iss`` of an ID token, the ProviderId of an access token), ``federated`` (the names a
    trust policy's ``"Federated"`` principal may use: ``accounts.google.com``, or the IAM
    OIDC provider's ARN), ``context`` (request context keys: ``accounts.google.com:aud``
    (``azp`` if present), ``:oaud``, ``:sub``; ``graph.facebook.com:app_id``, ``:id``;
    ``www.amazon.com:app_id``, ``:user_id``; ``HOST/PATH:aud``, ``:sub``), ``expires``,
    ``claims``, ``header``, ``kid`` and ``steps`` (each check passed, for the Federation view).

Reading tokens (``decode``)
    ``inspect_token(world, token, provider_id=None) -> Inspection``: header, claims, times
    against the world's clock, whether the issuer's key set verifies the signature and why
    not (raises ``verify.Failure`` when the text is not a JWT).

Provider URLs (``documents``)
    ``document_for_url(world, url) -> Document | None``: discovery documents and key sets at
    the providers' real URLs, for the sandbox's ``curl``; ``served_host(world, host)``: whether
    a provider answers at that host; ``ca_thumbprint(world, url)``: the server certificate
    thumbprint IAM retrieves for an OIDC provider created without one.
"""

import importlib

# each name of the API and the module that holds it, loaded at first use (PEP 562): the token
# modules need PyJWT and cryptography (about 80 ms to import), which the app's start, a
# scenario without web identity and most aws commands never use
_WHERE = {
    "decode": ("Inspection", "inspect_token"),
    "directory": ("accounts", "apps", "register_app"),
    "documents": ("Document", "ca_thumbprint", "document_for_url", "served_host"),
    "errors": ("CHECKS", "ExpiredToken", "IdpError", "IDPRejectedClaim", "InvalidIdentityToken", "TokenRefused",
               "TokenTooLarge"),
    "keys": ("jwks", "published", "rotate"),
    "providers": ("AMAZON", "BUILTIN", "FACEBOOK", "GOOGLE", "Provider", "all_providers", "create_issuer",
                  "find_provider", "parse_issuer_url", "require_provider"),
    "tokens": ("SignIn", "sign_claims", "sign_in"),
    "verify": ("Failure", "IamOidcProvider", "VerifiedToken", "verify_web_identity_token"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULE_OF])


__all__ = [
    "AMAZON", "BUILTIN", "CHECKS", "FACEBOOK", "GOOGLE", "Document", "ExpiredToken", "Failure", "IamOidcProvider",
    "IdpError", "IDPRejectedClaim", "Inspection", "InvalidIdentityToken", "Provider", "SignIn", "TokenRefused",
    "TokenTooLarge", "VerifiedToken", "accounts", "all_providers", "apps", "ca_thumbprint", "create_issuer",
    "document_for_url", "find_provider", "inspect_token", "jwks", "parse_issuer_url", "published", "register_app",
    "require_provider", "rotate", "served_host", "sign_claims", "sign_in", "verify_web_identity_token",
]
