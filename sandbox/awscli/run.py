"""Run one ``aws`` command line on a machine: parse, call the gateway, print as the AWS CLI v2 does.

Exit codes follow the CLI v2: 0 success, 252 usage or parameter errors, 253 missing
credentials or bad configuration, 254 service errors, 255 anything else. A Python
traceback never reaches the learner: unexpected failures are reported in one line.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from sandbox import __version__
from sandbox.awscli import output, validate
from sandbox.awscli.commands import COMMANDS
from sandbox.awscli.customizations import CUSTOMIZATIONS
from sandbox.awscli.paginate import paginate
from sandbox.awscli.parse import CliError, ParamError, UsageError, parse_argv, split_globals, usage_error
from sandbox.awscli.port import Machine
from sandbox.awscli.session import ConfigError, ProviderError, Session
from sandbox.errors import AwsError, SandboxError

OK, USAGE_RC, CONFIG_RC, SERVICE_RC, GENERAL_RC = 0, 252, 253, 254, 255


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
    except ProviderError as exc:  # the credential chain's AssumeRole* call failed
        err.write(f"\n{exc.error.cli_message(exc.operation)}\n")
        return SERVICE_RC
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
            import traceback  # only when debugging the sandbox itself

            traceback.print_exc(file=sys.stderr)
        return GENERAL_RC


def _run(argv: list[str], session: Session, out: TextIO, err: TextIO) -> int:
    _, rest = split_globals(argv)
    if rest and rest[0] in COMMANDS:  # aws s3 ..., aws configure ...
        position = argv.index(rest[0])
        return COMMANDS[rest[0]].load().run(session, argv[:position] + argv[position + 1:], out, err)
    parsed = parse_argv(argv, session.local.read_file)
    if parsed.options.get("version") and parsed.service is None:
        python = f"{sys.version_info.major}.{sys.version_info.minor}"
        out.write(f"aws-cli/2.15.0 Python/{python} iam-sandbox/{__version__}\n")
        return OK
    if parsed.help:
        from sandbox.awscli import help as helptext  # only for help: it costs start-up time

        if parsed.service is None:
            out.write(helptext.top_help())
        elif parsed.operation is None:
            out.write(helptext.service_help(parsed.service))
        else:
            out.write(helptext.operation_help(parsed.service, parsed.operation))
        return OK
    service, operation = parsed.service, parsed.operation
    if parsed.skeleton is not None:
        from sandbox.awscli.skeleton import skeleton  # only for skeletons: it costs start-up time

        return skeleton(operation, parsed.skeleton, out)
    validate.check(service, operation, parsed.params)
    custom = CUSTOMIZATIONS.get((service.api_service, operation.api))
    state = custom.prepare(session.local, parsed.params) if custom else None
    try:
        response = session.call(service.api_service, operation.api, parsed.params, parsed.options)
    except AwsError as exc:
        err.write(f"\n{exc.cli_message(operation.api)}\n")
        return SERVICE_RC

    if custom:
        response = custom.finish(session.local, response, state)
    if operation.paginated and isinstance(response, dict):
        response = paginate(response, operation.paginated, parsed.options)
    fmt = parsed.options.get("output") or session.default_output(parsed.options)
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
