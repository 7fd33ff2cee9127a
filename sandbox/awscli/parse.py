"""Turn an ``aws`` argument list into a service, an operation and API parameters.

Global options may appear anywhere, as with the real CLI. Parameter values are converted
by their declared type; ``file://`` and ``fileb://`` values are read through the caller's
``read_file`` (the sandbox machine's file system, never the host's AWS files).
``--cli-input-json`` supplies API-named parameters that flags override. Types, required
members and minimum lengths are checked afterwards by ``validate.py``, as botocore does.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from sandbox.awscli import spec
from sandbox.awscli.commands import COMMANDS
from sandbox.awscli.shorthand import ShorthandError, parse_shorthand

# global option -> takes a value?
GLOBAL_OPTIONS = {
    "--profile": True, "--region": True, "--output": True, "--query": True, "--endpoint-url": True,
    "--cli-input-json": True, "--color": True, "--ca-bundle": True, "--cli-read-timeout": True,
    "--cli-connect-timeout": True, "--cli-binary-format": True, "--max-items": None, "--page-size": None,
    "--starting-token": None,
    "--debug": False, "--no-verify-ssl": False, "--no-paginate": False, "--no-sign-request": False,
    "--no-cli-pager": False, "--cli-auto-prompt": False, "--no-cli-auto-prompt": False, "--version": False,
}
OUTPUTS = ("json", "text", "table", "yaml", "yaml-stream")
USAGE = ("aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
         "To see help text, you can run:\n\n"
         "  aws help\n"
         "  aws <command> help\n"
         "  aws <command> <subcommand> help\n")


class UsageError(Exception):
    """A command-line mistake; the CLI prints the usage header and exits 252."""

    def __init__(self, message: str, usage: bool = True):
        super().__init__(message)
        self.message = message
        self.usage = usage


def usage_error(err: TextIO, exc: UsageError) -> int:
    """Print a usage error as the CLI does; its exit status, 252."""
    if exc.message.startswith("Unknown options"):
        err.write(f"\nusage: {USAGE}\n{exc.message}\n\n")
    else:
        err.write(f"\nusage: {USAGE}\naws: error: {exc.message}\n\n")
    return 252


class ParamError(Exception):
    """A parameter value that cannot be read or converted (exit 252, no usage header)."""


@dataclass
class Parsed:
    options: dict = field(default_factory=dict)  # global option name (no dashes) -> value
    service: spec.Service | None = None
    operation: spec.Operation | None = None
    params: dict = field(default_factory=dict)  # API name -> value
    positionals: list[str] = field(default_factory=list)
    help: bool = False
    skeleton: str | None = None  # --generate-cli-skeleton's value


def _choices_error(kind: str, value: str, choices: list[str]) -> UsageError:
    """The CLI v2 message: every valid choice, then the close ones (difflib, cutoff 0.8)."""
    message = f"argument {kind}: Invalid choice, valid choices are:\n\n{columns(choices)}"
    close = difflib.get_close_matches(value, choices, cutoff=0.8)
    if close:
        listing = "\n".join(f"  * {c}" for c in close)
        message += f"\n\n\nInvalid choice: {value!r}, maybe you meant:\n\n{listing}"
    return UsageError(message)


def columns(names: list[str]) -> str:
    """Choices in two columns, as argparse lists them in the CLI's errors."""
    rows = [names[i:i + 2] for i in range(0, len(names), 2)]
    return "\n".join(" | ".join(f"{n:<40}" for n in row) for row in rows)


def split_globals(argv: list[str]) -> tuple[dict, list[str]]:
    """Pull the global options out of ``argv`` wherever they are."""
    options: dict = {}
    rest: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        name, eq, inline = token.partition("=")
        takes = GLOBAL_OPTIONS.get(name) if token.startswith("--") else None
        if token.startswith("--") and name in GLOBAL_OPTIONS and takes is not None:
            key = name[2:]
            if takes:
                if eq:
                    value = inline
                elif i + 1 < len(argv):
                    value = argv[i + 1]
                    i += 1
                else:
                    raise UsageError(f"argument {name}: expected one argument")
                options[key] = value
            else:
                options[key] = True
        else:
            rest.append(token)
        i += 1
    if "output" in options and options["output"] not in OUTPUTS:
        raise UsageError(f"argument --output: Invalid choice, valid choices are:\n\n{columns(list(OUTPUTS))}")
    return options, rest


def parse_argv(argv: list[str], read_file: Callable[[str, bool], str | bytes]) -> Parsed:
    """Parse as the CLI does: argparse errors first (bad integers for the pagination options,
    then missing required arguments, then unknown options), then each value is converted
    (files read, JSON and shorthand parsed), then ``--cli-input-json`` fills in the rest."""
    options, rest = split_globals(argv)
    parsed = Parsed(options=options)
    if not rest:
        if options.get("version"):
            return parsed
        raise UsageError("the following arguments are required: command")
    service_name = rest[0]
    if service_name == "help":
        parsed.help = True
        return parsed
    service = spec.get_service(service_name)
    if service is None:
        raise _choices_error("command", service_name, sorted(spec.service_names() + list(COMMANDS) + ["help"]))
    parsed.service = service
    if len(rest) == 1:
        raise UsageError("the following arguments are required: operation")
    op_name = rest[1]
    if op_name == "help":
        parsed.help = True
        return parsed
    operation = service.operations.get(op_name)
    if operation is None:
        raise _choices_error("operation", op_name, sorted(service.operations) + ["help"])
    parsed.operation = operation
    tail = rest[2:]
    if tail and tail[-1] == "help":
        parsed.help = True
        return parsed
    raw, positionals, unknown = _scan(operation, tail, options)
    parsed.skeleton = options.pop("generate-cli-skeleton", None)
    # --cli-input-json and --generate-cli-skeleton make every argument optional
    # (awscli/customizations/arguments.py, OverrideRequiredArgsArgument)
    relaxed = "cli-input-json" in options or parsed.skeleton in ("input", "yaml-input")
    if not relaxed:
        missing = list(operation.positional[len(positionals):])
        missing += [p.flag for p in operation.params if p.required and p.api not in raw]
        if missing:
            raise UsageError(f"the following arguments are required: {', '.join(missing)}")
    unknown += positionals[len(operation.positional):]
    if unknown:
        raise UsageError(f"Unknown options: {', '.join(unknown)}")
    parsed.positionals = positionals
    for param in operation.params:
        if param.api in raw:
            value = raw[param.api]
            if param.to_params is not None:  # a customized argument sets API members of its own
                param.to_params(parsed.params, convert(param, value, read_file))
                continue
            parsed.params[param.api] = value if param.type == spec.BOOLEAN else convert(param, value, read_file)
    if "cli-input-json" in options:
        parsed.params = merge_input_json(operation, options["cli-input-json"], parsed.params, read_file)
    for name, value in zip(operation.positional, positionals, strict=False):  # a missing one is reported later
        parsed.params[name] = value
    return parsed


PAGING_INTEGERS = ("--max-items", "--page-size")


def _scan(operation: spec.Operation, tokens: list[str], options: dict) -> tuple[dict, list[str], list[str]]:
    """Sort the tokens after the operation into raw parameter values (API name → list of
    strings, or a bool), positionals and unknown options."""
    raw: dict = {}
    positionals: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not token.startswith("--") or token == "--":
            positionals.append(token)
            i += 1
            continue
        name, eq, inline = token.partition("=")
        cli = name[2:]
        param = operation.param(cli)
        negative = False
        if param is None and cli.startswith("no-"):
            candidate = operation.param(cli[3:])
            if candidate is not None and candidate.type == spec.BOOLEAN:
                param, negative = candidate, True
        if param is None and name == "--generate-cli-skeleton" and not _has_outfile(operation):
            # an optional value: input (the default), yaml-input or output
            value = "input"
            if eq:
                value, i = inline, i + 1
            elif i + 1 < len(tokens) and not tokens[i + 1].startswith("-"):
                value, i = tokens[i + 1], i + 2
            else:
                i += 1
            if value not in SKELETONS:
                raise UsageError(f"argument --generate-cli-skeleton: Invalid choice, valid choices are:\n\n"
                                 f"{columns(list(SKELETONS))}")
            options["generate-cli-skeleton"] = value
            continue
        if param is None:
            if GLOBAL_OPTIONS.get(name) is None and name in GLOBAL_OPTIONS:
                # pagination options every list operation accepts
                if eq:
                    value, i = inline, i + 1
                elif i + 1 < len(tokens):
                    value, i = tokens[i + 1], i + 2
                else:
                    raise UsageError(f"argument {name}: expected one argument")
                if name in PAGING_INTEGERS:
                    try:
                        int(value)
                    except ValueError:
                        raise UsageError(f"argument {name}: invalid int value: {value!r}") from None
                options[cli] = value
                continue
            unknown.append(token)
            i += 1
            while i < len(tokens) and not tokens[i].startswith("--"):
                unknown.append(tokens[i])
                i += 1
            continue
        if param.type == spec.BOOLEAN:
            raw[param.api] = not negative
            i += 1
            continue
        values: list[str] = []
        if eq:
            values.append(inline)
            i += 1
        else:
            i += 1
            while i < len(tokens) and not tokens[i].startswith("--"):
                values.append(tokens[i])
                i += 1
                if param.type not in (spec.LIST, spec.STRUCTURE_LIST):
                    break
        if not values:
            raise UsageError(f"argument {param.flag}: expected one argument")
        if param.client_choices and values[0] not in param.choices:
            raise UsageError(f"argument {param.flag}: Invalid choice, valid choices are:\n\n"
                             f"{columns(list(param.choices))}")
        raw[param.api] = values
    return raw, positionals, unknown


SKELETONS = ("input", "output", "yaml-input")


def _has_outfile(operation: spec.Operation) -> bool:
    """Operations that write a file take no --generate-cli-skeleton, as in the CLI."""
    return "outfile" in operation.positional or operation.param("outfile") is not None


class CliError(Exception):
    """A failure the CLI reports through its catch-all handler: the message alone, exit 255
    (as for ``--duration-seconds abc``: ``invalid literal for int() with base 10: 'abc'``)."""


_DECODE_HINT = ("text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix "
                "instead of the file:// prefix.")


def load_value(param_flag: str, value, read_file):
    """Resolve ``file://`` and ``fileb://`` values; others are returned unchanged. Failures
    are worded as awscli/paramfile.py words them."""
    if not isinstance(value, str):
        return value
    for prefix, binary in (("file://", False), ("fileb://", True)):
        if value.startswith(prefix):
            path = value[len(prefix):]
            try:
                return read_file(path, binary)
            except UnicodeDecodeError:
                raise ParamError(f"Error parsing parameter '{param_flag}': Unable to load paramfile ({path}), "
                                 f"{_DECODE_HINT}") from None
            except OSError as exc:
                reason = str(exc) if exc.filename is not None else \
                    f"[Errno {exc.errno or 2}] {exc.strerror or exc}: '{path}'"
                raise ParamError(f"Error parsing parameter '{param_flag}': Unable to load paramfile {value}: "
                                 f"{reason}") from None
    return value


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _json(flag: str, text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParamError(f"Error parsing parameter '{flag}': Invalid JSON: {exc}\nJSON received: {text}") from None


def _looks_like_json(text) -> bool:
    return isinstance(text, str) and text.strip().startswith(("[", "{"))


def convert(param: spec.Param, values: list[str], read_file):
    """A flag's value(s) as the API takes it (awscli/argprocess.py). Types are left to the
    validation that follows, except where the CLI converts: integers, and the members of
    a shorthand structure (``Count=2`` is a number when the model says so)."""
    flag = param.flag
    kind = param.type
    loaded = [load_value(flag, v, read_file) for v in values]
    if kind == spec.BLOB:
        return loaded[0]  # bytes from fileb://, else a path the backend reads
    texts = [_text(v) for v in loaded]
    if kind in (spec.STRING, spec.JSON_DOC):
        return texts[0]
    if kind == spec.INTEGER:
        try:
            return int(texts[0])
        except ValueError as exc:
            raise CliError(str(exc)) from None
    if kind == spec.LIST:
        if len(texts) == 1 and texts[0].strip().startswith("["):
            return _json(flag, texts[0])
        return texts
    if kind in (spec.STRUCTURE, spec.MAP):
        if _looks_like_json(texts[0]):
            if texts[0].lstrip().startswith("{"):
                return _json(flag, texts[0])
            raise ParamError(f"Error parsing parameter '{flag}': Invalid JSON:\n{texts[0]}")
        return _shorthand(param, texts[0], read_file)
    if kind == spec.STRUCTURE_LIST:
        if _looks_like_json(texts[0]):
            if len(texts) == 1 and texts[0].strip().startswith("["):
                return _json(flag, texts[0])
            out = []
            for t in texts:
                if not t.lstrip().startswith("{"):
                    raise ParamError(f"Error parsing parameter '{flag}': Invalid JSON:\n{t}")
                out.append(_json(flag, t))
            return out
        return [_shorthand(param, t, read_file) for t in texts]
    raise ValueError(kind)


def _shorthand(param: spec.Param, text: str, read_file) -> dict:
    try:
        data = parse_shorthand(text, lambda v: load_value(param.flag, v, read_file))
    except ShorthandError as exc:
        raise ParamError(f"Error parsing parameter '{param.flag}': {exc}") from None
    # the CLI gives shorthand values the model's types (awscli/shorthand.py, BackCompatVisitor)
    for key, kind in param.members.items():
        value = data.get(key)
        if value is None:
            continue
        if kind == spec.LIST and not isinstance(value, list):
            data[key] = [value]
        elif kind == spec.INTEGER and isinstance(value, str):
            try:
                data[key] = int(value)
            except ValueError as exc:
                raise CliError(str(exc)) from None
        elif kind == spec.BOOLEAN and isinstance(value, str) and value.lower() in ("true", "false"):
            data[key] = value.lower() == "true"
    return data


def merge_input_json(operation: spec.Operation, value: str, params: dict, read_file) -> dict:
    """``--cli-input-json``: its members fill in what the flags did not give. Unknown and
    mistyped members are left for the parameter validation that follows."""
    text = _text(load_value("--cli-input-json", value, read_file))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParamError(f"Error parsing parameter '--cli-input-json': Invalid JSON received: {exc.msg} "
                         f"(line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ParamError("Error parsing parameter '--cli-input-json': the JSON must be an object.")
    merged = dict(data)
    merged.update(params)
    return merged
