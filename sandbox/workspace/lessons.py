"""What a scenario teaches, for every front end: its lesson, its own exam tip, and the
study notes' exam tips on its topics (the quiz's reference data), each with a "then and
now" line where AWS has changed since the notes were written.

The notes' tips come from ``assets/quiz/reference/study-notes.toml`` through the quiz's
loader: one copy of them, shared with the quiz.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sandbox.quiz.model import Reference, ScenarioInfo
from sandbox.quiz.reference import QuizFileError, load_reference
from sandbox.scenarios.instructions import joined
from sandbox.scenarios.model import Scenario
from sandbox.scenarios.topics import TOPICS


@dataclass(frozen=True)
class TipLine:
    text: str
    then_and_now: str = ""  # what the notes say that is no longer so, and what is true now
    source: str = ""  # "" for the scenario's own tip, else the notes' section


@dataclass(frozen=True)
class Lesson:
    text: str  # the lesson, its lines joined
    tips: tuple[TipLine, ...]


@cache
def _shipped_reference() -> Reference | None:
    try:
        return load_reference(TOPICS)
    except QuizFileError:
        return None  # a damaged reference file: the scenarios' own tips still show


def reference(scenarios: list[Scenario] | None = None) -> Reference | None:
    """The quiz's reference data, knowing these scenarios (None if its files are damaged)."""
    if not scenarios:
        return _shipped_reference()
    try:
        return load_reference(TOPICS, [ScenarioInfo(s.id, s.title, tuple(s.topics)) for s in scenarios])
    except QuizFileError:
        return None


def own_tip(scenario: Scenario) -> TipLine | None:
    """The scenario's own exam tip and its then-and-now line (None if it has neither)."""
    if not (scenario.tip or scenario.then_and_now):
        return None
    return TipLine(joined(scenario.tip), joined(scenario.then_and_now))


def lesson(scenario: Scenario) -> Lesson:
    """The scenario's lesson and tips: its own tip first, then the notes' tips on its topics."""
    own = own_tip(scenario)
    tips = [own] if own is not None else []
    ref = _shipped_reference()
    topics = set(scenario.topics)
    for tip in (ref.tips.values() if ref else ()):
        if topics & set(tip.topics):
            tips.append(TipLine(tip.text, tip.then_and_now, tip.section))
    return Lesson(joined(scenario.lesson), tuple(tips))
