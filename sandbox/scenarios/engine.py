"""Running a scenario: start it (reset the world to its setup, keeping snapshots), follow
progress after every change, give hints in order and the solution on request, reset a
step or the whole scenario. The undo point is ``scenarios.undo``'s; starting or
resetting clears it.

The active scenario's state lives in the world (so ``iam-sandbox scenario status`` in
another terminal sees what the app started); the learner's progress lives in its own
file and survives world resets.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.scenarios import progress
from sandbox.scenarios.checks import Context, describe, evaluate
from sandbox.scenarios.instructions import first_sentence
from sandbox.scenarios.loader import find
from sandbox.scenarios.model import Scenario
from sandbox.scenarios.setup import apply_setup
from sandbox.services.gateway import Gateway
from sandbox.world import World, baseline

START = "scenario-start"
BEFORE_START = "before-scenario"  # the world as it was when a scenario started over it


def step_snapshot(n: int) -> str:
    return f"scenario-step-{n}"


@dataclass
class StepStatus:
    index: int
    title: str
    done: bool
    check_text: str


@dataclass
class Status:
    scenario: Scenario
    step: int  # index of the current step; == len(steps) when finished
    steps: list[StepStatus]
    hints_shown: int
    solution_shown: bool
    finished: bool
    newly_done: list[int]


def state(world) -> dict | None:
    return world.meta.get("scenario")


def _save_state(world, **fields) -> None:
    with world.transaction():
        current = dict(world.meta.get("scenario") or {})
        current.update(fields)
        world.set_meta(scenario=current)


def start(gateway: Gateway, scenario: Scenario, learner: str | None = None) -> dict:
    """Reset the world to the scenario's setup and begin at step 1; returns setup secrets.

    All or nothing: the setup is built in a world in memory (``SetupError`` if it fails,
    and the world is untouched), the world as it was is kept as the snapshot
    ``BEFORE_START``, and the new one replaces it in one write."""
    world = gateway.world
    scratch = World(None)
    secrets = apply_setup(Gateway(scratch), scenario.setup, world.account_id or None,
                          world.meta.get("clock_frozen_at"))
    state = {"id": scenario.id, "source": scenario.source, "step": 0, "step_seq": world.events.last_seq(),
             "hints": 0, "solution": False, "started": world.now().isoformat(),
             "learner": progress.learner_name(learner), "secrets": secrets}
    if world.initialized and world.unreadable is None:
        world.snapshot(BEFORE_START)
    with world.transaction():
        world.load(scratch.dump())
        world.set_meta(scenario=state)
        baseline.mark(world)
    world.snapshot(START)
    world.snapshot(step_snapshot(0))
    progress.record_start(progress.learner_name(learner), scenario.id, world.now().isoformat())
    return secrets


def stop(world) -> None:
    with world.transaction():
        world.set_meta(scenario=None)


def check(gateway: Gateway, scenario: Scenario) -> Status:
    """Judge the current step; advance past every step whose check now holds."""
    world = gateway.world
    st = state(world)
    if not st or st.get("id") != scenario.id:
        raise ValueError(f"the scenario {scenario.id} is not started")
    step = st["step"]
    newly: list[int] = []
    while step < len(scenario.steps):
        ctx = Context(gateway, st.get("step_seq", 0))
        if not evaluate(scenario.steps[step].check, ctx):
            break
        newly.append(step)
        step += 1
        seq = world.events.last_seq()
        st = {**st, "step": step, "step_seq": seq, "hints": 0, "solution": False}
        _save_state(world, step=step, step_seq=seq, hints=0, solution=False)
        world.snapshot(step_snapshot(step))
        progress.record_step(st["learner"], scenario.id, step, world.now().isoformat(),
                             finished=step == len(scenario.steps))
    return status(gateway, scenario, newly)


def status(gateway: Gateway, scenario: Scenario, newly: list[int] | None = None) -> Status:
    st = state(gateway.world) or {}
    step = st.get("step", 0) if st.get("id") == scenario.id else 0
    steps = [StepStatus(i, s.title, i < step, describe(s.check)) for i, s in enumerate(scenario.steps)]
    return Status(scenario, step, steps, st.get("hints", 0), st.get("solution", False), step >= len(scenario.steps),
                  newly or [])


def hint(world, scenario: Scenario) -> tuple[str | None, int, int]:
    """The next hint of the current step: (text or None when all are shown, shown, total)."""
    st = state(world) or {}
    step = st.get("step", 0)
    if step >= len(scenario.steps):
        return None, 0, 0
    hints = scenario.steps[step].hints
    shown = st.get("hints", 0)
    if shown >= len(hints):
        return None, shown, len(hints)
    _save_state(world, hints=shown + 1)
    progress.record_hint(st.get("learner") or progress.learner_name(None), scenario.id, step)
    return hints[shown], shown + 1, len(hints)


def solution(world, scenario: Scenario) -> list[str]:
    """The current step's solution commands (the use is recorded)."""
    st = state(world) or {}
    step = st.get("step", 0)
    if step >= len(scenario.steps):
        return []
    _save_state(world, solution=True)
    progress.record_solution(st.get("learner") or progress.learner_name(None), scenario.id, step)
    return scenario.steps[step].solution


def reset(world, scenario: Scenario, step_only: bool = False) -> None:
    st = dict(state(world) or {})
    if step_only and world.has_snapshot(step_snapshot(st.get("step", 0))):
        world.restore(step_snapshot(st.get("step", 0)))
        _save_state(world, **{**st, "step_seq": world.events.last_seq(), "hints": st.get("hints", 0), "undo": None})
        return
    world.restore(START)
    seq = world.events.last_seq()
    _save_state(world, **{**st, "step": 0, "step_seq": seq, "hints": 0, "solution": False, "undo": None})


def active(world, extra_dirs: list | None = None) -> Scenario | None:
    """The scenario started in this world, read again from its folder: found by its id
    among the shipped scenarios or those of the instructor's folders given to this process
    (``extra_dirs``), as the world says it came from; never from a path the world names."""
    st = state(world)
    if not st:
        return None
    return find(st["id"], extra_dirs, st.get("source"))


def after_change(gateway: Gateway, extra_dirs: list | None = None) -> list[str]:
    """Check progress after a command or form; lines to tell the learner (may be empty)."""
    scenario = active(gateway.world, extra_dirs)
    if scenario is None:
        return []
    before = status(gateway, scenario).step
    if before >= len(scenario.steps):
        return []
    result = check(gateway, scenario)
    lines = [f"✓ Step {i + 1} done: {scenario.steps[i].title}" for i in result.newly_done]
    if result.newly_done:
        if result.finished:
            lines.append(f"🎉 Scenario complete: {scenario.title}. Lesson: {first_sentence(scenario.lesson)}")
        else:
            lines.append(f"Next, step {result.step + 1}: {scenario.steps[result.step].title}")
    return lines
