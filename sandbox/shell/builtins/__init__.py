"""The sandbox terminal's builtins, declared once: ``BUILTINS`` (name -> ``Builtin``) runs
them, and ``help`` and Tab completion are generated from it."""

from __future__ import annotations

from sandbox.shell.builtins import files, mobile, programs, ssh, terminal, text, variables
from sandbox.shell.builtins.base import NOTHING, Builtin

SYNTAX = (  # what bash itself offers around the builtins
    ("NAME=VALUE COMMAND", "a variable for that command only (AWS_PROFILE=bob aws s3 ls)"),
    ("> >> 2> 2>&1 <", "write, append, errors, both, read: files of this machine"),
    ("$VAR $(cmd) $((1+2)) *.txt ~", "expansions ('single quotes' keep text as it is)"),
    ("; && || |", "join commands: in turn, if it worked, if it failed, feeding the next"),
)


def help_text() -> str:
    rows = [(b.usage, b.help) for b in BUILTINS.values()] + list(SYNTAX)
    width = max(len(usage) for usage, _ in rows) + 2
    return "The sandbox terminal understands:\n" + "".join(f"  {usage:<{width}}{text}\n" for usage, text in rows)


def _help(sh, args, out, err, result) -> int:
    out.write(help_text())
    return 0


BUILTINS: dict[str, Builtin] = {b.name: b for b in (
    *programs.BUILTINS, *ssh.BUILTINS, *mobile.BUILTINS, *files.BUILTINS, *text.BUILTINS, *variables.BUILTINS,
    *terminal.BUILTINS,
    Builtin("help", "help", "this list", NOTHING, _help),
)}
