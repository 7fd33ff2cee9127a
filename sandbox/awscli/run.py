"""Run one ``aws`` command line: parse, call the backend, print as the AWS CLI v2 does.

Exit codes follow the CLI v2: 0 success, 252 usage or parameter errors, 253 missing
credentials or bad configuration, 254 service errors, 255 anything else. A Python
traceback never reaches the learner: unexpected failures are reported in one line.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Protocol, TextIO

from sandbox import __version__
from sandbox.awscli import help as helptext
from sandbox.awscli import output, validate
from sandbox.awscli.parse import CliError, ParamError, UsageError, parse_argv, split_globals
from sandbox.awscli.skeleton import skeleton
from sandbox.errors import AwsError, SandboxError

USAGE = ("aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
         "To see help text, you can run:\n\n"
         "  aws help\n"
         "  aws <command> help\n"
         "  aws <command> <subcommand> help\n")

OK, USAGE_RC, CONFIG_RC, SERVICE_RC, GENERAL_RC = 0, 252, 253, 254, 255


class ConfigError(Exception):
    """Missing credentials, unknown profile, bad configuration: exit 253 (255 for a profile)."""

    def __init__(self, message: str, rc: int = CONFIG_RC):
        super().__init__(message)
        self.message = message
        self.rc = rc


class Backend(Protocol):
    def call(self, service: str, operation: str, params: dict, options: dict) -> dict: ...

    def default_output(self, options: dict) -> str: ...

    def custom_command(self, name: str) -> Callable[[list[str], TextIO, TextIO], int] | None: ...


def usage_error(err: TextIO, exc: UsageError) -> int:
    if exc.message.startswith("Unknown options"):
        err.write(f"\nusage: {USAGE}\n{exc.message}\n\n")
    else:
        err.write(f"\nusage: {USAGE}\naws: error: {exc.message}\n\n")
    return USAGE_RC


def run_aws(argv: list[str], backend: Backend, out: TextIO, err: TextIO,
            read_file: Callable[[str, bool], str | bytes]) -> int:
    try:
        return _run(argv, backend, out, err, read_file)
    except UsageError as exc:
        return usage_error(err, exc)
    except (ParamError, validate.ParamValidationError) as exc:
        err.write(f"\n{exc}\n")
        return USAGE_RC
    except (CliError, output.TableError) as exc:
        err.write(f"\n{exc}\n")
        return GENERAL_RC
    except ConfigError as exc:
        err.write(f"\n{exc.message}\n")
        return exc.rc
    except KeyboardInterrupt:
        err.write("\n")
        return 130
    except SandboxError as exc:  # the sandbox's own trouble (a damaged world file): what to do about it
        err.write(f"\niam-sandbox: {exc.message}\n")
        return GENERAL_RC
    except Exception as exc:  # a bug in the sandbox: say so in one line, never a traceback
        err.write(f"\nThe sandbox could not run this command ({type(exc).__name__}: {exc}). "
                  "This is a bug in IAM Sandbox; the world was not changed by the failed step.\n")
        if "IAM_SANDBOX_DEBUG" in os.environ:
            import traceback

            traceback.print_exc(file=sys.stderr)
        return GENERAL_RC


def paginate(response: dict, key: str, options: dict) -> dict:
    """The CLI's own pagination: ``--max-items N`` and ``--starting-token TOKEN``."""
    import base64

    response = {k: v for k, v in response.items() if k not in ("IsTruncated", "Marker")}
    items = response.get(key)
    if not isinstance(items, list):
        return response
    start = 0
    token = options.get("starting-token")
    if token:
        try:
            start = int(base64.b64decode(token).decode().split(":", 1)[1])
        except (ValueError, IndexError):
            raise ParamError(f"Error parsing parameter '--starting-token': invalid token {token!r}") from None
    limit = options.get("max-items")
    limit = int(limit) if limit is not None else None  # checked when the arguments were parsed
    end = len(items) if limit is None else start + limit
    response[key] = items[start:end]
    if end < len(items):
        response["NextToken"] = base64.b64encode(f"offset:{end}".encode()).decode()
    return response


def _run(argv: list[str], backend: Backend, out: TextIO, err: TextIO, read_file) -> int:
    if backend is not None:
        _, rest = split_globals(argv)
        custom = backend.custom_command(rest[0]) if rest else None
        if custom is not None:
            position = argv.index(rest[0])
            return custom(argv[:position] + argv[position + 1:], out, err)
    parsed = parse_argv(argv, read_file)
    if parsed.options.get("version") and parsed.service is None:
        out.write(f"aws-cli/2.15.0 Python/{sys.version_info.major}.{sys.version_info.minor} iam-sandbox/{__version__}\n")
        return OK
    if parsed.help:
        if parsed.service is None:
            out.write(helptext.top_help(helptext.EXTRA_COMMANDS))
        elif parsed.operation is None:
            out.write(helptext.service_help(parsed.service))
        else:
            out.write(helptext.operation_help(parsed.service, parsed.operation))
        return OK
    service, operation = parsed.service, parsed.operation
    if parsed.skeleton is not None:
        return skeleton(operation, parsed.skeleton, out)
    validate.check(service, operation, parsed.params)
    try:
        response = backend.call(service.api_service, operation.api, parsed.params, parsed.options)
    except AwsError as exc:
        err.write(f"\n{exc.cli_message(operation.api)}\n")
        return SERVICE_RC
    if operation.paginated and isinstance(response, dict):
        response = paginate(response, operation.paginated, parsed.options)
    fmt = parsed.options.get("output") or backend.default_output(parsed.options)
    try:
        data = output.apply_query(response, parsed.options.get("query"))
    except output.QueryError as exc:
        err.write(f"\n{exc}\n")
        return USAGE_RC
    if isinstance(data, dict) and "ResponseMetadata" in data:
        data = {k: v for k, v in data.items() if k != "ResponseMetadata"}
    out.write(output.render(data, fmt, operation.api, terminal_width(out)))
    return OK


def terminal_width(out: TextIO) -> int:
    """The CLI sizes tables to the terminal standard output is on, else 80 columns."""
    try:
        if out.isatty():
            return os.get_terminal_size(out.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    return output.DEFAULT_WIDTH
