"""A learner's standing: accuracy by topic and domain (each question counted by its latest
answer), cards due, and recent exams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sandbox.quiz import schedule
from sandbox.quiz.results import LearnerResults
from sandbox.quiz.scoring import Tally, breakdown


@dataclass(frozen=True, slots=True)
class Stats:
    answers: int  # every answer given
    questions: int  # distinct questions answered
    right_now: int  # ... whose latest answer is right
    by_topic: dict[str, Tally]
    by_domain: dict[str, Tally]
    cards: int
    due_today: int
    learned: int  # cards past their learning steps
    next_due: datetime | None
    exams: list[dict]

    def to_json(self) -> dict:
        def tallies(d):
            return {k: {"correct": t.correct, "total": t.total, "percent": t.percent} for k, t in d.items()}

        return {"answers": self.answers, "questions": self.questions, "right_now": self.right_now,
                "by_topic": tallies(self.by_topic), "by_domain": tallies(self.by_domain), "cards": self.cards,
                "due_today": self.due_today, "learned": self.learned,
                "next_due": self.next_due.isoformat() if self.next_due else None, "exams": self.exams}


def learner_stats(results: LearnerResults, now: datetime) -> Stats:
    last = list(results.last_answers().values())
    items = [(tuple(a.get("topics") or ()), bool(a.get("correct"))) for a in last]
    domains = [((str(a.get("domain", "")),), bool(a.get("correct"))) for a in last if a.get("domain")]
    dues = [schedule.due_at(c) for c in results.cards.values()]
    return Stats(
        answers=len(results.answers), questions=len(last), right_now=sum(1 for a in last if a.get("correct")),
        by_topic=breakdown(items), by_domain=breakdown(domains), cards=len(results.cards),
        due_today=sum(1 for c in results.cards.values() if schedule.is_due(c, now)),
        learned=sum(1 for c in results.cards.values() if schedule.learned(c)),
        next_due=min((d for d in dues if d is not None), default=None), exams=results.exams[-5:],
    )
