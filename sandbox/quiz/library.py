"""Everything a front end needs before a sitting: the reference data, the written banks
(shipped, then an instructor's folders) and the files that failed to load.

The project's topic table and scenarios belong to the scenarios layer beside this one, so
the front end passes them in: any objects with ``id``, ``title`` and ``topics`` will do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sandbox.quiz.loader import catalogue
from sandbox.quiz.model import Bank, Question, Reference, ScenarioInfo
from sandbox.quiz.reference import load_reference
from sandbox.quiz.tomlfile import QuizFileError


class ScenarioLike(Protocol):
    id: str
    title: str
    topics: Iterable[str]


@dataclass(frozen=True, slots=True)
class Library:
    ref: Reference
    banks: tuple[Bank, ...]
    errors: tuple[QuizFileError, ...]  # bank files that did not load (the others did)

    @property
    def written(self) -> list[Question]:
        return [q for b in self.banks for q in b.questions]


def reference_for(topics: dict[str, str], scenarios: Iterable[ScenarioLike]) -> Reference:
    """The reference data, knowing the project's ``topics`` and these ``scenarios``. Raises
    ``QuizFileError`` if a shipped reference file is damaged."""
    return load_reference(topics, [ScenarioInfo(s.id, s.title, tuple(s.topics)) for s in scenarios])


def load_library(topics: dict[str, str], scenarios: Iterable[ScenarioLike],
                 bank_dirs: list[Path] | None = None) -> Library:
    ref = reference_for(topics, scenarios)
    banks, errors = catalogue(ref, bank_dirs)
    return Library(ref, tuple(banks), tuple(errors))
