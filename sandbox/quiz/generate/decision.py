"""Generated: predict the decision (allowed, implicit deny, explicit deny) for a request and
the policies in play. The engine decides; the seed picks which of the three outcomes the
question is about, so the three are equally common."""

from __future__ import annotations

import json
import random

from sandbox.policy import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY, simulate_custom_policy
from sandbox.quiz.generate import cases
from sandbox.quiz.generate.common import Judged, attempts, traces, why_not_applies
from sandbox.quiz.generate.kinds import KINDS
from sandbox.quiz.model import GENERATED, SINGLE, Option, Question

KIND = "decision"
TOPICS = KINDS[KIND].topics
OPTIONS = (
    (ALLOWED, "Allowed"),
    (IMPLICIT_DENY, "Denied by an implicit deny: no policy allows it"),
    (EXPLICIT_DENY, "Denied by an explicit deny: a Deny statement applies"),
)


def simulated_decision(case: cases.Case) -> str:
    """The same request through the simulator API (``SimulateCustomPolicy``)."""
    result = simulate_custom_policy(json.loads(case.simulation()))
    return result["EvaluationResults"][0]["EvalDecision"]


def deciding(judged: Judged) -> str:
    """``Sid 'X' in identity policy P``: the statement the engine says decided."""
    explain = judged.decision.explain
    if explain is None or explain.deciding_statement is None:
        return ""
    return f"{explain.deciding_statement.label} in {explain.deciding_policy}"


def denies_not_applying(judged: Judged) -> str:
    reasons = [f"{t.label} in {label}: {why_not_applies(t)}" for label, t in traces(judged)
               if t.effect == "Deny" and not t.applies]
    if not reasons:
        return "There is no Deny statement in any of these policies."
    return "No Deny statement applies. " + " ".join(r + "." for r in reasons)


def why(option: str, judged: Judged) -> str:
    actual = judged.outcome
    explain = judged.decision.explain
    summary = explain.summary() if explain else judged.decision.message
    if option == actual:
        if actual == ALLOWED:
            return f"Right. No Deny applies, and every policy type in play allows it. {summary}"
        if actual == IMPLICIT_DENY:
            return f"Right. Nothing denies it, but not every policy type in play allows it. AWS says: {summary}"
        return f"Right. {deciding(judged)} matches the request, and an explicit deny overrides any Allow."
    if option == ALLOWED:
        if actual == EXPLICIT_DENY:
            return f"Not allowed: {deciding(judged)} denies it, and an explicit deny wins over every Allow."
        return f"Not allowed. AWS says: {judged.decision.message}"
    if option == IMPLICIT_DENY:
        if actual == ALLOWED:
            return f"It is allowed. {summary}"
        return (f"It is denied, but explicitly: {deciding(judged)} matches. An implicit deny is the default "
                "when no statement allows the request and none denies it.")
    return denies_not_applying(judged)


def _difficulty(case: cases.Case) -> str:
    text = "".join(t for _, t in case.identity)
    hard = case.boundary or case.bucket_policy or "NotAction" in text
    return "hard" if hard else ("medium" if "Condition" in text or len(case.identity) > 1 else "easy")


def generate(seed: int) -> Question:
    rng = random.Random(seed)
    goal = rng.choice([ALLOWED, IMPLICIT_DENY, EXPLICIT_DENY])

    def verify(case: cases.Case) -> bool:
        outcome = case.judge().outcome
        return outcome == goal and simulated_decision(case) == outcome

    case = attempts(rng, cases.build, verify)
    judged = case.judge()
    options = tuple(Option(text, why(value, judged), value == judged.outcome) for value, text in OPTIONS)
    return Question(
        id=f"gen-{KIND}-{seed}", kind=SINGLE, prompt=case.describe() + "\n\nWhat does AWS decide?",
        topics=TOPICS, domain="policies", difficulty=_difficulty(case), options=options,
        explanation=judged.text, shuffle=False, origin=GENERATED, simulation=case.simulation(),
    )
