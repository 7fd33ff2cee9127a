"""Run one ``aws`` command line on a machine: parse, call the gateway, print as the AWS CLI v2 does.

The order is the CLI's (awscli/clidriver.py): the global options (``--query`` compiled
first), the command, the operation and its arguments; then ``--generate-cli-skeleton``
input or yaml-input, or the request: the CLI's own ``before-parameter-build`` steps,
botocore's parameter validation, the call (page after page for a paginated operation,
unless ``--no-paginate`` or the operation's own paging members are given) and the output.

Exit codes follow the CLI v2 (awscli/errorhandler.py): 0 success, 252 usage or parameter
errors, 253 missing credentials or bad configuration, 254 service errors, 255 anything
else, 130 interrupted. A Python traceback never reaches the learner: unexpected failures
are reported in one line.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from sandbox import __version__
from sandbox.awscli import custom_args, output, validate
from sandbox.awscli.cli_input import CliInputError
from sandbox.awscli.commands import COMMANDS
from sandbox.awscli.customizations import CUSTOMIZATIONS
from sandbox.awscli.paginate import PageIterator, PaginationError
from sandbox.awscli.parse import (
    ParamValidation,
    Parsed,
    ShowVersion,
    UsageError,
    parse_command,
    parse_globals,
    usage_error,
)
from sandbox.awscli.port import Machine
from sandbox.awscli.session import ConfigError, ProviderError, Session
from sandbox.awscli.unpack import ParamError
from sandbox.errors import AwsError, SandboxError

OK, USAGE_RC, CONFIG_RC, SERVICE_RC, GENERAL_RC = 0, 252, 253, 254, 255
VERSION = "2.15.0"


class ServiceFailure(Exception):
    """The service refused a request: ``An error occurred (CODE) when calling...`` (254)."""


class CliError(Exception):
    """A failure the CLI reports through its catch-all handler: the message alone, exit 255
    (``--duration-seconds abc``: ``invalid literal for int() with base 10: 'abc'``)."""


def run_aws(argv: list[str], machine: Machine, out: TextIO, err: TextIO) -> int:
    """The ``aws`` program: one command line run on ``machine``; returns the exit status.
    In the host's terminal, notes saying where written files went follow on ``err``."""
    session = Session(machine)
    try:
        return _guarded(argv, session, out, err)
    finally:
        for note in session.local.notes:
            err.write(note + "\n")


def _guarded(argv: list[str], session: Session, out: TextIO, err: TextIO) -> int:
    try:
        return _run(argv, session, out, err)
    except ShowVersion:
        python = f"{sys.version_info.major}.{sys.version_info.minor}"
        out.write(f"aws-cli/{VERSION} Python/{python} iam-sandbox/{__version__}\n")
        return OK
    except UsageError as exc:
        return usage_error(err, exc)
    except (ParamError, ParamValidation, CliInputError, validate.ParamValidationError, output.QueryError) as exc:
        err.write(f"\n{exc}\n")
        return USAGE_RC
    except ServiceFailure as exc:
        err.write(f"\n{exc}\n")
        return SERVICE_RC
    except (CliError, PaginationError, output.TableError) as exc:
        err.write(f"\n{exc}\n")
        return GENERAL_RC
    except ConfigError as exc:
        err.write(f"\n{exc.message}\n")
        return exc.rc
    except ProviderError as exc:  # the credential chain's AssumeRole* call failed
        err.write(f"\n{exc.error.cli_message(exc.operation)}\n")
        return SERVICE_RC
    except KeyboardInterrupt:
        out.write("\n")
        return 130
    except SandboxError as exc:  # the sandbox's own trouble (a damaged world file): what to do about it
        err.write(f"\niam-sandbox: {exc.message}\n")
        return GENERAL_RC
    except Exception as exc:  # a bug in the sandbox: say so in one line, never a traceback
        err.write(f"\nThe sandbox could not run this command ({type(exc).__name__}: {exc}). "
                  "This is a bug in IAM Sandbox; the world was not changed by the failed step.\n")
        if "IAM_SANDBOX_DEBUG" in os.environ:
            import traceback  # start-up time: only when debugging the sandbox itself

            traceback.print_exc(file=sys.stderr)
        return GENERAL_RC


def _top_level(options: dict):
    """awscli's ``top-level-args-parsed`` steps (customizations/globalargs.py): the query
    compiled, the endpoint URL checked, the timeouts read as numbers. Returns the query."""
    query = output.compile_query(options["query"]) if options.get("query") is not None else None
    endpoint = options.get("endpoint_url")
    if endpoint is not None and "://" not in endpoint and not endpoint.partition(":")[1]:
        raise ParamValidation(f'Bad value for --endpoint-url "{endpoint}": scheme is missing.  Must be of the form '
                              "http://<hostname>/ or https://<hostname>/")
    for name in ("read_timeout", "connect_timeout"):
        if options.get(name) is not None:
            try:
                options[name] = int(options[name])
            except ValueError as exc:
                raise CliError(str(exc)) from None
    return query


def _run(argv: list[str], session: Session, out: TextIO, err: TextIO) -> int:
    options, command, remaining = parse_globals(argv)
    query = _top_level(options)
    if command in COMMANDS:  # aws s3 ..., aws configure ...
        return COMMANDS[command].load().run(session, options, remaining, out, err)
    try:
        parsed = parse_command(options, command, remaining, session.local.read_file)
    except (ValueError, IndexError) as exc:  # a value the CLI converts with int(), float()...
        raise CliError(str(exc)) from None
    if parsed.help:
        out.write(_help(parsed))
        return OK
    operation = parsed.operation
    if parsed.skeleton in ("input", "yaml-input"):
        from sandbox.awscli import skeleton  # only for skeletons: it costs start-up time

        shape = operation.input_shape
        out.write(skeleton.input_json(shape) if parsed.skeleton == "input" else skeleton.input_yaml(shape))
        return OK
    request = _Request(session, parsed)
    if parsed.skeleton == "output":
        from sandbox.awscli import skeleton  # only for skeletons: it costs start-up time

        response = request.check_only(skeleton.fake_response(operation.model.output_shape))
    elif operation.paginator and options.get("paginate", True):
        limit = operation.paginator.get("limit_key")
        limit_type = operation.input_shape.members[limit].type_name if limit else "integer"
        response = PageIterator(request, operation.paginator, parsed.params, limit_type)
    else:
        response = request(parsed.params)
    fmt = options.get("output") or session.default_output(options)
    out.write(output.display(response, fmt, query, operation.api, terminal_width(out)))
    return OK


class _Request:
    """One request of the command (a paginated command makes several): the CLI's own steps
    before the request, botocore's validation, the call, and what the CLI does with the
    response (customizations.py)."""

    def __init__(self, session: Session, parsed: Parsed):
        self.session = session
        self.parsed = parsed
        self.service = parsed.service.api_service
        self.operation = parsed.operation

    def _validated(self, params: dict) -> dict:
        params = dict(params)
        custom_args.prepare_request(self.service, self.operation.api, params)
        validate.check(self.operation.input_shape, params)
        return params

    def __call__(self, params: dict) -> dict:
        params = self._validated(params)
        custom = CUSTOMIZATIONS.get((self.service, self.operation.api))
        state = custom.prepare(self.session.local, params, self.parsed.extras) if custom else None
        try:
            response = self.session.call(self.service, self.operation.api, params, self.parsed.options)
        except AwsError as exc:
            raise ServiceFailure(exc.cli_message(self.operation.api)) from None
        if custom:
            response = custom.finish(self.session.local, response, state)
        return response

    def check_only(self, response: dict) -> dict:
        """``--generate-cli-skeleton output``: nothing is sent. As in the CLI, botocore's
        Stubber first checks the made-up response against the output shape (so an output
        with minimum lengths fails: ``Invalid length for parameter User.UserId...``), then
        the parameters are checked."""
        validate.check(self.operation.model.output_shape, response)
        self._validated(self.parsed.params)
        return response


def _help(parsed: Parsed) -> str:
    from sandbox.awscli import help as helptext  # only for help: it costs start-up time

    if parsed.service is None:
        return helptext.top_help()
    if parsed.operation is None:
        return helptext.service_help(parsed.service)
    return helptext.operation_help(parsed.service, parsed.operation)


def terminal_width(out: TextIO) -> int:
    """The CLI sizes tables to the terminal standard output is on, else 80 columns."""
    try:
        if out.isatty():
            return os.get_terminal_size(out.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    return output.DEFAULT_WIDTH
