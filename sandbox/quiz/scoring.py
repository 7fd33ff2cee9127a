"""Scores: the exam's scaled score and the breakdown by topic and by domain.

The associate exams report a scaled score from 100 to 1000 and pass at 720. AWS maps raw
results to that scale with statistical equating it does not publish; the quiz uses a plain
linear map, 100 + 900 x (fraction right), so 720 means about 69% right.
"""

from __future__ import annotations

from dataclasses import dataclass

LOWEST, HIGHEST, PASS_MARK = 100, 1000, 720


def scaled_score(correct: int, total: int) -> int:
    if total <= 0:
        return LOWEST
    return round(LOWEST + (HIGHEST - LOWEST) * correct / total)


@dataclass(frozen=True, slots=True)
class Tally:
    correct: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


def breakdown(items: list[tuple[tuple[str, ...], bool]]) -> dict[str, Tally]:
    """``{key: Tally}`` over ``(keys, correct)`` items (a question counts for each of its keys)."""
    counts: dict[str, list[int]] = {}
    for keys, correct in items:
        for key in keys:
            c = counts.setdefault(key, [0, 0])
            c[0] += int(correct)
            c[1] += 1
    return {k: Tally(c[0], c[1]) for k, c in sorted(counts.items())}
