"""The simulated AWS account, stored in TinyDB. Pure data: no policy logic, no Textual.

It imports nothing above it: the default world is built by ``sandbox.services.seed``.
"""

from sandbox.world.storage import WorldError
from sandbox.world.store import World

__all__ = ["World", "WorldError"]
