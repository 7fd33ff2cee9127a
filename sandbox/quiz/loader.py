"""Bank files (``assets/quiz/*.toml`` and an instructor's folders): written questions,
validated into ``Question`` models. Errors name the file, the line and the field, and a
broken file is reported, never raised, by ``catalogue``, so the other banks still load.

The format is described in ``docs/quiz-format.md``.
"""

from __future__ import annotations

from pathlib import Path

from sandbox.paths import asset_path
from sandbox.quiz.model import (
    DIFFICULTIES,
    KINDS,
    MATCH,
    MULTIPLE,
    ORDER,
    SINGLE,
    TRUE_FALSE,
    Bank,
    Option,
    Pair,
    Question,
    Reference,
)
from sandbox.quiz.reference import SLUG, SLUG_HINT, TOPIC
from sandbox.quiz.tomlfile import QuizFileError, Table, parse, read

MAX_QUESTIONS = 500
PROMPT, OPTION, WHY, EXPLANATION, NOTE = 2000, 500, 1200, 2000, 1000

QUESTION_KEYS = {"id", "kind", "topics", "domain", "difficulty", "tips", "notes", "scenario", "prompt",
                 "explanation", "then_and_now", "shuffle", "option", "pair", "answer", "why_true", "why_false"}
OPTION_KEYS = {"text", "why", "correct"}
PAIR_KEYS = {"left", "right", "why"}


def banks_dir() -> Path:
    return asset_path("quiz")


def _options(q: Table, kind: str) -> tuple[Option, ...]:
    allowed = OPTION_KEYS - {"correct"} if kind == ORDER else OPTION_KEYS
    low = 3 if kind in (MULTIPLE, ORDER) else 2
    tables = q.tables("option", allowed, 8)
    if len(tables) < low:
        q.fail("option", f"a {kind} question needs at least {low} options ([[question.option]])")
    options = tuple(Option(t.text("text", OPTION), t.text("why", WHY), t.boolean("correct", False)) for t in tables)
    texts = [o.text for o in options]
    for i, text in enumerate(texts):
        if text in texts[:i]:
            tables[i].fail("text", "the same option is listed twice")
    correct = sum(o.correct for o in options)
    if kind == SINGLE and correct != 1:
        q.fail("option", f"a single-choice question has exactly one option with correct = true (found {correct})")
    if kind == MULTIPLE and not 2 <= correct <= len(options) - 1:
        q.fail("option", f"a choose-N question has from 2 to {len(options) - 1} correct options (found {correct})")
    return options


def _pairs(q: Table) -> tuple[Pair, ...]:
    tables = q.tables("pair", PAIR_KEYS, 8)
    if len(tables) < 2:
        q.fail("pair", "a match question needs at least 2 pairs ([[question.pair]])")
    pairs = tuple(Pair(t.text("left", OPTION), t.text("right", OPTION), t.text("why", WHY)) for t in tables)
    for side in ("left", "right"):
        seen = [getattr(p, side) for p in pairs]
        for i, value in enumerate(seen):
            if value in seen[:i]:
                tables[i].fail(side, f"the same {side} item is listed twice")
    return pairs


def _true_false(q: Table) -> tuple[Option, ...]:
    if not q.has("answer") or not isinstance(q.raw("answer"), bool):
        q.fail("answer", "a true/false question needs answer = true or answer = false")
    answer = q.raw("answer")
    return (Option("True", q.text("why_true", WHY), answer is True),
            Option("False", q.text("why_false", WHY), answer is False))


def _question(q: Table, ref: Reference, file: str) -> Question:
    kind = q.text("kind", 20)
    if kind not in KINDS:
        q.fail("kind", f"must be one of {', '.join(KINDS)}")
    for key, kinds in (("option", (SINGLE, MULTIPLE, ORDER)), ("pair", (MATCH,)),
                       ("answer", (TRUE_FALSE,)), ("why_true", (TRUE_FALSE,)), ("why_false", (TRUE_FALSE,))):
        if q.has(key) and kind not in kinds:
            q.fail(key, f"is not used by a {kind} question")
    qid = q.text("id", 63, pattern=SLUG, hint=SLUG_HINT)
    topics = q.strings("topics", 3, 8, pattern=TOPIC, hint="must be topic ids such as \"T05\"")
    unknown = [t for t in topics if t not in ref.topics]
    if unknown:
        q.fail("topics", f"unknown topic id(s) {', '.join(unknown)} (T01-T{len(ref.topics):02d})")
    domain = q.text("domain", 63)
    if domain not in ref.domains:
        q.fail("domain", f"must be one of {', '.join(ref.domains)}")
    difficulty = q.text("difficulty", 10)
    if difficulty not in DIFFICULTIES:
        q.fail("difficulty", f"must be one of {', '.join(DIFFICULTIES)}")
    tips = q.strings("tips", 63, 6, required=False)
    for tip in tips:
        if tip not in ref.tips:
            q.fail("tips", f"unknown exam tip {tip!r} (see assets/quiz/reference/study-notes.toml)")
    notes = q.integers("notes", 1, 100_000, 10)
    for line in notes:
        if line not in ref.note_lines:
            q.fail("notes", f"line {line} of the study notes is blank or past the end")
    if not tips and not notes:
        q.fail("notes" if q.has("notes") else "tips",
               "name the exam tip(s) (tips = [...]) or the notes' line(s) (notes = [...]) it comes from")
    scenario = q.text("scenario", 63, required=False, pattern=SLUG, hint=SLUG_HINT) or None
    if scenario and scenario not in ref.scenarios and scenario not in ref.planned:
        q.fail("scenario", f"no scenario {scenario!r} (shipped, in an instructor folder, or planned)")
    options: tuple[Option, ...] = ()
    pairs: tuple[Pair, ...] = ()
    if kind == TRUE_FALSE:
        options = _true_false(q)
    elif kind == MATCH:
        pairs = _pairs(q)
    else:
        options = _options(q, kind)
    return Question(
        id=qid, kind=kind, prompt=q.text("prompt", PROMPT), topics=topics, domain=domain, difficulty=difficulty,
        options=options, pairs=pairs, tips=tips, notes=notes, scenario=scenario,
        explanation=q.text("explanation", EXPLANATION, required=False),
        then_and_now=q.text("then_and_now", NOTE, required=False), shuffle=q.boolean("shuffle", True),
        file=file, line=q.locator.line_of(q.path) or 0,
    )


def _bank(data: dict, locator, path: Path | str, ref: Reference) -> Bank:
    top = Table(path, locator, data, (), {"bank", "question"})
    header = Table(path, locator, top.raw("bank") if top.has("bank") else {}, ("bank",), {"title"})
    if not top.has("bank"):
        top.fail("bank", "is required: start the file with [bank] and title = \"...\"")
    title = header.text("title", 100)
    tables = top.tables("question", QUESTION_KEYS, MAX_QUESTIONS)
    if not tables:
        top.fail("question", "the bank has no [[question]]")
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for t in tables:
        q = _question(t, ref, str(path))
        if q.id in seen:
            t.fail("id", f"duplicate question id {q.id!r} (also at line {seen[q.id]})")
        seen[q.id] = q.line
        questions.append(q)
    return Bank(str(path), title, tuple(questions))


def load_text(text: str, ref: Reference, path: Path | str = "<bank>") -> Bank:
    data, locator = parse(text, path)
    return _bank(data, locator, path, ref)


def load_file(path: Path, ref: Reference) -> Bank:
    data, locator = read(Path(path))
    return _bank(data, locator, path, ref)


def files_in(folder: Path) -> list[Path]:
    """The bank files of a folder (not its subfolders: ``reference/`` is not a bank)."""
    try:
        return sorted(p for p in Path(folder).glob("*.toml") if p.is_file())
    except OSError:
        return []


def load_banks(paths: list[Path], ref: Reference) -> tuple[list[Bank], list[QuizFileError]]:
    """Every bank of ``paths`` that loads; the others as errors. A question id used in an
    earlier file makes the later file invalid, as a duplicate scenario id does."""
    banks: list[Bank] = []
    errors: list[QuizFileError] = []
    owner: dict[str, str] = {}
    for path in paths:
        try:
            bank = load_file(path, ref)
        except QuizFileError as exc:
            errors.append(exc)
            continue
        clash = next((q for q in bank.questions if q.id in owner), None)
        if clash is not None:
            errors.append(QuizFileError(path, f"duplicate question id {clash.id!r} (also in {owner[clash.id]})",
                                        clash.line, "id"))
            continue
        owner.update({q.id: str(path) for q in bank.questions})
        banks.append(bank)
    return banks, errors


def catalogue(ref: Reference, extra_dirs: list[Path] | None = None) -> tuple[list[Bank], list[QuizFileError]]:
    """The shipped banks, then an instructor's folders."""
    paths = files_in(banks_dir())
    for folder in extra_dirs or []:
        paths += files_in(folder)
    return load_banks(paths, ref)
