"""The table of operations: service + API name → handler.

A handler receives a ``CallContext`` and the API parameters and returns the response
dict. It authorizes through ``ctx.require(...)`` before touching anything, so that the
gateway sees every decision; an operation that needs no authorization (only
``sts:GetCallerIdentity``) says so with ``public=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable

from sandbox.errors import AwsError


@dataclass(frozen=True)
class OperationDef:
    service: str
    name: str
    handler: Callable
    public: bool = False
    mutates: bool = True


_OPS: dict[tuple[str, str], OperationDef] = {}
_MODULES = {
    "iam": "sandbox.services.iam",
    "sts": "sandbox.services.sts",
    "s3": "sandbox.services.s3",
    "ec2": "sandbox.services.ec2",
}
_loaded: set[str] = set()


def operation(service: str, name: str, public: bool = False, mutates: bool = True):
    def register(fn: Callable) -> Callable:
        _OPS[(service, name)] = OperationDef(service, name, fn, public, mutates)
        return fn

    return register


def lookup(service: str, name: str) -> OperationDef:
    if service not in _loaded and service in _MODULES:
        try:
            import_module(_MODULES[service])
        except ModuleNotFoundError:
            pass
        _loaded.add(service)
    op = _OPS.get((service, name))
    if op is None:
        raise AwsError("InvalidAction", f"The action {name} is not valid for this web service.")
    return op
