"""``iam-sandbox mfa ...``: the learner's phone (``sandbox.shell.phone``), from their own terminal."""

from __future__ import annotations

import sys

from sandbox.cli.worldopen import open_for_cli
from sandbox.shell import phone


def main(argv: list[str], opts: dict) -> int:
    world = open_for_cli(opts)
    if world is None:
        return 1
    return phone.run(argv, world, sys.stdout, sys.stderr)
