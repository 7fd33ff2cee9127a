"""The request context: the condition keys and values a request carries.

Key names are case-insensitive (``aws:SourceIp`` is ``AWS:sourceip``), so they are stored
lower-cased beside the spelling the caller used. Every value is kept as a list of strings;
``multi`` marks the keys that are multivalued (the ``...List`` types of the simulator, or a
list given by a service), which is what ``ForAnyValue``/``ForAllValues`` are about.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.errors import AwsError
from sandbox.policy import values as conv

CONTEXT_TYPES = (
    "string", "stringList", "numeric", "numericList", "boolean", "booleanList",
    "ip", "ipList", "binary", "binaryList", "date", "dateList",
)


@dataclass(frozen=True, slots=True)
class ContextValue:
    name: str
    values: tuple[str, ...]
    multi: bool = False
    type: str = "string"


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class RequestContext:
    """Context keys of one request, looked up case-insensitively."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, ContextValue] | None = None):
        self._values: dict[str, ContextValue] = dict(values or {})

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> RequestContext:
        """Build from ``{key: value}``; a list or tuple value makes a multivalued key."""
        out: dict[str, ContextValue] = {}
        for name, value in mapping.items():
            if value is None:
                continue
            if isinstance(value, (list, tuple, set, frozenset)):
                out[name.lower()] = ContextValue(name, tuple(_as_text(v) for v in value), True)
            else:
                out[name.lower()] = ContextValue(name, (_as_text(value),), False)
        return cls(out)

    @classmethod
    def from_entries(cls, entries: Iterable[Mapping[str, Any]] | None) -> RequestContext:
        """Build from the simulator's ``ContextEntries`` (AWS shape), validating as IAM does."""
        out: dict[str, ContextValue] = {}
        for entry in entries or ():
            if not isinstance(entry, Mapping):
                raise AwsError("InvalidInput", "Each context entry must be a structure with ContextKeyName, "
                                               "ContextKeyValues and ContextKeyType.")
            name = entry.get("ContextKeyName")
            ctype = entry.get("ContextKeyType", "string")
            values = entry.get("ContextKeyValues", [])
            if not isinstance(name, str) or not (5 <= len(name) <= 256):
                raise AwsError("InvalidInput",
                               f"Invalid context key name: {name!r}. ContextKeyName must be 5 to 256 characters.")
            if ctype not in CONTEXT_TYPES:
                raise AwsError(
                    "InvalidInput",
                    f"Invalid ContextKeyType {ctype!r} for {name}; valid types: {', '.join(CONTEXT_TYPES)}.",
                )
            if isinstance(values, (str, int, float, bool)):
                values = [values]
            if not isinstance(values, list):
                raise AwsError("InvalidInput", f"ContextKeyValues for {name} must be a list of strings.")
            texts = tuple(_as_text(v) for v in values)
            multi = ctype.endswith("List")
            if not multi and len(texts) > 1:
                raise AwsError(
                    "InvalidInput",
                    f"Context key {name} has type {ctype} but {len(texts)} values; use {ctype}List for several values.",
                )
            _check_values(name, ctype.removesuffix("List"), texts)
            out[name.lower()] = ContextValue(name, texts, multi, ctype)
        return cls(out)

    def get(self, key_lower: str) -> ContextValue | None:
        return self._values.get(key_lower)

    def __contains__(self, key: str) -> bool:
        return key.lower() in self._values

    def items(self):
        return self._values.values()

    def as_dict(self) -> dict[str, Any]:
        return {v.name: (list(v.values) if v.multi else (v.values[0] if v.values else ""))
                for v in self._values.values()}

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"RequestContext({self.as_dict()!r})"


_VALID = {
    "numeric": lambda t: conv.to_number(t) is not None,
    "boolean": lambda t: t.lower() in ("true", "false"),
    "ip": lambda t: conv.to_ip(t) is not None,
    "date": lambda t: conv.to_epoch(t) is not None,
    "binary": lambda t: conv.to_binary(t) is not None,
}


def _check_values(name: str, base: str, values: tuple[str, ...]) -> None:
    valid = _VALID.get(base)
    if valid is None:
        return
    for text in values:
        if not valid(text):
            raise AwsError("InvalidInput", f"Invalid value {text!r} for context key {name} of type {base}.")
