"""World, gateway and CLI speed (prints figures; not a timed test).

1. ``iam-sandbox aws sts get-caller-identity`` as a whole process on a fresh default
   world: median and min of 15 runs (floor: median <= 0.2 s), and the 10 slowest imports
   by cumulative time (``python -X importtime``, the least of 3 runs per module).
2. A large world (5,000 users in 1-3 groups each, 300 groups, 1,000 roles, 2,000 customer
   managed policies; see ``bigworld.py``): ``iam-sandbox aws iam list-users`` as a whole
   process, median of 7 runs (floor: <= 0.5 s), and the world file's size.
3. On that world, an authorized ``CreateUser`` in-process through ``Gateway.call`` as
   ``admin`` (the laptop's ``[default]`` key): median and p95 of 50 calls (floor: median
   <= 50 ms). IAM allows 5,000 users per account, so generated users are first dropped
   to 4,900 (otherwise every CreateUser is refused with LimitExceeded).
4. ``aws s3 cp hello.txt s3://experimenting-aws/big/N.txt`` in the sandbox shell
   (``ShellSession.run``) on a default world with 10,000 more objects in S3: median of 30
   runs (floor: < 20 ms).
5. A large event log (issue 10): 5,000 events of a user denied under a 40-statement policy.
   ``iam-sandbox aws iam list-users`` as a whole process, median of 7 runs (floor: <= 0.2 s,
   as for 1; beside the same command with an empty log), with the log as the sandbox writes
   it now (compact explanations), and with a log written before (the explanation in full,
   every statement's trace): its first command (which trims the log to its byte bound) and
   the median after, with the process's peak memory; and the cost of a follower's poll when
   nothing is new (an idle app), median of 1,000 polls.

With ``--profile``, the 15 functions with the most cumulative time (cProfile) for 3 and 4,
per call.

Run: .venv/bin/python benchmarks/bench_world.py [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import pstats
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import bigworld

from sandbox.awscli.session import Session
from sandbox.errors import AwsError
from sandbox.services import events, principals
from sandbox.services.gateway import Caller, Gateway
from sandbox.services.seed import open_world
from sandbox.shell.machines import SandboxMachine
from sandbox.shell.session import ShellSession
from sandbox.workspace import Workspace
from sandbox.world import World

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
CLI = VENV_BIN / "iam-sandbox"
PYTHON = VENV_BIN / "python"


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def verdict(value: float, floor: float, strict: bool = False) -> str:
    ok = value < floor if strict else value <= floor
    return "ok" if ok else "MISSED"


def _env(tmp: Path) -> dict:
    env = dict(os.environ)
    env.pop("IAM_SANDBOX_WORLD", None)
    env["IAM_SANDBOX_DATA"] = str(tmp / "data")  # never the learner's own data directory
    return env


def run_cli(world: Path, args: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run([str(CLI), "--world", str(world), *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"iam-sandbox {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return elapsed, proc


def time_cli(world: Path, args: list[str], env: dict, runs: int) -> list[float]:
    run_cli(world, args, env)  # warm the page cache and __pycache__
    return [run_cli(world, args, env)[0] for _ in range(runs)]


def import_offenders(world: Path, args: list[str], env: dict, runs: int = 3, top: int = 10) -> tuple[list, float]:
    """The slowest imports by cumulative time (microseconds, the least over ``runs``)."""
    best: dict[str, tuple[int, int, int]] = {}  # name -> (cumulative, self, depth)
    for _ in range(runs):
        proc = subprocess.run([str(PYTHON), "-X", "importtime", str(CLI), "--world", str(world), *args], env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True)
        for line in proc.stderr.splitlines():
            if not line.startswith("import time:") or "cumulative" in line:
                continue
            self_us, cum_us, name = line[len("import time:"):].split("|", 2)
            depth = (len(name) - len(name.lstrip())) // 2
            key = name.strip()
            entry = (int(cum_us), int(self_us), depth)
            if key not in best or entry[0] < best[key][0]:
                best[key] = entry
    total = sum(c for c, _, d in best.values() if d == 0)
    ranked = sorted(best.items(), key=lambda kv: kv[1][0], reverse=True)[:top]
    return ranked, total / 1e6


def python_startup(env: dict, runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(PYTHON), "-c", "pass"], env=env, check=True)
        samples.append(time.perf_counter() - start)
    return min(samples)


def profile_top(fn, calls: int, top: int = 15, self_top: int = 10) -> str:
    """cProfile ``fn`` over ``calls`` calls, per call: the entry call chain on one line, the ``top``
    functions by cumulative time below it, then the ``self_top`` functions by self time."""
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(calls):
        fn()
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        rows.append((ct, tt, nc, f"{_short(file)}:{line}({func})"))
    rows.sort(reverse=True)
    total = rows[0][0] if rows else 0.0
    # the entry point's call chain (each frame holds nearly all the time) on one line
    chain = [r for r in rows if r[0] >= 0.95 * total and r[2] <= calls]
    rest = [r for r in rows if r not in chain]
    head = f"    {'cum ms':>8} {'self ms':>8} {'calls':>8}  function"
    out = [f"   cProfile (per call, over {calls} calls, with profiler overhead; total {total / calls * 1e3:.2f} ms)",
           "   call chain, each >= 95% of the total: " + " > ".join(r[3].rsplit("/", 1)[-1] for r in chain),
           f"   top {top} by cumulative time below that chain:", head]
    for ct, tt, nc, name in rest[:top]:
        out.append(f"    {ct / calls * 1e3:8.2f} {tt / calls * 1e3:8.2f} {nc / calls:8.1f}  {name}")
    out += [f"   and the top {self_top} by self time:", head]
    for ct, tt, nc, name in sorted(rows, key=lambda r: r[1], reverse=True)[:self_top]:
        out.append(f"    {ct / calls * 1e3:8.2f} {tt / calls * 1e3:8.2f} {nc / calls:8.1f}  {name}")
    return "\n".join(out)


def _short(file: str) -> str:
    for marker in ("/site-packages/", "/main/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file if file.startswith("<") else Path(file).name


# -- the benchmarks ------------------------------------------------------------------------------------

def bench_caller_identity(tmp: Path, env: dict, runs: int) -> None:
    world = tmp / "fresh.json"
    args = ["aws", "sts", "get-caller-identity"]
    first, _ = run_cli(world, args, env)  # builds the default world
    samples = time_cli(world, args, env, runs)
    med = statistics.median(samples)
    print(f"1. iam-sandbox --world FRESH aws sts get-caller-identity ({runs} runs): median {med:.3f} s, "
          f"min {min(samples):.3f} s, max {max(samples):.3f} s  [floor median <= 0.2 s: {verdict(med, 0.2)}]")
    print(f"   first run (builds the default world): {first:.3f} s; bare `python -c pass`: "
          f"{python_startup(env):.3f} s")
    ranked, total = import_offenders(world, args, env)
    print(f"   python -X importtime, 10 slowest cumulative imports (min of 3 runs; all top-level imports "
          f"{total:.3f} s; indent = nesting):")
    for name, (cum, self_us, depth) in ranked:
        print(f"     {cum / 1e3:7.1f} ms cum {self_us / 1e3:6.1f} ms self  {'  ' * depth}{name}")


def bench_list_users(big: Path, env: dict, runs: int) -> None:
    args = ["aws", "iam", "list-users"]
    _, proc = run_cli(big, args, env)
    shown = proc.stdout.count('"UserName"')
    samples = time_cli(big, args, env, runs)
    med = statistics.median(samples)
    print(f"   iam-sandbox --world BIG aws iam list-users ({runs} runs, {shown} users, "
          f"{len(proc.stdout) / 1e6:.1f} MB of output to a pipe): median {med:.3f} s, min {min(samples):.3f} s  "
          f"[floor median <= 0.5 s: {verdict(med, 0.5)}]")


def bench_create_user(big: Path, tmp: Path, calls: int, profile: bool) -> None:
    path = tmp / "big-create.json"
    shutil.copyfile(big, path)
    world = World(path)
    bigworld.drop_generated_users(world, 4900)
    gateway = Gateway(world)
    session = Session(SandboxMachine(gateway, world["machines"].get("laptop")))
    creds = session.credentials({})
    origin = session.origin({})
    counter = iter(range(10**6))

    def create() -> None:
        gateway.call(creds, "iam", "CreateUser", {"UserName": f"bench-user-{next(counter):05d}"}, origin)

    for _ in range(2):
        create()  # imports the IAM operations, parses admin's policies
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        create()
        samples.append(time.perf_counter() - start)
    med = statistics.median(samples)
    print(f"3. Gateway.call(admin, iam, CreateUser) in-process on BIG ({len(world['users']) - calls} users before, "
          f"{calls} calls): median {med * 1e3:.1f} ms, p95 {p95(samples) * 1e3:.1f} ms, "
          f"min {min(samples) * 1e3:.1f} ms  [floor median <= 50 ms: {verdict(med, 0.05)}]")
    if profile:
        print(profile_top(create, 20))


def bench_s3_cp(tmp: Path, runs: int, profile: bool) -> None:
    path = tmp / "s3.json"
    world = bigworld.build(path, objects=10_000)
    size = path.stat().st_size
    shell = ShellSession(Gateway(world))
    counter = iter(range(10**6))
    outputs: list[str] = []

    def cp() -> None:
        out, err = io.StringIO(), io.StringIO()
        n = next(counter)
        result = shell.run(f"aws s3 cp hello.txt s3://experimenting-aws/big/{n}.txt", out, err)
        if result.status != 0 or "upload:" not in out.getvalue():
            raise SystemExit(f"aws s3 cp failed ({result.status}): {err.getvalue().strip()}")
        outputs.append(out.getvalue())

    for _ in range(2):
        cp()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        cp()
        samples.append(time.perf_counter() - start)
    med = statistics.median(samples)
    print(f"4. ShellSession.run('aws s3 cp hello.txt s3://experimenting-aws/big/N.txt') on a default world + "
          f"10,000 objects ({size / 1e6:.1f} MB, {runs} runs): median {med * 1e3:.1f} ms, "
          f"p95 {p95(samples) * 1e3:.1f} ms, min {min(samples) * 1e3:.1f} ms  "
          f"[floor median < 20 ms: {verdict(med, 0.02, strict=True)}]")
    if profile:
        print(profile_top(cp, 15))


def _forty_statement_event(tmp: Path, full: bool) -> str:
    """One log line: a user denied s3:ListAllMyBuckets under 40 statements (4 policies of 10),
    each statement with a condition; ``full``: the explanation as it was stored before."""
    world = open_world(tmp / f"forty-{full}.json")
    gateway = Gateway(world)
    admin_row = world["users"].get("admin")
    admin = Caller(principals.user_principal(world, admin_row), "user", user=admin_row)
    gateway.call(admin, "iam", "CreateUser", {"UserName": "bob"})
    for k in range(4):
        statements = [{"Sid": f"S{i}", "Effect": "Allow", "Action": [f"s3:GetObject{i}", f"ec2:Describe{i}*"],
                       "Resource": f"arn:aws:s3:::bucket-{i}/*",
                       "Condition": {"StringEquals": {"aws:PrincipalTag/team": f"team{i}"}}}
                      for i in range(k * 10, k * 10 + 10)]
        arn = gateway.call(admin, "iam", "CreatePolicy", {"PolicyName": f"P{k}", "PolicyDocument": json.dumps(
            {"Version": "2012-10-17", "Statement": statements})})["Policy"]["Arn"]
        gateway.call(admin, "iam", "AttachUserPolicy", {"UserName": "bob", "PolicyArn": arn})
    bob_row = world["users"].get("bob")
    bob = Caller(principals.user_principal(world, bob_row), "user", user=bob_row)
    compact = events.compact_explain
    if full:
        events.compact_explain = lambda explain: compact(explain, budget=10**9)
    try:
        gateway.call(bob, "s3", "ListBuckets", {})
    except AwsError:
        pass
    finally:
        events.compact_explain = compact
    (line,) = world.events.tail(1)
    return json.dumps({k: v for k, v in line.items() if k != "seq"}, separators=(",", ":"))


def _world_with_log(tmp: Path, name: str, line: str, n: int) -> Path:
    path = tmp / f"{name}.json"
    open_world(path)
    body = line[1:]
    with open(path.with_name(path.name + ".events.jsonl"), "w") as fh:
        for seq in range(1, n + 1):
            fh.write(f'{{"seq":{seq},{body}\n')
    return path


def _peak_rss_mb(world: Path, args: list[str], env: dict) -> float:
    code = ("import resource, sys; from sandbox.cli.main import main; rc = main(sys.argv[1:]); "
            "sys.stderr.write(f'RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')")
    proc = subprocess.run([str(PYTHON), "-c", code, "--world", str(world), *args], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    return int(proc.stderr.rsplit("RSS ", 1)[1]) / 1024


def bench_event_log(tmp: Path, env: dict, runs: int, n: int = 5000) -> None:
    args = ["aws", "iam", "list-users"]
    empty = tmp / "log-empty.json"
    open_world(empty)
    base = statistics.median(time_cli(empty, args, env, runs))
    print(f"5. iam-sandbox --world W aws iam list-users with an empty event log, for comparison: median {base:.3f} s")
    for name, full in (("now", False), ("before", True)):
        line = _forty_statement_event(tmp, full)
        path = _world_with_log(tmp, f"log-{name}", line, n)
        log = path.with_name(path.name + ".events.jsonl")
        size = log.stat().st_size
        rss = _peak_rss_mb(path, args, env)
        first, _ = run_cli(path, args, env)
        samples = time_cli(path, args, env, runs)
        med = statistics.median(samples)
        label = "as written now" if not full else "as written before (full explanations)"
        print(f"   {n:,} events of a 40-statement denial, {label}: {len(line) / 1e3:.1f} KB an event, log "
              f"{size / 1e6:.1f} MB -> {log.stat().st_size / 1e6:.1f} MB after the first command")
        print(f"   iam-sandbox --world W aws iam list-users: first {first:.3f} s (peak memory of a first run "
              f"{rss:.0f} MB), then median {med:.3f} s over {runs}  [floor median <= 0.2 s: {verdict(med, 0.2)}]")
    workspace = Workspace(World(path))
    seen = workspace.newest_event
    samples = []
    for _ in range(1000):
        start = time.perf_counter()
        workspace.follow(seen)
        samples.append(time.perf_counter() - start)
    print(f"   Workspace.follow with nothing new (an idle app): median {statistics.median(samples) * 1e6:.0f} us")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 15 functions for 3 and 4")
    parser.add_argument("--runs", type=int, default=15, help="runs of get-caller-identity (1)")
    parser.add_argument("--list-runs", type=int, default=7, help="runs of list-users (2)")
    parser.add_argument("--calls", type=int, default=50, help="CreateUser calls (3)")
    parser.add_argument("--cp-runs", type=int, default=30, help="aws s3 cp runs (4)")
    parser.add_argument("--keep", metavar="DIR", help="build the worlds in DIR and keep them")
    parser.add_argument("--only-events", action="store_true", help="run only 5 (the event log)")
    opts = parser.parse_args()

    if opts.keep:
        tmp = Path(opts.keep)
        tmp.mkdir(parents=True, exist_ok=True)
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="bench-world-")
        tmp = Path(cleanup.name)
    try:
        env = _env(tmp)
        if opts.only_events:
            bench_event_log(tmp, env, opts.list_runs)
            return
        bench_caller_identity(tmp, env, opts.runs)

        big = tmp / "big.json"
        start = time.perf_counter()
        world = bigworld.build(big, users=5000, groups=300, roles=1000, policies=2000)
        built = time.perf_counter() - start
        counts = ", ".join(f"{len(world[t]):,} {t}" for t in ("users", "groups", "roles", "policies"))
        print(f"2. BIG world: {counts}; file {big.stat().st_size / 1e6:.2f} MB "
              f"({big.stat().st_size:,} bytes), built in {built:.2f} s")
        del world
        bench_list_users(big, env, opts.list_runs)
        bench_create_user(big, tmp, opts.calls, opts.profile)
        bench_s3_cp(tmp, opts.cp_runs, opts.profile)
        bench_event_log(tmp, env, opts.list_runs)
    finally:
        if cleanup is not None:
            cleanup.cleanup()


if __name__ == "__main__":
    main()
