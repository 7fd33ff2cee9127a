"""AWS-style identifiers (IAM User Guide, "IAM identifiers").

Unique ids are a four-letter prefix (AIDA user, AGPA group, AROA role, ANPA managed
policy, ANVA policy version, AIPA instance profile) and 17 more characters, 21 in all;
access key ids are AKIA (long-term) or ASIA (temporary) and 16 more, 20 in all; secret
access keys are 40 characters.
"""

from __future__ import annotations

import base64
import string
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random

_ID_CHARS = string.ascii_uppercase + "234567"
_SECRET_CHARS = string.ascii_letters + string.digits + "+/"
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_HEX = "0123456789abcdef"

PREFIX = {"user": "AIDA", "group": "AGPA", "role": "AROA", "policy": "ANPA", "version": "ANVA",
          "instance-profile": "AIPA", "access-key": "AKIA", "temporary-key": "ASIA"}


_rng: random.Random | None = None  # made on first use: a command that makes no id never loads random


def seed(value: int | None) -> None:
    """Make identifiers reproducible (tests, screenshots, identical classroom worlds);
    ``None`` goes back to the system's randomness."""
    import random  # start-up time: most commands make no identifier

    global _rng
    _rng = random.SystemRandom() if value is None else random.Random(value)


def _generator() -> random.Random:
    if _rng is None:
        seed(None)
    return _rng


def _chars(alphabet: str, n: int) -> str:
    rng = _generator()
    return "".join(rng.choice(alphabet) for _ in range(n))


def unique_id(kind: str) -> str:
    return PREFIX[kind] + _chars(_ID_CHARS, 17)


def access_key_id(temporary: bool = False) -> str:
    return ("ASIA" if temporary else "AKIA") + _chars(_ID_CHARS, 16)


def secret_access_key() -> str:
    return _chars(_SECRET_CHARS, 40)


def session_token() -> str:
    rng = _generator()
    return "IQoJb3JpZ2luX2VjE" + base64.b64encode(bytes(rng.randrange(256) for _ in range(240))).decode()


def account_id() -> str:
    return str(_generator().randrange(10**11, 10**12))


def salt() -> str:
    """16 hex characters to salt a password hash (reproducible in a seeded world)."""
    return _chars(_HEX, 16)


def mfa_seed() -> str:
    """A Base32 seed of 64 characters, like the ones AWS gives virtual MFA devices."""
    return _chars(_BASE32, 64)


def instance_id() -> str:
    return "i-0" + _chars(_HEX, 16)


def secret_seed() -> str:
    """64 hexadecimal digits: the seed a world's simulated identity providers derive their keys from."""
    return _chars(_HEX, 64)


# letters and digits a learner copying a password could take for one another (I l 1, O o 0),
# each made a letter or digit of its own kind that is not (the draws stay the same, so a seeded
# world's other identifiers do not move)
_UNAMBIGUOUS = str.maketrans("IOlo01", "JPkp97")


def password(length: int = 16) -> str:
    """A password meeting any IAM password policy, that a learner can type in a shell and
    read off the screen: its symbols are from IAM's set but mean nothing to bash, it never
    starts with ``-`` (which a command line would read as an option), and it has no
    look-alike characters."""
    pools = [string.ascii_uppercase, string.ascii_lowercase, string.digits, "@%_+=-"]
    rng = _generator()
    chars = [rng.choice(p) for p in pools]
    chars += [rng.choice("".join(pools)) for _ in range(length - len(chars) - 1)]
    rng.shuffle(chars)
    return (rng.choice(string.ascii_letters) + "".join(chars)).translate(_UNAMBIGUOUS)


def chars(alphabet: str, n: int) -> str:
    """``n`` characters drawn from ``alphabet`` (reproducible in a seeded world): the
    services' own identifier formats (Cognito pool and client ids, SNS endpoint ids...)."""
    return _chars(alphabet, n)


def uuid4() -> str:
    """A random (version 4) UUID, as Cognito's ``sub`` and ``jti`` are."""
    h = _chars(_HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"
