"""Playing a scenario's solution on a fresh world, checking every step before and after
(``iam-sandbox scenario solve`` and ``validate``, and the test that every shipped
scenario is solved by its own solution).

It proves that no check holds at the start of its step and that the solution reaches it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.scenarios.checks import Context, describe, evaluate
from sandbox.scenarios.model import Scenario
from sandbox.scenarios.setup import SetupError, apply_setup
from sandbox.services.gateway import Gateway
from sandbox.shell.session import ShellSession
from sandbox.world.store import World


@dataclass
class Replay:
    ok: bool
    lines: list[str]


def replay(scenario: Scenario, world_factory: Callable[[], World]) -> Replay:
    world = world_factory()
    gateway = Gateway(world)
    lines: list[str] = []
    try:
        apply_setup(gateway, scenario.setup)
    except SetupError as exc:
        return Replay(False, [f"✗ setup: {exc}"])
    shell = ShellSession(gateway, "laptop", via="cli")
    ok = True
    seq = world.events.last_seq()
    for i, step in enumerate(scenario.steps):
        label = f"step {i + 1} ({step.title})"
        if evaluate(step.check, Context(gateway, seq)):
            lines.append(f"✗ {label}: already satisfied before its solution ran")
            ok = False
        out, err = io.StringIO(), io.StringIO()
        for command in step.solution:
            shell.run(command, out, err)
        if evaluate(step.check, Context(gateway, seq)):
            lines.append(f"✓ {label}: {describe(step.check)}")
        else:
            lines.append(f"✗ {label}: the solution does not satisfy: {describe(step.check)}")
            tail = (out.getvalue() + err.getvalue()).strip().splitlines()[-6:]
            lines.extend("    " + t for t in tail)
            ok = False
        del shell.frames[1:]
        seq = world.events.last_seq()
    return Replay(ok, lines)
