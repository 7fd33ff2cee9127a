"""The IAM policy engine: parse, validate, match, evaluate and explain. Pure: no I/O.

Each name below loads its module on first use (start-up time): a command that authorizes
nothing, such as ``aws sts get-caller-identity``, never pays for the parser, the
evaluator or the validator.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

# name -> the module of this package that defines it
_HOMES = {
    "RequestContext": "context",
    **dict.fromkeys(("IDENTITY", "RESOURCE", "TRUST", "Issue", "MalformedPolicy", "Policy", "check_policy",
                     "nonwhitespace_size", "parse_policy"), "document"),
    **dict.fromkeys(("Authorization", "Decision", "PolicyRef", "UnreadablePolicy", "evaluate"), "evaluate"),
    **dict.fromkeys(("ALLOWED", "EXPLICIT_DENY", "IMPLICIT_DENY"), "outcome"),
    **dict.fromkeys(("Explain", "denied_message"), "explain"),
    "Principal": "principal",
    **dict.fromkeys(("simulate_custom_policy", "simulate_principal_policy"), "simulator"),
    **dict.fromkeys(("ValidationReport", "preview_grants", "validate_policy"), "validate"),
}
__all__ = sorted(_HOMES)

if TYPE_CHECKING:  # what the names are, for readers and type checkers
    from sandbox.policy.context import RequestContext  # noqa: F401
    from sandbox.policy.document import (  # noqa: F401
        IDENTITY,
        RESOURCE,
        TRUST,
        Issue,
        MalformedPolicy,
        Policy,
        check_policy,
        nonwhitespace_size,
        parse_policy,
    )
    from sandbox.policy.evaluate import Authorization, Decision, PolicyRef, UnreadablePolicy, evaluate  # noqa: F401
    from sandbox.policy.explain import Explain, denied_message  # noqa: F401
    from sandbox.policy.outcome import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY  # noqa: F401
    from sandbox.policy.principal import Principal  # noqa: F401
    from sandbox.policy.simulator import simulate_custom_policy, simulate_principal_policy  # noqa: F401
    from sandbox.policy.validate import ValidationReport, preview_grants, validate_policy  # noqa: F401


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """``evaluate`` names a module and the function it defines: when the import system sets
    the module on the package, the package keeps the function, as an eager import did."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
