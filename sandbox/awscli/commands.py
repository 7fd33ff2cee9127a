"""The CLI's high-level commands, which are not one API operation each: ``aws s3`` (ls, cp,
mv, rm, mb, rb over the S3 API) and ``aws configure`` (the machine's ``~/.aws`` files).

Each module offers ``SUBCOMMANDS`` (name -> summary, for help and completion) and
``run(session, argv, out, err) -> exit status``; it is imported on first use, so that a plain
API call does not pay for it at start-up.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import NamedTuple


class Command(NamedTuple):
    name: str
    summary: str
    module: str

    def load(self) -> ModuleType:
        return import_module(self.module)


COMMANDS = {c.name: c for c in (
    Command("configure", "Configure credentials and settings in ~/.aws on this sandbox machine",
            "sandbox.awscli.configure"),
    Command("s3", "Amazon Simple Storage Service (high-level commands: ls, cp, mv, rm, mb, rb)",
            "sandbox.awscli.s3_commands"),
)}
