"""Every secret and identifier of the simulated providers, derived from the world's seed.

``world reset --seed N`` draws the world's ``idp_seed`` (meta) from the seeded generator,
so two worlds reset with the same seed have the same provider keys, key ids, client ids
and account subjects: a class can share one world's tokens and trust policies. Nothing is
drawn from the host's randomness here; a value is ``HMAC-SHA512(seed, label || counter)``,
where the label names what is derived (``rsa|accounts.google.com|1``), so values for
different purposes never share bytes.

A world made before worlds had an ``idp_seed`` derives from its account id and creation
time instead: stable for that world, though not secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import string

_DIGITS = string.digits
_LOWER_ALNUM = string.ascii_lowercase + string.digits
_UPPER_ALNUM = string.ascii_uppercase + string.digits
_ALNUM = string.ascii_letters + string.digits
_HEX = "0123456789abcdef"


def world_seed(world) -> bytes:
    meta = world.meta
    seed = meta.get("idp_seed")
    if isinstance(seed, str) and seed:
        return seed.encode()
    return hashlib.sha256(f"{meta.get('account_id', '')}|{meta.get('created', '')}".encode()).digest()


class Stream:
    """Deterministic bytes for one label: HMAC-SHA512 in counter mode."""

    def __init__(self, seed: bytes, label: str):
        self._key = seed
        self._label = label.encode()
        self._counter = 0
        self._buffer = b""

    def take(self, n: int) -> bytes:
        while len(self._buffer) < n:
            self._counter += 1
            self._buffer += hmac.new(self._key, self._label + b"|" + self._counter.to_bytes(8, "big"),
                                     hashlib.sha512).digest()
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out

    def integer(self, bits: int) -> int:
        """A uniform integer of ``bits`` bits (the top bit may be 0)."""
        return int.from_bytes(self.take((bits + 7) // 8), "big") >> (-bits % 8)

    def below(self, n: int) -> int:
        """Uniform in ``range(n)`` (rejection sampling: no modulo bias)."""
        bits = max(1, (n - 1).bit_length())
        while True:
            x = self.integer(bits)
            if x < n:
                return x

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(alphabet[self.below(len(alphabet))] for _ in range(n))


def stream(world, label: str) -> Stream:
    return Stream(world_seed(world), label)


def key_id(world, provider_id: str, index: int, kind: str = "") -> str:
    """A ``kid`` in the form the provider's key set uses: 40 hexadecimal digits (Google,
    Facebook); 32 bytes in base64 (a Cognito user pool: ``kbxEboF...ALU=``); region and
    number (Cognito identity pools: ``us-east-1-1``)."""
    if kind == "cognito-identity":
        return f"us-east-1-{index}"
    s = stream(world, f"kid|{provider_id}|{index}")
    if kind == "cognito-idp":
        return base64.b64encode(s.take(32)).decode()
    return s.chars(_HEX, 40)


def client_id(world, kind: str, provider_id: str, n: int) -> str:
    """The ``n``-th client id registered with a provider, in that provider's format."""
    s = stream(world, f"client|{provider_id}|{n}")
    if kind == "google":  # project number, then 32 characters: NNNN-xxxx.apps.googleusercontent.com
        return f"{s.chars('123456789', 1)}{s.chars(_DIGITS, 11)}-{s.chars(_LOWER_ALNUM, 32)}" \
               ".apps.googleusercontent.com"
    if kind == "amazon":  # Login with Amazon security profile client id
        return "amzn1.application-oa2-client." + s.chars(_HEX, 32)
    if kind == "facebook":  # a Facebook app id is a number
        return s.chars("123456789", 1) + s.chars(_DIGITS, 15)
    return s.chars(_ALNUM, 32)


def subject(world, kind: str, provider_id: str, email: str) -> str:
    """A person's stable identifier at a provider, in that provider's format."""
    s = stream(world, f"sub|{provider_id}|{email.lower()}")
    if kind == "google":  # 21 digits
        return "1" + s.chars(_DIGITS, 20)
    if kind == "amazon":
        return "amzn1.account." + s.chars(_UPPER_ALNUM, 28)
    if kind == "facebook":  # the user's own id; apps see app-scoped ids (app_scoped_id)
        return "10" + s.chars(_DIGITS, 15)
    h = s.chars(_HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


def app_scoped_id(world, user_id: str, app_id: str) -> str:
    """Facebook gives each app its own id for a person (an "app-scoped user id")."""
    return "10" + stream(world, f"asid|{user_id}|{app_id}").chars(_DIGITS, 15)


def seal(world, purpose: str, text: str) -> str:
    """A tag for ``text`` only this world can make (BLAKE2b keyed by its seed): the services'
    opaque tokens (a sign-in challenge's Session, a sync session) carry one so that they cannot
    be changed or made up."""
    key = hashlib.sha256(f"seal|{purpose}|".encode() + world_seed(world)).digest()
    return base64.urlsafe_b64encode(hashlib.blake2b(text.encode(), key=key, digest_size=24).digest()).decode()
