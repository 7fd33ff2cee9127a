"""Each provider's signing keys: kept in the world, rotated by ``kid``, published as a JWKS.

A provider's row in the ``idp_providers`` table lists its keys, oldest first:
``{"Kid", "Index", "CreateDate", "N", "Pem"}``. ``Index`` numbers the keys of a provider
(1, 2, ...) and, with the world's seed, determines the key (``sandbox.idp.seed``,
``sandbox.idp.rsakeys``); ``N`` (the public modulus, base64url) and ``Pem`` (the private
key, PKCS#8) keep the result, so it is derived once per world, not per command.

A built-in provider nobody has used yet has no row: it stands as its default (key 1),
derived in memory when needed, and is stored at its first use by a command that writes
(``store``). Reads never write.

Rotation (``rotate``) adds a key that signs from then on; the previous one stays in the key
set until the next rotation, as providers keep an old key published for a while so that
tokens it signed still verify (``KEEP_PUBLISHED``). A key that leaves the set is gone:
tokens it signed no longer verify (unknown ``kid``).
"""

from __future__ import annotations

import base64
import copy
from typing import TYPE_CHECKING

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sandbox.idp import seed
from sandbox.idp.rsakeys import E, derive_private_key

if TYPE_CHECKING:  # pragma: no cover
    from sandbox.idp.providers import Provider

KEEP_PUBLISHED = 2
ALGORITHM = "RS256"
TABLE = "idp_providers"

_DERIVED: dict[tuple[bytes, str, int], rsa.RSAPrivateKey] = {}
_LOADED: dict[str, rsa.RSAPrivateKey] = {}
_PUBLIC: dict[str, rsa.RSAPublicKey] = {}


def _iso(dt) -> str:
    return dt.replace(microsecond=0).isoformat()


def b64url_int(n: int) -> str:
    return base64.urlsafe_b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()


def _int_b64url(text: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")


def _entry(world, provider_id: str, index: int, created: str) -> dict:
    return {"Kid": seed.key_id(world, provider_id, index), "Index": index, "CreateDate": created}


def _default_row(world, provider: Provider) -> dict:
    created = world.meta.get("created") or _iso(world.now())
    return {"Id": provider.id, "Kind": provider.kind, "Issuer": provider.issuer, "CreateDate": created,
            "Keys": [_entry(world, provider.id, 1, created)], "AppsRegistered": 0}


def row(world, provider: Provider) -> dict:
    """The provider's row as stored, or its default if it has none yet (not stored)."""
    stored = world[TABLE].get(provider.id)
    if stored is not None and stored.get("Keys"):
        return stored
    return _default_row(world, provider)


def store(world, provider: Provider) -> dict:
    """Keep the provider's row, with every key's material, in the world (inside a transaction)."""
    current = row(world, provider)
    kept = copy.deepcopy(current)
    for entry in kept["Keys"]:
        if not isinstance(entry.get("Pem"), str) or not isinstance(entry.get("N"), str):
            key = _derived(world, provider.id, entry["Index"])
            entry["N"] = b64url_int(key.public_key().public_numbers().n)
            entry["Pem"] = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()).decode()
    if kept != current or world[TABLE].get(provider.id) is None:
        world[TABLE].put(kept)
    return kept


def rotate(world, provider: Provider) -> dict:
    """Add a new signing key; returns its entry. Keys older than ``KEEP_PUBLISHED`` are dropped."""
    current = store(world, provider)
    index = max(k["Index"] for k in current["Keys"]) + 1
    entry = _entry(world, provider.id, index, _iso(world.now()))
    current["Keys"] = (current["Keys"] + [entry])[-KEEP_PUBLISHED:]
    world[TABLE].put(current)
    return store(world, provider)["Keys"][-1]


def published(world, provider: Provider) -> list[dict]:
    """The keys in the provider's key set, newest first."""
    return sorted(row(world, provider)["Keys"], key=lambda k: k["Index"], reverse=True)[:KEEP_PUBLISHED]


def signing_entry(world, provider: Provider) -> dict:
    return published(world, provider)[0]


def find(world, provider: Provider, kid) -> dict | None:
    return next((k for k in published(world, provider) if k["Kid"] == kid), None)


def _derived(world, provider_id: str, index: int) -> rsa.RSAPrivateKey:
    cache_key = (seed.world_seed(world), provider_id, index)
    key = _DERIVED.get(cache_key)
    if key is None:
        key = _DERIVED[cache_key] = derive_private_key(seed.stream(world, f"rsa|{provider_id}|{index}"))
    return key


def _kept(cache: dict, text, load, kind: type):
    """A key the world keeps as text, loaded once; None if it is missing or unusable."""
    if not isinstance(text, str):
        return None
    key = cache.get(text)
    if key is None:
        try:
            key = load(text)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            return None
        if not isinstance(key, kind) or key.key_size < 2048:
            return None
        cache[text] = key
    return key


def private_key(world, provider: Provider, entry: dict) -> rsa.RSAPrivateKey:
    """The key that signs with ``entry``: its stored PEM, or derived again if that is missing or unusable."""
    kept = _kept(_LOADED, entry.get("Pem"), lambda pem: serialization.load_pem_private_key(pem.encode(), None),
                 rsa.RSAPrivateKey)
    return kept or _derived(world, provider.id, entry["Index"])


def public_key(world, provider: Provider, entry: dict) -> rsa.RSAPublicKey:
    kept = _kept(_PUBLIC, entry.get("N"), lambda n: rsa.RSAPublicNumbers(E, _int_b64url(n)).public_key(),
                 rsa.RSAPublicKey)
    return kept or _derived(world, provider.id, entry["Index"]).public_key()


def jwk(world, provider: Provider, entry: dict) -> dict:
    """One key as a JSON Web Key (RFC 7517), the members and order Google's key set uses."""
    numbers = public_key(world, provider, entry).public_numbers()
    return {"alg": ALGORITHM, "e": b64url_int(numbers.e), "kid": entry["Kid"], "kty": "RSA",
            "n": b64url_int(numbers.n), "use": "sig"}


def jwks(world, provider: Provider) -> dict:
    return {"keys": [jwk(world, provider, e) for e in published(world, provider)]}
