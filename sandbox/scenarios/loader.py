"""Reading scenario files, with errors that name the file, the line and the field.

TOML is parsed with the standard library (``tomllib``): a scenario is data and nothing
in it is ever executed. Solution commands are typed into the sandbox terminal, never
into a real shell.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from sandbox.paths import scenarios_dir
from sandbox.scenarios.checks import CheckError, parse_check
from sandbox.scenarios.model import LEVELS, Scenario, Step
from sandbox.scenarios.setup import SETUP_KEYS, SetupError, check_setup

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_TOPIC = re.compile(r"^T\d{2}$")
TOP_KEYS = {"id", "title", "summary", "level", "topics", "minutes", "setup", "steps", "lesson"}
STEP_KEYS = {"title", "instructions", "hints", "check", "solution", "machine"}


class ScenarioError(Exception):
    def __init__(self, path: Path | str, message: str, line: int | None = None, field: str = ""):
        where = f"{path}" + (f":{line}" if line else "")
        super().__init__(f"{where}: {field + ': ' if field else ''}{message}")
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message


def _line_of(text: str, field: str) -> int | None:
    """Best-effort line of a field path such as ``steps[2].check.decision.expect``."""
    lines = text.splitlines()
    start = 0
    m = re.match(r"^steps\[(\d+)\]", field)
    if m:
        count = -1
        for i, line in enumerate(lines):
            if line.strip() == "[[steps]]":
                count += 1
                if count == int(m.group(1)):
                    start = i
                    break
        else:
            return None
    elif field.startswith("setup"):
        for i, line in enumerate(lines):
            if line.strip().startswith("[setup") or line.strip().startswith("[[setup"):
                start = i
                break
    last = re.split(r"[.\[\]]", field)
    keys = [k for k in last if k and not k.isdigit()]
    for key in reversed(keys):
        name = re.escape(key)
        pattern = re.compile(rf"^\s*(\[+[^\]]*\.)?{name}\s*=|[{{,]\s*{name}\s*=|^\s*\[+[^\]]*\b{name}\]")
        for i in range(start, len(lines)):
            if pattern.search(lines[i]):
                return i + 1
    return start + 1  # a missing field: the table it belongs in


def load_text(text: str, path: Path | str = "<scenario>") -> Scenario:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ScenarioError(path, f"not valid TOML: {exc}", int(m.group(1)) if m else None) from None

    def fail(field: str, message: str):
        raise ScenarioError(path, message, _line_of(text, field), field)

    for key in data:
        if key not in TOP_KEYS:
            fail(key, f"unknown field (allowed: {', '.join(sorted(TOP_KEYS))})")
    for key in ("id", "title", "summary", "level", "topics", "minutes", "steps", "lesson"):
        if key not in data:
            fail(key, "is required")
    if not isinstance(data["id"], str) or not _ID.match(data["id"]):
        fail("id", "must be lowercase letters, digits and hyphens (2-63)")
    for key in ("title", "summary"):
        if not isinstance(data[key], str) or not data[key].strip():
            fail(key, "must be a non-empty string")
    if data["level"] not in LEVELS:
        fail("level", f"must be one of {', '.join(LEVELS)}")
    topics = data["topics"]
    if not isinstance(topics, list) or not topics or not all(isinstance(t, str) and _TOPIC.match(t) for t in topics):
        fail("topics", "must be a list of topic ids such as \"T05\"")
    if not isinstance(data["minutes"], int) or not 1 <= data["minutes"] <= 240:
        fail("minutes", "must be a whole number of minutes (1-240)")
    lesson = data["lesson"]
    if isinstance(lesson, str):
        lesson = {"text": lesson}
    if not isinstance(lesson, dict) or not isinstance(lesson.get("text"), str):
        fail("lesson", "must be a table with text = \"...\" (and optionally tip = \"...\")")
    setup = data.get("setup", {})
    if not isinstance(setup, dict):
        fail("setup", "must be a table")
    try:
        check_setup(setup)
    except SetupError as exc:
        fail(f"setup.{exc.field}", exc.message)
    raw_steps = data["steps"]
    if not isinstance(raw_steps, list) or not raw_steps:
        fail("steps", "needs at least one [[steps]] table")
    steps = []
    for i, raw in enumerate(raw_steps):
        where = f"steps[{i}]"
        if not isinstance(raw, dict):
            fail(where, "must be a table")
        for key in raw:
            if key not in STEP_KEYS:
                fail(f"{where}.{key}", f"unknown field (allowed: {', '.join(sorted(STEP_KEYS))})")
        for key in ("title", "instructions", "check", "solution"):
            if key not in raw:
                fail(f"{where}.{key}", "is required")
        hints = raw.get("hints", [])
        if not isinstance(hints, list) or not all(isinstance(h, str) for h in hints) or not hints:
            fail(f"{where}.hints", "must be a list of at least one hint, from a nudge to the exact command")
        solution = raw["solution"]
        if not isinstance(solution, list) or not all(isinstance(c, str) for c in solution):
            fail(f"{where}.solution", "must be a list of commands")
        try:
            check = parse_check(raw["check"], f"{where}.check")
        except CheckError as exc:
            fail(exc.field, exc.message)
        steps.append(Step(raw["title"], raw["instructions"], hints, check, solution, raw.get("machine", "laptop")))
    return Scenario(data["id"], data["title"], data["summary"], data["level"], topics, data["minutes"], setup, steps,
                    lesson["text"], lesson.get("tip", ""), Path(path) if not isinstance(path, Path) else path, text)


def load_file(path: Path) -> Scenario:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(path, f"cannot be read: {exc}") from None
    return load_text(text, path)


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*.toml") if p.is_file())


def catalogue(extra_dirs: list[Path] | None = None) -> tuple[list[Scenario], list[ScenarioError]]:
    """Every scenario: the shipped ones, then an instructor's folders. Broken files are
    returned as errors, not raised, so one bad file does not hide the others."""
    scenarios: list[Scenario] = []
    errors: list[ScenarioError] = []
    seen: dict[str, Path] = {}
    for folder in [scenarios_dir()] + list(extra_dirs or []):
        for path in files_in(folder):
            try:
                scenario = load_file(path)
            except ScenarioError as exc:
                errors.append(exc)
                continue
            if scenario.id in seen:
                errors.append(ScenarioError(path, f"duplicate id {scenario.id!r} (also in {seen[scenario.id]})",
                                            _line_of(scenario.source_text, "id"), "id"))
                continue
            seen[scenario.id] = path
            scenarios.append(scenario)
    return scenarios, errors


def find(scenario_id: str, extra_dirs: list[Path] | None = None) -> Scenario | None:
    scenarios, _ = catalogue(extra_dirs)
    return next((s for s in scenarios if s.id == scenario_id), None)


__all__ = ["SETUP_KEYS", "ScenarioError", "catalogue", "find", "load_file", "load_text"]
