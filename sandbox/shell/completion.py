"""Tab completion for the sandbox terminal, generated from the builtins table: command
names first, then each builtin's arguments by what it declares it completes (paths of the
machine, running instances, or the ``aws`` program's own completion). Shared by
``iam-sandbox shell`` and the app's terminal pane."""

from __future__ import annotations

import shlex

from sandbox.awscli import completion as aws_completion
from sandbox.shell.builtins import BUILTINS
from sandbox.shell.builtins.base import AWS, COMMAND, INSTANCES, PATHS
from sandbox.shell.lexer import is_assignment

_SEPARATORS = {"|", ";", "&&", "||", "&", "|&"}


def _words(line: str) -> tuple[list[str], str]:
    """Words of the command being typed (after the last ``|``, ``;``, ``&&`` or ``||``)
    before the cursor, and the partial word being typed."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:
        tokens = line.split()
    cut = max((k for k, t in enumerate(tokens) if t in _SEPARATORS), default=-1)
    words = tokens[cut + 1:]
    if line and not line[-1].isspace() and words:
        return words[:-1], words[-1]
    return words, ""


def _assignments(words: list[str], k: int = 0) -> int:
    """The index of the first word from ``k`` on that is not a ``NAME=VALUE`` prefix."""
    while k < len(words) and is_assignment(words[k]):
        k += 1
    return k


def _after_options(words: list[str]) -> list[str]:
    """``env``'s arguments without its options and assignments: the command it runs."""
    k = 0
    while k < len(words) and (is_assignment(words[k]) or words[k].startswith("-")):
        k += 2 if words[k] in ("-u", "--unset") else 1
    return words[k:]


def complete(session, line: str) -> list[str]:
    words, partial = _words(line)
    return _complete(session, words[_assignments(words):], partial)


def _complete(session, words: list[str], partial: str) -> list[str]:
    if not words:
        return sorted(name for name in BUILTINS if name.startswith(partial))
    builtin = BUILTINS.get(words[0])
    kind = builtin.completes if builtin else None
    if kind == COMMAND:
        return _complete(session, _after_options(words[1:]), partial)
    machine = session.aws_machine()
    if kind == PATHS:
        return aws_completion.paths(machine, machine.home, machine.cwd, partial)
    if kind == INSTANCES:
        if any(not w.startswith("-") for w in words[1:]):
            return []  # the remote command runs on the instance: its files are not these
        names = [i.get("Name") or i["InstanceId"] for i in session.world["instances"].all() if i["State"] == "running"]
        return sorted(n for n in set(names) if n.startswith(partial))
    if kind == AWS:
        return aws_completion.complete(machine, words[1:], partial)
    return []
