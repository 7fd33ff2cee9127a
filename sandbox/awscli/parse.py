"""Turn an ``aws`` argument list into a service, an operation and API parameters, with the
parsers the AWS CLI v2 uses (awscli/argparser.py, clidriver.py): Python's ``argparse``
configured as the CLI configures it, so that abbreviations, ``--flag=value``, repeated
flags and every usage error behave and read the same.

1. The main parser takes the global options wherever they are and the command.
2. The service's parser takes the operation.
3. The operation's parser takes its argument table (``catalog.py``); what is left over is
   ``Unknown options``. ``--cli-input-json``, ``--cli-input-yaml`` and
   ``--generate-cli-skeleton`` (but not ``output``) make every argument optional.
4. The paging check (awscli/customizations/paginate.py), then each value is unpacked
   (``unpack.py``) into the parameters, then ``--cli-input-json``/``--cli-input-yaml`` fill
   in what the flags did not give (``cli_input.py``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from sandbox.awscli import catalog, cli_input, custom_args
from sandbox.awscli.commands import COMMANDS
from sandbox.awscli.spec import BOOLEAN, CUSTOM, PAGING, Operation
from sandbox.awscli.unpack import load_value, unpack

USAGE = ("aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
         "To see help text, you can run:\n\n"
         "  aws help\n"
         "  aws <command> help\n"
         "  aws <command> <subcommand> help\n")
OUTPUTS = ("json", "text", "table", "yaml", "yaml-stream")

# the global options (awscli/data/cli.json), in its order: name -> argparse settings
GLOBAL_OPTIONS: dict[str, dict] = {
    "debug": {"action": "store_true"},
    "endpoint-url": {},
    "no-verify-ssl": {"action": "store_false", "dest": "verify_ssl"},
    "no-paginate": {"action": "store_false", "dest": "paginate"},
    "output": {"choices": OUTPUTS},
    "query": {},
    "profile": {},
    "region": {},
    "version": {"action": "version"},
    "color": {"choices": ("on", "off", "auto"), "default": "auto"},
    "no-sign-request": {"action": "store_false", "dest": "sign_request"},
    "ca-bundle": {"dest": "ca_bundle"},
    "cli-read-timeout": {"dest": "read_timeout"},  # int() later: a bad value is a catch-all error (255)
    "cli-connect-timeout": {"dest": "connect_timeout"},
    "cli-binary-format": {"choices": ("base64", "raw-in-base64-out")},
    "no-cli-pager": {"action": "store_true"},
    "cli-auto-prompt": {"action": "store_true"},
    "no-cli-auto-prompt": {"action": "store_true"},
}


class UsageError(Exception):
    """A command-line mistake found by a parser: the usage header, ``aws: error: ...``, 252."""

    def __init__(self, message: str, usage: bool = True):
        super().__init__(message)
        self.message = message
        self.usage = usage


class UnknownOptions(UsageError):
    """Arguments no parser took (``Unknown options: ...``, exit 252)."""


class ParamValidation(Exception):
    """A check of the CLI's own on the arguments (awscli's ParamValidationError): the
    message alone, exit 252."""


class ShowVersion(Exception):
    """``--version``: print the version and stop (argparse's version action)."""


def usage_error(err: TextIO, exc: UsageError) -> int:
    """Print a usage error as the CLI does; its exit status, 252."""
    if isinstance(exc, UnknownOptions) or exc.message.startswith("Unknown options"):
        err.write(f"\nusage: {USAGE}\n{exc.message}\n\n")
    else:
        err.write(f"\nusage: {USAGE}\naws: error: {exc.message}\n\n")
    return 252


def columns(names: list[str]) -> str:
    """Choices in two columns, as the CLI's argparse lists them in its errors."""
    rows = [names[i:i + 2] for i in range(0, len(names), 2)]
    return "\n".join(" | ".join(f"{n:<40}" for n in row) for row in rows)


class _Formatter(argparse.HelpFormatter):
    """A fixed width: argparse's own measures the terminal, importing ``shutil`` (and with
    it bz2 and lzma) for every parser, while the CLI's usage text is fixed (start-up time)."""

    def __init__(self, prog: str):
        super().__init__(prog, width=80)


class _Parser(argparse.ArgumentParser):
    """awscli's ``CLIArgParser``: its wording of invalid choices, errors raised not printed."""

    def __init__(self):
        super().__init__(prog="aws", usage=USAGE, add_help=False, conflict_handler="resolve",
                         formatter_class=_Formatter)

    def _check_value(self, action, value):
        if action.choices is not None and value not in action.choices:
            import difflib  # only for this error: it costs start-up time

            message = f"Invalid choice, valid choices are:\n\n{columns(list(action.choices))}"
            close = difflib.get_close_matches(value, action.choices, cutoff=0.8)
            if close:
                message += f"\n\n\nInvalid choice: {value!r}, maybe you meant:\n\n" + \
                           "\n".join(f"  * {word}" for word in close)
            raise argparse.ArgumentError(action, message)

    def error(self, message):
        raise UsageError(message)


class _Version(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0)

    def __call__(self, parser, namespace, values, option_string=None):
        raise ShowVersion()


class Parsed:
    """A parsed command line."""

    def __init__(self, options: dict, command: str | None = None, remaining: list[str] | None = None):
        self.options = options  # global options by argparse destination
        self.command = command  # the service or high-level command
        self.remaining = remaining or []  # what a high-level command parses itself
        self.service: catalog.Service | None = None
        self.operation: Operation | None = None
        self.help = False
        self.values: dict = {}  # the operation's arguments by destination
        self.params: dict = {}  # API name -> value
        self.extras: dict = {}  # the CLI's own arguments' values (outfile...)
        self.skeleton: str | None = None  # --generate-cli-skeleton's value


def _main_parser(commands: list[str]) -> _Parser:
    parser = _Parser()
    for name, settings in GLOBAL_OPTIONS.items():
        if settings.get("action") == "version":
            parser.add_argument(f"--{name}", action=_Version)
        else:
            parser.add_argument(f"--{name}", **settings)
    parser.add_argument("command", choices=commands)
    return parser


def command_names() -> list[str]:
    return sorted(catalog.service_names() + list(COMMANDS) + ["help"])


def parse_globals(argv: list[str]) -> tuple[dict, str, list[str]]:
    """The main parser: (global options, command, the rest in order)."""
    namespace, remaining = _main_parser(command_names()).parse_known_args(argv)
    options = vars(namespace)
    command = options.pop("command")
    return options, command, remaining


def parse_argv(argv: list[str], read_file: Callable[[str, bool], str | bytes]) -> Parsed:
    """The whole command line (``run.py`` does the two steps itself, to act in between)."""
    return parse_command(*parse_globals(argv), read_file)


def parse_command(options: dict, command: str, remaining: list[str],
                  read_file: Callable[[str, bool], str | bytes]) -> Parsed:
    """The service's and the operation's parsers, then the parameters."""
    parsed = Parsed(options=options, command=command, remaining=remaining)
    if command == "help" or command in COMMANDS:
        parsed.help = command == "help"
        return parsed
    service = catalog.get_service(command)
    parsed.service = service
    service_parser = _Parser()
    service_parser.add_argument("operation", choices=service.operation_names() + ["help"])
    namespace, remaining = service_parser.parse_known_args(remaining)
    if namespace.operation == "help":
        parsed.help = True
        return parsed
    operation = service.operation(namespace.operation)
    parsed.operation = operation
    if remaining == ["help"]:
        parsed.help = True
        return parsed
    values, unknown = _operation_parser(operation, remaining).parse_known_args(remaining)
    values = vars(values)
    word = values.pop("help")
    if word == "help":
        parsed.help = True
        return parsed
    if word:
        unknown.append(word)
    if unknown:
        raise UnknownOptions(f"Unknown options: {', '.join(unknown)}")
    parsed.values = values
    shadowed = _check_paging(operation, options, values)
    custom_args.check_parsed(service.api_service, operation.api, values)
    _build_params(parsed, shadowed, read_file)
    cli_input.merge(parsed, read_file)
    paginator = operation.paginator
    if paginator and any(name in parsed.params for name in catalog.paging_members(paginator)):
        options["paginate"] = False  # the operation's own paging members (from --cli-input-json): manual paging
    parsed.skeleton = values.get("generate_cli_skeleton")
    return parsed


def _relaxed(operation: Operation, args: list[str]) -> bool:
    """awscli's ``OverrideRequiredArgsArgument``: these arguments, written as such, make
    every argument optional (``--generate-cli-skeleton output`` does not)."""
    if "--cli-input-json" in args or "--cli-input-yaml" in args:
        return "cli-input-json" in operation.table
    if "--generate-cli-skeleton" in args and "generate-cli-skeleton" in operation.table:
        position = args.index("--generate-cli-skeleton")
        return position + 1 >= len(args) or args[position + 1] != "output"
    return False


_ARGPARSE_TYPES = {"float": float, "double": float, "long": int}


def _operation_parser(operation: Operation, args: list[str]) -> _Parser:
    relaxed = _relaxed(operation, args)
    parser = _Parser()
    for p in operation.params:
        required = p.required and not relaxed
        if p.positional:
            parser.add_argument(p.cli)
        elif p.kind == BOOLEAN:
            parser.add_argument(p.flag, action="store_false" if p.negative else "store_true", default=None,
                                dest=p.py_name)
        elif p.kind == PAGING:
            parser.add_argument(p.flag, dest=p.py_name, type=str if p.type == "string" else int)
        elif p.kind == CUSTOM:
            settings: dict = {"dest": p.py_name}
            if p.type == "boolean":
                settings["action"] = "store_false" if p.negative else "store_true"
            for key, value in (("type", p.argtype), ("nargs", p.nargs), ("const", p.const),
                               ("choices", p.choices or None)):
                if value is not None:
                    settings[key] = value
            if required:
                settings["required"] = True
            parser.add_argument(p.flag, **settings)
        else:
            parser.add_argument(p.flag, dest=p.py_name, type=_ARGPARSE_TYPES.get(p.type, str), required=required,
                                **({"nargs": "*"} if p.type == "list" else {}))
    parser.add_argument("help", nargs="?")
    return parser


def _check_paging(operation: Operation, options: dict, values: dict) -> list[str]:
    """awscli's ``check_should_enable_pagination``: an operation's own paging member on the
    command line turns the CLI's paging off; with paging off, the paging arguments are
    refused, except one that shadows a member of the operation (IAM's ``--max-items``),
    which is then that member."""
    paginator = operation.paginator
    if not paginator:
        return []
    own = [catalog.xform(name) for name in catalog.paging_members(paginator)]
    if any(values.get(flag.replace("-", "_")) is not None and flag.replace("-", "_") not in ("start_token", "max_items")
           for flag in own):
        options["paginate"] = False
    if options.get("paginate", True):
        return []
    shadowed = [flag for flag in ("starting-token", "page-size", "max-items") if flag in own]
    used = [flag for flag in ("starting-token", "page-size", "max-items")
            if flag not in shadowed and values.get(flag.replace("-", "_"))]
    if used:
        raise ParamValidation(f"Cannot specify --no-paginate along with pagination arguments: "
                              f"{', '.join('--' + flag for flag in used)}")
    return shadowed


def _build_params(parsed: Parsed, shadowed: list[str], read_file) -> None:
    """awscli's ``_build_call_parameters``: each argument, in the table's order, unpacked
    into the API parameters (or, for the CLI's own arguments, kept aside)."""
    operation = parsed.operation
    values = parsed.values
    params = parsed.params
    for p in operation.params:
        value = values.get(p.py_name)
        if value is None:
            continue
        value = load_value(p, value, read_file)
        if p.kind == PAGING:
            if p.cli in shadowed:  # paging off: the operation's own member of that name
                params[p.shadows.api] = unpack(p.shadows, value, read_file)
            else:
                key = {"starting-token": "StartingToken", "page-size": "PageSize", "max-items": "MaxItems"}[p.cli]
                params.setdefault("PaginationConfig", {})[key] = value
        elif p.kind == CUSTOM:
            if p.to_params is not None:
                try:
                    p.to_params(params, value)
                except custom_args.CustomArgumentError as exc:
                    raise ParamValidation(str(exc)) from None
            else:
                parsed.extras[p.cli] = value
        elif p.kind == BOOLEAN:
            params[p.api] = value
        else:
            params[p.api] = unpack(p, value, read_file)
