"""The learner's phone: the authenticator app for the sandbox's virtual MFA devices
(``iam-sandbox mfa code SERIAL``, in the sandbox terminal and in the learner's own)."""

from __future__ import annotations

import argparse
from contextlib import redirect_stderr, redirect_stdout

from sandbox import crypto


def run(argv: list[str], world, out, err) -> int:
    """``iam-sandbox mfa ...``: the arguments after ``mfa``."""
    parser = argparse.ArgumentParser(prog="iam-sandbox mfa", description="Play the virtual MFA app.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("code", help="the current code of a virtual MFA device (and the next one)")
    c.add_argument("serial", help="the device's serial number (its ARN) or its name")
    which = c.add_mutually_exclusive_group()
    which.add_argument("--now", action="store_true", help="print only the current code")
    which.add_argument("--next", action="store_true", help="print only the next code")
    sub.add_parser("list", help="the virtual MFA devices of the account")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    devices = world["mfa_devices"].all()
    if args.cmd == "list":
        for d in devices:
            out.write(f"{d['SerialNumber']}  {'assigned to ' + d['User'] if d.get('User') else 'unassigned'}\n")
        return 0
    wanted = args.serial
    device = next((d for d in devices if d["SerialNumber"] == wanted or d["SerialNumber"].endswith("/" + wanted)), None)
    if device is None:
        err.write(f"iam-sandbox: no virtual MFA device {wanted!r} in this world. Devices: "
                         f"{', '.join(d['SerialNumber'] for d in devices) or 'none'}\n")
        return 1
    now = world.now()
    step = crypto.window(now)
    if args.now or args.next:
        out.write(crypto.code_at(device["Seed"], step + (1 if args.next else 0)) + "\n")
        return 0
    out.write(f"{crypto.code_at(device['Seed'], step)}  (valid {crypto.seconds_left(now)} s more; next code "
              f"{crypto.code_at(device['Seed'], step + 1)})\n")
    return 0
