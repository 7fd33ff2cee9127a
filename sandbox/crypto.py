"""The sandbox's small cryptography, with no knowledge of the world or of AWS operations.

- ``secret_hash``: how a secret access key is kept (only its SHA-256; the secret itself is
  shown once, at creation, as AWS does).
- ``hash_password`` / ``check_password``: console passwords as salted PBKDF2 hashes.
- RFC 6238 time-based one-time passwords, as a virtual MFA app computes them (HMAC-SHA1,
  6 digits, 30-second steps).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from datetime import datetime
from urllib.parse import quote

# -- secrets and passwords ------------------------------------------------------------------------

_PBKDF2_ITERATIONS = 20000


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str, salt: str | None = None) -> str:
    """``salt$digest``; ``salt`` is random unless given (a seeded world passes its own)."""
    if salt is None:
        import secrets  # start-up time: only a new password needs it

        salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _PBKDF2_ITERATIONS).hex()
    return f"{salt}${digest}"


def check_password(password: str, stored: str) -> bool:
    salt, _, digest = stored.partition("$")
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _PBKDF2_ITERATIONS).hex()
    return hmac.compare_digest(candidate, digest)


# -- TOTP (RFC 6238) ------------------------------------------------------------------------------

STEP = 30
DIGITS = 6


def _key(seed: str) -> bytes:
    padded = seed.upper() + "=" * (-len(seed) % 8)
    return base64.b32decode(padded)


def window(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP


def code_at(seed: str, step: int) -> str:
    mac = hmac.new(_key(seed), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def code(seed: str, moment: datetime) -> str:
    return code_at(seed, window(moment))


def seconds_left(moment: datetime) -> int:
    return STEP - int(moment.timestamp()) % STEP


def verify(seed: str, token: str, moment: datetime, drift: int = 1) -> int | None:
    """The step ``token`` belongs to, within ``drift`` steps of now; None if it matches none."""
    if not (isinstance(token, str) and token.isdigit() and len(token) == DIGITS):
        return None
    now = window(moment)
    for step in range(now - drift, now + drift + 1):
        if hmac.compare_digest(code_at(seed, step), token):
            return step
    return None


def verify_pair(seed: str, first: str, second: str, moment: datetime) -> bool:
    """EnableMFADevice: two consecutive codes, the second no later than the next step."""
    now = window(moment)
    for step in range(now - 4, now + 1):
        if (hmac.compare_digest(code_at(seed, step), str(first))
                and hmac.compare_digest(code_at(seed, step + 1), str(second))):
            return True
    return False


def otpauth_uri(seed: str, label: str, issuer: str = "Amazon Web Services") -> str:
    return f"otpauth://totp/{quote(issuer)}:{quote(label)}?secret={seed}&issuer={quote(issuer)}"
