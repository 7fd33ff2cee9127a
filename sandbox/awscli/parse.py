"""Turn an ``aws`` argument list into a service, an operation and API parameters.

Global options may appear anywhere, as with the real CLI. Parameter values are converted
by their declared type; ``file://`` and ``fileb://`` values are read through the caller's
``read_file`` (the sandbox machine's file system, never the host's AWS files).
``--cli-input-json`` supplies API-named parameters that flags override.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Callable

from sandbox.awscli import spec
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


class UsageError(Exception):
    """A command-line mistake; the CLI prints the usage header and exits 252."""

    def __init__(self, message: str, usage: bool = True):
        super().__init__(message)
        self.message = message
        self.usage = usage


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


def _choices_error(kind: str, value: str, choices: list[str]) -> UsageError:
    """The CLI v2 message: every valid choice, then the close ones (difflib, cutoff 0.8)."""
    message = f"argument {kind}: Invalid choice, valid choices are:\n\n{_columns(choices)}"
    close = difflib.get_close_matches(value, choices, cutoff=0.8)
    if close:
        listing = "\n".join(f"  * {c}" for c in close)
        message += f"\n\n\nInvalid choice: {value!r}, maybe you meant:\n\n{listing}"
    return UsageError(message)


def _columns(names: list[str]) -> str:
    rows = [names[i:i + 2] for i in range(0, len(names), 2)]
    return "\n".join(" | ".join("%-40s" % n for n in row) for row in rows)


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
        raise UsageError(f"argument --output: Invalid choice, valid choices are:\n\n{_columns(list(OUTPUTS))}")
    return options, rest


def parse_argv(argv: list[str], read_file: Callable[[str, bool], str | bytes]) -> Parsed:
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
        raise _choices_error("command", service_name, sorted(spec.service_names() + ["configure", "help", "s3"]))
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
    parsed.params, parsed.positionals = _parse_params(operation, tail, read_file, options)
    if "cli-input-json" in options:
        parsed.params = merge_input_json(operation, options["cli-input-json"], parsed.params, read_file)
    if operation.positional and len(parsed.positionals) > len(operation.positional):
        raise UsageError(f"Unknown options: {', '.join(parsed.positionals[len(operation.positional):])}")
    if not operation.positional and parsed.positionals:
        raise UsageError(f"Unknown options: {', '.join(parsed.positionals)}")
    for name, value in zip(operation.positional, parsed.positionals):
        parsed.params[name] = value
    if operation.positional and len(parsed.positionals) < len(operation.positional):
        missing_pos = operation.positional[len(parsed.positionals):]
        raise UsageError(f"the following arguments are required: {', '.join(missing_pos)}")
    missing = [p.flag for p in operation.params if p.required and p.api not in parsed.params]
    if missing:
        raise UsageError(f"the following arguments are required: {', '.join(missing)}")
    return parsed


def _parse_params(operation: spec.Operation, tokens: list[str], read_file, options: dict) -> tuple[dict, list[str]]:
    params: dict = {}
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
        if param is None:
            if GLOBAL_OPTIONS.get(name) is None and name in GLOBAL_OPTIONS:
                # pagination options every list operation accepts
                value = inline if eq else (tokens[i + 1] if i + 1 < len(tokens) else "")
                options[cli] = value
                i += 1 if eq else 2
                continue
            unknown.append(token)
            i += 1
            while i < len(tokens) and not tokens[i].startswith("--"):
                unknown.append(tokens[i])
                i += 1
            continue
        if param.type == spec.BOOLEAN:
            params[param.api] = not negative
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
        if param.to_params is not None:
            param.to_params(params, convert(param, values, read_file))
            continue
        params[param.api] = convert(param, values, read_file)
    if unknown:
        raise UsageError(f"Unknown options: {', '.join(unknown)}")
    return params, positionals


def load_value(param_flag: str, value: str, read_file) -> str | bytes:
    """Resolve ``file://`` and ``fileb://`` values; others are returned unchanged."""
    for prefix, binary in (("file://", False), ("fileb://", True)):
        if value.startswith(prefix):
            path = value[len(prefix):]
            try:
                return read_file(path, binary)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise ParamError(f"Error parsing parameter '{param_flag}': Unable to load paramfile {value}: "
                                 f"[Errno {exc.errno or 2}] {reason}: '{path}'") from None
    return value


def convert(param: spec.Param, values: list[str], read_file):
    flag = param.flag
    loaded = [load_value(flag, v, read_file) for v in values]
    kind = param.type
    try:
        if kind == spec.BLOB:
            return loaded[0]  # bytes from fileb://, else a path the backend reads
        texts = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in loaded]
        if kind in (spec.STRING, spec.JSON_DOC):
            if param.choices and texts[0] not in param.choices:
                raise UsageError(f"argument {flag}: Invalid choice, valid choices are:\n\n{_columns(list(param.choices))}")
            return texts[0]
        if kind == spec.INTEGER:
            try:
                return int(texts[0])
            except ValueError:
                raise ParamError(f"Error parsing parameter '{flag}': invalid literal for int() with base 10: "
                                 f"'{texts[0]}'") from None
        if kind == spec.LIST:
            if len(texts) == 1 and texts[0].lstrip().startswith("["):
                data = json.loads(texts[0])
                if not isinstance(data, list):
                    raise ParamError(f"Error parsing parameter '{flag}': expected a list")
                return [str(x) for x in data]
            return texts
        if kind == spec.STRUCTURE:
            return _structure(param, texts[0])
        if kind == spec.MAP:
            if texts[0].lstrip().startswith("{"):
                return json.loads(texts[0])
            out = {}
            for t in texts:
                out.update(parse_shorthand(t))
            return out
        if kind == spec.STRUCTURE_LIST:
            if len(texts) == 1 and texts[0].lstrip().startswith("["):
                data = json.loads(texts[0])
                if not isinstance(data, list):
                    raise ParamError(f"Error parsing parameter '{flag}': expected a list")
                return [_coerce(param, d) for d in data]
            return [_structure(param, t) for t in texts]
    except json.JSONDecodeError as exc:
        raise ParamError(f"Error parsing parameter '{flag}': Invalid JSON: {exc.msg}\nJSON received: {texts[0]}") from None
    except ShorthandError as exc:
        raise ParamError(f"Error parsing parameter '{flag}': {exc}") from None
    raise ValueError(kind)


def _structure(param: spec.Param, text: str) -> dict:
    if text.lstrip().startswith("{"):
        data = json.loads(text)
    else:
        data = parse_shorthand(text)
    return _coerce(param, data)


def _coerce(param: spec.Param, data) -> dict:
    if not isinstance(data, dict):
        raise ParamError(f"Error parsing parameter '{param.flag}': expected a structure, got {json.dumps(data)}")
    out = {}
    for key, value in data.items():
        kind = param.members.get(key)
        if param.members and kind is None:
            valid = ", ".join(param.members)
            raise ParamError(f"Parameter validation failed:\nUnknown parameter in {param.api}: \"{key}\", must be "
                             f"one of: {valid}")
        if kind == spec.LIST and not isinstance(value, list):
            value = [value]
        elif kind == spec.INTEGER and isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                raise ParamError(f"Parameter validation failed:\nInvalid type for parameter {param.api}.{key}, "
                                 f"value: {value}, type: <class 'str'>, valid types: <class 'int'>") from None
        elif kind == spec.BOOLEAN and isinstance(value, str):
            value = value.lower() == "true"
        out[key] = value
    return out


def merge_input_json(operation: spec.Operation, value: str, params: dict, read_file) -> dict:
    text = load_value("--cli-input-json", value, read_file)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParamError(f"Error parsing parameter '--cli-input-json': Invalid JSON received: {exc.msg} "
                         f"(line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ParamError("Error parsing parameter '--cli-input-json': the JSON must be an object.")
    valid = [p.api for p in operation.params if p.to_params is None] + list(operation.input_only)
    for key in data:
        if key not in valid:
            raise ParamError(f"Parameter validation failed:\nUnknown parameter in input: \"{key}\", must be one of: "
                             f"{', '.join(valid)}")
    merged = dict(data)
    merged.update(params)
    return merged
