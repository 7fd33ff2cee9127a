"""Answering a command's questions (``aws configure``) from the host's terminal or a pipe."""

from __future__ import annotations

import sys
from collections.abc import Callable


def stdin_asker(interactive: bool) -> Callable[[str], str]:
    """``ask(prompt)``: ``input()`` on a terminal; from a pipe, the next line, echoed after
    the prompt so that a transcript reads naturally. EOFError when input runs out."""

    def ask(prompt: str) -> str:
        if interactive:
            return input(prompt)
        sys.stdout.write(prompt)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        sys.stdout.write("\n")
        return line.rstrip("\n")

    return ask
