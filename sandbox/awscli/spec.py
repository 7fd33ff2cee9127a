"""How the simulated ``aws`` command line describes services, operations and parameters.

One declaration per operation serves parsing, validation, ``help`` and completion, the way
the real CLI derives all of them from botocore's service models. Parameter types follow
the CLI: ``string``, ``integer``, ``boolean`` (``--flag``/``--no-flag``), ``list`` (one or
more values after the flag), ``structure`` and ``structure-list`` (shorthand
``Key=Value,...`` or JSON), ``map`` (``Key=Value`` pairs) and ``blob``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

STRING = "string"
INTEGER = "integer"
BOOLEAN = "boolean"
LIST = "list"
STRUCTURE = "structure"
STRUCTURE_LIST = "structure-list"
MAP = "map"
BLOB = "blob"
JSON_DOC = "json-document"  # a string parameter holding a JSON document (policies)


@dataclass(frozen=True)
class Param:
    cli: str  # without the leading dashes, e.g. "user-name"
    api: str  # e.g. "UserName"
    type: str = STRING
    required: bool = False
    help: str = ""
    members: dict = field(default_factory=dict)  # structure member name -> type
    choices: tuple = ()  # the API's enumeration (for help and completion; the service checks it)
    completes: str = ""  # what names complete this value: "user", "role", "bucket", ...
    # a customized argument (awscli's add_to_params): puts its own API members into the
    # request, e.g. ec2 run-instances --count 1:3 sets MinCount and MaxCount
    to_params: Callable[[dict, str], None] | None = field(default=None, compare=False)
    min: int | None = None  # the model's minimum length (strings, list members) or value (integers)
    client_choices: bool = False  # a CLI-only option whose choices the CLI itself enforces

    @property
    def flag(self) -> str:
        return f"--{self.cli}"


@dataclass(frozen=True)
class Operation:
    cli: str  # e.g. "list-users"
    api: str  # e.g. "ListUsers"
    params: tuple[Param, ...] = ()
    summary: str = ""
    paginated: str = ""  # result key of a paginated list, if any
    positional: tuple[str, ...] = ()  # for high-level commands (aws s3 ...): names of positionals
    input_only: tuple[str, ...] = ()  # API members without a flag, accepted only in --cli-input-json

    def param(self, cli: str) -> Param | None:
        for p in self.params:
            if p.cli == cli:
                return p
        return None


@dataclass(frozen=True)
class Service:
    name: str  # CLI name, e.g. "iam", "s3api"
    title: str
    operations: dict[str, Operation]
    endpoint_prefix: str = ""  # the API's service, e.g. "s3" for s3api
    high_level: bool = False  # aws s3: custom commands with positional arguments
    # the service model's minimums by member name, checked on the client as botocore does:
    # "UserName": 1; for a list parameter the minimum of each string in it; "Tags.Key" for
    # a member of a structure parameter. A Param's own ``min`` wins.
    minimums: dict = field(default_factory=dict)
    required_members: dict = field(default_factory=dict)  # "Tags": ("Key", "Value")

    @property
    def api_service(self) -> str:
        return self.endpoint_prefix or self.name


# service CLI name -> module holding its SERVICE declaration (imported on first use)
_REGISTRY = {
    "iam": "sandbox.awscli.specs.iam",
    "sts": "sandbox.awscli.specs.sts",
    "s3api": "sandbox.awscli.specs.s3api",
    "ec2": "sandbox.awscli.specs.ec2",
}


def register(name: str, module: str) -> None:
    _REGISTRY[name] = module


def service_names() -> list[str]:
    return sorted(_REGISTRY)


def get_service(name: str) -> Service | None:
    module = _REGISTRY.get(name)
    if module is None:
        return None
    return import_module(module).SERVICE


def ops(*operations: Operation) -> dict[str, Operation]:
    return {op.cli: op for op in operations}


_FIRST_CAP = re.compile("(.)([A-Z][a-z]+)")
_END_CAP = re.compile("([a-z0-9])([A-Z])")


def kebab(api_name: str) -> str:
    """botocore's name transformation: ``ListMFADevices`` → ``list-mfa-devices``."""
    return _END_CAP.sub(r"\1-\2", _FIRST_CAP.sub(r"\1-\2", api_name)).lower()


def P(api: str, type: str = STRING, required: bool = False, help: str = "", **kw) -> Param:
    """A parameter named after its API member, as the AWS CLI names them."""
    return Param(kw.pop("cli", kebab(api)), api, type, required, help, **kw)


def op(api: str, summary: str, *params: Param, **kw) -> Operation:
    return Operation(kw.pop("cli", kebab(api)), api, tuple(params), summary, **kw)


TAGS = Param("tags", "Tags", STRUCTURE_LIST, members={"Key": STRING, "Value": STRING},
             help="Tags as Key=string,Value=string (repeat for several).")
