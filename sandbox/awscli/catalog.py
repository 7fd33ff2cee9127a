"""The services and operations the ``aws`` program offers, with their argument tables.

Everything comes from the service models (``model.py``, generated from botocore's) the way
the AWS CLI v2 builds its argument tables (awscli/clidriver.py, ``_create_argument_table``):
one argument per member of the operation's input, named by botocore's ``xform_name``
(``UserName`` -> ``--user-name``), a list member taking any number of values, a boolean
member a ``--flag``/``--no-flag`` pair (the first marked required when the member is),
required unless it is an idempotency token. Then
the CLI's customizations (``custom_args.py``: ``ec2 run-instances --count``, ``iam
create-virtual-mfa-device --outfile``, ``s3api get-object OUTFILE``...), ``--cli-input-json``
and ``--cli-input-yaml``, the paging arguments of a paginated operation
(awscli/customizations/paginate.py) and ``--generate-cli-skeleton``, in that order.

The operations offered are those the sandbox's services handle (``offered.py``); a service's
model is read, and an operation's table built, on first use.
"""

from __future__ import annotations

import re

from sandbox.awscli import custom_args
from sandbox.awscli import model as models
from sandbox.awscli.offered import OFFERED
from sandbox.awscli.spec import BOOLEAN, CUSTOM, MEMBER, PAGING, Operation, Param


class Service:
    """A service as ``aws SERVICE`` offers it: its model and the offered operations, whose
    argument tables are built on first use."""

    def __init__(self, name: str, api_service: str, offered: tuple[str, ...]):
        self.name = name  # CLI name, e.g. "iam", "s3api"
        self.api_service = api_service  # the model's (and the gateway's) name, e.g. "s3"
        self.model = models.load(api_service)
        self.title = self.model.title
        self._by_cli = {self.model.operations[api]["cli"]: api for api in offered}
        self._built: dict[str, Operation] = {}

    def operation_names(self) -> list[str]:
        """CLI names of the offered operations, in the order of their API names (botocore's)."""
        return [cli for cli, _ in sorted(self._by_cli.items(), key=lambda item: item[1])]

    def operation(self, cli: str) -> Operation | None:
        api = self._by_cli.get(cli)
        if api is None:
            return None
        if cli not in self._built:
            self._built[cli] = build_operation(self, api)
        return self._built[cli]

    @property
    def operations(self) -> dict[str, Operation]:
        """Every offered operation by CLI name (help, completion and tests)."""
        return {cli: self.operation(cli) for cli in sorted(self._by_cli)}


# CLI service name -> the model's service name, where they differ
_API_NAMES = {"s3api": "s3"}
_SERVICES: dict[str, Service] = {}


def service_names() -> list[str]:
    return sorted(_cli_name(name) for name in OFFERED)


def _cli_name(api_service: str) -> str:
    return next((cli for cli, api in _API_NAMES.items() if api == api_service), api_service)


def get_service(name: str) -> Service | None:
    api_service = _API_NAMES.get(name, name)
    if api_service not in OFFERED or (name != _cli_name(api_service)):
        return None
    if name not in _SERVICES:
        _SERVICES[name] = Service(name, api_service, OFFERED[api_service])
    return _SERVICES[name]


# -- argument tables ---------------------------------------------------------------------------

def build_operation(service: Service, api: str) -> Operation:
    op_model = service.model.operation_model(api)
    table: dict[str, Param] = {}
    shape = op_model.input_shape
    if shape is not None:
        required = set(shape.required_members) - set(shape.idempotency_tokens)
        for (member, member_shape), flag in zip(shape.members.items(), op_model.data["flags"], strict=False):
            kind = member_shape.type_name
            if kind == "boolean":
                # required (awscli marks the --flag; argparse does not enforce it, botocore's
                # validation reports the member missing when neither flag is given)
                table[flag] = Param(flag, member, kind, member in required, member_shape, BOOLEAN,
                                    help=member_shape.doc)
                no = f"no-{flag}"
                table[no] = Param(no, member, kind, False, member_shape, BOOLEAN, dest=flag.replace("-", "_"),
                                  negative=True, help=member_shape.doc)
            else:
                table[flag] = Param(flag, member, kind, member in required, member_shape, MEMBER,
                                    nargs="*" if kind == "list" else None, help=member_shape.doc)
    custom_args.customize(service.api_service, api, table)
    if "outfile" not in table:
        table["cli-input-json"] = Param("cli-input-json", None, "string", kind=CUSTOM, help=custom_args.CLI_INPUT_JSON)
        table["cli-input-yaml"] = Param("cli-input-yaml", None, "string", kind=CUSTOM, help=custom_args.CLI_INPUT_YAML)
    paginator = op_model.paginator
    if paginator:
        _paging_arguments(table, paginator, shape)
    if "outfile" not in table:
        table["generate-cli-skeleton"] = Param("generate-cli-skeleton", None, "string", kind=CUSTOM, nargs="?",
                                               const="input", choices=("input", "output", "yaml-input"),
                                               help=custom_args.SKELETON)
    return Operation(op_model.data["cli"], api, tuple(table.values()), op_model, op_model.summary)


def _paging_arguments(table: dict[str, Param], paginator: dict, shape: models.Shape) -> None:
    """awscli's ``unify_paging_params``: the operation's own paging members are hidden (and
    still accepted), ``--starting-token``, ``--page-size`` and ``--max-items`` are added (the
    last shadowing a member of that name, as in IAM)."""
    for name in paging_members(paginator):
        flag = xform(name)
        if flag in table:
            table[flag] = table[flag].replace(hidden=True)
    table["starting-token"] = Param("starting-token", None, "string", kind=PAGING, help=custom_args.STARTING_TOKEN)
    page_type = "integer"
    if "limit_key" in paginator:
        page_type = shape.members[paginator["limit_key"]].type_name
        table["page-size"] = Param("page-size", None, page_type, kind=PAGING, help=custom_args.PAGE_SIZE)
    table["max-items"] = Param("max-items", None, page_type, kind=PAGING, help=custom_args.MAX_ITEMS,
                               shadows=table.get("max-items"))


def paging_members(paginator: dict) -> list[str]:
    """The operation's own paging members: its input tokens and its limit key."""
    return list(paginator["input_token"]) + ([paginator["limit_key"]] if "limit_key" in paginator else [])


_FIRST_CAP = re.compile("(.)([A-Z][a-z]+)")
_END_CAP = re.compile("([a-z0-9])([A-Z])")


def xform(api_name: str) -> str:
    """botocore's ``xform_name(name, "-")`` for the plain names of paging members."""
    return _END_CAP.sub(r"\1-\2", _FIRST_CAP.sub(r"\1-\2", api_name)).lower()
