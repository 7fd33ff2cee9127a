"""Scenario files (``scenarios/*.toml``): data only, never code.

A scenario has an id, a title, a summary, a level, the topics it teaches (the ids of
the study notes' topics), an estimated time, a declarative ``setup`` of the world, a list
of ``steps`` (instructions, hints from a nudge to the exact command, a ``check`` and the
``solution`` commands) and a closing ``lesson``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LEVELS = ("beginner", "intermediate", "advanced")
SHIPPED, INSTRUCTOR = "shipped", "instructor"  # where a scenario comes from: IAM Sandbox, or --scenarios DIR


@dataclass
class Check:
    """A predicate over the world and the decision stream (see ``checks``)."""

    kind: str  # the predicate's name, or all / any / not
    args: object  # the predicate's table (or a list of Checks, or a Check)
    text: str = ""  # what the check means, for the checklist


@dataclass
class Step:
    title: str
    instructions: str
    hints: list[str]
    check: Check
    solution: list[str]
    machine: str = "laptop"  # where the solution commands start


@dataclass
class Scenario:
    id: str
    title: str
    summary: str
    level: str
    topics: list[str]
    minutes: int
    setup: dict
    steps: list[Step]
    lesson: str
    tip: str = ""
    path: Path | None = None  # for messages only: a world names its scenario by id and source
    source_text: str = field(default="", repr=False)
    source: str = SHIPPED
