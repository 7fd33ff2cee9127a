"""Spaced repetition with FSRS (the ``fsrs`` package, 6.x): one card per question, reviewed
after every answer, rated from whether the answer was right and how long it took.

Ratings: a wrong answer is ``Again``; a right one is ``Easy`` within half the reading
time the question needs, ``Good`` within that time, ``Hard`` beyond it. The reading time
grows with the length of the question (``Question.size``).

Fuzzing (a random spread of long intervals) is off, so that a schedule is reproducible for
a class and in tests.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

_SCHEDULER = Scheduler(enable_fuzzing=False)

BASE_SECONDS = 15.0
CHARS_PER_SECOND = 15.0


def reading_seconds(size: int) -> float:
    """How long a careful reader needs for a question of ``size`` characters."""
    return BASE_SECONDS + size / CHARS_PER_SECOND


def rating(correct: bool, seconds: float, size: int) -> Rating:
    if not correct:
        return Rating.Again
    budget = reading_seconds(size)
    if seconds <= budget / 2:
        return Rating.Easy
    return Rating.Good if seconds <= budget else Rating.Hard


def _card_id(question_id: str) -> int:
    return zlib.crc32(question_id.encode("utf-8")) + 1


def _card(data: dict | None, question_id: str, now: datetime) -> Card:
    if data:
        try:
            card = Card.from_dict(data)  # type: ignore[arg-type]
            if card.due.tzinfo is not None and (card.last_review is None or card.last_review.tzinfo is not None):
                return card
        except (KeyError, TypeError, ValueError):
            pass  # a damaged card starts again rather than failing the quiz
    return Card(card_id=_card_id(question_id), due=now)


def review(data: dict | None, question_id: str, grade: Rating, now: datetime, seconds: float) -> dict:
    """The card after one review, as stored (``Card.to_dict``)."""
    now = now.astimezone(UTC)
    card, _log = _SCHEDULER.review_card(_card(data, question_id, now), grade, now, int(seconds * 1000))
    return card.to_dict()


def due_at(data: dict) -> datetime | None:
    try:
        due = datetime.fromisoformat(data["due"])
    except (KeyError, TypeError, ValueError):
        return None
    return due if due.tzinfo is not None else None


def is_due(data: dict, now: datetime) -> bool:
    """Due before the end of the learner's day (local time), as a review app counts "today"."""
    due = due_at(data)
    if due is None:
        return True
    local = now.astimezone()
    end_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return due < end_of_day


def retrievability(data: dict, now: datetime) -> float:
    """The chance, by FSRS's model, that the learner still knows the answer now (0-1)."""
    try:
        return float(_SCHEDULER.get_card_retrievability(Card.from_dict(data), now.astimezone(UTC)))  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        return 0.0


def learned(data: dict) -> bool:
    """The card has left the learning steps."""
    try:
        return int(data["state"]) == State.Review.value
    except (KeyError, TypeError, ValueError):
        return False
