"""``iam-sandbox aws sts get-caller-identity`` as a whole process: wall time and CPU time
(user + system, from the child's resource usage), many runs (prints figures; not a timed test).

Floor (issue 12): median wall time <= 0.10 s on the default world. On a shared machine the
wall time moves with the load; the CPU time moves much less. With ``--against TREE`` (another
checkout, with its own ``.venv`` or run with this one's), the runs alternate between the two trees, one of each in
turn, so that both see the same load.

Bytecode is compiled first and the runs keep it (PYTHONDONTWRITEBYTECODE is dropped): an
installed program has its .pyc files.

Run: .venv/bin/python benchmarks/bench_aws_start.py [--runs 41] [--against /tmp/baseline]
     [-- aws iam list-users]  (another command)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(data: Path) -> dict:
    env = dict(os.environ)
    for key in ("IAM_SANDBOX_WORLD", "PYTHONDONTWRITEBYTECODE"):
        env.pop(key, None)
    env["IAM_SANDBOX_DATA"] = str(data)  # never the learner's own data directory
    return env


def run_once(cli: Path, args: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(cli), *args], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{cli} {' '.join(args)} failed ({proc.returncode}): {err.strip()}")
    return wall, usage.ru_utime + usage.ru_stime


def prepare(tree: Path, args: list[str], env: dict) -> Path:
    """The tree's ``iam-sandbox``: its own venv's, else this one's with the tree first on the
    path (a plain checkout, e.g. ``git archive main | tar -x -C /tmp/baseline``)."""
    venv = tree / ".venv" if (tree / ".venv").exists() else ROOT / ".venv"
    if venv != tree / ".venv":
        env["PYTHONPATH"] = str(tree)
    subprocess.run([str(venv / "bin" / "python"), "-m", "compileall", "-q", str(tree / "sandbox")], check=True,
                   env=env, stdout=subprocess.DEVNULL)
    cli = venv / "bin" / "iam-sandbox"
    run_once(cli, args, env)  # the default world, created once; pyc files of the venv written
    return cli


def report(name: str, samples: list[tuple[float, float]]) -> None:
    walls = sorted(w for w, _ in samples)
    cpus = sorted(c for _, c in samples)
    print(f"{name}: wall median {statistics.median(walls):.3f} s (min {walls[0]:.3f}, max {walls[-1]:.3f}); "
          f"CPU median {statistics.median(cpus):.3f} s (min {cpus[0]:.3f}, max {cpus[-1]:.3f}); {len(samples)} runs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=41)
    parser.add_argument("--against", type=Path, help="another checkout to alternate with")
    parser.add_argument("command", nargs="*", default=["aws", "sts", "get-caller-identity"])
    options = parser.parse_args()
    trees = {"this tree": ROOT}
    if options.against:
        trees[f"{options.against}"] = options.against.resolve()
    with tempfile.TemporaryDirectory(prefix="iam-sandbox-bench-") as tmp:
        clis, envs, samples = {}, {}, {}
        for name, tree in trees.items():
            envs[name] = _env(Path(tmp) / name.replace("/", "_"))
            clis[name] = prepare(tree, options.command, envs[name])
            samples[name] = []
        for _ in range(options.runs):
            for name in trees:
                samples[name].append(run_once(clis[name], options.command, envs[name]))
        load = os.getloadavg()
        print(f"iam-sandbox {' '.join(options.command)}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
              f"on {os.cpu_count()} cores")
        for name in trees:
            report(name, samples[name])
        median = statistics.median(w for w, _ in samples["this tree"])
        print(f"floor: median wall <= 0.10 s: {'ok' if median <= 0.10 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
