"""Reading scenario files, with errors that name the file, the line and the field.

TOML is parsed with the standard library (``tomllib``): a scenario is data and nothing
in it is ever executed. Solution commands are typed into the sandbox terminal, never
into a real shell.
"""

from __future__ import annotations

import re
from pathlib import Path

from sandbox import tomldata
from sandbox.paths import scenarios_dir

# the Cognito predicates join the checks' table here, where every check is parsed: a check
# is judged only after the loader made it, so the table is whole wherever one is judged
from sandbox.scenarios import cognito_checks  # noqa: F401
from sandbox.scenarios.checks import CheckError, parse_check
from sandbox.scenarios.model import INSTRUCTOR, LEVELS, SHIPPED, Scenario, Step
from sandbox.scenarios.setup import SETUP_KEYS, SetupError, check_setup, machine_names
from sandbox.text import one_line, raw_control

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_TOPIC = re.compile(r"^T\d{2}$")
TOP_KEYS = {"id", "title", "summary", "level", "topics", "minutes", "setup", "steps", "lesson"}
LESSON_KEYS = {"text", "tip", "then_and_now"}
STEP_KEYS = {"title", "instructions", "hints", "check", "solution", "machine"}


class ScenarioError(Exception):
    """A scenario file that cannot be used: the file, the line, the field and why (shown
    with control characters made visible: the file's own text may hold them)."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, field: str = ""):
        where = one_line(f"{path}") + (f":{line}" if line else "")
        super().__init__(f"{where}: {one_line(field) + ': ' if field else ''}{one_line(message)}")
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message


_LINE_LOOKED_AT = 1000  # characters of a line searched for a key (keeps the search linear)


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
            if pattern.search(lines[i][:_LINE_LOOKED_AT]):
                return i + 1
    return start + 1  # a missing field: the table it belongs in


MAX_FILE_BYTES = 256 * 1024
MAX_NESTING = 16  # [[steps]] and check = { all = [ { not = { ... } } ] } stay far below it
MAX_TITLE = 200


def load_text(text: str, path: Path | str = "<scenario>", source: str = SHIPPED) -> Scenario:
    """A scenario from the text of its file, every field checked; ``ScenarioError`` names
    the file, the line and the field of the first problem."""
    try:
        data = tomldata.loads(text, MAX_FILE_BYTES, MAX_NESTING)
    except tomldata.TomlProblem as exc:
        raise ScenarioError(path, exc.message, exc.line) from None

    def fail(field: str, message: str):
        raise ScenarioError(path, message, _line_of(text, field), field)

    for field, value in _strings(data):
        found = raw_control(value)
        if found is not None:
            fail(field, f"holds the control character {found}; scenario text is plain text")
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
    if len(data["title"]) > MAX_TITLE or "\n" in data["title"]:
        fail("title", f"must be one line of at most {MAX_TITLE} characters")
    if data["level"] not in LEVELS:
        fail("level", f"must be one of {', '.join(LEVELS)}")
    topics = data["topics"]
    if not isinstance(topics, list) or not topics or not all(isinstance(t, str) and _TOPIC.match(t) for t in topics):
        fail("topics", "must be a list of topic ids such as \"T05\"")
    if type(data["minutes"]) is not int or not 1 <= data["minutes"] <= 240:
        fail("minutes", "must be a whole number of minutes (1-240)")
    lesson = data["lesson"]
    if isinstance(lesson, str):
        lesson = {"text": lesson}
    if not isinstance(lesson, dict) or not isinstance(lesson.get("text"), str) or not lesson["text"].strip():
        fail("lesson", "must be a table with text = \"...\" (and optionally tip = \"...\")")
    for key in lesson:
        if key not in LESSON_KEYS:
            fail(f"lesson.{key}", f"unknown field (allowed: {', '.join(sorted(LESSON_KEYS))})")
        if not isinstance(lesson[key], str):
            fail(f"lesson.{key}", "must be a string")
    for key in lesson:
        if key not in LESSON_KEYS:
            fail(f"lesson.{key}", f"unknown field (allowed: {', '.join(sorted(LESSON_KEYS))})")
        if not isinstance(lesson[key], str):
            fail(f"lesson.{key}", "must be a string")
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
        for key in ("title", "instructions"):
            if not isinstance(raw[key], str) or not raw[key].strip():
                fail(f"{where}.{key}", "must be a non-empty string")
        if len(raw["title"]) > MAX_TITLE or "\n" in raw["title"]:
            fail(f"{where}.title", f"must be one line of at most {MAX_TITLE} characters")
        machine = raw.get("machine", "laptop")
        if not isinstance(machine, str) or machine not in machine_names(setup):
            fail(f"{where}.machine", f"must name a machine of the scenario ({', '.join(machine_names(setup))})")
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
        steps.append(Step(raw["title"], raw["instructions"], hints, check, solution, machine))
    return Scenario(data["id"], data["title"], data["summary"], data["level"], topics, data["minutes"], setup, steps,
                    lesson["text"], lesson.get("tip", ""), lesson.get("then_and_now", ""),
                    Path(path) if not isinstance(path, Path) else path, text, source)


def _strings(value, field: str = ""):
    """Every string in parsed TOML data (keys too), with its field path."""
    stack = [(field, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for k, v in item.items():
                sub = f"{where}.{k}" if where else str(k)
                yield sub, str(k)
                stack.append((sub, v))
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(item))


_CACHE: dict[tuple, Scenario | ScenarioError] = {}  # (path, inode, mtime, size, source) -> what it gave


def load_file(path: Path, source: str = SHIPPED) -> Scenario:
    """The scenario in the file at ``path`` (read again only when the file changed)."""
    path = Path(path)
    try:
        st = path.stat()
        key = (str(path), st.st_ino, st.st_mtime_ns, st.st_size, source)
    except OSError:
        key = None
    found = _CACHE.get(key) if key is not None else None
    if found is None:
        try:
            found = load_text(tomldata.read_text(path, MAX_FILE_BYTES), path, source)
        except tomldata.TomlProblem as exc:
            found = ScenarioError(path, exc.message)
        except ScenarioError as exc:
            found = exc
        if key is not None:
            if len(_CACHE) > 4096:
                _CACHE.clear()
            _CACHE[key] = found
    if isinstance(found, ScenarioError):
        raise found
    return found


def files_in(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in Path(folder).glob("*.toml") if p.is_file())
    except OSError:
        return []


def folders(extra_dirs: list[Path] | None = None) -> list[tuple[Path, str]]:
    """The folders scenarios come from, each with its source: the shipped one, then the
    instructor's folders given to this process (``--scenarios``)."""
    return [(scenarios_dir(), SHIPPED)] + [(Path(d), INSTRUCTOR) for d in extra_dirs or []]


def catalogue(extra_dirs: list[Path] | None = None) -> tuple[list[Scenario], list[ScenarioError]]:
    """Every scenario: the shipped ones, then an instructor's folders. Broken files are
    returned as errors, not raised, so one bad file does not hide the others."""
    scenarios: list[Scenario] = []
    errors: list[ScenarioError] = []
    seen: dict[str, Path] = {}
    for folder, source in folders(extra_dirs):
        for path in files_in(folder):
            try:
                scenario = load_file(path, source)
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


def find(scenario_id: str, extra_dirs: list[Path] | None = None, source: str | None = None) -> Scenario | None:
    """The scenario with this id (from ``source`` only, when given): looked up by id in the
    known folders, never by a path a world file could name."""
    scenarios, _ = catalogue(extra_dirs)
    return next((s for s in scenarios if s.id == scenario_id and source in (None, s.source)), None)


__all__ = ["SETUP_KEYS", "ScenarioError", "catalogue", "find", "load_file", "load_text"]
