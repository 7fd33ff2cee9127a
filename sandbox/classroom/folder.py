"""The class folder: ``class.toml``, the instructor's ``scenarios/`` and ``quiz/``, and
``learners/`` (one folder per learner). Creating it, checking it, and giving a learner a
world built from the class's seed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sandbox.classroom import config
from sandbox.classroom.config import ClassConfig, ClassFileError
from sandbox.classroom.learners import LearnerFiles, register
from sandbox.quiz.loader import catalogue as bank_catalogue
from sandbox.quiz.model import ScenarioInfo
from sandbox.quiz.reference import load_reference
from sandbox.scenarios.loader import catalogue as scenario_catalogue
from sandbox.scenarios.model import Scenario
from sandbox.scenarios.topics import TOPICS
from sandbox.services.seed import build_default_world
from sandbox.workspace.replay import replay
from sandbox.world import World

SCENARIOS, QUIZ = "scenarios", "quiz"


class ClassFolderError(Exception):
    """The class folder cannot be used as asked (exists already, not a class, ...)."""


def init(folder: Path, seed: int | None = None) -> Path:
    """Write a new class folder; refuses a folder that already holds a ``class.toml``."""
    target = folder / config.CLASS_FILE
    if target.exists():
        raise ClassFolderError(f"{target} already exists; edit it, or choose another folder")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SCENARIOS).mkdir(exist_ok=True)
    (folder / QUIZ).mkdir(exist_ok=True)
    target.write_text(config.TEMPLATE.format(seed=secrets.randbelow(10**6) if seed is None else seed),
                      encoding="utf-8")
    return target


def scenario_dirs(folder: Path) -> list[Path]:
    return [folder / SCENARIOS] if (folder / SCENARIOS).is_dir() else []


def quiz_dirs(folder: Path) -> list[Path]:
    return [folder / QUIZ] if (folder / QUIZ).is_dir() else []


@dataclass
class Validation:
    config: ClassConfig | None
    problems: list[str] = field(default_factory=list)  # each names the file (and line and field)
    checked: list[str] = field(default_factory=list)  # what was found good, for the instructor to read

    @property
    def ok(self) -> bool:
        return self.config is not None and not self.problems


def _own_scenarios(folder: Path, found: list[Scenario]) -> list[Scenario]:
    own = folder / SCENARIOS
    return [s for s in found if s.path is not None and s.path.parent == own]


def validate(folder: Path, replay_solutions: bool = True) -> Validation:
    """Check ``class.toml``, the class's scenario and quiz files, and that every scenario and
    quiz topic the class names exists. With ``replay_solutions`` each of the instructor's own
    scenarios is solved by its solution on a fresh world, as ``scenario validate`` does."""
    try:
        cfg = config.load(folder)
    except ClassFileError as exc:
        return Validation(None, [str(exc)])
    result = Validation(cfg)
    found, errors = scenario_catalogue(scenario_dirs(folder))
    result.problems += [str(e) for e in errors]
    known = {s.id for s in found}
    class_file = folder / config.CLASS_FILE
    for sid in cfg.scenarios:
        if sid not in known:
            result.problems.append(f"{class_file}: scenarios: no scenario {sid!r} "
                                   f"(shipped, or in {folder / SCENARIOS})")
    for scenario in _own_scenarios(folder, found):
        unknown = [t for t in scenario.topics if t not in TOPICS]
        if unknown:
            result.problems.append(f"{scenario.path}: topics: unknown topic id(s) {', '.join(unknown)}")
            continue
        if replay_solutions:
            outcome = replay(scenario, lambda: World(None))
            if not outcome.ok:
                result.problems += [f"{scenario.path}: {line}" for line in outcome.lines if "✗" in line] or [
                    f"{scenario.path}: its solution does not solve it (iam-sandbox scenario solve {scenario.id})"]
                continue
        result.checked.append(f"scenario {scenario.id} ({scenario.path.name})")
    ref = load_reference(TOPICS, [ScenarioInfo(s.id, s.title, tuple(s.topics)) for s in found])
    banks, bank_errors = bank_catalogue(ref, quiz_dirs(folder))
    result.problems += [str(e) for e in bank_errors]
    own_banks = [b for b in banks if Path(b.path).parent == folder / QUIZ]
    result.checked += [f"quiz bank {Path(b.path).name} ({len(b.questions)} questions)" for b in own_banks]
    result.checked.append(f"class.toml: {len(cfg.scenarios)} scenario(s), {len(cfg.quizzes)} quiz(zes), "
                          f"seed {cfg.seed}")
    return result


def prepare_learner(files: LearnerFiles, cfg: ClassConfig, when: str) -> World:
    """The learner's folder and world: built once from the class's seed, then theirs to change."""
    register(files, when)
    world = World(files.world)
    world.build_once(lambda w: build_default_world(w, seed=cfg.seed))
    return world
