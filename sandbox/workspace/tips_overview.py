"""Every exam tip at once, for the app's tips list: each scenario's own tip, and the study
notes' tips with where they are taught and how well this learner knows them (their quiz
answers, through the quiz's own tips report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sandbox.quiz.loader import catalogue
from sandbox.quiz.results import LearnerResults, Results, ResultsDamaged
from sandbox.quiz.tips import TipStatus, tip_status
from sandbox.scenarios.instructions import joined
from sandbox.scenarios.model import Scenario
from sandbox.workspace.lessons import TipLine, reference


@dataclass(frozen=True)
class TipsOverview:
    """Every exam tip, for the app's tips list: each scenario's own, and the notes' (with
    where they are taught and how well this learner knows them, from the quiz)."""

    scenarios: tuple[tuple[Scenario, TipLine], ...]
    notes: tuple[TipStatus, ...]
    problem: str = ""  # why the notes' tips or the learner's results could not be read


def tips_overview(scenarios: list[Scenario], learner: str) -> TipsOverview:
    own = tuple((s, TipLine(joined(s.tip), joined(s.then_and_now))) for s in scenarios if s.tip)
    ref = reference(scenarios)
    if ref is None:
        return TipsOverview(own, (), "The notes' exam tips (assets/quiz/reference) cannot be read.")
    banks, _errors = catalogue(ref)
    questions = [q for bank in banks for q in bank.questions]
    try:
        results = Results().learner(learner)
        problem = ""
    except ResultsDamaged as exc:
        results, problem = LearnerResults(), str(exc)
    return TipsOverview(own, tuple(tip_status(ref, questions, results, datetime.now(UTC))), problem)
