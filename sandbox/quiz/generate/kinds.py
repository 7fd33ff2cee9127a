"""The kinds of generated question, declared once: id, title, topics and the module that
builds them (imported only when a question of that kind is generated, since the
GetCallerIdentity kind loads the sandbox's services); and the error a generator raises."""

from __future__ import annotations

from dataclasses import dataclass


class GenerationError(Exception):
    """No verified question came out of a seed (a bug in a generator: tests look for it)."""


@dataclass(frozen=True, slots=True)
class Kind:
    id: str
    title: str
    topics: tuple[str, ...]
    module: str


KINDS = {k.id: k for k in (
    Kind("decision", "Predict the decision: allowed, implicit deny or explicit deny", ("T31",), "decision"),
    Kind("statement", "Which statement decided the request", ("T31",), "statement"),
    Kind("least-privilege", "Which of four policies grants least privilege for a task", ("T25", "T31"),
         "least_privilege"),
    Kind("trust", "Who can assume this role (trust policies)", ("T12", "T16", "T31"), "trust"),
    Kind("caller-identity", "What aws sts get-caller-identity prints for these credentials", ("T29", "T12", "T06"),
         "caller_identity"),
)}
