"""``iam-sandbox``: the entry point. Headless commands import only what they need (never
Textual), so ``iam-sandbox aws ...`` starts fast; with no command the app opens."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib import import_module

from sandbox import __version__
from sandbox.errors import SandboxError, bug_text, os_error_text
from sandbox.text import VisibleStream

HELP = """\
usage: iam-sandbox [--world PATH] [--version] [--help] [COMMAND ...]

With no command, iam-sandbox opens the app (console, terminal, live policy decisions).

Learn AWS IAM offline: a simulated AWS account, a faithful IAM policy engine,
and a terminal app. Nothing here talks to real AWS or reads your AWS credentials.

commands:
  aws ...                 the simulated AWS CLI, e.g. `iam-sandbox aws iam simulate-custom-policy ...`
  policy validate FILE    check a policy document as IAM and IAM Access Analyzer would
  policy explain FILE     evaluate one request against a policy and explain the decision
  world path|info|reset|export|import|snapshot|restore|snapshots|advance
                          the simulated account: where it is, what is in it, copies of it
  events [--tail N] [--follow] [--json]
                          the policy decisions made so far, with the statement that decided
  mfa code SERIAL         the current code of a virtual MFA device (plays the authenticator app)
  shell [--machine NAME]  a terminal on the sandbox laptop or an EC2 instance (aws, curl, ssh, files)
  scenario list|show|start|status|hint|solution|reset|undo|solve|validate|coverage|progress
                          guided scenarios that teach the notes step by step
  console sign-in|root-mfa
                          sign in to the simulated console; set up the root user's MFA
  inbox [read N | code] [--to ADDRESS]
                          the emails and texts AWS sent (Cognito codes, temporary passwords)
  managed-login CLIENT_ID --provider NAME --user EMAIL
                          sign in to an app through its Cognito user pool's login pages
  idp list|register|login|decode|jwks|create-issuer|rotate-keys
                          the simulated identity providers (Google, Amazon, Facebook, OIDC):
                          register an app, sign in, read a token
  quiz list|start|validate|coverage|stats|tips|export|show
                          quizzes on the exam tips: practice, timed exam, review, spaced repetition
  serve [--class DIR] [--host H] [--port N] [--code CODE]
                          the app in learners' browsers: one sandbox per learner (a classroom lab)
  class init|validate|pack|unpack|report|collect
                          an instructor's class folder: the lab, packs for other instructors, reports
  progress export         your scenario progress and quiz results in one file, for your instructor

options:
  --world PATH            use the world (simulated account) stored at PATH
                          (default: $IAM_SANDBOX_WORLD, else your data directory)
  --scenarios DIR         also offer the scenarios in DIR (an instructor's folder)
  --version               print the version
  -h, --help              print this help
"""


def _commands() -> dict[str, Callable[[list[str], dict], int]]:
    """Each command's module, imported when it runs (start-up time: one command's imports only)."""
    names = {"aws": "aws_cmd", "policy": "policy_cmd", "world": "world_cmd", "events": "events_cmd",
             "mfa": "mfa_cmd", "console": "console_cmd", "shell": "shell_cmd", "scenario": "scenario_cmd",
             "idp": "idp_cmd", "quiz": "quiz_cmd", "inbox": "inbox_cmd", "managed-login": "login_cmd",
             "serve": "serve_cmd", "class": "class_cmd", "progress": "progress_cmd"}
    return {cmd: (lambda argv, opts, m=mod: import_module(f"sandbox.cli.{m}").main(argv, opts))
            for cmd, mod in names.items()}


def _run_app(opts: dict) -> int:
    """No command: open the app on the world (Textual is imported only here)."""
    served = bool(os.environ.get("TEXTUAL_DRIVER"))  # textual-serve runs the app through its web driver
    if not served and (not sys.stdout.isatty() or not sys.stdin.isatty()):
        sys.stdout.write(HELP)
        sys.stdout.write("\n(The app needs a terminal; the commands above work anywhere.)\n")
        return 0
    from sandbox.cli.appclass import app_class  # the class and the world load only for the app (start-up time)
    from sandbox.cli.worldopen import open_for_cli  # (start-up time, as above)
    from sandbox.tui.app import run  # Textual loads only for the app (start-up time of the commands)

    lab = app_class(opts)
    if lab is None:
        return 1
    world = open_for_cli(opts)
    if world is None:
        return 1
    return run(world, lab.scenario_dirs, lab.config)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    extra = os.environ.get("IAM_SANDBOX_SCENARIOS")
    opts: dict = {"world": os.environ.get("IAM_SANDBOX_WORLD"), "scenarios": [extra] if extra else [],
                  "class": os.environ.get("IAM_SANDBOX_CLASS")}  # set by `serve` for each learner's app
    while args and args[0].startswith("-"):
        flag = args.pop(0)
        if flag in ("-h", "--help"):
            sys.stdout.write(HELP)
            return 0
        if flag == "--version":
            sys.stdout.write(f"iam-sandbox {__version__}\n")
            return 0
        if flag == "--world" or flag.startswith("--world="):
            if "=" in flag:
                opts["world"] = flag.split("=", 1)[1]
            elif args:
                opts["world"] = args.pop(0)
            else:
                sys.stderr.write("iam-sandbox: --world needs a path\n")
                return 2
            continue
        if flag == "--scenarios" or flag.startswith("--scenarios="):
            if "=" in flag:
                opts["scenarios"].append(flag.split("=", 1)[1])
            elif args:
                opts["scenarios"].append(args.pop(0))
            else:
                sys.stderr.write("iam-sandbox: --scenarios needs a folder\n")
                return 2
            continue
        sys.stderr.write(f"iam-sandbox: unknown option {flag}\n\n{HELP}")
        return 2
    if not args:
        return _run_app(opts)
    command, rest = args[0], args[1:]
    handler = _commands().get(command)
    if handler is None:
        sys.stderr.write(f"iam-sandbox: unknown command {command!r}\n\n{HELP}")
        return 2
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(stdout), VisibleStream(stderr)
    try:
        return handler(rest, opts)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except BrokenPipeError:
        return 0
    except SandboxError as exc:  # a world that cannot be read or saved: what and where, no traceback
        sys.stderr.write(f"iam-sandbox: {exc.message}\n")
        return 1
    except OSError as exc:  # a full or read-only disk, no permission: the path and the cause
        sys.stderr.write(f"iam-sandbox: {os_error_text(exc)}\n")
        return 1
    except Exception as exc:  # a bug: one line, never a traceback (its values may hold world secrets)
        sys.stderr.write(f"iam-sandbox: internal error ({bug_text(exc)}). This is a bug in IAM Sandbox.\n")
        if "IAM_SANDBOX_DEBUG" in os.environ:
            import traceback  # start-up time: only when debugging the sandbox itself

            traceback.print_exc(file=sys.stderr)
        return 1
    finally:
        sys.stdout, sys.stderr = stdout, stderr
