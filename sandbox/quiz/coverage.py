"""What the written banks cover: questions per topic and per exam tip (each should be asked
by at least ``MINIMUM``), per kind, domain and difficulty, and which questions link to a
scenario that exists, one that is only planned, or none."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sandbox.quiz.model import DIFFICULTIES, KINDS, Question, Reference

MINIMUM = 2


@dataclass(frozen=True, slots=True)
class Coverage:
    questions: int
    topics: dict[str, int]
    tips: dict[str, int]
    kinds: dict[str, int]
    domains: dict[str, int]
    difficulties: dict[str, int]
    scenarios: dict[str, int]  # links to scenarios that exist
    planned: dict[str, int]  # links to scenarios not shipped yet
    unlinked: tuple[str, ...]  # questions with no scenario
    then_and_now: int

    @property
    def missing_topics(self) -> dict[str, int]:
        return {t: n for t, n in self.topics.items() if n < MINIMUM}

    @property
    def missing_tips(self) -> dict[str, int]:
        return {t: n for t, n in self.tips.items() if n < MINIMUM}

    def to_json(self) -> dict:
        return {"questions": self.questions, "topics": self.topics, "tips": self.tips, "kinds": self.kinds,
                "domains": self.domains, "difficulties": self.difficulties, "minimum": MINIMUM,
                "missing": {"topics": sorted(self.missing_topics), "tips": sorted(self.missing_tips)},
                "scenario_links": {"live": self.scenarios, "planned": self.planned,
                                   "none": list(self.unlinked)},
                "then_and_now": self.then_and_now}


def coverage(questions: list[Question], ref: Reference) -> Coverage:
    def counts(keys: list[str], values) -> dict[str, int]:
        c = Counter(values)
        return {k: c.get(k, 0) for k in keys}

    links = Counter(q.scenario for q in questions if q.scenario)
    return Coverage(
        questions=len(questions),
        topics=counts(list(ref.topics), (t for q in questions for t in q.topics)),
        tips=counts(list(ref.tips), (t for q in questions for t in q.tips)),
        kinds=counts(list(KINDS), (q.kind for q in questions)),
        domains=counts(list(ref.domains), (q.domain for q in questions)),
        difficulties=counts(list(DIFFICULTIES), (q.difficulty for q in questions)),
        scenarios={s: n for s, n in sorted(links.items()) if s in ref.scenarios},
        planned={s: n for s, n in sorted(links.items()) if s not in ref.scenarios},
        unlinked=tuple(q.id for q in questions if not q.scenario),
        then_and_now=sum(1 for q in questions if q.then_and_now),
    )
