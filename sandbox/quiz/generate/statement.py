"""Generated: which statement decided the request? Every statement of the policies is an
option, with "none: implicit deny". The engine names the deciding statement; a case is
kept only when exactly one statement could be that answer (one Allow applying and no
Deny, or exactly one Deny applying, or nothing applying)."""

from __future__ import annotations

import json
import random

from sandbox.policy import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY, simulate_custom_policy
from sandbox.quiz.generate import cases
from sandbox.quiz.generate.common import Judged, attempts, traces, why_not_applies
from sandbox.quiz.generate.decision import deciding
from sandbox.quiz.generate.kinds import KINDS
from sandbox.quiz.model import GENERATED, SINGLE, Option, Question

KIND = "statement"
TOPICS = KINDS[KIND].topics
NONE = "None of them: no statement allows it, so the default implicit deny decides"


def _applying(judged: Judged, effect: str) -> list:
    return [(label, t) for label, t in traces(judged) if t.applies and t.effect == effect]


def _unique(case: cases.Case, judged: Judged) -> bool:
    allows, denies = _applying(judged, "Allow"), _applying(judged, "Deny")
    if judged.outcome == ALLOWED:
        expected = 1 if len(allows) == 1 and not denies else None
    elif judged.outcome == EXPLICIT_DENY:
        expected = 1 if len(denies) == 1 else None
    else:
        expected = 0 if not allows and not denies else None
    if expected is None:
        return False
    # the simulator API must point at the same single statement (or none)
    matched = simulate_custom_policy(json.loads(case.simulation()))["EvaluationResults"][0]["MatchedStatements"]
    return len(matched) == expected


def _why(label: str, trace, judged: Judged) -> str:
    if trace.applies:
        if judged.outcome == ALLOWED or trace.effect == "Deny":
            return f"Right. It applies to this request and {'allows' if trace.effect == 'Allow' else 'denies'} it."
        return f"It applies too, but {deciding(judged)} denies the request, and an explicit deny overrides it."
    return f"It does not apply: {why_not_applies(trace)}."


def generate(seed: int) -> Question:
    rng = random.Random(seed)
    goal = rng.choices([ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY], weights=[4, 4, 2])[0]

    def build(r: random.Random) -> cases.Case:
        return cases.build(r, boundary_chance=0, bucket_chance=0, statements=(2, 4), sids=True)

    def verify(case: cases.Case) -> bool:
        judged = case.judge()
        return judged.outcome == goal and _unique(case, judged)

    case = attempts(rng, build, verify)
    judged = case.judge()
    explain = judged.decision.explain
    options = []
    for label, trace in traces(judged):
        right = explain.deciding_statement is not None and trace is explain.deciding_statement
        options.append(Option(f"{trace.label} in {label}", _why(label, trace, judged), right))
    none_right = judged.outcome == IMPLICIT_DENY
    options.append(Option(NONE, "Right. No statement applies to this request, so nothing allows it." if none_right
                          else f"{deciding(judged)} applies and decides.", none_right))
    return Question(
        id=f"gen-{KIND}-{seed}", kind=SINGLE,
        prompt=case.describe() + "\n\nWhich statement decides this request?",
        topics=TOPICS, domain="policies", difficulty="medium" if len(options) <= 4 else "hard",
        options=tuple(options), explanation=judged.text, shuffle=False, origin=GENERATED,
        simulation=case.simulation(),
    )
