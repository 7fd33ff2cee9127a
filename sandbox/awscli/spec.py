"""An operation's command line as the AWS CLI builds it: its arguments (``Param``, one per
entry of awscli's argument table) and the operation (``Operation``). ``catalog.py`` builds
them from the service models."""

from __future__ import annotations

from sandbox.awscli import model as models

# the argument kinds (awscli's classes): a model member, a boolean member (--x/--no-x), the
# CLI's own arguments
MEMBER, BOOLEAN, PAGING, CUSTOM = "member", "boolean", "paging", "custom"


_DEFAULTS = {
    "type": "string",  # the CLI's type name: the member shape's type, or the argument's
    "required": False,
    "shape": None,  # the member's shape (models.Shape)
    "kind": MEMBER,
    "dest": "",  # argparse destination (a --no-x shares its --x's)
    "negative": False,  # the --no-x of a boolean
    "nargs": None,
    "argtype": None,  # argparse's type for one of the CLI's own arguments (int), whatever its help says
    "choices": (),  # choices argparse enforces (the CLI's own arguments)
    "const": None,
    "positional": False,
    "hidden": False,  # not documented (a paginated operation's own paging members)
    "help": "",
    "to_params": None,  # a customized argument (awscli's ``add_to_params``): puts API members of its own
    "shadows": None,  # the member a paging argument hides (IAM's MaxItems)
}


class Param:
    """One entry of an operation's argument table. (A plain class: a dataclass of this size
    costs a millisecond of start-up to define.)"""

    __slots__ = ("cli", "api", *_DEFAULTS)

    def __init__(self, cli: str, api: str | None, type: str = "string", required: bool = False,
                 shape: models.Shape | None = None, kind: str = MEMBER, **settings):
        self.cli = cli  # without the leading dashes, e.g. "user-name"; for a positional, its name
        self.api = api  # the API member it fills ("UserName"), None for the CLI's own arguments
        self.type = type
        self.required = required
        self.shape = shape
        self.kind = kind
        for name in ("dest", "negative", "nargs", "argtype", "choices", "const", "positional", "hidden", "help",
                     "to_params", "shadows"):
            setattr(self, name, settings.pop(name, _DEFAULTS[name]))
        if settings:
            raise TypeError(f"unknown settings {sorted(settings)}")

    def replace(self, **changes) -> Param:
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return Param(**values)

    def __repr__(self) -> str:
        return f"Param({self.cli!r}, {self.api!r}, {self.type!r}, required={self.required})"

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
    "OpenIDConnectProviderArn": "oidc-provider",
}


class Operation:
    """An operation's command line: its CLI and API names and its argument table."""

    def __init__(self, cli: str, api: str, params: tuple[Param, ...], model: models.OperationModel | None = None,
                 summary: str = ""):
        self.cli = cli  # e.g. "list-users"
        self.api = api  # e.g. "ListUsers"
        self.params = params
        self.model = model
        self.summary = summary
        self.table = {p.cli: p for p in params}

    def __repr__(self) -> str:
        return f"Operation({self.cli!r}, {self.api!r})"

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
