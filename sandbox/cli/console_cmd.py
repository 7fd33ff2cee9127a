"""``iam-sandbox console ...``: the learner's browser on the console (``sandbox.shell.browser``),
from their own terminal."""

from __future__ import annotations

import sys

from sandbox.cli.worldopen import open_for_cli, scenario_dirs
from sandbox.shell import browser
from sandbox.workspace import Workspace


def main(argv: list[str], opts: dict) -> int:
    world = open_for_cli(opts)
    if world is None:
        return 1
    workspace = Workspace(world, scenario_dirs(opts))
    with workspace.change("console") as change:
        rc = browser.run(argv, world, sys.stdout, sys.stderr, gateway=workspace.gateway)
    for line in change.progress:
        sys.stderr.write(line + "\n")
    return rc
