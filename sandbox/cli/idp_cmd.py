"""``iam-sandbox idp ...`` in the learner's own terminal (``sandbox.shell.idp_program``): on
the sandbox laptop, whose ``file://`` inputs may also be this computer's files."""

from __future__ import annotations

import sys

from sandbox.cli.host_files import read_host
from sandbox.cli.worldopen import open_for_cli
from sandbox.shell import idp_program


def main(argv: list[str], opts: dict) -> int:
    world = open_for_cli(opts)
    if world is None:
        return 1
    return idp_program.run(argv, world, sys.stdout, sys.stderr, idp_program.laptop(world, read_host))
