"""The instructor's report: per learner, each scenario's steps done, hints and solutions
used and time taken, and quiz scores by topic; as a text table, CSV, JSON or HTML.

Everything read here was written by learners' sessions (or collected from their laptops),
so it is read defensively: a field of the wrong type counts as absent, and names are
escaped in HTML and made visible in text.
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from sandbox.classroom.config import ClassConfig
from sandbox.classroom.learners import LearnerFiles, enrolled
from sandbox.quiz.results import Results, ResultsDamaged
from sandbox.scenarios import progress
from sandbox.scenarios.model import Scenario
from sandbox.text import one_line as visible

FORMATS = ("table", "csv", "json", "html")


@dataclass
class ScenarioRow:
    id: str
    title: str
    steps_done: int
    steps_total: int
    hints: int
    solutions: list[int]
    started: str | None
    finished: str | None
    minutes: float | None  # from start to finish; None while unfinished


@dataclass
class TopicScore:
    topic: str
    correct: int
    answered: int


@dataclass
class LearnerReport:
    name: str
    scenarios: list[ScenarioRow] = field(default_factory=list)
    quiz: list[TopicScore] = field(default_factory=list)
    exams: list[dict] = field(default_factory=list)  # score, passed, when
    damaged: list[str] = field(default_factory=list)  # files that could not be read
    online: bool = False  # has a browser session open (the live page)
    last: str = ""  # the scenario started last and not finished, and its step: where they are while online


def _int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _minutes(started: str | None, finished: str | None) -> float | None:
    try:
        return round((datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds() / 60, 1)
    except (TypeError, ValueError):
        return None


def _scenario_rows(records: dict, cfg: ClassConfig, scenarios: dict[str, Scenario]) -> list[ScenarioRow]:
    order = list(cfg.scenarios) + sorted(k for k in records if k not in cfg.scenarios)
    rows = []
    for sid in order:
        r = records.get(sid) if isinstance(records.get(sid), dict) else {}
        scenario = scenarios.get(sid)
        solutions = [s for s in r.get("solutions_used", []) if isinstance(s, int)] \
            if isinstance(r.get("solutions_used"), list) else []
        started, finished = _text(r.get("started")), _text(r.get("finished"))
        rows.append(ScenarioRow(sid, scenario.title if scenario else sid, _int(r.get("steps_done")),
                                len(scenario.steps) if scenario else 0, _int(r.get("hints_used")), solutions,
                                started, finished, _minutes(started, finished)))
    return rows


def _where(rows: list[ScenarioRow]) -> str:
    """The scenario started most recently and not finished: "groups, step 2 of 3"."""
    open_rows = [r for r in rows if r.started and not r.finished]
    if not open_rows:
        return ""
    row = max(open_rows, key=lambda r: r.started or "")
    step = min(row.steps_done + 1, row.steps_total) if row.steps_total else row.steps_done + 1
    return f"{row.id}, step {step} of {row.steps_total or '?'}"


def _topic_scores(answers: list[dict]) -> list[TopicScore]:
    scores: dict[str, TopicScore] = {}
    for a in answers:
        for topic in a.get("topics") or []:
            s = scores.setdefault(topic, TopicScore(topic, 0, 0))
            s.answered += 1
            s.correct += 1 if a.get("correct") else 0
    return [scores[k] for k in sorted(scores)]


def learner_report(files: LearnerFiles, cfg: ClassConfig, scenarios: dict[str, Scenario]) -> LearnerReport:
    out = LearnerReport(files.name)
    data = progress.load(files.progress)
    if data.get("damaged"):
        out.damaged.append(str(files.progress))
    records: dict = {}
    for per_learner in data["learners"].values():  # one learner a file; merged if a file holds more
        if isinstance(per_learner, dict):
            records.update({k: v for k, v in per_learner.items() if isinstance(v, dict)})
    out.scenarios = _scenario_rows(records, cfg, scenarios)
    out.last = _where(out.scenarios)
    try:
        results = Results(files.quiz_results)
        answers = [a for name in results.load()["learners"] for a in results.learner(name).answers]
        exams = [e for name in results.load()["learners"] for e in results.learner(name).exams]
    except ResultsDamaged:
        out.damaged.append(str(files.quiz_results))
        answers, exams = [], []
    out.quiz = _topic_scores(answers)
    out.exams = [{"when": e.get("when", ""), "score": e.get("score"), "passed": e.get("passed")} for e in exams]
    return out


def class_report(class_dir: Path, cfg: ClassConfig, scenarios: list[Scenario],
                 online: set[str] | None = None) -> list[LearnerReport]:
    by_id = {s.id: s for s in scenarios}
    reports = [learner_report(f, cfg, by_id) for f in enrolled(class_dir)]
    for r in reports:
        r.online = r.name in (online or set())
    return reports


# -- formats -----------------------------------------------------------------------------------------------

def _solutions(row: ScenarioRow) -> str:
    return ", ".join(f"step {s}" for s in row.solutions) or "-"


def _time(row: ScenarioRow) -> str:
    if row.minutes is not None:
        return f"{row.minutes:g} min"
    return "in progress" if row.started else "not started"


def _at(r: LearnerReport) -> str:
    """"now" only for a learner whose sandbox is open; otherwise where they were last."""
    return "now" if r.online else "last"


def _quiz_line(r: LearnerReport) -> str:
    if not r.quiz:
        return "no quiz answers yet"
    return "  ".join(f"{s.topic} {s.correct}/{s.answered}" for s in r.quiz)


def as_table(title: str, reports: list[LearnerReport]) -> str:
    out = [visible(title), ""]
    if not reports:
        out.append("No learner has signed in yet.")
    for r in reports:
        where = f"  {_at(r)}: {visible(r.last)}" if r.last else ""
        out.append(visible(r.name) + (" (online)" if r.online else "") + where)
        out.append(f"  {'scenario':<30} {'steps':>7}  {'hints':>5}  {'solutions':<18} time")
        for row in r.scenarios:
            steps = f"{row.steps_done}/{row.steps_total or '?'}"
            out.append(f"  {visible(row.id):<30} {steps:>7}  {row.hints:>5}  {_solutions(row):<18} {_time(row)}")
        out.append(f"  quiz by topic (correct/answered): {_quiz_line(r)}")
        for e in r.exams:
            out.append(f"  exam {visible(str(e['when']))}: {e['score']} ({'passed' if e['passed'] else 'not passed'})")
        for path in r.damaged:
            out.append(f"  cannot read {visible(path)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def as_csv(reports: list[LearnerReport]) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["learner", "kind", "id", "steps_done", "steps_total", "hints", "solutions", "minutes", "correct",
                "answered"])
    for r in reports:
        for row in r.scenarios:
            w.writerow([r.name, "scenario", row.id, row.steps_done, row.steps_total, row.hints,
                        " ".join(map(str, row.solutions)), "" if row.minutes is None else row.minutes, "", ""])
        for s in r.quiz:
            w.writerow([r.name, "quiz-topic", s.topic, "", "", "", "", "", s.correct, s.answered])
    return out.getvalue()


def as_json(title: str, reports: list[LearnerReport]) -> str:
    return json.dumps({"class": title, "learners": [asdict(r) for r in reports]}, indent=2) + "\n"


HTML_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;color:#1d2733}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #c7ced6;padding:.25em .6em;text-align:left}
th{background:#eef2f5}.online{color:#0a7d32;font-weight:600}.done{color:#0a7d32}.muted{color:#67727e}"""


def as_html(title: str, reports: list[LearnerReport], refresh_seconds: int | None = None,
            downloads: dict[str, str] | None = None) -> str:
    """A self-contained page (no script, no external asset); ``refresh_seconds`` reloads it and
    ``downloads`` links the same report in other formats (the live page)."""
    e = html.escape
    head = f'<meta http-equiv="refresh" content="{refresh_seconds}">' if refresh_seconds else ""
    parts = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}<title>{e(title)}</title>'
             f"<style>{HTML_STYLE}</style></head><body><h1>{e(title)}</h1>"]
    if downloads:
        parts.append("<p>" + " · ".join(f'<a href="{e(url)}">{e(fmt.upper())}</a>' for fmt, url in downloads.items())
                     + "</p>")
    if not reports:
        parts.append("<p>No learner has signed in yet.</p>")
    for r in reports:
        status = (' <span class="online">online</span>' if r.online else "") + (
            f' <span class="muted">{_at(r)}: {e(r.last)}</span>' if r.last else "")
        parts.append(f"<h2>{e(r.name)}{status}</h2><table><tr><th>Scenario</th><th>Steps</th><th>Hints</th>"
                     "<th>Solutions</th><th>Time</th></tr>")
        for row in r.scenarios:
            css = ' class="done"' if row.finished else ""
            parts.append(f"<tr{css}><td>{e(row.title)}</td><td>{row.steps_done}/{row.steps_total or '?'}</td>"
                         f"<td>{row.hints}</td><td>{e(_solutions(row))}</td><td>{e(_time(row))}</td></tr>")
        parts.append("</table>")
        if r.quiz:
            parts.append("<table><tr><th>Quiz topic</th><th>Correct</th><th>Answered</th></tr>")
            parts += [f"<tr><td>{e(s.topic)}</td><td>{s.correct}</td><td>{s.answered}</td></tr>" for s in r.quiz]
            parts.append("</table>")
        else:
            parts.append('<p class="muted">No quiz answers yet.</p>')
        for x in r.exams:
            parts.append(f"<p>Exam {e(str(x['when']))}: {e(str(x['score']))} "
                         f"({'passed' if x['passed'] else 'not passed'})</p>")
        parts += [f'<p class="muted">Cannot read {e(p)}</p>' for p in r.damaged]
    parts.append("</body></html>\n")
    return "".join(parts)


def render(fmt: str, title: str, reports: list[LearnerReport]) -> str:
    if fmt == "csv":
        return as_csv(reports)
    if fmt == "json":
        return as_json(title, reports)
    if fmt == "html":
        return as_html(title, reports)
    return as_table(title, reports)
