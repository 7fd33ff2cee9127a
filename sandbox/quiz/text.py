"""Plain-text rendering of quiz screens, for the terminal front end and screen readers:
a question, the marking of an answer, the end of a sitting, coverage, tips and stats.

Bank text reaching here has been checked for control characters; anything else from
outside (a learner's name, a scenario title from an instructor's folder) is passed
through ``visible``.
"""

from __future__ import annotations

import textwrap

from sandbox.quiz.answers import Outcome, Presented
from sandbox.quiz.coverage import MINIMUM, Coverage
from sandbox.quiz.model import MATCH, Question, Reference
from sandbox.quiz.scoring import PASS_MARK, Tally
from sandbox.quiz.session import EXAM, Summary
from sandbox.quiz.stats import Stats
from sandbox.quiz.tips import TipStatus
from sandbox.quiz.untrusted import visible

WIDTH = 100


def _wrap(text: str, prefix: str = "", width: int = WIDTH, hang: str | None = None) -> str:
    """Wrap prose paragraphs (continuation lines indented by ``hang``); lines that look like
    JSON or code keep their layout."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            out.append("")
        elif stripped[0] in "{}[]\"" or line.startswith("  "):
            out.append(prefix + line)
        else:
            out.extend(textwrap.wrap(line, width, initial_indent=prefix, subsequent_indent=prefix if hang is None
                                     else hang, break_on_hyphens=False, break_long_words=False) or [prefix])
    return "\n".join(out)


def _hanging(head: str, text: str) -> str:
    """``head`` then ``text``, wrapped under itself (a table row whose last column is prose)."""
    return "\n".join(textwrap.wrap(text, WIDTH, initial_indent=head, subsequent_indent=" " * len(head),
                                   break_on_hyphens=False, break_long_words=False) or [head.rstrip()])


def counted(n: int, word: str) -> str:
    """``1 question``, ``2 questions``."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def clock_text(seconds: float) -> str:
    """``m:ss``, as a timer shows it."""
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def question_text(p: Presented, number: int, total: int, time_left: float | None = None) -> str:
    q = p.question
    head = f"Question {number} of {total}   [{', '.join(q.topics)} · {q.domain} · {q.difficulty}]"
    if time_left is not None:
        head += f"   time left {clock_text(time_left)}"
    lines = [head, "", _wrap(q.prompt), ""]
    choices = p.choices()
    if q.kind == MATCH:
        n = len(q.pairs)
        lines.append("Items:")
        lines += [f"  {label} {text}" for label, text in choices[:n]]
        lines.append("Match them to:")
        lines += [f"  {label} {text}" for label, text in choices[n:]]
    else:
        for label, text in choices:
            first, *rest = text.splitlines() or [""]
            lines.append(f"  {label:<3} {first}")
            lines += [f"      {line}" for line in rest]
    lines += ["", p.instructions + "  (s: skip, q: quit)"]
    return "\n".join(lines)


def outcome_text(o: Outcome, p: Presented, ref: Reference | None = None) -> str:
    q = p.question
    lines = ["✓ Correct." if o.correct else f"✗ Not quite. The answer is {o.expected}.", ""]
    for m in o.marked:
        mark = "✓" if m.right else "✗"
        chosen = "  ← your answer" if (m.chosen and q.kind not in ("order", "match")) else ""
        first, *rest = m.text.splitlines() or [""]
        lines.append(f"  {mark} {m.label} {first}{chosen}")
        lines += [f"        {line}" for line in rest]
        lines.append(_wrap(m.why, "        "))
    if o.explanation:
        lines += ["", _wrap(o.explanation)]
    if o.then_and_now:
        lines += ["", _wrap("Then and now: " + o.then_and_now)]
    lines += _try_it(q, ref)
    return "\n".join(lines)


def _try_it(q: Question, ref: Reference | None) -> list[str]:
    out = []
    if q.scenario:
        if ref is None or q.scenario in ref.scenarios:
            out.append(f"Try it: iam-sandbox scenario start {q.scenario}")
        else:
            out.append(f"Try it: the scenario {q.scenario} is planned but not in this version yet.")
    if q.simulation:
        out.append(f"Simulate it: iam-sandbox quiz show {q.id} --simulation > request.json, then "
                   "iam-sandbox aws iam simulate-custom-policy --cli-input-json file://request.json")
    return [""] + out if out else []


def _tallies(title: str, tallies: dict[str, Tally], names: dict[str, str]) -> list[str]:
    lines = [title]
    for key, t in tallies.items():
        name = names.get(key, "")
        head = f"  {key:<12} {t.correct:>3}/{t.total:<3} {t.percent:>3}%  "
        lines.append(_hanging(head, name))
    return lines


def summary_text(s: Summary, ref: Reference) -> str:
    lines = []
    if s.mode == EXAM:
        verdict = "PASS" if s.passed else "FAIL"
        lines.append(f"Exam result: {s.score} of 1000 ({verdict}; {PASS_MARK} to pass). "
                     f"{s.correct} of {s.total} right in {clock_text(s.seconds)}.")
        if s.timed_out:
            lines.append("Time ran out: the questions not answered count as wrong.")
    else:
        lines.append(f"You answered {s.answered} of {counted(s.total, 'question')}: {s.correct} right.")
    if s.by_domain:
        lines += [""] + _tallies("By domain:", s.by_domain, {d: x.title for d, x in ref.domains.items()})
    if s.by_topic:
        lines += [""] + _tallies("By topic:", s.by_topic, ref.topics)
    if s.missed:
        lines += ["", "Missed (iam-sandbox quiz start --mode review brings them back): " + ", ".join(s.missed)]
    if s.unanswered and s.mode != EXAM:
        lines += ["", f"Not answered: {len(s.unanswered)}."]
    return "\n".join(lines)


def coverage_text(c: Coverage, ref: Reference) -> str:
    lines = [f"{c.questions} written questions. Each topic and each exam tip needs at least {MINIMUM}.", "",
             "Topics:"]
    for t, n in c.topics.items():
        flag = "  " if n >= MINIMUM else "✗ "
        head = f"  {flag}{t} {n:>3}  "
        lines.append(_hanging(head, ref.topics[t]))
    lines += ["", "Exam tips:"]
    for t, n in c.tips.items():
        flag = "  " if n >= MINIMUM else "✗ "
        tip = ref.tips[t]
        head = f"  {flag}{t:<28} {n:>3}  "
        lines.append(_hanging(head, f"(line {tip.line}) {tip.text}"))
    lines += ["", "Kinds: " + ", ".join(f"{k} {n}" for k, n in c.kinds.items()),
              "Domains: " + ", ".join(f"{k} {n}" for k, n in c.domains.items()),
              "Difficulty: " + ", ".join(f"{k} {n}" for k, n in c.difficulties.items()),
              f"Then-and-now notes: {c.then_and_now}", "",
              "Scenario links: " + (", ".join(f"{s} {n}" for s, n in c.scenarios.items()) or "none")]
    if c.planned:
        lines.append("Links to planned scenarios (not shipped yet): "
                     + ", ".join(f"{visible(s)} {n}" for s, n in c.planned.items()))
    lines.append(f"Questions with no scenario link: {len(c.unlinked)}")
    missing = [f"{t} ({n})" for t, n in c.missing_topics.items()] + [f"{t} ({n})" for t, n in c.missing_tips.items()]
    lines += ["", ("Missing (fewer than the minimum): " + ", ".join(missing)) if missing
              else "Every topic and every exam tip is asked at least twice."]
    return "\n".join(lines)


def tips_text(statuses: list[TipStatus], ref: Reference) -> str:
    lines = []
    section = None
    for s in statuses:
        if s.tip.section != section:
            section = s.tip.section
            lines += ([""] if lines else []) + [section]
        lines.append(_wrap(f"• {s.tip.text} [{s.tip.id}, notes line {s.tip.line}]", "  ", hang="    "))
        if s.tip.then_and_now:
            lines.append(_wrap(f"then and now: {s.tip.then_and_now}", "    ", hang="      "))
        taught = list(s.scenarios) + [f"{p} (planned)" for p in s.planned]
        lines.append(f"    taught in: {', '.join(visible(t) for t in taught) or 'no scenario yet'}; "
                     f"asked by {counted(len(s.questions), 'question')}")
        recall = "" if s.recall is None else f", recall {round(100 * s.recall)}%"
        done = f" ({s.right} of {s.answered} answered right{recall})" if s.answered else ""
        lines.append(f"    you: {s.level}{done}")
    return "\n".join(lines)


def stats_text(s: Stats, learner: str, ref: Reference) -> str:
    lines = [(f"Quiz results of {visible(learner)}: {counted(s.answers, 'answer')} to "
              f"{counted(s.questions, 'question')}; {s.right_now} of them right when last answered.")]
    if s.cards:
        nxt = f"; next review {s.next_due.astimezone().strftime('%Y-%m-%d %H:%M')}" if s.next_due else ""
        lines.append(f"Spaced repetition: {counted(s.cards, 'card')}, {s.due_today} due today, {s.learned} "
                     f"learned{nxt}.")
    if s.by_domain:
        lines += [""] + _tallies("By domain (latest answer to each question):", s.by_domain,
                                 {d: x.title for d, x in ref.domains.items()})
    if s.by_topic:
        lines += [""] + _tallies("By topic:", s.by_topic, ref.topics)
    if s.exams:
        lines += ["", "Recent exams:"]
        for e in s.exams:
            lines.append(f"  {e.get('when', '?')}  {e.get('score', '?'):>4}  "
                         f"{'pass' if e.get('passed') else 'fail'}  {e.get('correct', '?')}/{e.get('total', '?')}")
    if not s.answers:
        lines.append("Nothing answered yet: iam-sandbox quiz start")
    return "\n".join(lines)
