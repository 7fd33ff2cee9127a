"""One sitting of the quiz, question by question, for any front end.

A front end asks ``next()`` for the question to show, passes what the learner typed to
``submit()`` (an ``AnswerError`` means "ask again"), shows the ``Outcome`` when the mode
gives feedback, and ends with ``finish()``. Time is measured per question with an
injectable clock; an exam has a time limit after which answers are no longer scored.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sandbox.quiz.answers import Answer, Outcome, Presented, grade, parse_answer, present
from sandbox.quiz.model import Question
from sandbox.quiz.scoring import PASS_MARK, Tally, breakdown, scaled_score

PRACTICE, EXAM, REVIEW, DUE = "practice", "exam", "review", "due"
MODES = (PRACTICE, EXAM, REVIEW, DUE)

EXAM_COUNT, PRACTICE_COUNT, MOST = 20, 10, 200  # questions in a sitting: by default, at most
MINUTES_PER_QUESTION = 2  # the associate exams: 130 minutes for 65 questions


def default_count(mode: str) -> int:
    return EXAM_COUNT if mode == EXAM else PRACTICE_COUNT


def exam_seconds(count: int, minutes: int | None = None) -> int:
    """An exam's time limit: ``minutes`` if given, else the associate exams' pace."""
    return 60 * (minutes if minutes else MINUTES_PER_QUESTION * count)


@dataclass(frozen=True, slots=True)
class Answered:
    presented: Presented
    answer: Answer | None  # None: not answered (skipped, time up, input ended)
    outcome: Outcome | None
    seconds: float

    @property
    def question(self) -> Question:
        return self.presented.question

    @property
    def correct(self) -> bool:
        return self.outcome is not None and self.outcome.correct


@dataclass(frozen=True, slots=True)
class Summary:
    mode: str
    total: int
    answered: int
    correct: int
    by_topic: dict[str, Tally]
    by_domain: dict[str, Tally]
    missed: tuple[str, ...]
    unanswered: tuple[str, ...]
    seconds: float
    timed_out: bool = False
    score: int | None = None  # exam only
    passed: bool | None = None

    def to_dict(self) -> dict:
        def tallies(d: dict[str, Tally]) -> dict:
            return {k: {"correct": t.correct, "total": t.total} for k, t in d.items()}

        return {"mode": self.mode, "total": self.total, "answered": self.answered, "correct": self.correct,
                "score": self.score, "passed": self.passed, "timed_out": self.timed_out,
                "seconds": round(self.seconds, 1), "by_topic": tallies(self.by_topic),
                "by_domain": tallies(self.by_domain), "missed": list(self.missed),
                "unanswered": list(self.unanswered)}


class Session:
    def __init__(self, questions: list[Question], mode: str = PRACTICE, seed: int | None = None,
                 time_limit: float | None = None, clock: Callable[[], float] = time.monotonic,
                 on_answer: Callable[[Answered], None] | None = None):
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.questions = list(questions)
        self.mode = mode
        self.rng = random.Random(seed)
        self.time_limit = time_limit
        self.clock = clock
        self.on_answer = on_answer
        self.answered: list[Answered] = []
        self.started = clock()
        self._current: Presented | None = None
        self._shown_at = 0.0
        self._timed_out = False
        self._over = False

    # -- state ---------------------------------------------------------------------------------

    @property
    def feedback(self) -> bool:
        """Whether each answer is marked straight away (all modes but the exam)."""
        return self.mode != EXAM

    @property
    def index(self) -> int:
        """The 0-based number of the current (or next) question."""
        return len(self.answered)

    @property
    def total(self) -> int:
        return len(self.questions)

    def time_left(self) -> float | None:
        if self.time_limit is None:
            return None
        return max(0.0, self.time_limit - (self.clock() - self.started))

    @property
    def expired(self) -> bool:
        left = self.time_left()
        return left is not None and left <= 0

    @property
    def over(self) -> bool:
        return self._over or self.index >= self.total or self.expired

    # -- asking --------------------------------------------------------------------------------

    def next(self) -> Presented | None:
        """The question to show now (the same one until it is answered or skipped)."""
        if self.over:
            self._timed_out = self._timed_out or self.expired
            return None
        if self._current is None:
            self._current = present(self.questions[self.index], self.rng)
            self._shown_at = self.clock()
        return self._current

    def submit(self, text: str) -> Outcome | None:
        """Mark the current question's answer. Raises ``AnswerError`` for an answer that
        cannot be read (the question stays); returns ``None`` if time ran out first."""
        current = self.next()
        if current is None:
            return None
        answer = parse_answer(current, text)
        if self.expired:
            self._timed_out = True
            return None
        outcome = grade(current, answer)
        self._record(Answered(current, answer, outcome, self.clock() - self._shown_at))
        return outcome

    def skip(self) -> None:
        current = self.next()
        if current is not None:
            self._record(Answered(current, None, None, self.clock() - self._shown_at))

    def stop(self) -> None:
        """End early (the learner quit or the input ended)."""
        self._over = True

    def _record(self, item: Answered) -> None:
        self.answered.append(item)
        self._current = None
        if self.on_answer is not None and item.outcome is not None:
            self.on_answer(item)

    # -- the end -------------------------------------------------------------------------------

    def finish(self) -> Summary:
        self._over = True
        self._timed_out = self._timed_out or self.expired
        done = [a for a in self.answered if a.outcome is not None]
        asked = {a.question.id for a in done}
        unanswered = tuple(q.id for q in self.questions if q.id not in asked)
        if self.mode == EXAM:  # every question of the exam counts; one not answered is wrong
            counted = [(q, q.id in asked and any(a.correct for a in done if a.question.id == q.id))
                       for q in self.questions]
        else:
            counted = [(a.question, a.correct) for a in done]
        correct = sum(1 for _, ok in counted if ok)
        summary = Summary(
            mode=self.mode, total=self.total, answered=len(done), correct=correct,
            by_topic=breakdown([(q.topics, ok) for q, ok in counted]),
            by_domain=breakdown([((q.domain,), ok) for q, ok in counted]),
            missed=tuple(a.question.id for a in done if not a.correct), unanswered=unanswered,
            seconds=self.clock() - self.started, timed_out=self._timed_out,
        )
        if self.mode == EXAM:
            score = scaled_score(correct, self.total)
            summary = replace(summary, score=score, passed=score >= PASS_MARK)
        return summary


__all__ = ["DUE", "EXAM", "EXAM_COUNT", "MINUTES_PER_QUESTION", "MODES", "MOST", "PRACTICE", "PRACTICE_COUNT",
           "REVIEW", "Answered", "Session", "Summary", "default_count", "exam_seconds"]
