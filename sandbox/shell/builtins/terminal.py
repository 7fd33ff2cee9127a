"""The terminal itself: echo, clear, history, whoami, hostname, date, true, false, exit."""

from __future__ import annotations

import re

from sandbox.shell.builtins.base import NOTHING, Builtin


def echo(sh, args, out, err, result) -> int:
    newline = True
    if args and args[0] == "-n":
        newline, args = False, args[1:]
    out.write(" ".join(args) + ("\n" if newline else ""))
    return 0


def clear(sh, args, out, err, result) -> int:
    result.clear = True
    return 0


def history(sh, args, out, err, result) -> int:
    for i, line in enumerate(sh.history, 1):
        out.write(f"{i:>5}  {line}\n")
    return 0


def whoami(sh, args, out, err, result) -> int:
    out.write(sh.machine["User"] + "\n")
    return 0


def hostname(sh, args, out, err, result) -> int:
    out.write(sh.machine["Hostname"] + "\n")
    return 0


def date(sh, args, out, err, result) -> int:
    out.write(sh.world.now().strftime("%a %b %d %H:%M:%S UTC %Y") + "\n")
    return 0


def exit_(sh, args, out, err, result) -> int:
    """``exit [N]``: leave with status N (without N, the last command's), as bash does;
    on an instance it goes back to the machine before."""
    status = sh.last_status
    if len(args) > 1:
        err.write("-bash: exit: too many arguments\n")
        return 1
    if args:
        m = re.fullmatch(r"([+-]?)([0-9]+)", args[0].strip())
        if m:
            status = int(m.group(1) + m.group(2)[-8:])  # 10**8 is a multiple of 256: the low byte is kept
        else:
            err.write(f"-bash: exit: {args[0]}: numeric argument required\n")
            status = 2
    status &= 255
    if sh.can_leave():
        leaving = sh.machine.get("PublicIpAddress") or sh.machine["SourceIp"]
        sh.leave()
        out.write(f"logout\nConnection to {leaving} closed.\n")
        return status
    result.closed = True
    return status


BUILTINS = (
    Builtin("echo", "echo [-n] TEXT...", "print text (-n without a newline)", NOTHING, echo),
    Builtin("history", "history", "the lines typed so far", NOTHING, history),
    Builtin("clear", "clear", "clear the screen", NOTHING, clear),
    Builtin("whoami", "whoami", "the user of this machine", NOTHING, whoami),
    Builtin("hostname", "hostname", "the name of this machine", NOTHING, hostname),
    Builtin("date", "date", "the world's date and time", NOTHING, date),
    Builtin("true", "true", "succeed (status 0)", NOTHING, lambda sh, args, out, err, result: 0),
    Builtin("false", "false", "fail (status 1)", NOTHING, lambda sh, args, out, err, result: 1),
    Builtin("exit", "exit [N]", "leave the instance (or the terminal) with status N", NOTHING, exit_),
)
