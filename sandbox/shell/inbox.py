"""The learner's inbox (``iam-sandbox inbox``, in the sandbox terminal and in their own): the
emails and text messages AWS sent to the sandbox's people, such as a user pool's
verification codes and temporary passwords (``sandbox.services.mailbox``).

  inbox [--to ADDRESS]           the messages, newest last (* marks those not read yet)
  inbox read N                   one message, in full
  inbox code [--to ADDRESS]      the code or temporary password in the newest message, alone
                                 (for scripts: CODE=$(iam-sandbox inbox code --to ana@example.com))
"""

from __future__ import annotations

import argparse
from contextlib import redirect_stderr, redirect_stdout

from sandbox.text import one_line as visible
from sandbox.services import mailbox


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iam-sandbox inbox", description="The emails and texts AWS sent to the "
                                     "people of the sandbox (verification codes, temporary passwords).")
    parser.add_argument("--to", metavar="ADDRESS", help="only messages to this email address or phone number")
    sub = parser.add_subparsers(dest="cmd")
    r = sub.add_parser("read", help="show one message")
    r.add_argument("number", help="the message's number in the list")
    c = sub.add_parser("code", help="print the code or temporary password of the newest message, alone")
    c.add_argument("--to", dest="code_to", metavar="ADDRESS", help="the newest message to this address")
    sub.add_parser("list", help="the messages (the default)")
    return parser


def run(argv: list[str], world, out, err) -> int:
    try:
        with redirect_stdout(out), redirect_stderr(err):
            args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    to = getattr(args, "code_to", None) or args.to
    found = mailbox.messages(world, to)
    where = f" to {visible(to)}" if to else ""
    if args.cmd == "read":
        message = next((m for m in found if m["Id"] == args.number.strip()), None)
        if message is None:
            err.write(f"iam-sandbox: there is no message {visible(args.number)}{where} (iam-sandbox inbox lists "
                      "them).\n")
            return 1
        with world.transaction():
            mailbox.mark_read(world, message["Id"])
        out.write(f"From:    {visible(message['From'])}\nTo:      {visible(message['To'])}\n"
                  f"Date:    {message['Date']}\nSubject: {visible(message['Subject'])}\n\n"
                  f"{visible(message['Body'])}\n")
        return 0
    if args.cmd == "code":
        with_code = [m for m in found if mailbox.code_in(m["Body"])]
        if not with_code:
            err.write(f"iam-sandbox: no message{where} carries a code yet.\n")
            return 1
        out.write(visible(mailbox.code_in(with_code[-1]["Body"])) + "\n")
        return 0
    if not found:
        out.write(f"No messages{where}.\n")
        return 0
    for m in found:
        mark = " " if m.get("Read") else "*"
        out.write(f"{mark}{m['Id']:>3}  {m['Date'][:16].replace('T', ' ')}  {visible(m['To']):<28}  "
                  f"{visible(m['Subject'])}\n")
    return 0
