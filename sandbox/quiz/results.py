"""Quiz results per learner, in their own file beside the scenario progress file (never
inside a world, so resetting a world keeps them): every answer, one FSRS card per
question, and each exam's score. Written atomically under a lock, so two terminals
answering at once lose nothing; a file that cannot be read is never overwritten.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sandbox.quiz.model import Question
from sandbox.world.location import progress_path
from sandbox.world.storage import FileLock, atomic_write

MAX_ANSWERS = 5000  # per learner; the oldest go first
MAX_EXAMS = 200


def results_path() -> Path:
    return progress_path().with_name("quiz-results.json")


class ResultsDamaged(Exception):
    def __init__(self, path: Path):
        super().__init__(f"{path} cannot be read as quiz results; it was left as it is. Move it away to start "
                         "a new one.")
        self.path = path


@dataclass
class LearnerResults:
    answers: list[dict] = field(default_factory=list)
    cards: dict[str, dict] = field(default_factory=dict)
    exams: list[dict] = field(default_factory=list)

    def last_answers(self) -> dict[str, dict]:
        """Each question's most recent answer."""
        out: dict[str, dict] = {}
        for a in self.answers:
            out[a.get("q", "")] = a
        return out

    def missed(self) -> list[str]:
        """Questions whose most recent answer was wrong, most recent first."""
        last = self.last_answers()
        ordered = sorted(last.values(), key=lambda a: a.get("when", ""), reverse=True)
        return [a["q"] for a in ordered if not a.get("correct")]


ANSWER_FIELDS = {"q": str, "correct": bool, "seconds": (int, float), "mode": str, "when": str, "rating": int,
                 "topics": list, "domain": str, "tips": list, "origin": str}
EXAM_FIELDS = {"when": str, "mode": str, "total": int, "answered": int, "correct": int, "score": int,
               "passed": bool, "timed_out": bool, "seconds": (int, float), "by_topic": dict, "by_domain": dict,
               "missed": list, "unanswered": list}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def clean_entry(entry: dict, fields: dict) -> dict:
    """The fields of ``entry`` that have the expected type (lists keep their strings only)."""
    out = {}
    for key, kind in fields.items():
        value = entry.get(key)
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            out[key] = [v for v in value if isinstance(v, str)] if isinstance(value, list) else value
    return out


def _valid(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("learners"), dict)


class Results:
    def __init__(self, path: Path | None = None):
        self.path = path or results_path()

    def load(self) -> dict:
        """The whole file; raises ``ResultsDamaged`` if it exists but cannot be read."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": 1, "learners": {}}
        except (OSError, ValueError):
            raise ResultsDamaged(self.path) from None
        if not _valid(data):
            raise ResultsDamaged(self.path)
        return data

    def learner(self, name: str) -> LearnerResults:
        """One learner's results, with any entry of the wrong shape (a hand-edited file) left out."""
        raw = self.load()["learners"].get(name)
        if not isinstance(raw, dict):
            return LearnerResults()
        answers = [clean_entry(a, ANSWER_FIELDS) for a in _list(raw.get("answers")) if isinstance(a, dict)]
        answers = [a for a in answers if a.get("q")]
        cards = raw.get("cards")
        cards = {k: v for k, v in cards.items() if isinstance(v, dict)} if isinstance(cards, dict) else {}
        exams = [clean_entry(e, EXAM_FIELDS) for e in _list(raw.get("exams")) if isinstance(e, dict)]
        return LearnerResults(answers, cards, exams)

    def update(self, learner: str, change) -> None:
        """Change one learner's record under the lock; the file is written atomically."""
        lock = FileLock(self.path.with_name(self.path.name + ".lock"))
        with lock.hold():
            data = self.load()
            record = data["learners"].setdefault(learner, {})
            if not isinstance(record, dict):
                record = data["learners"][learner] = {}
            for key, empty in (("answers", []), ("cards", {}), ("exams", [])):
                if not isinstance(record.get(key), type(empty)):
                    record[key] = empty
            change(record)
            atomic_write(self.path, json.dumps(data, indent=1))

    def record_answer(self, learner: str, question: Question, correct: bool, seconds: float, mode: str,
                      when: datetime) -> dict:
        """Store one answer and review the question's card; returns the card."""
        from sandbox.quiz import schedule  # lazily: fsrs loads only when an answer is recorded

        grade = schedule.rating(correct, seconds, question.size)
        card: dict = {}

        def change(r: dict) -> None:
            nonlocal card
            r["answers"].append({"q": question.id, "correct": correct, "seconds": round(seconds, 1), "mode": mode,
                                 "when": when.isoformat(timespec="seconds"), "rating": int(grade),
                                 "topics": list(question.topics), "domain": question.domain,
                                 "tips": list(question.tips), "origin": question.origin})
            del r["answers"][:-MAX_ANSWERS]
            card = schedule.review(r["cards"].get(question.id), question.id, grade, when, seconds)
            r["cards"][question.id] = card

        self.update(learner, change)
        return card

    def record_exam(self, learner: str, summary: dict, when: datetime) -> None:
        def change(r: dict) -> None:
            r["exams"].append({"when": when.isoformat(timespec="seconds"), **summary})
            del r["exams"][:-MAX_EXAMS]

        self.update(learner, change)

    def export(self, fmt: str) -> str:
        data = self.load()
        if fmt == "json":
            return json.dumps(data, indent=2) + "\n"
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["learner", "question", "correct", "seconds", "mode", "when", "topics", "domain", "tips"])
        for learner in sorted(data["learners"]):
            for a in self.learner(learner).answers:
                writer.writerow([learner, a.get("q", ""), "yes" if a.get("correct") else "no", a.get("seconds", ""),
                                 a.get("mode", ""), a.get("when", ""), " ".join(a.get("topics") or []),
                                 a.get("domain", ""), " ".join(a.get("tips") or [])])
        return out.getvalue()


def _now() -> datetime:
    return datetime.now(UTC)


class Recorder:
    """Saves a sitting as it goes (pass it as the ``Session``'s ``on_answer``): each answer,
    then an exam's result. A results file that cannot be written is reported once, through
    ``report``, and the sitting goes on unsaved."""

    def __init__(self, results: Results, learner: str, mode: str, report: Callable[[str], None],
                 now: Callable[[], datetime] = _now):
        self.results = results
        self.learner = learner
        self.mode = mode
        self.report = report
        self.now = now
        self.failed = False

    def _failed(self, what: str, exc: Exception) -> None:
        self.failed = True
        self.report(f"{what}: {getattr(exc, 'strerror', None) or exc}")

    def __call__(self, answered) -> None:
        """One answer (a ``session.Answered``)."""
        if self.failed:
            return
        try:
            self.results.record_answer(self.learner, answered.question, answered.correct, answered.seconds,
                                       self.mode, self.now())
        except (ResultsDamaged, OSError) as exc:
            self._failed("results are not being saved", exc)

    def exam(self, summary) -> None:
        """An exam's result (a ``session.Summary``)."""
        if self.failed:
            return
        try:
            self.results.record_exam(self.learner, summary.to_dict(), self.now())
        except (ResultsDamaged, OSError) as exc:
            self._failed("the exam result was not saved", exc)
