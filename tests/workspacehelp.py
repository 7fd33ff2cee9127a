"""A workspace on a fresh in-memory default world, signed in to the console as admin."""

from __future__ import annotations

from sandbox.services.seed import build_default_world
from sandbox.workspace import Workspace
from sandbox.world import World

ACCOUNT = "123456789012"
FROZEN = "2026-11-27T12:00:00+00:00"


def signed_in(world: World) -> Workspace:
    ws = Workspace(world)
    ws.sign_in(root=False, user_name="admin", password=world.meta["secrets_note"]["admin_console_password"])
    return ws


def fresh_workspace(path=None) -> Workspace:
    world = World(path)
    build_default_world(world, ACCOUNT, frozen_at=FROZEN)
    return signed_in(world)
