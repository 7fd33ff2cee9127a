"""Questions generated from the policy engine (and, for GetCallerIdentity, the sandbox's
STS), correct by construction: each generator keeps a question only when the engine finds
exactly one option correct.

A generated question's id is ``gen-KIND-SEED``: the same id always gives the same
question, so review and spaced repetition can bring it back.
"""

from __future__ import annotations

import random
import re
from importlib import import_module

from sandbox.quiz.generate.kinds import KINDS, GenerationError
from sandbox.quiz.model import Question

_ID = re.compile(r"^gen-(?P<kind>[a-z-]+)-(?P<seed>\d{1,9})$")
MAX_SEED = 999_999_999


def generate(kind: str, seed: int) -> Question:
    """The question of ``kind`` for ``seed`` (``KeyError`` for an unknown kind)."""
    module = import_module(f"sandbox.quiz.generate.{KINDS[kind].module}")  # lazily: see kinds.py
    return module.generate(seed)


def from_id(question_id: str) -> Question | None:
    """The generated question with this id, or ``None`` if the id is not one."""
    m = _ID.match(question_id)
    if not m or m.group("kind") not in KINDS:
        return None
    return generate(m.group("kind"), int(m.group("seed")))


def kinds_for(topics: set[str] | None) -> list[str]:
    return [k.id for k in KINDS.values() if not topics or topics & set(k.topics)]


def sample(rng: random.Random, count: int, topics: set[str] | None = None) -> list[Question]:
    """``count`` generated questions, kinds in turn (filtered by topic), seeds from ``rng``."""
    kinds = kinds_for(topics)
    if not kinds or count <= 0:
        return []
    rng.shuffle(kinds)
    return [generate(kinds[i % len(kinds)], rng.randrange(MAX_SEED)) for i in range(count)]


__all__ = ["KINDS", "GenerationError", "from_id", "generate", "kinds_for", "sample"]
