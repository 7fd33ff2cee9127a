"""The programs of the terminal's machine: aws (the AWS CLI, ``sandbox.awscli``), curl
(the instance metadata service, the identity providers' pages), and iam-sandbox's phone
and browser (the console, the identity providers)."""

from __future__ import annotations

from sandbox.awscli.run import run_aws
from sandbox.shell import browser, idp_program, inbox, phone
from sandbox.shell.builtins.base import AWS, NOTHING, Builtin
from sandbox.shell.curl import run_curl
from sandbox.shell.world_info import info_lines


def aws(sh, args, out, err, result) -> int:
    return run_aws(args, sh.aws_machine(), out, err)


def curl(sh, args, out, err, result) -> int:
    return run_curl(sh, args, out, err)


def iam_sandbox(sh, args, out, err, result) -> int:
    """The parts of iam-sandbox that stand for the learner's phone, browser and mailbox, and
    the world's info (the passwords the sign-in screen points to)."""
    if args[:2] == ["world", "info"] and len(args) == 2:
        out.write("\n".join(info_lines(sh.world)) + "\n")
        return 0
    if not args or args[0] not in ("mfa", "console", "idp", "inbox", "managed-login"):
        err.write("In the sandbox terminal, iam-sandbox offers: mfa (the authenticator app), console "
                  "(the browser), idp (signing in with Google, Amazon, Facebook...), inbox (your email and texts), "
                  "managed-login (an app's Cognito sign-in page) and world info. Scenarios and quizzes, with their "
                  "hints and solutions, are the app's Learn (F4) and Quiz (F9) modes; the other iam-sandbox "
                  "commands do not run on the sandbox's machines.\n")
        return 2
    if args[0] == "mfa":
        return phone.run(args[1:], sh.world, out, err)
    if args[0] == "idp":
        place = idp_program.Place(sh.machine["Name"], sh.resolve)
        return idp_program.run(args[1:], sh.world, out, err, place)
    if args[0] == "inbox":
        return inbox.run(args[1:], sh.world, out, err)
    if args[0] == "managed-login":
        from sandbox.shell import managed_login  # loads the user pools' service (start-up time)

        return managed_login.run(args[1:], sh.world, out, err)
    return browser.run(args[1:], sh.world, out, err, ask=sh.ask, gateway=sh.gateway)


BUILTINS = (
    Builtin("aws", "aws ...", "the AWS CLI, against the simulated account", AWS, aws),
    Builtin("curl", "curl URL", "HTTP to the instance metadata service (169.254.169.254) on EC2, and to the "
            "identity providers' discovery documents and key sets", NOTHING, curl),
    Builtin("iam-sandbox", "iam-sandbox mfa|console|idp|inbox|managed-login|world info ...",
            "your phone's authenticator (mfa code NAME), browser (console sign-in, an app's sign-in page), "
            "social sign-in (idp login google ...), inbox (codes AWS sent) and the world's passwords (world info)",
            NOTHING, iam_sandbox),
)
