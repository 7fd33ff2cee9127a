"""An operation's command line as the AWS CLI builds it: its arguments (``Param``, one per
entry of awscli's argument table) and the operation (``Operation``). ``catalog.py`` builds
them from the service models."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from sandbox.awscli import model as models

# the argument kinds (awscli's classes): a model member, a boolean member (--x/--no-x), the
# CLI's own arguments
MEMBER, BOOLEAN, PAGING, CUSTOM = "member", "boolean", "paging", "custom"


@dataclass(frozen=True, eq=False)
class Param:
    cli: str  # without the leading dashes, e.g. "user-name"; for a positional, its name
    api: str | None  # the API member it fills ("UserName"), None for the CLI's own arguments
    type: str = "string"  # the CLI's type name: the member shape's type, or the argument's
    required: bool = False
    shape: models.Shape | None = field(default=None, repr=False)
    kind: str = MEMBER
    dest: str = ""  # argparse destination (a --no-x shares its --x's)
    negative: bool = False  # the --no-x of a boolean
    nargs: str | None = None
    choices: tuple = ()  # choices argparse enforces (CLI-only arguments)
    const: str | None = None
    positional: bool = False
    hidden: bool = False  # not documented (a paginated operation's own paging members)
    help: str = ""
    # a customized argument (awscli's ``add_to_params``): puts API members of its own
    to_params: Callable[[dict, object], None] | None = None
    shadows: "Param | None" = field(default=None, repr=False)  # the member a paging argument hides (IAM's MaxItems)

    @property
    def flag(self) -> str:
        return self.cli if self.positional else f"--{self.cli}"

    @property
    def py_name(self) -> str:
        return self.dest or self.cli.replace("-", "_")

    @property
    def enum(self) -> list[str]:
        return self.shape.enum if self.shape is not None else []

    @property
    def completes(self) -> str:
        """What names from the account complete this argument's value."""
        return COMPLETES.get(self.api or "", "")


# API member -> the account's names that complete its value (``completion.names_of``)
COMPLETES = {
    "UserName": "user", "GroupName": "group", "RoleName": "role", "RoleArn": "role-arn",
    "PolicyArn": "policy-arn", "PermissionsBoundary": "policy-arn", "InstanceProfileName": "instance-profile",
    "Bucket": "bucket", "InstanceId": "instance", "InstanceIds": "instance", "SerialNumber": "mfa",
}


@dataclass(frozen=True, eq=False)
class Operation:
    cli: str  # e.g. "list-users"
    api: str  # e.g. "ListUsers"
    params: tuple[Param, ...]
    model: models.OperationModel | None = field(default=None, repr=False)
    summary: str = ""

    @cached_property
    def table(self) -> dict[str, Param]:
        return {p.cli: p for p in self.params}

    def param(self, cli: str) -> Param | None:
        return self.table.get(cli)

    def by_api(self, api: str) -> Param | None:
        return next((p for p in self.params if p.api == api and not p.negative), None)

    @property
    def input_shape(self) -> models.Shape | None:
        return self.model.input_shape if self.model else None

    @property
    def paginator(self) -> dict | None:
        return self.model.paginator if self.model else None

    @property
    def has_outfile(self) -> bool:
        """Operations that write a file take no --cli-input-json nor --generate-cli-skeleton."""
        return "outfile" in self.table

    @property
    def positional(self) -> tuple[str, ...]:
        return tuple(p.cli for p in self.params if p.positional)
