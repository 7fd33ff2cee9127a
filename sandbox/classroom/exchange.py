"""Progress carried on a file from a laptop without a network: ``progress export`` writes
one learner's scenario progress and quiz results; ``class collect`` merges such files into
the class folder, as if the learner had worked in the served app.

An exported file comes from a learner's machine, so it is untrusted: its size is limited,
its learner name is checked like a typed one, and every record keeps only the fields of the
expected types. Collecting the same file twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sandbox.classroom.learners import LearnerNameError, check_name, learner_files, register
from sandbox.quiz.results import ANSWER_FIELDS, EXAM_FIELDS, Results, ResultsDamaged, clean_entry
from sandbox.scenarios import progress
from sandbox.text import one_line as visible

KIND, VERSION = "iam-sandbox-progress", 1
MAX_EXPORT_BYTES = 8 * 1024 * 1024
MAX_SCENARIOS = 500
PROGRESS_FIELDS = {"attempts": int, "steps_done": int, "hints_used": int, "solutions_used": list,
                   "started": str, "finished": str}


class ExportError(Exception):
    """An export file that cannot be collected; the message names it and says why."""


@dataclass(frozen=True)
class Export:
    learner: str
    scenarios: dict[str, dict]
    quiz: dict  # answers, cards, exams


def export_document(learner: str, now: datetime | None = None) -> dict:
    """This machine's progress and quiz results of ``learner`` (the files of ``progress_path``)."""
    records = progress.load()["learners"].get(learner, {})
    results = Results().learner(learner)
    return {"kind": KIND, "version": VERSION, "learner": learner,
            "exported": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "scenarios": records if isinstance(records, dict) else {},
            "quiz": {"answers": results.answers, "cards": results.cards, "exams": results.exams}}


def _progress_record(raw) -> dict | None:
    if not isinstance(raw, dict):
        return None
    record = clean_entry(raw, PROGRESS_FIELDS)
    record["solutions_used"] = [s for s in raw.get("solutions_used", []) if isinstance(s, int)
                                and not isinstance(s, bool) and 0 < s < 1000] \
        if isinstance(raw.get("solutions_used"), list) else []
    for key in ("attempts", "steps_done", "hints_used"):
        record[key] = max(0, min(record.get(key, 0), 100_000))
    for key in ("started", "finished"):
        record.setdefault(key, None)
    return record


def read_export(path: Path) -> Export:
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            raise ExportError(f"{path} is larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MiB")
        data = json.loads(path.read_bytes())
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(f"{path} cannot be read: {exc.strerror or exc}") from None
    except (ValueError, RecursionError):
        raise ExportError(f"{path} is not JSON (iam-sandbox progress export writes these files)") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise ExportError(f"{path} is not an IAM Sandbox progress export")
    if data.get("version") != VERSION:
        raise ExportError(f"{path} is an export of version {visible(str(data.get('version')))}; "
                          f"this IAM Sandbox reads version {VERSION}")
    try:
        learner = check_name(data.get("learner"))
    except LearnerNameError as exc:
        raise ExportError(f"{path}: learner: {exc}") from None
    raw_scenarios = data.get("scenarios") if isinstance(data.get("scenarios"), dict) else {}
    if len(raw_scenarios) > MAX_SCENARIOS:
        raise ExportError(f"{path}: scenarios: more than {MAX_SCENARIOS}")
    scenarios = {sid: rec for sid, raw in raw_scenarios.items()
                 if isinstance(sid, str) and len(sid) <= 64 and (rec := _progress_record(raw)) is not None}
    quiz = data.get("quiz") if isinstance(data.get("quiz"), dict) else {}
    answers = [clean_entry(a, ANSWER_FIELDS) for a in quiz.get("answers", []) if isinstance(a, dict)] \
        if isinstance(quiz.get("answers"), list) else []
    exams = [clean_entry(e, EXAM_FIELDS) for e in quiz.get("exams", []) if isinstance(e, dict)] \
        if isinstance(quiz.get("exams"), list) else []
    cards = {k: v for k, v in quiz.get("cards", {}).items() if isinstance(k, str) and isinstance(v, dict)} \
        if isinstance(quiz.get("cards"), dict) else {}
    return Export(learner, scenarios, {"answers": [a for a in answers if a.get("q")], "cards": cards,
                                       "exams": exams})


def _merge_scenario(mine: dict, theirs: dict) -> dict:
    out = dict(mine)
    for key in ("attempts", "steps_done", "hints_used"):
        out[key] = max(mine.get(key) or 0, theirs.get(key) or 0)
    out["solutions_used"] = sorted(set(mine.get("solutions_used") or []) | set(theirs.get("solutions_used") or []))
    starts = [v for v in (mine.get("started"), theirs.get("started")) if v]
    ends = [v for v in (mine.get("finished"), theirs.get("finished")) if v]
    out["started"] = min(starts) if starts else None
    out["finished"] = min(ends) if ends else None
    return out


def _merge_quiz(record: dict, quiz: dict) -> None:
    seen = {(a.get("q"), a.get("when"), a.get("mode")) for a in record["answers"]}
    record["answers"] += [a for a in quiz["answers"] if (a.get("q"), a.get("when"), a.get("mode")) not in seen]
    record["answers"].sort(key=lambda a: a.get("when", ""))
    when = {e.get("when") for e in record["exams"]}
    record["exams"] += [e for e in quiz["exams"] if e.get("when") not in when]
    for qid, card in quiz["cards"].items():
        old = record["cards"].get(qid)
        if not isinstance(old, dict) or str(card.get("last_review") or "") > str(old.get("last_review") or ""):
            record["cards"][qid] = card


def collect(class_dir: Path, export: Export, when: str) -> Path:
    """Merge one export into the learner's files in the class folder; returns the learner's folder."""
    files = learner_files(class_dir, export.learner)
    register(files, when)
    if progress.load(files.progress).get("damaged"):
        raise ExportError(f"{files.progress} cannot be read; it was left as it is")

    def merge(records: dict) -> None:
        for sid, theirs in export.scenarios.items():
            records[sid] = _merge_scenario(records.get(sid, {}), theirs)
    progress.update(export.learner, merge, files.progress)
    results = Results(files.quiz_results)
    try:
        results.update(export.learner, lambda record: _merge_quiz(record, export.quiz))
    except ResultsDamaged as exc:
        raise ExportError(str(exc)) from None
    return files.folder
