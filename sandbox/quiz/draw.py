"""Which questions a sitting asks, per mode.

- practice: written questions (filtered by topic or tip), with generated ones mixed in;
- exam: a count per domain from the blueprint's weights, then random within each domain;
- review: the questions whose last answer was wrong, most recent first;
- due: the questions whose FSRS card is due by the end of today, most overdue first.
"""

from __future__ import annotations

import random
from datetime import datetime

from sandbox.quiz import generate, schedule
from sandbox.quiz.model import ALL, GENERATED, WRITTEN, Domain, Question
from sandbox.quiz.results import LearnerResults
from sandbox.quiz.session import EXAM, PRACTICE, REVIEW

WRITTEN_ONLY, GENERATED_ONLY = WRITTEN, GENERATED
GENERATED_SHARE = 0.25  # of a mixed sitting


def matches(q: Question, topics: set[str] | None, tips: set[str] | None) -> bool:
    return (not topics or bool(topics & set(q.topics))) and (not tips or bool(tips & set(q.tips)))


def _mix(written: list[Question], rng: random.Random, count: int, topics: set[str] | None,
         tips: set[str] | None, source: str) -> list[Question]:
    pool = [q for q in written if matches(q, topics, tips)] if source != GENERATED_ONLY else []
    can_generate = source != WRITTEN_ONLY and not tips and bool(generate.kinds_for(topics))
    if not can_generate:
        return rng.sample(pool, min(count, len(pool)))
    n_generated = count if source == GENERATED_ONLY else max(0, min(count, round(count * GENERATED_SHARE)))
    chosen = rng.sample(pool, min(count - n_generated, len(pool)))
    chosen += generate.sample(rng, count - len(chosen), topics)
    rng.shuffle(chosen)
    return chosen


def practice(written: list[Question], rng: random.Random, count: int, topics: set[str] | None = None,
             tips: set[str] | None = None, source: str = ALL) -> list[Question]:
    return _mix(written, rng, count, topics, tips, source)


def quotas(domains: dict[str, Domain], count: int) -> dict[str, int]:
    """Questions per domain for an exam of ``count``: by weight, largest remainders first."""
    raw = {d: count * dom.weight / 100 for d, dom in domains.items()}
    out = {d: int(v) for d, v in raw.items()}
    for d in sorted(raw, key=lambda d: raw[d] - out[d], reverse=True)[:count - sum(out.values())]:
        out[d] += 1
    return out


def exam(written: list[Question], rng: random.Random, count: int, domains: dict[str, Domain],
         topics: set[str] | None = None, source: str = ALL) -> list[Question]:
    pool = _mix(written, rng, max(count * 3, len(written)), topics, None, source)
    by_domain: dict[str, list[Question]] = {d: [] for d in domains}
    for q in pool:
        by_domain.setdefault(q.domain, []).append(q)
    chosen: list[Question] = []
    for d, n in quotas(domains, count).items():
        chosen += by_domain[d][:n]
        del by_domain[d][:n]
    rest = [q for qs in by_domain.values() for q in qs]  # a domain short of questions: others fill in
    rng.shuffle(rest)
    chosen += rest[:count - len(chosen)]
    rng.shuffle(chosen)
    return chosen


def lookup(written: list[Question]):
    """A function from question id to question (written, or generated from its id)."""
    index = {q.id: q for q in written}

    def find(question_id: str) -> Question | None:
        if question_id in index:
            return index[question_id]
        try:
            return generate.from_id(question_id)
        except generate.GenerationError:
            return None
    return find


def review(missed: list[str], find, count: int, topics: set[str] | None = None) -> list[Question]:
    out = []
    for qid in missed:
        q = find(qid)
        if q is not None and matches(q, topics, None):
            out.append(q)
    return out[:count]


def due(cards: dict[str, dict], find, now: datetime, count: int, topics: set[str] | None = None) -> list[Question]:
    waiting = sorted((qid for qid, card in cards.items() if schedule.is_due(card, now)),
                     key=lambda qid: schedule.due_at(cards[qid]) or now)
    return review(waiting, find, count, topics)


def next_due(cards: dict[str, dict]) -> datetime | None:
    times = [t for t in (schedule.due_at(c) for c in cards.values()) if t is not None]
    return min(times) if times else None


def for_mode(mode: str, written: list[Question], rng: random.Random, count: int, domains: dict[str, Domain],
             results: LearnerResults | None, now: datetime, topics: set[str] | None = None,
             tips: set[str] | None = None, source: str = ALL) -> list[Question]:
    """The questions of a sitting in ``mode`` (review and due draw on the learner's results;
    they filter by topic only)."""
    if mode == PRACTICE:
        return practice(written, rng, count, topics, tips, source)
    if mode == EXAM:
        return exam(written, rng, count, domains, topics, source)
    results = results or LearnerResults()
    find = lookup(written)
    if mode == REVIEW:
        return review(results.missed(), find, count, topics)
    return due(results.cards, find, now, count, topics)
