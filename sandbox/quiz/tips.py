"""Tips mode: every exam tip of the notes, where it is taught (scenarios, questions) and how
well this learner knows it (their last answers and FSRS's estimate of recall)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sandbox.quiz import schedule
from sandbox.quiz.model import Question, Reference, Tip
from sandbox.quiz.results import LearnerResults

NOT_ASKED, NEEDS_REVIEW, LEARNING, KNOWN = "not asked yet", "needs review", "learning", "known"
KNOWN_RECALL = 0.9


@dataclass(frozen=True, slots=True)
class TipStatus:
    tip: Tip
    questions: tuple[str, ...]
    scenarios: tuple[str, ...]  # shipped or instructor scenarios teaching its topics
    planned: tuple[str, ...]  # planned scenarios teaching its topics
    answered: int  # questions of the tip answered at least once
    right: int  # ... whose last answer was right
    recall: float | None  # mean FSRS retrievability of those questions' cards

    @property
    def level(self) -> str:
        if not self.answered:
            return NOT_ASKED
        if self.right < self.answered:
            return NEEDS_REVIEW
        return KNOWN if (self.recall or 0) >= KNOWN_RECALL and self.answered >= min(2, len(self.questions)) \
            else LEARNING

    def to_json(self) -> dict:
        return {"tip": self.tip.id, "section": self.tip.section, "line": self.tip.line, "text": self.tip.text,
                "topics": list(self.tip.topics), "questions": list(self.questions),
                "scenarios": list(self.scenarios), "planned_scenarios": list(self.planned),
                "answered": self.answered, "right": self.right,
                "recall": None if self.recall is None else round(self.recall, 2), "level": self.level}


def tip_status(ref: Reference, questions: list[Question], results: LearnerResults, now: datetime) -> list[TipStatus]:
    last = results.last_answers()
    out = []
    for tip in ref.tips.values():
        asked = tuple(q.id for q in questions if tip.id in q.tips)
        topics = set(tip.topics)
        scenarios = {s.id for s in ref.scenarios.values() if topics & set(s.topics)}
        scenarios |= {q.scenario for q in questions if tip.id in q.tips and q.scenario in ref.scenarios}
        planned = {p.id for p in ref.planned.values() if topics & set(p.topics) and p.id not in ref.scenarios}
        answered = [qid for qid in asked if qid in last]
        recalls = [schedule.retrievability(results.cards[qid], now) for qid in answered if qid in results.cards]
        out.append(TipStatus(tip, asked, tuple(sorted(scenarios)), tuple(sorted(planned)), len(answered),
                             sum(1 for qid in answered if last[qid].get("correct")),
                             sum(recalls) / len(recalls) if recalls else None))
    return out
