"""Opening the world for a headless command, with clear messages when it cannot be used."""

from __future__ import annotations

import sys
from pathlib import Path

from sandbox.services.seed import open_world
from sandbox.world import World, WorldError
from sandbox.world.location import default_world_path


def world_path(opts: dict) -> Path:
    return Path(opts["world"]).expanduser() if opts.get("world") else default_world_path()


def scenario_dirs(opts: dict) -> list[Path]:
    """The instructor's scenario folders given to this command (--scenarios DIR)."""
    return [Path(p).expanduser() for p in opts.get("scenarios") or []]


def open_for_cli(opts: dict, create: bool = True) -> World | None:
    """The world, or None after printing why it cannot be opened (damaged, newer schema)."""
    try:
        return open_world(world_path(opts), create=create)
    except WorldError as exc:
        sys.stderr.write(f"iam-sandbox: {exc.message}\n")
        return None
    except OSError as exc:
        sys.stderr.write(f"iam-sandbox: cannot open the world at {world_path(opts)}: {exc.strerror or exc}\n")
        return None
