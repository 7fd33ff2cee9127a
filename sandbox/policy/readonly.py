"""Read-only building blocks for parsed policies.

Parsed policies are cached by their text and shared by every caller (the simulator, the
gateway, the editor), so nothing may change one after it is built: a change made for one
request would leak into the next. ``ReadOnly`` objects accept each attribute once (in
``__init__``) and refuse to have it replaced; ``freeze`` turns parsed JSON into
read-only mappings and tuples.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any


class ReadOnly:
    """Attributes are set once, when the object is built, and never replaced."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, name):
            raise AttributeError(f"{type(self).__name__}.{name} is read-only: parsed policies are shared")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__}.{name} is read-only: parsed policies are shared")


def freeze(value: Any) -> Any:
    """Parsed JSON made read-only: objects become mappings that refuse changes, lists tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value
