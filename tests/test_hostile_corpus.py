"""The hand-made part of the hostile corpus (``tests/hostile/corpus``): the lines and the
policies that reproduced issue 10's bugs, each run as the learner would run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile.harness import Probe

from sandbox.errors import AwsError
from sandbox.policy import simulate_custom_policy, validate_policy
from sandbox.services.seed import open_world
from sandbox.workspace import Workspace

CORPUS = Path(__file__).parent / "hostile" / "corpus"
LINES = [line.replace("\\e", "\x1b") for line in (CORPUS / "shell-lines.txt").read_text().splitlines()
         if line and not line.startswith("#")]
POLICIES = [json.loads(line) for line in (CORPUS / "policies.jsonl").read_text().splitlines()]


def _document(case: dict) -> str:
    if "size" in case:
        return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                                   "Resource": "arn:aws:s3:::b/" + "x" * case["size"]}]})
    if "nested" in case:
        return "[" * case["nested"] + "]" * case["nested"]
    if "statements" in case:
        return json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": f"s3:Get{i}*", "Resource": "*"} for i in range(case["statements"])]})
    return json.dumps(case["doc"])


@pytest.fixture(scope="module")
def probe_and_terminal():
    probe = Probe()
    world = open_world(probe.world)
    yield probe, Workspace(world).terminal("shell")
    probe.close()


@pytest.mark.parametrize("line", LINES, ids=[line[:40] for line in LINES])
def test_each_line_runs_safely(probe_and_terminal, line):
    probe, terminal = probe_and_terminal
    probe.findings = type(probe.findings)()
    probe.shell(terminal, line)
    probe.cli("shell", stdin=line + "\n")  # and through iam-sandbox shell: what reaches the terminal
    del terminal.frames[1:]
    probe.check_world(line[:40], may_be_absent=False)
    assert probe.findings.clean, probe.findings.counts()


@pytest.mark.parametrize("case", POLICIES, ids=[c["why"][:40] for c in POLICIES])
def test_each_policy_is_judged_quickly(case):
    probe = Probe()
    doc = _document(case)
    probe.call(lambda: validate_policy(doc), case["why"], (AwsError,))
    probe.call(lambda: simulate_custom_policy({"PolicyInputList": [doc], "ActionNames": ["s3:" + "a" * 100]}),
               case["why"], (AwsError,))
    if len(doc) < 100_000:
        probe.cli("aws", "iam", "simulate-custom-policy", "--policy-input-list", doc, "--action-names", "s3:GetObject",
                  "--output", "table")
    assert probe.findings.clean, (probe.findings.counts(), probe.findings.tracebacks, probe.findings.hangs)
    probe.close()
