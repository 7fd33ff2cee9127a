"""The class folder: ``class.toml``, the instructor's ``scenarios/`` and ``quiz/``, and
``learners/`` (one folder per learner). Creating it, checking it, and giving a learner a
world built from the class's seed."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sandbox.classroom import config
from sandbox.classroom.config import ClassConfig
from sandbox.classroom.learners import LearnerFiles, register
from sandbox.quiz import draw
from sandbox.quiz.loader import catalogue as bank_catalogue
from sandbox.quiz.model import Question, ScenarioInfo
from sandbox.quiz.reference import load_reference
from sandbox.quiz.session import EXAM, PRACTICE
from sandbox.scenarios.loader import catalogue as scenario_catalogue
from sandbox.scenarios.model import Scenario
from sandbox.scenarios.topics import TOPICS
from sandbox.services.seed import build_default_world
from sandbox.workspace.replay import replay
from sandbox.world import World

SCENARIOS, QUIZ = "scenarios", "quiz"
_KIND = {PRACTICE: "practice", EXAM: "an exam"}


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


def _short_quizzes(checked: config.Checked, written: list[Question], domains: dict) -> list[str]:
    """Each class quiz that would draw fewer questions than its ``count``: the quiz library's draw
    for its mode, with the seed every learner gets, on the written banks and the generators."""
    cfg = checked.config
    problems = []
    for row, plan in zip(checked.quiz_rows, cfg.quizzes, strict=True):
        drawn = draw.for_mode(plan.mode, written, random.Random(config.quiz_seed(cfg.seed, plan.id)), plan.count,
                              domains, None, datetime.now(UTC), plan.topic_set)
        if len(drawn) < plan.count:
            on = ", ".join(plan.topics) if plan.topics else "all topics"
            problems.append(str(checked.error(("quizzes", row, "count"), (
                f"asks for {plan.count} questions, but {_KIND[plan.mode]} on {on} can draw only {len(drawn)} "
                f"(the questions on its topics, shipped and in {QUIZ}/): lower count to {len(drawn)}, add topics, "
                f"or add questions to {QUIZ}/"))))
    return problems


def validate(folder: Path, replay_solutions: bool = True) -> Validation:
    """Check ``class.toml``, the class's scenario and quiz files, that every scenario the class
    names exists and that each quiz can draw its count. Every problem found is reported, each
    naming the file, the line and the field. With ``replay_solutions`` each of the instructor's
    own scenarios is solved by its solution on a fresh world, as ``scenario validate`` does."""
    checked = config.check(folder)
    cfg = checked.config
    result = Validation(cfg, [str(e) for e in checked.errors])
    if cfg is None:
        return result
    found, errors = scenario_catalogue(scenario_dirs(folder))
    result.problems += [str(e) for e in errors]
    known = {s.id for s in found}
    class_problems = [str(checked.error(("scenarios",), f"no scenario {sid!r} (shipped, or in {folder / SCENARIOS})",
                                        value=sid)) for sid in cfg.scenarios if sid not in known]
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
    class_problems += _short_quizzes(checked, [q for b in banks for q in b.questions], ref.domains)
    result.problems += class_problems
    if not checked.errors and not class_problems:
        result.checked.append(f"{config.CLASS_FILE}: {len(cfg.scenarios)} scenario(s), {len(cfg.quizzes)} "
                              f"quiz(zes), seed {cfg.seed}")
    return result


def prepare_learner(files: LearnerFiles, cfg: ClassConfig, when: str) -> World:
    """The learner's folder and world: built once from the class's seed, then theirs to change."""
    register(files, when)
    world = World(files.world)
    world.build_once(lambda w: build_default_world(w, seed=cfg.seed))
    return world
