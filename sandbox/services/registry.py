"""The table of operations: service + API name → handler.

A handler receives a ``CallContext`` and the API parameters and returns the response
dict. It authorizes through ``ctx.require(...)`` before touching anything, so that the
gateway sees every decision; an operation that needs no authorization
(``sts:GetCallerIdentity``, ``sts:GetSessionToken``) says so with ``public=True``.

``unsigned`` marks the operations AWS serves without a signature (the API model's
``authtype: none``): AssumeRoleWithWebIdentity is called with a web identity token, not
with AWS credentials, so the CLI sends no credentials and the gateway looks for none.

Every handler is registered under its literal AWS name (``@operation("iam", "PutUserPolicy")``),
so that grepping the name finds it.

``mutates`` says whether a successful call changes the account: users, groups, roles,
policies, keys, passwords, MFA devices, buckets, objects, instances. The workspace takes
its undo point only before such calls. Reads (``Get*``, ``List*``, ``Describe*``,
``Head*``, the policy simulator, ``GetCallerIdentity``) do not mutate. Nor do the STS
calls that only issue temporary credentials (``AssumeRole``, ``GetSessionToken``): they
change no resource of the account, and undoing one would only invalidate credentials the
learner already holds (``AssumeRoleWithWebIdentity`` likewise). Bookkeeping every call does (``AccessKeyLastUsed``,
``RoleLastUsed``) is not a change either. An EC2 call with ``DryRun`` changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import NamedTuple

from sandbox.errors import AwsError


class OperationDef(NamedTuple):
    service: str
    name: str
    handler: Callable
    public: bool = False
    mutates: bool = True
    unsigned: bool = False

    def changes(self, params: dict | None) -> bool:
        """Whether this call, with these parameters, changes the account if it succeeds."""
        return self.mutates and not (params or {}).get("DryRun")


_OPS: dict[tuple[str, str], OperationDef] = {}
# importing a service's module registers its operations (on first use: start-up time)
_MODULES = {
    "iam": "sandbox.services.iam.operations",
    "sts": "sandbox.services.sts",
    "s3": "sandbox.services.s3",
    "ec2": "sandbox.services.ec2",
    "cognito-idp": "sandbox.services.cognito_idp.operations",
    "cognito-identity": "sandbox.services.cognito_identity.operations",
    "cognito-sync": "sandbox.services.cognito_sync.operations",
    "sns": "sandbox.services.sns",
}
SERVICES = tuple(_MODULES)


def operation(service: str, name: str, public: bool = False, mutates: bool = True, unsigned: bool = False):
    def register(fn: Callable) -> Callable:
        _OPS[(service, name)] = OperationDef(service, name, fn, public, mutates, unsigned)
        return fn

    return register


def _load(service: str) -> None:
    if service in _MODULES:
        import_module(_MODULES[service])


def lookup(service: str, name: str) -> OperationDef:
    _load(service)
    op = _OPS.get((service, name))
    if op is None:
        raise AwsError("InvalidAction", f"The action {name} is not valid for this web service.")
    return op


def operations(service: str) -> dict[str, OperationDef]:
    """Every operation of ``service``, by API name."""
    _load(service)
    return {name: op for (svc, name), op in _OPS.items() if svc == service}
