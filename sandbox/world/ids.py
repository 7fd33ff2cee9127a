"""AWS-style identifiers (IAM User Guide, "IAM identifiers").

Unique ids are a four-letter prefix (AIDA user, AGPA group, AROA role, ANPA managed
policy, ANVA policy version, AIPA instance profile) and 17 more characters, 21 in all;
access key ids are AKIA (long-term) or ASIA (temporary) and 16 more, 20 in all; secret
access keys are 40 characters.
"""

from __future__ import annotations

import base64
import secrets
import string

_ID_CHARS = string.ascii_uppercase + "234567"
_SECRET_CHARS = string.ascii_letters + string.digits + "+/"
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

PREFIX = {"user": "AIDA", "group": "AGPA", "role": "AROA", "policy": "ANPA", "version": "ANVA",
          "instance-profile": "AIPA", "access-key": "AKIA", "temporary-key": "ASIA"}


def _chars(alphabet: str, n: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def unique_id(kind: str) -> str:
    return PREFIX[kind] + _chars(_ID_CHARS, 17)


def access_key_id(temporary: bool = False) -> str:
    return ("ASIA" if temporary else "AKIA") + _chars(_ID_CHARS, 16)


def secret_access_key() -> str:
    return _chars(_SECRET_CHARS, 40)


def session_token() -> str:
    return "IQoJb3JpZ2luX2VjE" + base64.b64encode(secrets.token_bytes(240)).decode()


def account_id() -> str:
    return str(secrets.randbelow(9 * 10**11) + 10**11)


def mfa_seed() -> str:
    """A Base32 seed of 64 characters, like the ones AWS gives virtual MFA devices."""
    return _chars(_BASE32, 64)


def instance_id() -> str:
    return "i-0" + secrets.token_hex(8)


def password(length: int = 16) -> str:
    pools = [string.ascii_uppercase, string.ascii_lowercase, string.digits, "!@#$%^&*()_+-="]
    chars = [secrets.choice(p) for p in pools]
    chars += [secrets.choice("".join(pools)) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)
