"""Learner progress, in its own file beside (not inside) the world, so resetting a world
never loses it; exported as JSON or CSV for an instructor."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from sandbox.world.location import progress_path
from sandbox.world.storage import FileLock, atomic_write


def learner_name(name: str | None) -> str:
    return name or os.environ.get("IAM_SANDBOX_LEARNER") or os.environ.get("USER") or "learner"


def _path() -> Path:
    return progress_path()


def load(path: Path | None = None) -> dict:
    path = path or _path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"learners": {}}
    except (OSError, ValueError):
        return {"learners": {}, "damaged": True}
    return data if isinstance(data, dict) and isinstance(data.get("learners"), dict) else {"learners": {}}


def update(learner: str, change, path: Path | None = None) -> None:
    """Change one learner's records (``{scenario id: record}``) under the file's lock; a file
    that cannot be read is never overwritten."""
    path = path or _path()
    lock = FileLock(path.with_name(path.name + ".lock"))
    with lock.hold():
        data = load(path)
        if data.get("damaged"):
            return
        change(data["learners"].setdefault(learner, {}))
        atomic_write(path, json.dumps(data, indent=1))


def _update(learner: str, scenario_id: str, change) -> None:
    def change_record(records: dict) -> None:
        change(records.setdefault(scenario_id, {
            "attempts": 0, "steps_done": 0, "hints_used": 0, "solutions_used": [], "started": None,
            "finished": None}))
    update(learner, change_record)


def record_start(learner: str, scenario_id: str, when: str) -> None:
    def change(r):
        r["attempts"] += 1
        r["started"] = when
        r["steps_done"] = 0
    _update(learner, scenario_id, change)


def record_step(learner: str, scenario_id: str, steps_done: int, when: str, finished: bool) -> None:
    def change(r):
        r["steps_done"] = max(r["steps_done"], steps_done)
        if finished and not r.get("finished"):
            r["finished"] = when
    _update(learner, scenario_id, change)


def record_hint(learner: str, scenario_id: str, step: int) -> None:
    _update(learner, scenario_id, lambda r: r.__setitem__("hints_used", r["hints_used"] + 1))


def record_solution(learner: str, scenario_id: str, step: int) -> None:
    def change(r):
        if step + 1 not in r["solutions_used"]:
            r["solutions_used"].append(step + 1)
    _update(learner, scenario_id, change)


def export(fmt: str) -> str:
    data = load()
    if fmt == "json":
        return json.dumps(data, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["learner", "scenario", "attempts", "steps_done", "hints_used", "solutions_used", "started",
                     "finished"])
    for learner, scenarios in sorted(data["learners"].items()):
        for scenario_id, r in sorted(scenarios.items()):
            writer.writerow([learner, scenario_id, r["attempts"], r["steps_done"], r["hints_used"],
                             " ".join(str(s) for s in r["solutions_used"]), r["started"] or "", r["finished"] or ""])
    return out.getvalue()
