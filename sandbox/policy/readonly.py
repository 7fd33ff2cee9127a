"""Read-only building blocks for parsed policies.

Parsed policies are cached by their text and shared by every caller (the simulator, the
gateway, the editor), so nothing may change one after it is built: a change made for one
request would leak into the next. A ``ReadOnly`` object sets its attributes once, in its
own ``__init__`` (``_fill``), and refuses any later change; collections in it are tuples,
frozensets and read-only mappings (``freeze``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any


class ReadOnly:
    """Attributes are set by ``_fill`` while the object is built, and never changed."""

    __slots__ = ()

    def _fill(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__}.{name} is read-only: parsed policies are shared")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__}.{name} is read-only: parsed policies are shared")


def freeze(value: Any) -> Any:
    """Parsed JSON made read-only: objects become mappings that refuse changes, lists tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value
