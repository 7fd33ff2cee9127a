"""``iam-sandbox quiz ...``: quizzes on the exam tips in a plain terminal (answers typed, or
read line by line from standard input), bank validation and coverage for authors, and
results for learners and instructors."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

from sandbox.quiz.answers import AnswerError
from sandbox.quiz.generate.kinds import KINDS, GenerationError
from sandbox.quiz.library import Library, load_library, reference_for
from sandbox.quiz.loader import banks_dir, files_in, load_banks
from sandbox.quiz.model import ALL, SOURCES, Question, Reference
from sandbox.quiz.results import Recorder, Results, ResultsDamaged
from sandbox.quiz.session import (
    DUE,
    EXAM,
    EXAM_COUNT,
    MINUTES_PER_QUESTION,
    MODES,
    MOST,
    PRACTICE,
    PRACTICE_COUNT,
    REVIEW,
    Session,
    default_count,
    exam_seconds,
)
from sandbox.quiz.tomlfile import QuizFileError
from sandbox.quiz.untrusted import visible


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _err(text: str) -> None:
    sys.stderr.write(f"iam-sandbox: {text}\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iam-sandbox quiz", description="Quizzes on the IAM exam tips.")
    parser.add_argument("--banks", action="append", default=[], metavar="DIR",
                        help="also use the question banks (*.toml) in DIR (also $IAM_SANDBOX_QUIZ)")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ls = sub.add_parser("list", help="the question banks and the kinds of generated question")
    ls.add_argument("--json", action="store_true")
    st = sub.add_parser("start", help="answer questions (typed, or one answer a line on standard input)")
    st.add_argument("--mode", choices=MODES, default=PRACTICE,
                    help="practice (feedback after each answer), exam (timed, scored 100-1000), review (the "
                         "questions you missed), due (spaced repetition: cards due today)")
    st.add_argument("--topic", nargs="+", action="extend", default=[], metavar="TNN", help="only these topics")
    st.add_argument("--tip", nargs="+", action="extend", default=[], metavar="TIP", help="only these exam tips")
    st.add_argument("--count", type=int, help=f"how many questions (default {PRACTICE_COUNT}; exam {EXAM_COUNT})")
    st.add_argument("--seed", type=int, help="the same seed gives the same questions in the same order")
    st.add_argument("--source", choices=SOURCES, default=ALL,
                    help="written questions, questions generated from the policy engine, or both (default)")
    st.add_argument("--minutes", type=int, help=f"exam time limit (default {MINUTES_PER_QUESTION} per question)")
    st.add_argument("--learner", help="record results under this name (default: your user name)")
    va = sub.add_parser("validate", help="check bank files: schema, ids, topics, tips, scenario links")
    va.add_argument("path", nargs="?", help="a bank file or folder (default: the shipped banks)")
    co = sub.add_parser("coverage", help="questions per topic and per exam tip, and what is missing")
    co.add_argument("--json", action="store_true")
    sa = sub.add_parser("stats", help="your results: by topic and domain, cards due, exams")
    sa.add_argument("--learner")
    sa.add_argument("--json", action="store_true")
    ti = sub.add_parser("tips", help="every exam tip: where it is taught and how well you know it")
    ti.add_argument("--learner")
    ti.add_argument("--json", action="store_true")
    ex = sub.add_parser("export", help="every learner's results, for an instructor")
    ex.add_argument("--format", choices=("csv", "json"), required=True)
    sh = sub.add_parser("show", help="one question with its answer (for authors)")
    sh.add_argument("id")
    sh.add_argument("--simulation", action="store_true",
                    help="print the question's SimulateCustomPolicy request (generated questions)")
    return parser


def main(argv: list[str], opts: dict) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return globals()[f"cmd_{args.cmd}"](args, opts)
    except QuizFileError as exc:  # a damaged shipped reference file
        _err(str(exc))
        return 1
    except ResultsDamaged as exc:
        _err(str(exc))
        return 1
    except GenerationError as exc:  # a generator bug: say so plainly rather than print a traceback
        _err(f"could not generate a verified question ({exc}); please report it with the seed")
        return 1


# -- context --------------------------------------------------------------------------------

def _scenarios(opts: dict) -> list:
    from sandbox.scenarios.loader import catalogue as scenario_catalogue  # lazily: only commands that need them

    found, _errors = scenario_catalogue([Path(p).expanduser() for p in opts.get("scenarios") or []])
    return found


def _bank_dirs(args) -> list[Path]:
    extra = os.environ.get("IAM_SANDBOX_QUIZ")
    return [Path(p).expanduser() for p in args.banks + ([extra] if extra else [])]


def _reference(opts: dict) -> Reference:
    from sandbox.scenarios.topics import TOPICS  # lazily: see _scenarios

    return reference_for(TOPICS, _scenarios(opts))


def _library(args, opts: dict) -> Library:
    """The reference and the written banks; a broken bank file is reported and skipped."""
    from sandbox.scenarios.topics import TOPICS  # lazily: see _scenarios

    library = load_library(TOPICS, _scenarios(opts), _bank_dirs(args))
    for e in library.errors:
        _err(f"skipped a broken quiz file: {e}")
    return library


def _learner(name: str | None) -> str:
    from sandbox.scenarios.progress import learner_name  # start-up time: only commands that record results

    return learner_name(name)


def _now() -> datetime:
    return datetime.now(UTC)


# -- commands -------------------------------------------------------------------------------

def cmd_list(args, opts) -> int:
    from sandbox.scenarios.topics import TOPICS  # lazily: see _scenarios

    library = load_library(TOPICS, _scenarios(opts), _bank_dirs(args))
    banks, errors = library.banks, library.errors
    if args.json:
        json.dump({"banks": [{"path": b.path, "title": b.title, "questions": len(b.questions)} for b in banks],
                   "invalid": [{"path": e.path, "line": e.line, "field": e.field, "error": e.message}
                               for e in errors],
                   "generated": {k.id: k.title for k in KINDS.values()}}, sys.stdout, indent=2)
        _out()
        return 0
    root = banks_dir()
    for b in banks:
        path = Path(b.path)
        shown = path.name if path.parent == root else visible(str(path))
        _out(f"{len(b.questions):>4}  {shown:<32} {b.title}")
    for e in errors:
        _out(f"   ✗  {e}")
    _out(f"\n{sum(len(b.questions) for b in banks)} written questions in {len(banks)} bank(s).")
    _out("Generated from the policy engine, as many as you like:")
    for kind in KINDS.values():
        _out(f"        {kind.id:<18} {kind.title}")
    return 0


def _select(args, ref: Reference, written: list[Question], learner: str, rng: random.Random) -> list[Question] | None:
    from sandbox.quiz import draw  # lazily (start-up time): draws load the policy engine and fsrs

    topics = set(args.topic) or None
    tips = set(args.tip) or None
    unknown = sorted((topics or set()) - set(ref.topics))
    if unknown:
        _err(f"unknown topic(s) {', '.join(visible(t) for t in unknown)}; topics are T01-T{len(ref.topics):02d}")
        return None
    unknown = sorted((tips or set()) - set(ref.tips))
    if unknown:
        _err(f"unknown exam tip(s) {', '.join(visible(t) for t in unknown)}; see iam-sandbox quiz tips")
        return None
    count = args.count if args.count is not None else default_count(args.mode)
    if not 1 <= count <= MOST:
        _err(f"--count must be from 1 to {MOST}")
        return None
    if args.minutes is not None and not 1 <= args.minutes <= 24 * 60:
        _err("--minutes must be from 1 to 1440")
        return None
    mine = Results().learner(learner) if args.mode in (REVIEW, DUE) else None
    return draw.for_mode(args.mode, written, rng, count, ref.domains, mine, _now(), topics, tips, args.source)


def _nothing(args, learner: str) -> None:
    from sandbox.quiz import draw  # lazily (start-up time): see _select

    if args.mode == REVIEW:
        _out("Nothing to review: you have no missed questions. Practise: iam-sandbox quiz start")
    elif args.mode == DUE:
        cards = Results().learner(learner).cards
        upcoming = draw.next_due(cards)
        if upcoming is None:
            _out("No cards yet: every question you answer becomes a card. Practise: iam-sandbox quiz start")
        else:
            _out(f"Nothing is due today. The next card is due {upcoming.astimezone().strftime('%Y-%m-%d %H:%M')}.")
    else:
        _out("No question matches these choices.")


def _read(prompt: str) -> str | None:
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        _out()
        return None
    if not sys.stdin.isatty():  # answers read from a file or a pipe: show them, as a terminal would
        sys.stdout.write(visible(line.rstrip("\n")) + "\n")
    return line


def cmd_start(args, opts) -> int:
    from sandbox.quiz.text import outcome_text, question_text, summary_text  # start-up time: this command's own

    library = _library(args, opts)
    ref = library.ref
    learner = _learner(args.learner)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    questions = _select(args, ref, library.written, learner, random.Random(seed))
    if questions is None:
        return 2
    if not questions:
        _nothing(args, learner)
        return 0 if args.mode in (REVIEW, DUE) else 1
    limit = exam_seconds(len(questions), args.minutes) if args.mode == EXAM else None
    recorder = Recorder(Results(), learner, args.mode, _err, _now)
    session = Session(questions, args.mode, seed, limit, on_answer=recorder)
    timing = f", {limit // 60} minutes" if limit else ""
    _out(f"{args.mode.capitalize()}: {len(questions)} question(s){timing} (seed {seed}; learner "
         f"{visible(learner)}). Type the answer and press Enter; s skips, q quits.")
    interrupted = False
    try:
        _play(session, ref, question_text, outcome_text)
    except KeyboardInterrupt:
        interrupted = True
        _out()
    summary = session.finish()
    _out()
    _out(summary_text(summary, ref))
    if args.mode == EXAM:
        recorder.exam(summary)
    return 130 if interrupted else 0


def _play(session: Session, ref: Reference, question_text, outcome_text) -> None:
    while True:
        presented = session.next()
        if presented is None:
            if session.expired:
                _out("\nTime is up.")
            return
        _out()
        _out(question_text(presented, session.index + 1, session.total, session.time_left()))
        while True:
            line = _read("> ")
            if line is None:  # the input ended: finish cleanly
                session.stop()
                return
            command = line.strip().lower()
            if command in ("q", "quit", "exit"):
                session.stop()
                return
            if command in ("s", "skip"):
                session.skip()
                break
            try:
                outcome = session.submit(line)
            except AnswerError as exc:
                _out(str(exc))
                continue
            if outcome is None:
                _out("Time is up: that answer came too late to count.")
            elif session.feedback:
                _out()
                _out(outcome_text(outcome, presented, ref))
            else:
                _out("Answer recorded.")
            break


def cmd_validate(args, opts) -> int:
    ref = _reference(opts)
    if args.path:
        path = Path(args.path).expanduser()
        if not path.exists():
            _err(f"{visible(str(path))}: no such file or folder")
            return 1
        files = files_in(path) if path.is_dir() else [path]
    else:
        path = banks_dir()
        files = files_in(path)
    if not files:
        _err(f"no .toml bank files in {visible(str(path))}")
        return 1
    banks, errors = load_banks(files, ref)
    failed = {e.path for e in errors}
    for e in errors:
        _out(f"✗ {e}")
    for b in banks:
        planned = sorted({q.scenario for q in b.questions if q.scenario and q.scenario not in ref.scenarios})
        note = f"; linked to planned scenarios: {', '.join(planned)}" if planned else ""
        _out(f"✓ {visible(b.path)} ({len(b.questions)} questions{note})")
    total = sum(len(b.questions) for b in banks)
    _out(f"\n{len(banks)} valid file(s), {total} questions; {len(failed)} invalid file(s).")
    return 1 if errors else 0


def cmd_coverage(args, opts) -> int:
    from sandbox.quiz.coverage import coverage  # start-up time: this command's own
    from sandbox.quiz.text import coverage_text

    library = _library(args, opts)
    result = coverage(library.written, library.ref)
    if args.json:
        json.dump(result.to_json(), sys.stdout, indent=2)
        _out()
    else:
        _out(coverage_text(result, library.ref))
    return 0


def cmd_stats(args, opts) -> int:
    from sandbox.quiz.stats import learner_stats  # start-up time: this command's own
    from sandbox.quiz.text import stats_text

    learner = _learner(args.learner)
    stats = learner_stats(Results().learner(learner), _now())
    if args.json:
        json.dump({"learner": learner, **stats.to_json()}, sys.stdout, indent=2)
        _out()
    else:
        _out(stats_text(stats, learner, _reference(opts)))
    return 0


def cmd_tips(args, opts) -> int:
    from sandbox.quiz.text import tips_text  # start-up time: this command's own
    from sandbox.quiz.tips import tip_status

    library = _library(args, opts)
    ref = library.ref
    statuses = tip_status(ref, library.written, Results().learner(_learner(args.learner)), _now())
    if args.json:
        json.dump([s.to_json() for s in statuses], sys.stdout, indent=2)
        _out()
    else:
        _out(tips_text(statuses, ref))
    return 0


def cmd_export(args, opts) -> int:
    sys.stdout.write(Results().export(args.format))
    return 0


def cmd_show(args, opts) -> int:
    from sandbox.quiz import draw  # lazily (start-up time): see _select
    from sandbox.quiz.answers import Answer, grade, present
    from sandbox.quiz.model import MATCH, ORDER
    from sandbox.quiz.text import outcome_text, question_text

    library = _library(args, opts)
    ref = library.ref
    question = draw.lookup(library.written)(args.id)
    if question is None:
        _err(f"no question {visible(args.id)!r}; ids are in the bank files, or gen-KIND-SEED")
        return 1
    if args.simulation:
        if not question.simulation:
            _err(f"{question.id} has no simulation request (only generated decision questions have one)")
            return 1
        _out(question.simulation)
        return 0
    presented = present(question, random.Random(0))
    if question.kind in (ORDER, MATCH):
        right = Answer(tuple(range(len(question.pairs) or len(question.options))))
    else:
        right = Answer(tuple(i for i, o in enumerate(question.options) if o.correct))
    _out(question_text(presented, 1, 1))
    _out()
    _out(outcome_text(grade(presented, right), presented, ref))
    where = f"{visible(question.file)}:{question.line}" if question.file else "generated"
    _out(f"\nid {question.id} ({where}); tips: {', '.join(question.tips) or '-'}; notes lines: "
         f"{', '.join(map(str, question.notes)) or '-'}; scenario: {question.scenario or '-'}")
    return 0
