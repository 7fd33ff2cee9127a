"""``iam-sandbox managed-login ...``: a user pool's sign-in pages (``sandbox.shell.managed_login``),
from the learner's own terminal."""

from __future__ import annotations

import sys

from sandbox.cli.worldopen import open_for_cli
from sandbox.shell import managed_login


def main(argv: list[str], opts: dict) -> int:
    world = open_for_cli(opts)
    if world is None:
        return 1
    return managed_login.run(argv, world, sys.stdout, sys.stderr)
