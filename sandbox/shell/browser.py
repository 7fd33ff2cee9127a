"""The learner's browser on the (simulated) AWS Management Console, from a command line:
sign in, and set up the root user's MFA (``iam-sandbox console ...``, in the sandbox
terminal and in the learner's own)."""

from __future__ import annotations

import argparse
import getpass
import sys
from contextlib import redirect_stderr, redirect_stdout

from sandbox import crypto
from sandbox.errors import AwsError
from sandbox.services.console import SignInError, sign_in
from sandbox.services.gateway import Gateway


def _password(args, ask) -> str | None:
    """The password given or typed; None when the prompt was abandoned (Ctrl+C, end of input)."""
    if args.password is not None:
        return args.password
    if ask is not None:
        try:
            return ask("Password: ")
        except EOFError:
            return None
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\n")


def run(argv: list[str], world, out, err, ask=None, gateway: Gateway | None = None) -> int:
    """``iam-sandbox console ...``: the arguments after ``console``; ``gateway`` is the
    caller's (a workspace's, whose change scope makes the change undoable)."""
    parser = argparse.ArgumentParser(prog="iam-sandbox console", description="Console sign-in and root MFA.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sign-in", help="sign in as root or as an IAM user with a console password")
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--root", action="store_true")
    who.add_argument("--user")
    for p in (s,):
        p.add_argument("--password", help="the password (asked for when omitted)")
        p.add_argument("--mfa-code")
        p.add_argument("--new-password", help="a new password, when the old one has expired or must be reset")
    m = sub.add_parser("root-mfa", help="assign a virtual MFA device to the root user")
    m.add_argument("step", choices=("create", "enable", "status"))
    m.add_argument("--password", help="the root password (asked for when omitted)")
    m.add_argument("--mfa-code", help="current code, once root MFA is enabled")
    m.add_argument("--code1")
    m.add_argument("--code2")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    gateway = gateway or Gateway(world)
    root = bool(getattr(args, "root", False)) or args.cmd == "root-mfa"
    password = _password(args, ask)
    if password is None:
        err.write("\n")
        return 130
    try:
        result = sign_in(gateway, root=root, user_name=getattr(args, "user", None), password=password,
                         mfa_code=args.mfa_code, new_password=getattr(args, "new_password", None))
    except SignInError as exc:
        err.write(f"Sign-in failed: {exc.message}\n")
        return 1
    if args.cmd == "sign-in":
        mfa = " with MFA" if result.caller.mfa_present else ""
        changed = " Your new password is set." if result.password_changed else ""
        out.write(f"Signed in to the console as {result.caller.arn}{mfa}.{changed}\n")
        return 0
    serial = f"arn:aws:iam::{world.account_id}:mfa/root-account-mfa-device"
    try:
        if args.step == "status":
            current = (world.meta.get("root") or {}).get("MFASerial")
            out.write(f"Root MFA: {'enabled, ' + current if current else 'not enabled'}\n")
        elif args.step == "create":
            if not world["mfa_devices"].exists(serial):
                created = gateway.call(result.caller, "iam", "CreateVirtualMFADevice",
                                       {"VirtualMFADeviceName": "root-account-mfa-device"})
                device = created["VirtualMFADevice"]
                seed, uri = device["Base32StringSeed"], device["OtpauthUri"]
            else:
                row = world["mfa_devices"].get(serial)
                seed, uri = row["Seed"], crypto.otpauth_uri(row["Seed"], f"root@{world.account_id}")
            out.write(f"Virtual MFA device: {serial}\nSecret (Base32): {seed}\nURI for an authenticator app: "
                             f"{uri}\nNext: iam-sandbox mfa code root-account-mfa-device, then\n"
                             f"      iam-sandbox console root-mfa enable --code1 CODE --code2 NEXTCODE\n")
        else:
            if not (args.code1 and args.code2):
                err.write("Give two consecutive codes: --code1 and --code2\n")
                return 2
            gateway.call(result.caller, "iam", "EnableMFADevice", {"SerialNumber": serial,
                                                                  "AuthenticationCode1": args.code1,
                                                                  "AuthenticationCode2": args.code2})
            out.write("MFA is enabled for the root user. From now on, root sign-in asks for a code.\n")
    except AwsError as exc:
        err.write(f"{exc.code}: {exc.message}\n")
        return 1
    return 0
