"""The programs of the terminal's machine: aws (the AWS CLI, ``sandbox.awscli``), curl
(the instance metadata service), and iam-sandbox's phone and browser."""

from __future__ import annotations

from sandbox.awscli.run import run_aws
from sandbox.shell import browser, phone
from sandbox.shell.builtins.base import AWS, NOTHING, Builtin
from sandbox.shell.curl import run_curl


def aws(sh, args, out, err, result) -> int:
    return run_aws(args, sh.aws_machine(), out, err)


def curl(sh, args, out, err, result) -> int:
    return run_curl(sh, args, out, err)


def iam_sandbox(sh, args, out, err, result) -> int:
    """The parts of iam-sandbox that stand for the learner's phone and browser."""
    if not args or args[0] not in ("mfa", "console"):
        err.write("In the sandbox terminal, iam-sandbox offers: mfa (the authenticator app) and console "
                  "(the browser). The other commands run in your own terminal.\n")
        return 2
    if args[0] == "mfa":
        return phone.run(args[1:], sh.world, out, err)
    return browser.run(args[1:], sh.world, out, err, ask=sh.ask, gateway=sh.gateway)


BUILTINS = (
    Builtin("aws", "aws ...", "the AWS CLI, against the simulated account", AWS, aws),
    Builtin("curl", "curl URL", "HTTP to the instance metadata service (169.254.169.254) on EC2", NOTHING, curl),
    Builtin("iam-sandbox", "iam-sandbox mfa|console ...",
            "your phone's authenticator (mfa code NAME) and browser (console sign-in)", NOTHING, iam_sandbox),
)
