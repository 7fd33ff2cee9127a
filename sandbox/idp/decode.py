"""Reading a token as a learner does (``iam-sandbox idp decode``, the Federation view).

``inspect_token`` shows what the token says, whoever made it: header, claims, its times
against the world's clock, and whether its signature verifies against the key set of the
provider that issued it (the provider ``ProviderId`` names, else the one its ``iss`` names).
It is the provider's side of the story; whether STS would accept the token also depends on
the account (IAM OIDC providers) and the role's trust policy: ``verify``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sandbox.idp import keys
from sandbox.idp.providers import AMAZON, FACEBOOK, Provider, oidc_provider_for_issuer
from sandbox.idp.verify import (
    MAX_TOKEN,
    Failure,
    audience_values,
    check_signature,
    context_keys,
    key_for,
    oauth_provider,
    parse,
)

TIME_CLAIMS = ("iat", "nbf", "exp", "auth_time")


@dataclass(frozen=True)
class TimeClaim:
    name: str
    value: int | float
    at: datetime | None  # None when the value is not a usable time
    relative: str  # "in 59 min", "3 h 2 min ago"


@dataclass(frozen=True)
class Inspection:
    header: dict
    claims: dict
    times: tuple[TimeClaim, ...]
    provider: Provider | None  # the provider whose keys apply, if the sandbox knows it
    verified: bool  # the signature verifies against that provider's key set
    signature: str  # how it verified, or why not
    expired: bool | None  # by the world's clock; None without a usable exp
    context: dict  # the condition keys STS would set, when the signature verifies
    length: int

    @property
    def too_large(self) -> bool:
        return self.length > MAX_TOKEN


def _span(seconds: int) -> str:
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min" + (f" {secs} s" if secs else "")
    return f"{secs} s"


def _time(name: str, value, now: datetime) -> TimeClaim | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        at = datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return TimeClaim(name, value, None, "not a usable time")
    delta = int(value - now.timestamp())
    relative = "now" if delta == 0 else (f"in {_span(delta)}" if delta > 0 else f"{_span(delta)} ago")
    return TimeClaim(name, value, at, relative)


def _issuing_provider(world, claims: dict, provider_id: str | None) -> Provider | None:
    if provider_id is not None:
        return oauth_provider(provider_id)
    iss = claims.get("iss")
    if not isinstance(iss, str):
        return None
    found = oidc_provider_for_issuer(world, iss)
    if found is not None:
        return found
    return next((p for p in (AMAZON, FACEBOOK) if p.issuer == iss), None)


def inspect_token(world, token: str, provider_id: str | None = None, now: datetime | None = None) -> Inspection:
    """What the token says and whether its issuer's keys verify it; ``Failure`` if it is not a JWT."""
    now = now or world.now()
    parsed = parse(token)
    times = tuple(t for t in (_time(n, parsed.claims[n], now) for n in TIME_CLAIMS if n in parsed.claims) if t)
    provider = _issuing_provider(world, parsed.claims, provider_id)
    verified, context = False, {}
    if provider is None:
        iss = parsed.claims.get("iss")
        signature = ("not checked: the token names no issuer (iss)" if not isinstance(iss, str) else
                     f"not checked: no provider in this world issues tokens as {iss!r} (iam-sandbox idp list)")
    else:
        try:
            entry = key_for(world, provider, parsed)
            check_signature(world, provider, parsed, entry)
        except Failure as failure:
            signature = f"NOT valid: {failure.explain}"
        else:
            verified = True
            where = f" (published at {provider.jwks_url})" if provider.jwks_url else ""
            signature = f"valid: {keys.ALGORITHM} with key {entry['Kid']} of {provider.id}{where}"
            context = _context(provider, parsed.claims)
    exp = next((t for t in times if t.name == "exp" and t.at is not None), None)
    expired = None if exp is None else exp.value <= now.timestamp()
    return Inspection(parsed.header, parsed.claims, times, provider, verified, signature, expired, context,
                      len(token))


def _context(provider: Provider, claims: dict) -> dict:
    """The keys STS would set, if the claims they come from are there (else none)."""
    try:
        audience = claims["azp"] if provider.kind == "google" and isinstance(claims.get("azp"), str) else \
            (audience_values(claims) or [None])[0]
        return {k: v for k, v in context_keys(provider, claims, audience).items() if isinstance(v, str)}
    except KeyError:
        return {}
