"""Worlds and tokens for the identity provider tests (sandbox.idp).

Worlds are built with a fixed ``ids`` seed, so their provider keys are derived once per test
process (``sandbox.idp.keys`` keeps derived keys by seed) and the tests stay fast.
"""

from __future__ import annotations

import base64
import json

from sandbox import idp
from sandbox.services.seed import build_default_world
from sandbox.world import World, ids

FROZEN = "2025-03-01T12:00:00+00:00"
NOW = 1740830400  # FROZEN in seconds since 1970
SEED = 11


def seeded_world(seed: int = SEED, path=None, frozen: str | None = FROZEN) -> World:
    world = World(path)
    ids.seed(seed)
    try:
        build_default_world(world, "123456789012", frozen_at=frozen)
    finally:
        ids.seed(None)
    return world


def register(world: World, provider: idp.Provider, name: str = "photos") -> str:
    with world.transaction():
        return idp.register_app(world, provider, name)["ClientId"]


def login(world: World, provider: idp.Provider, email: str, client_id: str, lifetime: int = 3600) -> idp.SignIn:
    with world.transaction():
        return idp.sign_in(world, provider, email, client_id, lifetime)


def issuer(world: World, url: str = "https://login.example.edu") -> idp.Provider:
    with world.transaction():
        return idp.create_issuer(world, url)


def b64(data: bytes | dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode() if isinstance(data, dict) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict, dict, str]:
    h, p, s = token.split(".")
    pad = lambda x: x + "=" * (-len(x) % 4)  # noqa: E731
    return json.loads(base64.urlsafe_b64decode(pad(h))), json.loads(base64.urlsafe_b64decode(pad(p))), s
