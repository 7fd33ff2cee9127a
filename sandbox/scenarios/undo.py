"""A scenario's undo point: the world as it was before the learner's last change.

One level, recorded in the scenario's state with what it reverts ("iam:CreateUser bob
(from the terminal)"), so every front end and every process sees the same point. The
workspace takes it before the first mutating call of a change and keeps it only when
that call succeeded; starting or resetting a scenario clears it. Two snapshot names
alternate, so taking a new point never overwrites the one in use until it replaces it.

Undo reverts the account, not the learner's laptop: files on the laptop (a policy
document being written, ``~/.aws`` profiles) stay as they are, as they would on a
real computer.
"""

from __future__ import annotations

from typing import NamedTuple

SNAPSHOTS = ("scenario-undo-a", "scenario-undo-b")


class UndoPoint(NamedTuple):
    snapshot: str
    label: str  # what undoing reverts, for the guide and the CLI


def _state(world) -> dict:
    return dict(world.meta.get("scenario") or {})


def current(world) -> UndoPoint | None:
    """The undo point of the running scenario, if there is one to go back to."""
    record = _state(world).get("undo")
    if not isinstance(record, dict) or record.get("snapshot") not in SNAPSHOTS:
        return None
    if not world.has_snapshot(record["snapshot"]):
        return None
    return UndoPoint(record["snapshot"], str(record.get("label") or "the last change"))


def spare_snapshot(world) -> str:
    """The snapshot name a new undo point is written to: not the one in use."""
    record = _state(world).get("undo") or {}
    return SNAPSHOTS[1] if record.get("snapshot") == SNAPSHOTS[0] else SNAPSHOTS[0]


def take(world) -> str:
    """Keep the world as it is now (call inside the change's transaction); returns the
    snapshot name to ``record`` once the change has succeeded."""
    name = spare_snapshot(world)
    world.snapshot(name)
    return name


def record(world, snapshot: str, label: str) -> None:
    """Make ``snapshot`` the undo point, reverting ``label``."""
    with world.transaction():
        state = _state(world)
        if not state:
            return
        state["undo"] = {"snapshot": snapshot, "label": label}
        world.set_meta(scenario=state)


def clear(world) -> None:
    """Nothing to undo (a scenario started or was reset)."""
    with world.transaction():
        state = _state(world)
        if state.get("undo"):
            state["undo"] = None
            world.set_meta(scenario=state)


def undo(world) -> UndoPoint | None:
    """Go back to the undo point (once); None when there is nothing to undo.

    The scenario goes back to the step it was at; hints and the solution already shown
    for that step stay shown. The laptop's files stay as they are now.
    """
    point = current(world)
    if point is None:
        return None
    now = _state(world)
    with world.transaction():
        laptop_files = _laptop_files(world)
        world.restore(point.snapshot)
        before = _state(world)
        state = {**now, "step": before.get("step", now.get("step", 0)),
                 "step_seq": before.get("step_seq", now.get("step_seq", 0)), "undo": None}
        if state["step"] != now.get("step"):
            state.update(hints=before.get("hints", 0), solution=before.get("solution", False))
        world.set_meta(scenario=state)
        _put_laptop_files(world, laptop_files)
    return point


def _laptops(world) -> set[str]:
    return {m["Name"] for m in world["machines"].all() if m.get("Kind") == "laptop"}


def _laptop_files(world) -> list[dict]:
    laptops = _laptops(world)
    return world["files"].where(lambda row: row.get("Machine") in laptops)


def _put_laptop_files(world, rows: list[dict]) -> None:
    laptops = _laptops(world)
    world["files"].delete_where(lambda row: row.get("Machine") in laptops)
    for row in rows:
        world["files"].put(row)
