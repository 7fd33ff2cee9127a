"""What a shell builtin declares: its name, usage, one line of help, what completes its
arguments, and its handler. The table in ``sandbox.shell.builtins`` generates ``help`` and
Tab completion from these declarations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # for annotations only: the session imports the builtins
    from sandbox.shell.session import Result, ShellSession

# what completes a builtin's arguments
NOTHING = "nothing"
PATHS = "paths"  # paths of the terminal's machine
INSTANCES = "instances"  # running instances' names, for the host argument
AWS = "aws"  # the aws program's own completion
COMMAND = "command"  # options and NAME=VALUE assignments, then a command line of its own (env)
COMPLETIONS = (NOTHING, PATHS, INSTANCES, AWS, COMMAND)

Handler = Callable[["ShellSession", list[str], TextIO, TextIO, "Result"], int]


@dataclass(frozen=True)
class Builtin:
    name: str
    usage: str  # as help shows it: "cd [DIR | -]"
    help: str  # one line
    completes: str
    run: Handler

    def __post_init__(self):
        if self.completes not in COMPLETIONS:
            raise ValueError(f"{self.name}: unknown completion {self.completes!r}")
