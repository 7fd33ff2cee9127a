"""The terminal's variables: export, unset, env. They belong to the terminal (one set per
machine it is on), not to the world; ``AWS_PROFILE``, ``AWS_REGION`` and the other
``AWS_*`` variables reach every ``aws`` command run here."""

from __future__ import annotations

from sandbox.shell import lexer
from sandbox.shell.builtins.base import COMMAND, NOTHING, Builtin


def export(sh, args, out, err, result) -> int:
    if not args:
        for k, v in sorted(sh.env.items()):
            out.write(f'declare -x {k}="{v}"\n')
        return 0
    for a in args:
        key, eq, value = a.partition("=")
        if not key.isidentifier():
            err.write(f"-bash: export: `{a}': not a valid identifier\n")
            return 1
        if eq:
            sh.env[key] = value
        else:
            sh.env.setdefault(key, "")
    return 0


def unset(sh, args, out, err, result) -> int:
    for a in args:
        sh.env.pop(a, None)
    return 0


def env(sh, args, out, err, result) -> int:
    """``env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...]`` (GNU env)."""
    changes: dict[str, str | None] = {}
    clear = False
    k = 0
    while k < len(args):
        a = args[k]
        if a in ("-i", "-", "--ignore-environment"):
            clear = True
        elif a in ("-u", "--unset") and k + 1 < len(args):
            changes[args[k + 1]] = None
            k += 1
        elif a in ("-u", "--unset"):
            err.write("env: option requires an argument -- 'u'\nTry 'env --help' for more information.\n")
            return 125
        elif a.startswith("-u") and len(a) > 2:
            changes[a[2:]] = None
        elif a == "--":
            k += 1
            break
        elif a.startswith("-") and a != "-":
            err.write(f"env: invalid option -- '{a.lstrip('-')[:1]}'\nTry 'env --help' for more information.\n")
            return 125
        else:
            break
        k += 1
    while k < len(args) and lexer.is_assignment(args[k]):
        key, _, value = args[k].partition("=")
        changes[key] = value
        k += 1
    command = args[k:]

    def body() -> int:
        if not command:
            for key, value in sorted(sh.env.items()):
                out.write(f"{key}={value}\n")
            return 0
        if sh.builtin(command[0]) is None:
            err.write(f"env: \u2018{command[0]}\u2019: No such file or directory\n")
            return 127
        return sh.nested(lambda: sh.dispatch(command, out, err, result))
    return sh.with_env(changes, body, clear)


BUILTINS = (
    Builtin("export", "export NAME=VALUE", "set a terminal variable (AWS_PROFILE, AWS_REGION, ...)", NOTHING, export),
    Builtin("unset", "unset NAME", "remove a terminal variable", NOTHING, unset),
    Builtin("env", "env [-i] [-u N] [N=V] [CMD]",
            "print the variables, or run CMD with some changed", COMMAND, env),
)
