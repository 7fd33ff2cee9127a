"""The quiz's reference data (``assets/quiz/reference/``): the study notes' exam tips and
content lines, the exam blueprint's domains, and the scenarios that are planned but not
shipped yet. Bank files are validated against it, and against the project's topic table and
the scenarios a front end knows, which the front end passes in (they belong to the
scenarios layer, beside this one)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sandbox.paths import asset_path
from sandbox.quiz.model import Domain, PlannedScenario, Reference, ScenarioInfo, Tip
from sandbox.quiz.tomlfile import QuizFileError, Table, read

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
TOPIC = re.compile(r"^T\d{2}$")
SLUG_HINT = "must be lowercase letters, digits and hyphens (2-63)"


def reference_dir() -> Path:
    return asset_path("quiz", "reference")


def _topics(table: Table) -> tuple[str, ...]:
    return table.strings("topics", 3, 10, pattern=TOPIC, hint="must be topic ids such as \"T05\"")


def _notes(path: Path) -> tuple[frozenset[int], dict[str, Tip]]:
    data, locator = read(path)
    top = Table(path, locator, data, (), {"notes", "tip"})
    notes = Table(path, locator, top.raw("notes") or {}, ("notes",), {"file", "lines"})
    notes.text("file", 200)
    lines = frozenset(notes.integers("lines", 1, 100_000, 10_000))
    tips: dict[str, Tip] = {}
    for t in top.tables("tip", {"id", "section", "line", "text", "topics", "then_and_now"}, 500):
        tip_id = t.text("id", 63, pattern=SLUG, hint=SLUG_HINT)
        if tip_id in tips:
            t.fail("id", f"duplicate tip id {tip_id!r}")
        line = t.integer("line", 1, 100_000)
        if line not in lines:
            t.fail("line", f"line {line} of the notes is blank or missing")
        tips[tip_id] = Tip(tip_id, t.text("section", 80), line, t.text("text", 300), _topics(t),
                           t.text("then_and_now", 600, required=False))
    return lines, tips


def _entries(path: Path, key: str, fields: set[str], limit: int,
             required: bool = True) -> tuple[Table, list[tuple[Table, str]]]:
    """The ``[[key]]`` tables of a file, each with its unique ``id`` (none at all only where
    not ``required``)."""
    data, locator = read(path)
    top = Table(path, locator, data, (), {key})
    out: list[tuple[Table, str]] = []
    for t in top.tables(key, fields, limit, required):
        ident = t.text("id", 63, pattern=SLUG, hint=SLUG_HINT)
        if any(ident == seen for _, seen in out):
            t.fail("id", f"duplicate {key} id {ident!r}")
        out.append((t, ident))
    return top, out


def _domains(path: Path) -> dict[str, Domain]:
    top, entries = _entries(path, "domain", {"id", "title", "weight"}, 20)
    domains = {i: Domain(i, t.text("title", 80), t.integer("weight", 1, 100)) for t, i in entries}
    if sum(d.weight for d in domains.values()) != 100:
        top.fail("domain", "the weights must add up to 100")
    return domains


def _planned(path: Path) -> dict[str, PlannedScenario]:
    _, entries = _entries(path, "scenario", {"id", "issue", "topics"}, 200, required=False)  # all may ship
    return {i: PlannedScenario(i, t.integer("issue", 1, 100_000), _topics(t)) for t, i in entries}


@cache
def _shipped() -> tuple[frozenset[int], dict[str, Tip], dict[str, Domain], dict[str, PlannedScenario]]:
    folder = reference_dir()
    lines, tips = _notes(folder / "study-notes.toml")
    return lines, tips, _domains(folder / "blueprint.toml"), _planned(folder / "planned-scenarios.toml")


def load_reference(topics: dict[str, str], scenarios: list[ScenarioInfo] | None = None) -> Reference:
    """The shipped reference data, with the project's ``topics`` (id -> title) and the
    ``scenarios`` the front end knows (shipped and instructor folders).

    Raises ``QuizFileError`` if a shipped reference file is damaged or names a topic that
    does not exist.
    """
    lines, tips, domains, planned = _shipped()
    folder = reference_dir()
    for name, items in (("study-notes.toml", tips.values()), ("planned-scenarios.toml", planned.values())):
        for item in items:
            unknown = [t for t in item.topics if t not in topics]
            if unknown:
                raise QuizFileError(folder / name, f"{item.id}: unknown topic id(s) {', '.join(unknown)}",
                                    None, "topics")
    return Reference(tips, domains, planned, lines, dict(topics), {s.id: s for s in scenarios or []})


__all__ = ["QuizFileError", "load_reference", "reference_dir"]
