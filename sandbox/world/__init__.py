"""The simulated AWS account, stored in TinyDB. Pure data: no policy logic, no Textual."""

from sandbox.world.storage import WorldError
from sandbox.world.store import World

__all__ = ["World", "WorldError", "open_world"]


def open_world(path=None, create: bool = True) -> World:
    """Open the world at ``path`` (default location if None), building the default world if empty."""
    from sandbox.world.defaults import ensure_world
    from sandbox.world.location import default_world_path

    world = World(path if path is not None else default_world_path())
    if create:
        ensure_world(world)
    return world
