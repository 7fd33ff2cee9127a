"""Property tests over the untrusted surfaces (issue 10): shell lines, policy documents,
scenario files and world files. Whatever hypothesis draws, no traceback, no hang, no host
file read, no raw control character on the terminal, no world left unreadable.

The generators are the soak's (``tests/hostile``); hypothesis draws their seeds and
shrinks a failure to the seed that reproduces it. ``tests/hostile/soak.py`` runs the same
surfaces 100,000 times.
"""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hostile import gen_policy, gen_scenario, gen_shell, gen_world
from hostile.harness import Probe

from sandbox.errors import AwsError
from sandbox.policy import simulate_custom_policy, validate_policy
from sandbox.scenarios.loader import ScenarioError, load_text
from sandbox.services.seed import build_default_world, open_world
from sandbox.workspace import Workspace
from sandbox.world import World, schema, worldfile

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])
_PROBE = Probe()
_WORLD = open_world(_PROBE.world)
_TERMINAL = Workspace(_WORLD).terminal("shell")


def _clean(probe: Probe) -> None:
    f = probe.findings
    assert f.clean, {k: v[:3] for k, v in vars(f).items() if isinstance(v, list) and v}


@SETTINGS
@given(seed=st.integers(0, 2**32), typed=st.text(max_size=60))
def test_shell_lines(seed, typed):
    probe = _PROBE
    probe.findings = type(probe.findings)()
    probe.shell(_TERMINAL, gen_shell.line(random.Random(seed)))
    probe.shell(_TERMINAL, typed)
    del _TERMINAL.frames[1:]
    probe.check_world("shell", may_be_absent=False)
    _clean(probe)


@SETTINGS
@given(seed=st.integers(0, 2**32))
def test_policy_documents(seed):
    doc = gen_policy.document(random.Random(seed))
    probe = Probe()
    probe.call(lambda: validate_policy(doc), "validate", (AwsError,))
    probe.call(lambda: simulate_custom_policy({"PolicyInputList": [doc], "ActionNames": ["s3:GetObject"]}),
               "simulate", (AwsError,))
    _clean(probe)


@SETTINGS
@given(seed=st.integers(0, 2**32))
def test_scenario_files(seed):
    what, text = gen_scenario.crafted(random.Random(seed))
    probe = Probe()
    probe.call(lambda: load_text(text, "crafted.toml", "instructor"), what, (ScenarioError,))
    _clean(probe)


_BASE = World(None)
build_default_world(_BASE, "123456789012", "2026-01-01T00:00:00+00:00")
_DUMP = _BASE.dump()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), command=st.sampled_from([["aws", "iam", "list-users"], ["aws", "s3", "ls"],
                                                            ["world", "info"], ["scenario", "status"],
                                                            ["aws", "ec2", "describe-instances"],
                                                            ["aws", "iam", "create-user", "--user-name", "z"]]))
def test_world_files(seed, command):
    what, data = gen_world.mutated(random.Random(seed), _DUMP)
    probe = Probe()
    probe.world.write_text(json.dumps(data))
    probe.cli(*command, label=what)
    try:
        worldfile.parse(json.dumps(data))
        usable = True
    except (worldfile.Damaged, worldfile.Newer):
        usable = False
    if usable:
        probe.check_world(what, may_be_absent=False)
    else:
        assert schema.problem(data) is not None or worldfile.schema_of(data) != 1
    _clean(probe)
    probe.close()
