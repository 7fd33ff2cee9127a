"""``class.toml``: the lab an instructor runs, read as untrusted data into typed models.

Errors name the file, the line and the field (the quiz files' reader serves here too).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from sandbox import tomldata
from sandbox.quiz.lines import Locator
from sandbox.quiz.session import EXAM, PRACTICE
from sandbox.quiz.tomlfile import QuizFileError, Table, field_name, parse
from sandbox.quiz.untrusted import MAX_FILE_BYTES, visible
from sandbox.scenarios.topics import TOPICS

CLASS_FILE = "class.toml"
MAX_SCENARIOS = 60
MAX_QUIZZES = 30
MAX_SESSIONS = 500
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_TOPIC = re.compile(r"^T\d\d$")
QUIZ_MODES = (PRACTICE, EXAM)
_QUIZ_FIELDS = {"id", "title", "topics", "count", "mode"}


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

    @property
    def topic_set(self) -> set[str] | None:
        """The topics to draw from, as the quiz draw takes them (None: every topic)."""
        return set(self.topics) or None


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


class _Errors:
    """Every problem of one file: each field is read on its own, so one run reports them all."""

    def __init__(self) -> None:
        self.found: list[ClassFileError] = []

    def read(self, reader, default):
        """``reader()``, or ``default`` after recording why it failed."""
        try:
            return reader()
        except QuizFileError as exc:
            self.found.append(_as_class_error(exc))
            return default

    def table(self, file, locator, data, path: tuple, allowed: set[str]) -> Table | None:
        """The table at ``path``, each unknown field reported (the others are still read)."""
        table = self.read(lambda: Table(file, locator, data, path), None)
        if table is not None:
            for key in [k for k in table.data if k not in allowed]:
                self.read(lambda k=key: table.fail(k, f"unknown field (allowed: {', '.join(sorted(allowed))})"), None)
        return table


def _list(table: Table, key: str, limit: int, max_items: int, pattern: re.Pattern, hint: str,
          absent: str) -> tuple[str, ...]:
    """A list of strings; a bare string or an empty list is refused (``absent`` says what leaving
    the field out means)."""
    if isinstance(table.raw(key), str):
        table.fail(key, f'must be a list in brackets, e.g. {key} = ["{visible(table.raw(key))[:40]}"]')
    if table.has(key) and table.raw(key) == []:
        table.fail(key, f"is an empty list; leave {key} out {absent}")
    return table.strings(key, limit, max_items, required=False, pattern=pattern, hint=hint)


def _topics(table: Table) -> tuple[str, ...]:
    topics = _list(table, "topics", 8, len(TOPICS), _TOPIC, "topic ids look like T09", "for every topic")
    for topic in topics:
        if topic not in TOPICS:
            table.fail("topics", f"unknown topic {topic} (iam-sandbox scenario coverage lists them)")
    return topics


def _mode(table: Table) -> str:
    mode = table.text("mode", 16, required=False, default=PRACTICE)
    if mode not in QUIZ_MODES:
        table.fail("mode", f"must be one of {', '.join(QUIZ_MODES)}")
    return mode


def _quiz(errors: _Errors, table: Table) -> QuizPlan | None:
    """One ``[[quizzes]]`` entry, or None (its problems recorded) when a field is wrong."""
    before = len(errors.found)
    plan = QuizPlan(
        id=errors.read(lambda: table.text("id", 64, pattern=_ID, hint="lowercase letters, digits and hyphens"), ""),
        title=errors.read(lambda: table.text("title", 120), ""), topics=errors.read(lambda: _topics(table), ()),
        count=errors.read(lambda: table.integer("count", 1, 200, required=False, default=10), 10),
        mode=errors.read(lambda: _mode(table), PRACTICE))
    return plan if len(errors.found) == before else None


def _array(table: Table, key: str, max_items: int) -> list:
    """The entries of an optional array of tables (each checked on its own by the caller)."""
    value = table.raw(key) if table.has(key) else []
    if not isinstance(value, list):
        table.fail(key, f"must be an array of tables ([[{key}]])")
    if len(value) > max_items:
        table.fail(key, f"has {len(value)} entries; the limit is {max_items}")
    return value


def _config(data: dict, locator, path: Path | str) -> tuple[ClassConfig, list[ClassFileError], tuple[int, ...]]:
    """The configuration read field by field (a wrong field keeps its default, a wrong quiz is left
    out), every problem, and the index in the file of each quiz kept."""
    errors = _Errors()
    top = errors.table(path, locator, data, (), {"title", "seed", "scenarios", "quizzes", "settings"})
    assert top is not None  # a parsed TOML document is a table
    scenarios = errors.read(lambda: _list(top, "scenarios", 64, MAX_SCENARIOS, _ID,
                                          "scenario ids are lowercase letters, digits and hyphens",
                                          "to offer every scenario"), ())
    quizzes: list[QuizPlan] = []
    rows: list[int] = []  # each kept quiz's index in the file
    for i, raw in enumerate(errors.read(lambda: _array(top, "quizzes", MAX_QUIZZES), [])):
        table = errors.table(path, locator, raw, ("quizzes", i), _QUIZ_FIELDS)
        plan = _quiz(errors, table) if table is not None else None
        if plan is not None and plan.id in {q.id for q in quizzes}:
            errors.read(lambda t=table, p=plan: t.fail("id", f"{p.id!r} is used twice"), None)
        elif plan is not None:
            quizzes.append(plan)
            rows.append(i)
    settings = Settings()
    if top.has("settings"):
        table = errors.table(path, locator, top.raw("settings"), ("settings",), {"show_solutions", "max_sessions"})
        if table is not None:
            settings = Settings(
                show_solutions=errors.read(lambda: table.boolean("show_solutions", True), Settings.show_solutions),
                max_sessions=errors.read(lambda: table.integer("max_sessions", 1, MAX_SESSIONS, required=False,
                                                               default=Settings.max_sessions), Settings.max_sessions))
    cfg = ClassConfig(title=errors.read(lambda: top.text("title", 120), ""),
                      seed=errors.read(lambda: top.integer("seed", 0, 2**31 - 1), 0),
                      scenarios=scenarios, quizzes=tuple(quizzes), settings=settings)
    return cfg, sorted(errors.found, key=lambda e: e.line or 0), tuple(rows)


def _as_class_error(exc: QuizFileError) -> ClassFileError:
    if isinstance(exc, ClassFileError):
        return exc
    return ClassFileError(exc.path, exc.message, exc.line, exc.field)


@dataclass
class Checked:
    """``class.toml`` read as far as it could be: the configuration (its wrong fields at their
    defaults; None when the file cannot be parsed at all), every problem, and its lines."""

    path: Path | str
    config: ClassConfig | None
    errors: list[ClassFileError]
    locator: Locator | None = None
    text: str = ""
    quiz_rows: tuple[int, ...] = ()  # where each of ``config.quizzes`` is in the file ([[quizzes]] number)

    def error(self, field: tuple, message: str, value: str | None = None) -> ClassFileError:
        """A problem of ``field`` (a path such as ``("quizzes", 0, "count")``), at its line; with
        ``value``, at the line of that string in the field's list."""
        line = self.locator.line_of(field) if self.locator is not None else None
        if value is not None and line is not None:
            lines = self.text.splitlines()
            quoted = (f'"{value}"', f"'{value}'")
            line = next((n for n in range(line, len(lines) + 1) if any(q in lines[n - 1] for q in quoted)), line)
        return ClassFileError(self.path, message, line, field_name(field))


def check_text(text: str, path: Path | str = CLASS_FILE) -> Checked:
    try:
        data, locator = parse(text, path)
    except QuizFileError as exc:
        return Checked(path, None, [_as_class_error(exc)])
    cfg, errors, rows = _config(data, locator, path)
    return Checked(path, cfg, errors, locator, text, rows)


def check(folder: Path) -> Checked:
    """The folder's ``class.toml`` with every problem found in it."""
    path = folder / CLASS_FILE
    if not path.exists():
        return Checked(path, None, [ClassFileError(path, "not found (iam-sandbox class init DIR writes one)")])
    try:
        text = tomldata.read_text(path, MAX_FILE_BYTES)
    except tomldata.TomlProblem as exc:
        return Checked(path, None, [ClassFileError(path, exc.message)])
    return check_text(text, path)


def load_text(text: str, path: Path | str = CLASS_FILE) -> ClassConfig:
    """The configuration, or ``ClassFileError`` for its first problem."""
    checked = check_text(text, path)
    if checked.errors:
        raise checked.errors[0]
    return checked.config


def load(folder: Path) -> ClassConfig:
    """The class folder's ``class.toml``; ``ClassFileError`` says what is wrong with it first
    (``check`` lists every problem)."""
    checked = check(folder)
    if checked.errors:
        raise checked.errors[0]
    return checked.config


def quiz_seed(class_seed: int, quiz_id: str) -> int:
    """A class quiz's seed: every learner of the class draws the same questions."""
    return (class_seed * 1_000_003 + zlib.crc32(quiz_id.encode())) % 1_000_000_000
