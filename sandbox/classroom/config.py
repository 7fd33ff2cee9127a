"""``class.toml``: the lab an instructor runs, read as untrusted data into typed models.

Errors name the file, the line and the field (the quiz files' reader serves here too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sandbox.quiz.session import EXAM, PRACTICE
from sandbox.quiz.tomlfile import QuizFileError, Table, parse, read
from sandbox.scenarios.topics import TOPICS

CLASS_FILE = "class.toml"
MAX_SCENARIOS = 60
MAX_QUIZZES = 30
MAX_SESSIONS = 500
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_TOPIC = re.compile(r"^T\d\d$")
QUIZ_MODES = (PRACTICE, EXAM)


class ClassFileError(QuizFileError):
    """``class.toml`` cannot be used: where (file, line, field) and why."""


@dataclass(frozen=True)
class QuizPlan:
    """One quiz of the lab: which topics, how many questions, practice or a timed exam."""

    id: str
    title: str
    topics: tuple[str, ...]
    count: int
    mode: str


@dataclass(frozen=True)
class Settings:
    show_solutions: bool = True  # may a learner open a step's solution
    max_sessions: int = 40  # browser sessions served at once


@dataclass(frozen=True)
class ClassConfig:
    title: str
    seed: int  # every learner's world is built from it: the same ids, keys and passwords
    scenarios: tuple[str, ...]  # in the order the lab takes them
    quizzes: tuple[QuizPlan, ...]
    settings: Settings


TEMPLATE = """\
# An IAM Sandbox class: what every learner gets. Data only; nothing here is executed.
title = "IAM lab"
seed = {seed}                     # every learner's world starts the same (ids, keys, passwords)

# Scenarios in the order of the lab: the shipped ones (iam-sandbox scenario list) and
# any you add as TOML files in scenarios/ beside this file.
scenarios = ["iam-tour", "new-users-no-permissions", "groups", "ec2-role-s3"]

# Quizzes in order; your own question banks go in quiz/ beside this file.
[[quizzes]]
id = "basics"
title = "IAM basics"
topics = ["T01", "T05", "T06", "T09"]
count = 10
mode = "practice"                 # practice | exam

[settings]
show_solutions = true             # may learners open a step's solution (its use is recorded)
max_sessions = 40                 # browser sessions served at once
"""


def _quiz(table: Table) -> QuizPlan:
    topics = table.strings("topics", 8, len(TOPICS), required=False, pattern=_TOPIC,
                           hint="topic ids look like T09")
    for topic in topics:
        if topic not in TOPICS:
            table.fail("topics", f"unknown topic {topic} (iam-sandbox scenario coverage lists them)")
    mode = table.text("mode", 16, required=False, default=PRACTICE)
    if mode not in QUIZ_MODES:
        table.fail("mode", f"must be one of {', '.join(QUIZ_MODES)}")
    return QuizPlan(id=table.text("id", 64, pattern=_ID, hint="lowercase letters, digits and hyphens"),
                    title=table.text("title", 120), topics=topics,
                    count=table.integer("count", 1, 200, required=False, default=10), mode=mode)


def _config(data: dict, locator, path: Path | str) -> ClassConfig:
    top = Table(path, locator, data, (), {"title", "seed", "scenarios", "quizzes", "settings"})
    scenarios = top.strings("scenarios", 64, MAX_SCENARIOS, required=False, pattern=_ID,
                            hint="scenario ids are lowercase letters, digits and hyphens")
    quizzes = tuple(_quiz(t) for t in top.tables("quizzes", {"id", "title", "topics", "count", "mode"},
                                                  MAX_QUIZZES, required=False))
    seen: set[str] = set()
    for i, quiz in enumerate(quizzes):
        if quiz.id in seen:
            Table(path, locator, data["quizzes"][i], ("quizzes", i)).fail("id", f"{quiz.id!r} is used twice")
        seen.add(quiz.id)
    settings = Settings()
    if top.has("settings"):
        table = Table(path, locator, top.raw("settings"), ("settings",), {"show_solutions", "max_sessions"})
        settings = Settings(show_solutions=table.boolean("show_solutions", True),
                            max_sessions=table.integer("max_sessions", 1, MAX_SESSIONS, required=False,
                                                       default=Settings.max_sessions))
    return ClassConfig(title=top.text("title", 120), seed=top.integer("seed", 0, 2**31 - 1),
                       scenarios=scenarios, quizzes=quizzes, settings=settings)


def _as_class_error(exc: QuizFileError) -> ClassFileError:
    return ClassFileError(exc.path, exc.message, exc.line, exc.field)


def load_text(text: str, path: Path | str = CLASS_FILE) -> ClassConfig:
    try:
        data, locator = parse(text, path)
        return _config(data, locator, path)
    except ClassFileError:
        raise
    except QuizFileError as exc:
        raise _as_class_error(exc) from None


def load(folder: Path) -> ClassConfig:
    """The class folder's ``class.toml``; ``ClassFileError`` says what is wrong with it."""
    path = folder / CLASS_FILE
    if not path.exists():
        raise ClassFileError(path, "not found (iam-sandbox class init DIR writes one)")
    try:
        data, locator = read(path)
        return _config(data, locator, path)
    except ClassFileError:
        raise
    except QuizFileError as exc:
        raise _as_class_error(exc) from None
