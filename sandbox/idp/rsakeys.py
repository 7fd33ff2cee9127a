"""Deterministic RSA-2048 keys: the same seed stream always gives the same key.

``cryptography`` only makes keys from the system's randomness, so the primes are found here,
from a ``seed.Stream``, by the usual method (FIPS 186-5, appendix A.1.3 and B.3): random
1024-bit odd candidates with the two top bits set (so ``n`` has exactly 2048 bits), small
factors sieved out with one gcd, then Miller-Rabin with bases from the same stream; ``e`` is
65537, ``|p - q|`` is more than 2^924, and ``d`` is the inverse of ``e`` modulo
lcm(p-1, q-1). ``cryptography`` then checks the numbers and holds the key.

Finding the primes takes a few tenths of a second in Python, so callers derive a key once
and keep it (``sandbox.idp.keys`` stores it in the world).
"""

from __future__ import annotations

import math

from cryptography.hazmat.primitives.asymmetric import rsa

from sandbox.idp.seed import Stream

E = 65537
PRIME_BITS = 1024
_ROUNDS = 8


def _small_primes(limit: int) -> list[int]:
    sieve = bytearray([1]) * limit
    sieve[:2] = b"\x00\x00"
    for i in range(2, int(limit ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i::i] = bytearray(len(sieve[i * i::i]))
    return [i for i in range(3, limit) if sieve[i]]


_SMALL_PRODUCT = math.prod(_small_primes(1 << 14))


def _probably_prime(n: int, stream: Stream, rounds: int) -> bool:
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for _ in range(rounds):
        a = 2 + stream.below(n - 3)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(stream: Stream) -> int:
    while True:
        candidate = stream.integer(PRIME_BITS) | (3 << (PRIME_BITS - 2)) | 1
        if math.gcd(candidate, _SMALL_PRODUCT) != 1 or (candidate - 1) % E == 0:
            continue
        # one round weeds out composites cheaply; the rest only run on a likely prime
        if _probably_prime(candidate, stream, 1) and _probably_prime(candidate, stream, _ROUNDS - 1):
            return candidate


def derive_private_key(stream: Stream) -> rsa.RSAPrivateKey:
    while True:
        p, q = _prime(stream), _prime(stream)
        if abs(p - q) <= 1 << (PRIME_BITS - 100):
            continue
        lam = math.lcm(p - 1, q - 1)
        d = pow(E, -1, lam)
        if d.bit_length() <= PRIME_BITS:
            continue
        if p < q:
            p, q = q, p
        numbers = rsa.RSAPrivateNumbers(
            p=p, q=q, d=d, dmp1=rsa.rsa_crt_dmp1(d, p), dmq1=rsa.rsa_crt_dmq1(d, q), iqmp=rsa.rsa_crt_iqmp(p, q),
            public_numbers=rsa.RSAPublicNumbers(E, p * q))
        return numbers.private_key()
