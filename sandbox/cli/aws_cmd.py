"""``iam-sandbox aws ...``: the simulated AWS CLI, run on the learner's sandbox laptop.

Credentials come from the laptop's ``~/.aws`` files inside the world, never from the
host. Input files (``file://``, ``fileb://``, ``s3 cp FILE``, ``--body FILE``) are read
from the host (where the learner edits them), or from the laptop when the host has no such
file; folders and every file written (downloads, ``--outfile``) are the laptop's, and a
note on stderr says where a written file went. See ``sandbox.cli.host_laptop``.
"""

from __future__ import annotations

import sys

from sandbox.awscli.run import run_aws
from sandbox.cli.host_laptop import HostLaptop
from sandbox.cli.prompts import stdin_asker
from sandbox.cli.worldopen import open_for_cli, scenario_dirs
from sandbox.workspace import Workspace


def main(argv: list[str], opts: dict) -> int:
    world = open_for_cli(opts)
    if world is None:
        return 255
    workspace = Workspace(world, scenario_dirs(opts))
    machine = HostLaptop(workspace.gateway, world["machines"].get(opts.get("machine") or "laptop"),
                         ask=stdin_asker(sys.stdin.isatty()))
    with workspace.change("aws") as change:
        rc = run_aws(argv, machine, sys.stdout, sys.stderr)
    for line in change.progress:
        sys.stderr.write(line + "\n")
    return rc
