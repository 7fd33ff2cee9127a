"""The hostile-input soak: many generated inputs across every untrusted surface, in-process,
counting what must never happen (issue 10's goal: 0 of each).

    .venv/bin/python tests/hostile/soak.py --inputs 100000 --seed 1

Surfaces, by share of the inputs:

- shell (55%): lines typed into a sandbox terminal of a workspace on a world file
  (``gen_shell``); one line in 50 goes through ``iam-sandbox shell`` itself (its output is
  what reaches the learner's terminal);
- policy (25%): documents given to the policy validator and simulator (``gen_policy``); one
  in 20 also through ``iam-sandbox aws iam simulate-custom-policy`` and ``create-policy``;
- scenario (15%): crafted scenario files read by the loader (``gen_scenario``); one in 40
  also dropped into the instructor's folder and played with ``scenario validate``,
  ``list``, ``show``, ``start``, ``status`` and ``hint``;
- world (5%): world files bent in one to three places (``gen_world``), each opened by three
  commands (``aws``, ``world info``, ``scenario status``, ``events``, ``shell``...);
- kills (``--kills N``): ``iam-sandbox`` processes killed with SIGKILL while they write (a
  scenario's start, a reset, a change), then the world opened again.

Counted (``harness``): tracebacks (or "internal error" / "This is a bug" lines), hangs (over
2 s of processor time, or over 20 s of wall-clock time on a shared machine), files of the host
opened (an audit hook on ``open``), raw control characters in what reached the terminal,
worlds lost or left unreadable. Exit status 0 only when every count is 0.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for ``hostile``

from hostile import gen_policy, gen_scenario, gen_shell, gen_world  # noqa: E402
from hostile.harness import Findings, Probe  # noqa: E402

from sandbox.errors import AwsError  # noqa: E402
from sandbox.policy import simulate_custom_policy, validate_policy  # noqa: E402
from sandbox.scenarios.loader import ScenarioError, load_text  # noqa: E402
from sandbox.services.seed import build_default_world, open_world  # noqa: E402
from sandbox.workspace import Workspace  # noqa: E402
from sandbox.world import World, fs, worldfile  # noqa: E402

SHARES = {"shell": 0.55, "policy": 0.25, "scenario": 0.15, "world": 0.05}


def soak_shell(n: int, rng: random.Random, progress) -> Findings:
    probe = Probe()
    world = open_world(probe.world)
    terminal = Workspace(world).terminal("shell")
    for k in range(n):
        line = gen_shell.line(rng)
        if k % 50 == 49:
            probe.cli("shell", stdin=line + "\n", label=f"iam-sandbox shell: {line[:120]!r}")
        else:
            probe.shell(terminal, line, label=repr(line[:160]))
            del terminal.frames[1:]
        if k % 500 == 499:
            probe.check_world(f"shell after {k + 1} lines", may_be_absent=False)
        progress(1)
    probe.check_world("shell at the end", may_be_absent=False)
    probe.close()
    return probe.findings


def soak_policy(n: int, rng: random.Random, progress) -> Findings:
    probe = Probe()
    world = open_world(probe.world)
    for k in range(n):
        doc = gen_policy.document(rng)
        label = f"policy {doc[:100]!r}"
        probe.call(lambda: validate_policy(doc), label, (AwsError,))
        probe.call(lambda: simulate_custom_policy({"PolicyInputList": [doc], "ActionNames": [
            "s3:GetObject", "iam:CreateUser", "s3:" + "a" * 100], "ResourceArns": [
            "arn:aws:s3:::b/" + "a" * 200 + "c", "*"]}), label, (AwsError,))
        if k % 20 == 19 and len(doc) < 100_000:
            with world.transaction():
                fs.write(world, "laptop", "/home/learner/doc.json", doc[:200_000], now=world.now().isoformat())
            probe.cli("aws", "iam", "simulate-custom-policy", "--policy-input-list", doc, "--action-names",
                      "s3:GetObject", "--output", rng.choice(["json", "text", "table"]), label=label)
            probe.cli("shell", stdin=f"aws iam create-policy --policy-name P{k} --policy-document "
                                     "file://doc.json\n", label=f"create-policy {label}")
        progress(1)
    probe.check_world("policy at the end", may_be_absent=False)
    probe.close()
    return probe.findings


def soak_scenario(n: int, rng: random.Random, progress) -> Findings:
    folder_probe = Probe()
    folder = folder_probe.dir / "class"
    folder.mkdir()
    probe = Probe(scenarios=folder)
    bases = gen_scenario.shipped()
    for k in range(n):
        what, text = gen_scenario.crafted(rng, bases)
        probe.call(lambda: load_text(text, "crafted.toml"), f"load {what}", (ScenarioError,))
        if k % 40 == 39:
            files = sorted(folder.glob("*.toml"))
            for old in files[:-30]:  # keep the folder the size of a class's
                old.unlink()
            path = folder / f"c{k:06d}.toml"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            label = f"{path.name}: {what}"
            probe.cli("scenario", "validate", str(path), label=f"validate {label}")
            probe.cli("scenario", "list", label=f"list {label}")
            try:
                scenario_id = gen_scenario.tomllib.loads(text).get("id")
            except (ValueError, RecursionError):
                scenario_id = None
            if isinstance(scenario_id, str):
                probe.cli("scenario", "show", scenario_id, label=f"show {label}")
                probe.cli("scenario", "start", scenario_id, "--yes", label=f"start {label}")
                probe.cli("scenario", "status", label=f"status {label}")
                probe.cli("scenario", "hint", label=f"hint {label}")
            probe.check_world(f"after {label}")
        progress(1)
    probe.close()
    folder_probe.close()
    return probe.findings


WORLD_COMMANDS = [["aws", "iam", "list-users"], ["aws", "s3", "ls"], ["aws", "s3", "ls", "s3://experimenting-aws"],
                  ["aws", "sts", "get-caller-identity"], ["world", "info"], ["aws", "iam", "list-roles", "--output",
                                                                             "table"],
                  ["scenario", "status"], ["events", "--tail", "3"], ["aws", "iam", "list-access-keys", "--output",
                                                                      "text"],
                  ["aws", "ec2", "describe-instances"], ["aws", "iam", "create-user", "--user-name", "zed"],
                  ["world", "advance", "1h"], ["aws", "s3", "cp", "s3://experimenting-aws/hello.txt", "-"],
                  ["scenario", "hint"], ["world", "snapshot", "s1"], ["world", "reset"],
                  ["aws", "iam", "get-account-password-policy"]]


def soak_world(n: int, rng: random.Random, progress) -> Findings:
    base_world = World(None)
    build_default_world(base_world, "123456789012", "2026-01-01T00:00:00+00:00")
    base = base_world.dump()
    findings = Findings()
    for k in range(n):
        what, data = gen_world.mutated(rng, base)
        probe = Probe()
        probe.world.write_text(json.dumps(data), encoding="utf-8")  # ASCII: a lone surrogate as its escape
        for argv in rng.sample(WORLD_COMMANDS, 3):
            probe.cli(*argv, stdin="ls\ncat ~/.aws/credentials\naws s3 ls\n", label=f"{what} | {' '.join(argv)}")
        if probe.world.exists():
            # the world as the commands left it: the same bytes if it was refused, a usable world if not
            probe.check_world(f"{what}", may_be_absent=False) if _was_usable(data) else None
        findings.add(probe.findings)
        probe.close()
        progress(1)
    return findings


def _was_usable(data: dict) -> bool:
    try:
        worldfile.parse(json.dumps(data))
    except (worldfile.Damaged, worldfile.Newer):
        return False
    return True


def soak_kills(n: int, rng: random.Random, progress) -> Findings:
    """Kill ``iam-sandbox`` mid-write with SIGKILL; the world must stay a readable world and
    its temporary copies must be cleaned on the next open."""
    probe = Probe()
    exe = [sys.executable, "-m", "sandbox", "--world", str(probe.world)]
    env = {**os.environ, "IAM_SANDBOX_DATA": str(probe.data)}
    subprocess.run(exe + ["world", "reset"], env=env, capture_output=True, check=True)
    for k in range(n):
        argv = rng.choice([["scenario", "start", rng.choice(["groups", "ec2-role-s3", "policy-kinds"]), "--yes"],
                           ["world", "reset"], ["aws", "iam", "create-user", "--user-name", f"u{k}"],
                           ["world", "snapshot", f"s{k % 3}"]])
        proc = subprocess.Popen(exe + argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.5))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        probe.check_world(f"killed during {' '.join(argv)}", may_be_absent=False)
        probe.cli("world", "info", label=f"open after a kill during {' '.join(argv)}")
        left = list(probe.dir.glob(".world.json*.tmp")) + list(probe.dir.glob("world.json.snapshots/.*.tmp"))
        if left:
            probe.findings.lost_worlds.append((f"kill during {' '.join(argv)}", f"{len(left)} temporary copies left"))
        progress(1)
    probe.close()
    return probe.findings


def run(inputs: int, seed: int, kills: int = 0, report=print) -> Findings:
    """``inputs`` generated inputs spread over the surfaces (and ``kills`` killed processes)."""
    rng = random.Random(seed)
    counts = {name: max(1, int(inputs * share)) for name, share in SHARES.items()}
    counts["shell"] += inputs - sum(counts.values())
    done = [0]
    started = time.monotonic()

    def progress(step: int) -> None:
        done[0] += step
        if done[0] % 5000 == 0:
            report(f"  {done[0]:,} inputs, {time.monotonic() - started:.0f} s", flush=True)

    total = Findings()
    for name, count in counts.items():
        begun = time.monotonic()
        found = globals()[f"soak_{name}"](count, random.Random(rng.random()), progress)
        report(f"{name:<9} {count:>7,} inputs  {time.monotonic() - begun:7.0f} s  {found.counts()}", flush=True)
        total.add(found)
    if kills:
        begun = time.monotonic()
        found = soak_kills(kills, random.Random(rng.random()), progress)
        report(f"{'kills':<9} {kills:>7,} kills   {time.monotonic() - begun:7.0f} s  {found.counts()}", flush=True)
        total.add(found)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kills", type=int, default=30, help="processes killed mid-write (0: none)")
    args = parser.parse_args()
    start = time.monotonic()
    total = run(args.inputs, args.seed, args.kills, report=print)
    counts = total.counts()
    print(f"\nTOTAL in {time.monotonic() - start:.0f} s: {counts}")
    for name in ("tracebacks", "hangs", "host_paths", "raw_controls", "lost_worlds"):
        kinds: dict[str, list] = {}
        for item in getattr(total, name):
            kinds.setdefault(str(item[1])[:120], []).append(item)  # the same finding from many inputs, once
        for said, items in list(kinds.items())[:10]:
            print(f"  {name} x{len(items)}: {items[0]!r:.400}")
    print(f"\nReproduce: .venv/bin/python tests/hostile/soak.py --inputs {args.inputs} --seed {args.seed} "
          f"--kills {args.kills}")
    return 0 if total.clean else 1


if __name__ == "__main__":
    sys.exit(main())
