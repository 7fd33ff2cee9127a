"""Checking a web identity token as STS AssumeRoleWithWebIdentity does, step by step.

``verify_web_identity_token(world, token, provider_id=None, iam_oidc_provider=...)`` returns
a ``VerifiedToken`` or raises the error STS returns (``sandbox.idp.errors``). The steps, in
order (``errors.CHECKS``); the first that fails decides the error:

1. ``size``: 4 to 20000 characters (the API's constraint on WebIdentityToken) -> ValidationError.
2. ``provider``: with ``ProviderId``, it must be ``www.amazon.com`` or ``graph.facebook.com``
   (the OAuth 2.0 providers; OpenID Connect ID tokens are sent without it).
3. ``form``: three base64url parts, JSON header and payload, and a public-key algorithm:
   ``alg: none`` and the HMAC algorithms (``HS256``...) are refused whatever the key.
4. ``issuer`` (ID tokens): ``iss`` names the issuer. Google (``accounts.google.com``) is built
   in; any other issuer needs an IAM OIDC identity provider for its URL in the account,
   which the caller looks up (``iam_oidc_provider``: IAM's state lives in the IAM service,
   above this package). The lookup comes first, so an IAM provider for Google applies its
   client id list too. None: "No OpenIDConnect provider found in your account for ISS".
5. ``key``: the header's ``kid`` must be in the issuer's published key set (``keys.published``);
   after two rotations an old token's key is gone.
6. ``signature``: verified with that key, and only with the key's own algorithm (RS256), so
   a token whose header claims another algorithm cannot choose how it is checked.
7. ``claims``: the subject (``sub``; Amazon ``user_id``; Facebook ``id``), the audience
   (``aud``; Amazon and Facebook ``app_id``) and a numeric ``exp`` must be there.
8. ``audience`` (issuers with an IAM OIDC provider): ``aud`` must be one of the provider's
   client ids: "Incorrect token audience". Google's and the OAuth providers' audiences are
   checked by the role's trust policy instead (``accounts.google.com:aud`` ...).
9. ``expiry``: the world's clock must be before ``exp``; for ID tokens ExpiredTokenException
   "Token expired: current date/time NOW must be before the expiration date/time EXP".
10. ``not-before``: the world's clock must not be before ``nbf``, when there is one.

STS checks an OpenID Connect ID token itself (InvalidIdentityToken, ExpiredTokenException).
An OAuth 2.0 access token (Amazon, Facebook) is checked by its provider, and STS reports the
provider's refusal as IDPRejectedClaim, whatever the reason (STS API Reference).

The messages STS is known to give are used word for word ("No OpenIDConnect provider found
in your account for ...", "Couldn't retrieve verification key from your identity provider,
please reference AssumeRoleWithWebIdentity documentation for requirements", "Incorrect
token audience", "Token expired: current date/time ... must be before the expiration
date/time ..."); for the other refusals AWS does not document its wording, and the message
says plainly what is wrong. Every error's ``explain`` tells a learner what to look at.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import jwt

from sandbox.idp import keys
from sandbox.idp.errors import ExpiredToken, IDPRejectedClaim, InvalidIdentityToken, TokenTooLarge
from sandbox.idp.providers import AMAZON, FACEBOOK, Provider, oidc_provider_for_issuer
from sandbox.idp.text import visible

MIN_TOKEN = 4
MAX_TOKEN = 20000  # WebIdentityToken: "Length Constraints: Minimum length of 4. Maximum length of 20000."
OAUTH_PROVIDERS = {AMAZON.id: AMAZON, FACEBOOK.id: FACEBOOK}
PUBLIC_KEY_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")

NO_PROVIDER = "No OpenIDConnect provider found in your account for {iss}"
NO_KEY = ("Couldn't retrieve verification key from your identity provider, please reference "
          "AssumeRoleWithWebIdentity documentation for requirements")
AUDIENCE = "Incorrect token audience"
EXPIRED = "Token expired: current date/time {now} must be before the expiration date/time {exp}"

_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class IamOidcProvider:
    """What the caller knows of an IAM OIDC identity provider of the account."""

    arn: str  # arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH
    client_ids: tuple[str, ...]


OidcLookup = Callable[[str], "IamOidcProvider | None"]  # issuer URL without https:// -> the IAM provider


def no_iam_oidc_providers(_host_path: str) -> None:
    return None


@dataclass(frozen=True)
class Step:
    check: str  # one of errors.CHECKS
    detail: str  # what was checked, for a learner


@dataclass(frozen=True)
class VerifiedToken:
    """A token STS accepts, and what it gives the request and the response."""

    provider: Provider
    issuer: str  # the token's iss claim
    response_provider: str  # AssumeRoleWithWebIdentity's Provider: iss for ID tokens, ProviderId for access tokens
    subject: str  # SubjectFromWebIdentityToken
    audience: str  # Audience: the client id the token was issued to
    kid: str
    header: dict
    claims: dict
    expires: datetime
    issued_at: datetime | None
    context: dict  # the request context keys it brings (condition keys and policy variables)
    federated: tuple[str, ...]  # the names a trust policy's Principal "Federated" may use for it
    iam_provider_arn: str | None = None
    steps: tuple[Step, ...] = field(default=())


class Failure(Exception):
    """One step's refusal, before it is given AWS's error class (``_refusal``)."""

    def __init__(self, check: str, message: str, explain: str):
        super().__init__(message)
        self.check = check
        self.message = message
        self.explain = explain


@dataclass(frozen=True)
class ParsedToken:
    text: str
    header: dict
    claims: dict


def _b64_json(part: str, what: str) -> dict:
    try:
        if not _B64URL.match(part):
            raise ValueError
        value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise Failure("form", f"The web identity token is not a JWT: its {what} is not base64url-encoded JSON.",
                      f"A JWT's {what} is base64url-encoded JSON; this one cannot be decoded. Was the token cut "
                      "short or copied with extra characters?") from None
    if not isinstance(value, dict):
        raise Failure("form", f"The web identity token is not a JWT: its {what} is not a JSON object.",
                      f"A JWT's {what} is a JSON object ({{...}}).")
    return value


def parse(token: str) -> ParsedToken:
    """The parts of a compact JWS, or ``Failure("form", ...)``. Nothing is trusted yet."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise Failure("form", "The web identity token is not a JWT: a JWT is three base64url parts separated "
                      "by dots (header.payload.signature).",
                      f"This token has {len(parts)} part{'s' if len(parts) != 1 else ''}, not 3: it is not a JWT "
                      "(or it was cut short).")
    header = _b64_json(parts[0], "header")
    claims = _b64_json(parts[1], "payload")
    if not _B64URL.match(parts[2]) or len(parts[2]) % 4 == 1:
        raise Failure("form", "The web identity token is not a JWT: its signature is not base64url.",
                      "The third part of a JWT is its signature, base64url-encoded.")
    alg = header.get("alg")
    if not isinstance(alg, str) or not alg:
        raise Failure("form", "The web identity token's header names no signing algorithm (alg).",
                      "A JWT's header says how it is signed (alg); this one does not.")
    if alg.lower() == "none":
        raise Failure("form", "The web identity token is not signed (alg: none).",
                      "The signature is what proves the provider issued a token. An unsigned token (alg none) "
                      "could say anything, so STS refuses it whatever it claims.")
    if alg.upper().startswith("HS"):
        raise Failure("form", f"The web identity token is signed with {visible(alg)}, an HMAC algorithm; "
                      "identity providers sign with their private key (RS256).",
                      f"{visible(alg)} uses a shared secret. STS checks signatures only with the provider's "
                      "published public keys, so a token 'signed' with HMAC, for instance with the public key "
                      "as the secret, is refused.")
    if alg not in PUBLIC_KEY_ALGORITHMS:
        raise Failure("form", f"The web identity token's algorithm {visible(alg)} is not a signing algorithm "
                      "STS accepts.", f"alg {visible(alg)} is not a JWS public-key algorithm.")
    return ParsedToken(".".join(parts), header, claims)


def oauth_provider(provider_id: str) -> Provider:
    """The OAuth 2.0 provider a ``ProviderId`` names, or ``Failure("provider", ...)``."""
    found = OAUTH_PROVIDERS.get(provider_id.strip().lower()) if isinstance(provider_id, str) else None
    if found is None:
        raise Failure("provider", f"The ProviderId {visible(str(provider_id))} is not an OAuth 2.0 identity "
                      "provider STS supports (www.amazon.com, graph.facebook.com).",
                      "ProviderId is only for OAuth 2.0 access tokens from Login with Amazon (www.amazon.com) "
                      "and Facebook (graph.facebook.com); leave it out for OpenID Connect ID tokens (Google, "
                      "an IAM OIDC identity provider).")
    return found


def key_for(world, provider: Provider, parsed: ParsedToken) -> dict:
    """The published key the token's ``kid`` names, or ``Failure("key", ...)``."""
    kid = parsed.header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise Failure("key", NO_KEY, f"The token's header has no kid, so no key of {provider.id} can be chosen "
                      "to check its signature.")
    entry = keys.find(world, provider, kid)
    if entry is None:
        published = ", ".join(k["Kid"][:8] + "…" for k in keys.published(world, provider))
        raise Failure("key", NO_KEY, f"The token was signed with key {visible(kid)}, which is not in the key set "
                      f"{provider.id} publishes now ({published}): a key rotated out, or a token made elsewhere.")
    return entry


def check_signature(world, provider: Provider, parsed: ParsedToken, entry: dict) -> None:
    alg = parsed.header["alg"]
    if alg != keys.ALGORITHM:
        raise Failure("signature", f"The web identity token says it is signed with {visible(alg)}, but the key "
                      f"{entry['Kid']} of {provider.id} signs with {keys.ALGORITHM}.",
                      "A key is used only with its own algorithm (the JWKS says alg RS256), so a token cannot "
                      "choose another way to be checked.")
    try:
        jwt.api_jws.PyJWS().decode_complete(parsed.text, keys.public_key(world, provider, entry),
                                            algorithms=[keys.ALGORITHM])
    except jwt.PyJWTError:
        raise Failure("signature", f"The web identity token's signature is not valid for the key {entry['Kid']} "
                      f"of {provider.id}.",
                      "The signature does not match the header and payload: the token was changed after the "
                      "provider signed it, or it was signed with another key.") from None


LATEST = 253402300799  # 9999-12-31T23:59:59Z: a NumericDate beyond it is not a time


def _number(claims: dict, name: str) -> int | float | None:
    """A NumericDate claim (seconds since 1970), or None if it is missing or not a usable time."""
    value = claims.get(name)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= LATEST:
        return value
    return None


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def audience_values(claims: dict, name: str = "aud") -> list[str]:
    aud = claims.get(name)
    if isinstance(aud, str):
        return [aud]
    if isinstance(aud, list):
        return [a for a in aud if isinstance(a, str)]
    return []


def context_keys(provider: Provider, claims: dict, audience: str) -> dict:
    """The request context keys the token brings, as AWS sets them.

    IAM User Guide, "Available keys for AWS web identity federation"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif)
    and "Identify users with OIDC federation" (id_roles_providers_oidc_user-id.html):
    ``accounts.google.com:aud`` is the token's ``azp`` when it has one (else ``aud``), and
    ``accounts.google.com:oaud`` its ``aud`` then; ``accounts.google.com:sub``;
    ``graph.facebook.com:app_id`` and ``:id``; ``www.amazon.com:app_id`` and ``:user_id``; for
    another OIDC issuer, ``HOST/PATH:aud`` (the audience that matched a client id) and
    ``HOST/PATH:sub``. (``:amr`` is Cognito's, ``cognito-identity.amazonaws.com:amr``.)
    """
    p = provider.id
    if provider.kind == "amazon":
        return {f"{p}:app_id": claims["app_id"], f"{p}:user_id": claims["user_id"]}
    if provider.kind == "facebook":
        return {f"{p}:app_id": claims["app_id"], f"{p}:id": claims["id"]}
    out = {f"{p}:aud": audience}
    if provider.kind == "google" and isinstance(claims.get("azp"), str):
        aud = audience_values(claims)
        if aud:
            out[f"{p}:oaud"] = aud[0]
    out[f"{p}:sub"] = claims["sub"]
    return out


def _required_claims(provider: Provider, claims: dict) -> tuple[str, str]:
    """(subject, audience claim value), or ``Failure("claims", ...)``."""
    subject_claim = {"amazon": "user_id", "facebook": "id"}.get(provider.kind, "sub")
    audience_claim = "app_id" if provider.uses_provider_id else "aud"
    subject = claims.get(subject_claim)
    if not isinstance(subject, str) or not subject:
        raise Failure("claims", f"The web identity token has no {subject_claim} claim.",
                      f"{provider.name} names the person in {subject_claim}; without it there is no one to sign in.")
    if provider.uses_provider_id:
        audience = claims.get(audience_claim)
        if not isinstance(audience, str) or not audience:
            raise Failure("claims", f"The web identity token has no {audience_claim} claim.",
                          "An access token names the app it was issued to (app_id).")
    else:
        values = audience_values(claims)
        if not values:
            raise Failure("claims", "The web identity token has no aud (audience) claim.",
                          "An ID token names the app it was issued to (aud); STS needs it.")
        audience = values[0]
    if _number(claims, "exp") is None:
        raise Failure("claims", "The web identity token has no exp (expiration time) claim that is a time.",
                      "STS accepts only tokens that expire (exp, a number of seconds since 1970).")
    return subject, audience


def _check_times(claims: dict, now: datetime, oauth: bool) -> None:
    exp = _number(claims, "exp")
    t = int(now.timestamp())
    if t >= exp:
        message = (f"The access token expired at {_iso(exp)}." if oauth
                   else EXPIRED.format(now=t, exp=int(exp)))
        raise Failure("expiry", message, f"The token expired at {_iso(exp)}; the world's clock says {_iso(t)}. "
                      "Sign in again for a new token.")
    nbf = _number(claims, "nbf")
    if nbf is not None and t < nbf:
        raise Failure("not-before", f"The web identity token is not valid before {_iso(nbf)}.",
                      f"Its nbf (not before) is {_iso(nbf)}; the world's clock says {_iso(t)}.")


def _refusal(failure: Failure, oauth_provider_id: str | None):
    if failure.check == "size":
        return TokenTooLarge(failure.message, "size", failure.explain)
    if oauth_provider_id is not None and failure.check != "provider":
        return IDPRejectedClaim(f"{oauth_provider_id} rejected the token: {failure.message}", failure.check,
                                f"{failure.explain} (STS asked {oauth_provider_id} to check its access token, and "
                                "reports the provider's refusal as IDPRejectedClaim.)")
    if failure.check == "expiry":
        return ExpiredToken(failure.message, "expiry", failure.explain)
    return InvalidIdentityToken(failure.message, failure.check, failure.explain)


def _size(token) -> None:
    if not isinstance(token, str) or len(token) < MIN_TOKEN:
        raise Failure("size", "1 validation error detected: Value at 'webIdentityToken' failed to satisfy "
                      f"constraint: Member must have length greater than or equal to {MIN_TOKEN}",
                      f"A web identity token has at least {MIN_TOKEN} characters.")
    if len(token) > MAX_TOKEN:
        raise Failure("size", "1 validation error detected: Value at 'webIdentityToken' failed to satisfy "
                      f"constraint: Member must have length less than or equal to {MAX_TOKEN}",
                      f"This token has {len(token)} characters; STS takes at most {MAX_TOKEN}.")


def _issuer(world, claims: dict, lookup: OidcLookup) -> tuple[Provider, str, IamOidcProvider | None]:
    iss = claims.get("iss")
    if not isinstance(iss, str) or not iss:
        raise Failure("issuer", "The web identity token has no iss (issuer) claim.",
                      "An OpenID Connect ID token names its issuer (iss); STS trusts tokens by issuer.")
    host_path = iss[len("https://"):] if iss.startswith("https://") else iss
    iam_provider = lookup(host_path)
    provider = oidc_provider_for_issuer(world, iss)
    if iam_provider is None and (provider is None or not provider.builtin):
        raise Failure("issuer", NO_PROVIDER.format(iss=visible(iss)),
                      f"STS trusts ID tokens from Google (built in) and from the issuers the account has an IAM "
                      f"OIDC identity provider for. There is none for {visible(iss)}: create one with aws iam "
                      "create-open-id-connect-provider, or send an OAuth access token with its ProviderId.")
    if provider is None:
        raise Failure("key", NO_KEY, f"The account has an IAM OIDC identity provider for {visible(iss)}, but no "
                      "issuer in this sandbox publishes keys at that URL (iam-sandbox idp list).")
    return provider, iss, iam_provider


def verify_web_identity_token(world, token, provider_id: str | None = None, *,
                              iam_oidc_provider: OidcLookup = no_iam_oidc_providers,
                              now: datetime | None = None) -> VerifiedToken:
    """The token as STS accepts it, or the TokenRefused subclass STS would answer with."""
    oauth_id = None
    try:
        _size(token)
        steps = [Step("size", f"{len(token)} characters")]
        iam_provider = None
        if provider_id is not None:
            provider = oauth_provider(provider_id)
            oauth_id = provider.id
            steps.append(Step("provider", f"ProviderId {provider.id}: an OAuth 2.0 access token, checked by "
                                          f"{provider.name}"))
        parsed = parse(token)
        steps.append(Step("form", f"a JWT signed with {parsed.header['alg']}"))
        if oauth_id is None:
            provider, iss, iam_provider = _issuer(world, parsed.claims, iam_oidc_provider)
            steps.append(Step("issuer", f"{visible(iss)}: " + (f"IAM OIDC provider {iam_provider.arn}" if iam_provider
                                                               else f"{provider.name}, built in")))
        entry = key_for(world, provider, parsed)
        steps.append(Step("key", f"kid {entry['Kid']} is in the key set of {provider.id}"))
        check_signature(world, provider, parsed, entry)
        steps.append(Step("signature", f"valid ({keys.ALGORITHM})"))
        claims = parsed.claims
        if oauth_id is not None and claims.get("iss") not in (None, provider.issuer):
            raise Failure("claims", f"The token's issuer {visible(str(claims.get('iss')))} is not {provider.issuer}.",
                          f"{provider.name} checks only its own tokens.")
        subject, audience = _required_claims(provider, claims)
        steps.append(Step("claims", f"subject {visible(subject)}"))
        if iam_provider is not None:
            matched = [a for a in audience_values(claims) if a in iam_provider.client_ids]
            if not matched:
                raise Failure("audience", AUDIENCE,
                              f"The token's audience ({visible(', '.join(audience_values(claims)))}) is not in the "
                              f"client id list of {iam_provider.arn} "
                              f"({visible(', '.join(iam_provider.client_ids)) or 'empty'}).")
            audience = matched[0]
            steps.append(Step("audience", f"{visible(audience)} is a client id of the IAM OIDC provider"))
        if provider.kind == "google" and isinstance(claims.get("azp"), str):
            audience = claims["azp"]
        now = now or world.now()
        _check_times(claims, now, oauth_id is not None)
        exp = _number(claims, "exp")
        steps.append(Step("expiry", f"valid until {_iso(exp)}"))
    except Failure as failure:
        raise _refusal(failure, oauth_id) from None
    federated = (provider.id,) if provider.builtin else ()
    if iam_provider is not None:
        federated = (*federated, iam_provider.arn)
    iat = _number(claims, "iat")
    return VerifiedToken(
        provider=provider, issuer=str(claims.get("iss", "")), response_provider=oauth_id or claims["iss"],
        subject=subject, audience=audience, kid=entry["Kid"], header=parsed.header, claims=claims,
        expires=datetime.fromtimestamp(exp, UTC),
        issued_at=datetime.fromtimestamp(iat, UTC) if iat is not None else None,
        context=context_keys(provider, claims, audience), federated=federated,
        iam_provider_arn=iam_provider.arn if iam_provider else None, steps=tuple(steps))
