"""Reading one quiz data file: limits first, then ``tomllib``, then typed fields whose
errors name the file, the line and the field (``question[3].option[1].why``).

Nothing in a quiz file is executed; it is parsed as data and each value is checked for
its type, length and characters before it reaches a model.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sandbox.quiz.lines import Locator
from sandbox import tomldata
from sandbox.quiz.untrusted import MAX_FILE_BYTES, MAX_NESTING, control_character, visible


class QuizFileError(Exception):
    """A quiz file that cannot be used, with where and why."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, field: str = ""):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        where = visible(self.path) + (f":{line}" if line else "")
        super().__init__(f"{where}: {visible(field) + ': ' if field else ''}{message}")


def field_name(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse(text: str, path: Path | str) -> tuple[dict, Locator]:
    """Check the limits, parse, and index the lines of ``text``."""
    try:
        data = tomldata.loads(text, MAX_FILE_BYTES, MAX_NESTING)
    except tomldata.TomlProblem as exc:
        raise QuizFileError(path, exc.message, exc.line) from None
    return data, Locator(text)


def read(path: Path) -> tuple[dict, Locator]:
    try:
        text = tomldata.read_text(path, MAX_FILE_BYTES)
    except tomldata.TomlProblem as exc:
        raise QuizFileError(path, exc.message) from None
    return parse(text, path)


class Table:
    """One TOML table of a quiz file, read field by field."""

    def __init__(self, file: Path | str, locator: Locator, data: Any, path: tuple, allowed: set[str] | None = None):
        self.file = file
        self.locator = locator
        self.path = path
        if not isinstance(data, dict):
            self.fail(None, "must be a table")
        self.data = data
        if allowed is not None:
            for key in data:
                if key not in allowed:
                    self.fail(key, f"unknown field (allowed: {', '.join(sorted(allowed))})")

    def fail(self, key: str | None, message: str):
        path = self.path + ((key,) if key is not None else ())
        raise QuizFileError(self.file, message, self.locator.line_of(path), field_name(path))

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def text(self, key: str, limit: int, required: bool = True, default: str = "",
             pattern: re.Pattern | None = None, hint: str = "") -> str:
        if key not in self.data:
            if required:
                self.fail(key, "is required")
            return default
        value = self.data[key]
        if not isinstance(value, str):
            self.fail(key, "must be a string")
        self.check_text(key, value, limit)
        if required and not value.strip():
            self.fail(key, "must not be empty")
        if pattern is not None and not pattern.match(value):
            self.fail(key, hint or f"does not match {pattern.pattern}")
        return value.strip()

    def check_text(self, key: str | int, value: str, limit: int, path: tuple = ()) -> None:
        where = path or (key,)
        bad = control_character(value)
        if bad is not None:
            self._fail_path(where, f"contains the control character {bad}; write plain text")
        if len(value) > limit:
            self._fail_path(where, f"is {len(value)} characters long; the limit is {limit}")

    def _fail_path(self, rel: tuple, message: str):
        path = self.path + rel
        raise QuizFileError(self.file, message, self.locator.line_of(path), field_name(path))

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return value

    def integer(self, key: str, low: int, high: int, required: bool = True, default: int = 0) -> int:
        if key not in self.data:
            if required:
                self.fail(key, "is required")
            return default
        value = self.data[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(key, f"must be a whole number from {low} to {high}")
        return value

    def strings(self, key: str, limit: int, max_items: int, required: bool = True,
                pattern: re.Pattern | None = None, hint: str = "") -> tuple[str, ...]:
        if key not in self.data:
            if required:
                self.fail(key, "is required")
            return ()
        value = self.data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, "must be a list of strings")
        if required and not value:
            self.fail(key, "must list at least one")
        if len(value) > max_items:
            self.fail(key, f"lists {len(value)}; the limit is {max_items}")
        for v in value:
            self.check_text(key, v, limit, (key,))
            if pattern is not None and not pattern.match(v):
                self.fail(key, hint or f"{visible(v)!r} does not match {pattern.pattern}")
        if len(set(value)) != len(value):
            self.fail(key, "lists the same value twice")
        return tuple(value)

    def integers(self, key: str, low: int, high: int, max_items: int) -> tuple[int, ...]:
        value = self.data.get(key, [])
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            self.fail(key, "must be a list of whole numbers")
        if len(value) > max_items:
            self.fail(key, f"lists {len(value)}; the limit is {max_items}")
        for v in value:
            if not low <= v <= high:
                self.fail(key, f"{v} is not from {low} to {high}")
        return tuple(value)

    def tables(self, key: str, allowed: set[str], max_items: int, required: bool = True) -> list[Table]:
        if key not in self.data:
            if required:
                self.fail(key, "is required")
            return []
        value = self.data[key]
        if not isinstance(value, list):
            header = ".".join(p for p in self.path + (key,) if isinstance(p, str))
            self.fail(key, f"must be an array of tables ([[{header}]])")
        if len(value) > max_items:
            self.fail(key, f"has {len(value)} entries; the limit is {max_items}")
        return [Table(self.file, self.locator, item, self.path + (key, i), allowed) for i, item in enumerate(value)]
