"""The quiz's typed model: questions (written in a bank or generated from the policy
engine), their options, and the reference data they point at (exam tips, domains).

Everything is frozen: a question is loaded or generated once and then only read, by the
terminal front end, the app and the tests alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SINGLE = "single"  # one correct option
MULTIPLE = "multiple"  # choose N: exactly N correct options
TRUE_FALSE = "truefalse"
ORDER = "order"  # put the options in order
MATCH = "match"  # match each left item to its right item
KINDS = (SINGLE, MULTIPLE, TRUE_FALSE, ORDER, MATCH)

DIFFICULTIES = ("easy", "medium", "hard")

WRITTEN = "written"
GENERATED = "generated"
ALL = "all"
SOURCES = (ALL, WRITTEN, GENERATED)  # what a sitting may draw from


@dataclass(frozen=True, slots=True)
class Option:
    """An option and why it is right or wrong. For ``order`` questions the options are
    stored in the correct order and ``why`` says why each one comes where it does."""

    text: str
    why: str
    correct: bool = False


@dataclass(frozen=True, slots=True)
class Pair:
    """One line of a ``match`` question: ``left`` goes with ``right``, because ``why``."""

    left: str
    right: str
    why: str


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    kind: str
    prompt: str
    topics: tuple[str, ...]
    domain: str
    difficulty: str
    options: tuple[Option, ...] = ()
    pairs: tuple[Pair, ...] = ()
    tips: tuple[str, ...] = ()  # exam tip ids (reference/exam-tips.toml)
    notes: tuple[int, ...] = ()  # lines of the study notes the question comes from
    scenario: str | None = None  # the scenario where the learner can try it
    explanation: str = ""  # shown after the answer, whatever it was
    then_and_now: str = ""  # where AWS changed since older material: what it said, what is true now
    shuffle: bool = True  # False keeps the written order of options (e.g. "all of the above")
    origin: str = WRITTEN
    file: str = ""  # the bank file (written questions)
    line: int = 0
    simulation: str = ""  # generated: the SimulateCustomPolicy request (JSON) behind the question

    @property
    def choose(self) -> int:
        """How many options the learner picks (``multiple``); 1 otherwise."""
        return sum(1 for o in self.options if o.correct) if self.kind == MULTIPLE else 1

    @property
    def size(self) -> int:
        """Characters a learner reads, for judging whether an answer was quick."""
        parts = [self.prompt] + [o.text for o in self.options] + [p.left + p.right for p in self.pairs]
        return sum(len(p) for p in parts)


@dataclass(frozen=True, slots=True)
class Tip:
    """An exam tip of the study notes, paraphrased, with the line it is on."""

    id: str
    section: str
    line: int
    text: str
    topics: tuple[str, ...]
    then_and_now: str = ""  # where AWS changed since the notes: what they say, what is true now


@dataclass(frozen=True, slots=True)
class Domain:
    id: str
    title: str
    weight: int  # percent of an exam's questions


@dataclass(frozen=True, slots=True)
class PlannedScenario:
    """A scenario another part of the project will add; questions may link to it now."""

    id: str
    issue: int
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """A scenario a front end knows (shipped or from an instructor's folder)."""

    id: str
    title: str
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reference:
    """What bank files are checked against."""

    tips: dict[str, Tip]
    domains: dict[str, Domain]
    planned: dict[str, PlannedScenario]
    note_lines: frozenset[int]
    topics: dict[str, str]
    scenarios: dict[str, ScenarioInfo] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Bank:
    """One bank file of written questions."""

    path: str
    title: str
    questions: tuple[Question, ...]
