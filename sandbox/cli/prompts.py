"""Answering a command's questions (``aws configure``) from the host's terminal or a pipe."""

from __future__ import annotations

import sys
from typing import Callable

from sandbox.text import one_line
from sandbox.world import baseline


def stdin_asker(interactive: bool) -> Callable[[str], str]:
    """``ask(prompt)``: ``input()`` on a terminal; from a pipe, the next line, echoed after
    the prompt so that a transcript reads naturally. EOFError when input runs out."""

    def ask(prompt: str) -> str:
        if interactive:
            return input(one_line(prompt))  # the prompt may quote values from the world
        sys.stdout.write(prompt)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        sys.stdout.write("\n")
        return line.rstrip("\n")

    return ask


def confirm_replace(world, what: str, keep_as: str, yes: bool) -> bool:
    """Whether to go on replacing ``world`` (``what``: "Starting the scenario"): yes when
    it holds no change of the learner's since it was last replaced, when ``yes`` (--yes),
    or when the learner answers y at the terminal. Otherwise says how to go on."""
    if yes or not baseline.changed(world):
        return True
    kept = f"the world as it is now is kept as the snapshot {keep_as} (iam-sandbox world restore {keep_as})"
    if sys.stdin.isatty():
        try:
            answer = input(f"The world has changes of yours. {what} replaces it; {kept}. Go on? [y/N] ")
        except EOFError:
            answer = ""
        return answer.strip().lower() in ("y", "yes")
    sys.stderr.write(f"iam-sandbox: the world has changes of yours and {what[0].lower() + what[1:]} would replace "
                     f"it. Run again with --yes to go on ({kept}).\n")
    return False
