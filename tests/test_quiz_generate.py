"""Generated questions: over many seeds, each kind has exactly one correct option, and an
independent route to the answer agrees with it (the simulator API for policy questions,
AWS's documented identifier shapes for GetCallerIdentity). Seeds reproduce questions."""

from __future__ import annotations

import json
import random
import re
from collections import Counter

import pytest

from sandbox.policy import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY, simulate_custom_policy
from sandbox.quiz import generate
from sandbox.quiz.generate import caller_identity, decision, least_privilege, statement
from sandbox.quiz.generate.common import ACCOUNT
from sandbox.quiz.generate.kinds import KINDS
from sandbox.quiz.model import GENERATED, SINGLE

SEEDS = range(150)


def correct(q):
    (right,) = [o for o in q.options if o.correct]
    return right


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "caller-identity"])
def test_exactly_one_option_is_correct_over_many_seeds(kind):
    for seed in SEEDS:
        q = generate.generate(kind, seed)
        assert q.kind == SINGLE and q.origin == GENERATED and q.id == f"gen-{kind}-{seed}"
        assert sum(o.correct for o in q.options) == 1, (kind, seed)
        assert len({o.text for o in q.options}) == len(q.options) >= 3, (kind, seed)
        assert all(o.why for o in q.options) and q.explanation, (kind, seed)
        assert set(q.topics) == set(KINDS[kind].topics)


def test_caller_identity_exactly_one_correct():
    for seed in range(40):
        q = generate.generate("caller-identity", seed)
        assert sum(o.correct for o in q.options) == 1, seed
        assert len({o.text for o in q.options}) == 4


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_same_seed_gives_the_same_question_and_ids_round_trip(kind):
    a = generate.generate(kind, 12345)
    assert generate.generate(kind, 12345) == a
    assert generate.from_id(a.id) == a
    assert generate.generate(kind, 12346) != a


def test_from_id_ignores_what_is_not_a_generated_id():
    assert generate.from_id("basics-global") is None
    assert generate.from_id("gen-unknown-3") is None
    assert generate.from_id("gen-decision-") is None


def _decision_of_option(text: str) -> str:
    return {"Allowed": ALLOWED}.get(text, IMPLICIT_DENY if "implicit" in text else EXPLICIT_DENY)


def test_decision_answer_agrees_with_simulate_custom_policy_and_outcomes_are_balanced():
    seen = Counter()
    for seed in SEEDS:
        q = decision.generate(seed)
        request = json.loads(q.simulation)
        result = simulate_custom_policy(request)["EvaluationResults"][0]
        assert _decision_of_option(correct(q).text) == result["EvalDecision"], seed
        assert result["EvalDecision"] in q.explanation
        seen[result["EvalDecision"]] += 1
    assert min(seen.values()) >= 35, seen  # each of the three outcomes is common


def test_statement_answer_is_the_only_matched_statement():
    for seed in SEEDS:
        q = statement.generate(seed)
        result = simulate_custom_policy(json.loads(q.simulation))["EvaluationResults"][0]
        right = correct(q)
        if result["EvalDecision"] == IMPLICIT_DENY:
            assert result["MatchedStatements"] == [] and right.text.startswith("None of them"), seed
        else:
            assert len(result["MatchedStatements"]) == 1, seed
            sid = re.match(r"Sid '([^']+)'", right.text).group(1)
            documents = [json.loads(p) for p in json.loads(q.simulation)["PolicyInputList"]]
            deciding = [st for d in documents for st in d["Statement"] if st["Sid"] == sid]
            assert len(deciding) == 1
            effect = "Allow" if result["EvalDecision"] == ALLOWED else "Deny"
            assert deciding[0]["Effect"] == effect, seed


def _passes(document: str, musts, must_nots) -> bool:
    """The policy allows every request of the task and none of the others (asked of the simulator API)."""
    def decide(action, resource):
        request = {"PolicyInputList": [document], "ActionNames": [action]}
        if resource != "*":
            request["ResourceArns"] = [resource]
        return simulate_custom_policy(request)["EvaluationResults"][0]["EvalDecision"]
    return all(decide(a, r) == ALLOWED for a, r in musts) and all(decide(a, r) != ALLOWED for a, r in must_nots)


def test_least_privilege_answer_is_the_only_policy_passing_the_task_through_the_simulator():
    for seed in range(60):
        q = least_privilege.generate(seed)
        musts = re.findall(r"must be allowed: (\S+) on (\S+)", q.explanation)
        must_nots = re.findall(r"must be denied:  (\S+) on (\S+)", q.explanation)
        assert musts and must_nots

        assert [_passes(o.text, musts, must_nots) for o in q.options].count(True) == 1, seed
        assert _passes(correct(q).text, musts, must_nots), seed


def test_trust_answers_are_the_only_allowed_callers():
    for seed in SEEDS:
        q = generate.generate("trust", seed)
        right = correct(q)
        assert right.why.startswith("Right."), seed
        assert all("AWS says" in o.why for o in q.options if not o.correct), seed


USER_ARN = re.compile(rf"^arn:aws:iam::{ACCOUNT}:user(/[\w+=,.@-]+)*/[\w+=,.@-]+$")
SESSION_ARN = re.compile(rf"^arn:aws:sts::{ACCOUNT}:assumed-role/[\w+=,.@-]+/[\w+=,.@-]+$")


def test_caller_identity_answer_has_the_documented_shapes():
    """IAM User Guide, "IAM identifiers" and the STS GetCallerIdentity reference: a user is
    AIDA... with its ARN (path included); a role session is AROA...:SESSION with
    arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION (no path); the root user is the account."""
    kinds = Counter()
    for seed in range(60):
        q = caller_identity.generate(seed)
        shown = json.loads(correct(q).text)
        assert list(shown) == ["UserId", "Account", "Arn"] and shown["Account"] == ACCOUNT
        if shown["Arn"].endswith(":root"):
            kinds["root"] += 1
            assert shown == {"UserId": ACCOUNT, "Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:root"}
        elif ":user/" in shown["Arn"]:
            kinds["user"] += 1
            assert USER_ARN.match(shown["Arn"]) and re.fullmatch(r"AIDA[A-Z2-7]{17}", shown["UserId"])
            assert shown["UserId"] in q.prompt and shown["Arn"] in q.prompt
        else:
            kinds["session"] += 1
            assert SESSION_ARN.match(shown["Arn"]), shown
            role, session = shown["Arn"].split("/")[1:]
            assert re.fullmatch(rf"AROA[A-Z2-7]{{17}}:{re.escape(session)}", shown["UserId"])
            assert shown["UserId"].split(":")[0] in q.prompt and session in q.prompt and role in q.prompt
        for o in q.options:
            if not o.correct:
                assert json.loads(o.text) != shown
    assert set(kinds) == {"root", "user", "session"}, kinds


def test_sample_mixes_kinds_and_respects_topics():
    qs = generate.sample(random.Random(1), 10)
    assert {q.id.rsplit("-", 1)[0] for q in qs} == {f"gen-{k}" for k in KINDS}
    only = generate.sample(random.Random(1), 6, {"T29"})
    assert {q.id.rsplit("-", 1)[0] for q in only} == {"gen-caller-identity"}
    assert generate.sample(random.Random(1), 5, {"T02"}) == []
