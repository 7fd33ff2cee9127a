"""A question as shown (options numbered in a shuffled order), the answer a learner
types, and the marking: every option with its own explanation.

Answers are typed the same way in the terminal and in the app: ``2`` (one choice),
``1,3`` (choose N), ``3 1 2 4`` (an order), ``1b 2a 3c`` (matches), ``t``/``f`` also for
true/false.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from sandbox.quiz.model import MATCH, MULTIPLE, ORDER, SINGLE, TRUE_FALSE, Question
from sandbox.quiz.untrusted import visible

LETTERS = "abcdefgh"


class AnswerError(ValueError):
    """An answer that cannot be read; the message says how to type one."""


@dataclass(frozen=True, slots=True)
class Presented:
    """``order[k]`` is the option (or, for ``match``, the right-hand item) shown as number
    (letter) ``k + 1``."""

    question: Question
    order: tuple[int, ...]

    @property
    def instructions(self) -> str:
        q = self.question
        n = len(self.order)
        if q.kind == MULTIPLE:
            return f"Choose {q.choose}: type their numbers, for example 1,3."
        if q.kind == ORDER:
            return f"Put all {n} in order: type the numbers, for example {' '.join(str(i) for i in range(n, 0, -1))}."
        if q.kind == MATCH:
            example = " ".join(f"{i + 1}{LETTERS[(i + 1) % n]}" for i in range(n))
            return f"Match each numbered item to a letter, for example {example}."
        if q.kind == TRUE_FALSE:
            return "Type 1 (true) or 2 (false)."
        return "Type the number of your answer."

    def choices(self) -> list[tuple[str, str]]:
        """``(label, text)`` lines to show under the prompt."""
        q = self.question
        if q.kind == MATCH:
            lefts = [(f"{i + 1}.", p.left) for i, p in enumerate(q.pairs)]
            rights = [(f"{LETTERS[k]})", q.pairs[i].right) for k, i in enumerate(self.order)]
            return lefts + rights
        return [(f"{k + 1}.", q.options[i].text) for k, i in enumerate(self.order)]


def present(question: Question, rng: random.Random) -> Presented:
    n = len(question.pairs) if question.kind == MATCH else len(question.options)
    order = list(range(n))
    if question.kind == TRUE_FALSE or (not question.shuffle and question.kind not in (ORDER, MATCH)):
        return Presented(question, tuple(order))
    while True:
        rng.shuffle(order)
        # an order or a match shown already solved teaches nothing
        if question.kind not in (ORDER, MATCH) or order != sorted(order):
            return Presented(question, tuple(order))


@dataclass(frozen=True, slots=True)
class Answer:
    """The learner's answer in terms of the question: option indexes picked (in the order
    given, for ``order``), or for ``match`` the pair index chosen for each left item."""

    picks: tuple[int, ...]


def _numbers(text: str, count: int, what: str) -> list[int]:
    tokens = [t for t in re.split(r"[\s,;]+", text.strip()) if t]
    numbers = []
    for t in tokens:
        if not (t.isascii() and t.isdigit()) or len(t) > 3 or not 1 <= int(t) <= count:
            raise AnswerError(f"'{visible(t[:20])}' is not one of the {what} 1-{count}.")
        numbers.append(int(t))
    return numbers


def parse_answer(p: Presented, text: str) -> Answer:
    q = p.question
    n = len(p.order)
    text = text.strip().lower()
    if not text:
        raise AnswerError(p.instructions)
    if q.kind == TRUE_FALSE and text in ("t", "true", "f", "false"):
        return Answer((p.order[0 if text.startswith("t") else 1],))
    if q.kind == MATCH:
        tokens = [t for t in re.split(r"[\s,;]+", text) if t]
        chosen: dict[int, int] = {}
        for t in tokens:
            m = re.fullmatch(r"([0-9]{1,3})[-=:]?([a-h])", t)
            if not m or not 1 <= int(m.group(1)) <= n or LETTERS.index(m.group(2)) >= n:
                raise AnswerError(f"'{visible(t[:20])}' is not a match like 1{LETTERS[0]}. {p.instructions}")
            left = int(m.group(1)) - 1
            if left in chosen:
                raise AnswerError(f"Item {left + 1} is matched twice. {p.instructions}")
            chosen[left] = p.order[LETTERS.index(m.group(2))]
        if len(chosen) != n:
            missing = ", ".join(str(i + 1) for i in range(n) if i not in chosen)
            raise AnswerError(f"Match every item (missing: {missing}). {p.instructions}")
        return Answer(tuple(chosen[i] for i in range(n)))
    numbers = _numbers(text, n, "numbers")
    if q.kind in (SINGLE, TRUE_FALSE):
        if len(numbers) != 1:
            raise AnswerError(f"Choose one answer. {p.instructions}")
    elif q.kind == MULTIPLE and (len(set(numbers)) != len(numbers) or len(numbers) != q.choose):
        raise AnswerError(f"Choose exactly {q.choose} different options. {p.instructions}")
    elif q.kind == ORDER and sorted(numbers) != list(range(1, n + 1)):
        raise AnswerError(f"Use each number from 1 to {n} once. {p.instructions}")
    return Answer(tuple(p.order[k - 1] for k in numbers))


@dataclass(frozen=True, slots=True)
class Marked:
    """One line of feedback: an option (or a pair) and why."""

    label: str
    text: str
    why: str
    right: bool  # a correct option / the learner placed or matched this item correctly
    chosen: bool  # the learner picked this option (choice kinds)


@dataclass(frozen=True, slots=True)
class Outcome:
    correct: bool
    marked: tuple[Marked, ...]
    expected: str  # the right answer as it would be typed
    explanation: str
    then_and_now: str


def _label(p: Presented, index: int) -> str:
    return str(p.order.index(index) + 1)


def grade(p: Presented, answer: Answer) -> Outcome:
    q = p.question
    marked: list[Marked] = []
    if q.kind == MATCH:
        correct = all(answer.picks[i] == i for i in range(len(q.pairs)))
        for i, pair in enumerate(q.pairs):
            letter = LETTERS[p.order.index(i)]
            got = q.pairs[answer.picks[i]].right
            text = f"{pair.left} → {letter}) {pair.right}" + ("" if answer.picks[i] == i else f" (you chose: {got})")
            marked.append(Marked(f"{i + 1}{letter}", text, pair.why, answer.picks[i] == i, True))
        expected = " ".join(f"{i + 1}{LETTERS[p.order.index(i)]}" for i in range(len(q.pairs)))
    elif q.kind == ORDER:
        correct = list(answer.picks) == list(range(len(q.options)))
        for i, option in enumerate(q.options):
            placed = answer.picks.index(i) + 1
            text = option.text + ("" if placed == i + 1 else f" (you put it at position {placed})")
            marked.append(Marked(f"{i + 1}. [{_label(p, i)}]", text, option.why, placed == i + 1, True))
        expected = " ".join(_label(p, i) for i in range(len(q.options)))
    else:
        chosen = set(answer.picks)
        right = {i for i, o in enumerate(q.options) if o.correct}
        correct = chosen == right
        for k, i in enumerate(p.order):
            option = q.options[i]
            marked.append(Marked(f"{k + 1}.", option.text, option.why, option.correct, i in chosen))
        expected = ",".join(_label(p, i) for i in sorted(right, key=p.order.index))
    return Outcome(correct, tuple(marked), expected, q.explanation, q.then_and_now)
