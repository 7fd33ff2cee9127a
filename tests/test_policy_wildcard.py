"""Wildcard matching (``*`` and ``?``) in actions, resources and StringLike/ArnLike conditions.

The matcher never backtracks: the same answers as a regular expression (the reference
below, which is how the engine matched before and which hangs on ``*a*a*a…*b``), in time
linear in the value. Case rules (IAM User Guide, "IAM JSON policy elements: Action"
— action names are case-insensitive; "Resource" — resource ARNs are case-sensitive;
"Condition operators" — ``StringLike`` and ``ArnLike`` are case-sensitive).
"""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sandbox.policy import simulate_custom_policy
from sandbox.policy.wildcard import ARN, ARN_STRICT, GLOB, GLOB_I, compile_pieces

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- the reference: regular expressions, as the engine built them before ----------------------

def _rx(text: str, is_pattern: bool, star: str, one: str) -> str:
    escaped = re.escape(text)
    return escaped.replace(r"\*", star).replace(r"\?", one) if is_pattern else escaped


def reference(pieces, mode: str, value: str) -> bool:
    if mode in (GLOB, GLOB_I):
        src = "".join(_rx(t, p, ".*", ".") for t, p in pieces)
        return re.match(src + r"\Z", value, re.DOTALL | (re.IGNORECASE if mode == GLOB_I else 0)) is not None
    segments = [[]]
    for text, is_pattern in pieces:
        rest = text
        while len(segments) < 6 and ":" in rest:
            head, rest = rest.split(":", 1)
            segments[-1].append((head, is_pattern))
            segments.append([])
        segments[-1].append((rest, is_pattern))
    out = []
    for i, seg in enumerate(segments):
        if i == len(segments) - 1:
            out.append("".join(_rx(t, p, ".*", ".") for t, p in seg))
        else:
            src = "".join(_rx(t, p, "[^:]*", "[^:]") for t, p in seg)
            out.append(src if mode == ARN_STRICT else f"(?i:{src})")
    return re.match(":".join(out) + r"\Z", value, re.DOTALL) is not None


# small alphabets, so that matches are frequent and every branch is reached
pattern_text = st.text(alphabet="ab*?:/A", max_size=12)
value_text = st.text(alphabet="abAB:/?*", max_size=14)
pieces = st.lists(st.tuples(pattern_text, st.booleans()), min_size=1, max_size=3).map(tuple)


@SETTINGS
@given(pieces=pieces, value=value_text, mode=st.sampled_from([GLOB, GLOB_I, ARN, ARN_STRICT]))
@example(pieces=(("a*b", True),), value="ab", mode=GLOB)
@example(pieces=(("*a?", True),), value="aab", mode=GLOB)
@example(pieces=(("a:*:b", True),), value="A:x:b", mode=ARN)
@example(pieces=(("a:*:b", True),), value="A:x:b", mode=ARN_STRICT)
@example(pieces=(("a:", True), ("*", False), (":b*", True)), value="a:*:bb", mode=ARN)
@example(pieces=(("??*?", True),), value="ab", mode=GLOB)
@example(pieces=(("*?a*", True),), value="Aa", mode=GLOB_I)
def test_matches_exactly_what_the_regular_expression_matched(pieces, value, mode):
    assert compile_pieces(pieces, mode).match(value) == reference(pieces, mode, value)


def test_case_rules():
    action = compile_pieces((("s3:get*", True),), GLOB_I)
    assert action.match("S3:GetObject") and action.match("s3:getobject")
    arn = compile_pieces((("arn:AWS:S3:::Bucket/*", True),), ARN)
    assert arn.match("arn:aws:s3:::Bucket/key")  # the head (arn, partition, service…) ignores case
    assert not arn.match("arn:aws:s3:::bucket/key")  # the resource part does not
    strict = compile_pieces((("arn:AWS:sns:*:*:topic", True),), ARN_STRICT)
    assert not strict.match("arn:aws:sns:us-east-1:111122223333:topic")  # ArnLike: every part
    like = compile_pieces((("home/*", True),), GLOB)
    assert not like.match("HOME/x")  # StringLike is case-sensitive


def test_question_mark_is_exactly_one_character_even_for_letters_that_grow_when_lower_cased():
    # "İ".lower() is two characters; folding one character at a time keeps "?" meaning one
    assert compile_pieces((("s3:?", True),), GLOB_I).match("S3:İ")
    assert not compile_pieces((("s3:??", True),), GLOB_I).match("S3:İ")


def test_text_from_a_variable_is_literal():
    literal_star = compile_pieces((("arn:aws:s3:::b/", True), ("*", False)), ARN)
    assert literal_star.match("arn:aws:s3:::b/*")
    assert not literal_star.match("arn:aws:s3:::b/x")


def test_a_wildcard_head_segment_never_spans_a_colon():
    m = compile_pieces((("arn:aws:*:*:*:x*", True),), ARN)
    assert m.match("arn:aws:s3:us-east-1:1:xyz")
    assert not m.match("arn:aws:s3:1:xyz")  # too few segments
    assert m.match("arn:aws:s3:r:1:x:y:z")  # the resource part spans colons


# -- no backtracking: hostile patterns cost what plain ones do -------------------------------------

def _best_of_three(fn) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


HOSTILE = [
    # pattern, value, mode: each about 10 KB, each hopeless for a backtracking matcher
    ("*a" * 5000 + "*b", "a" * 10000, GLOB),
    ("*a" * 4990 + "*c*b", "a" * 10000 + "b", GLOB),  # every segment found, then one scan for the c
    ("*" + "a" * 5000 + "b*" + "a" * 4000, "a" * 10000, GLOB),
    ("*" + "a?" * 4600 + "b*", "a" * 10000, GLOB),
    ("*" + "?" * 4500 + "B*" + "?" * 4500, "a" * 10000, GLOB_I),
    ("s3:" + "*A" * 5000 + "*B", "s3:" + "a" * 10000, GLOB_I),
    ("arn:aws:s3:::" + "*a" * 5000 + "*b", "arn:aws:s3:::" + "a" * 10000, ARN),
    ("arn:" + "*a" * 2500 + ":x:y:z:" + "*a" * 2500 + "*b", "arn:" + "a" * 5000 + ":x:y:z:" + "a" * 5000, ARN_STRICT),
]


@pytest.mark.parametrize("pattern,value,mode", HOSTILE, ids=[f"hostile-{i}" for i in range(len(HOSTILE))])
def test_a_10_kb_hostile_pattern_and_value_match_in_well_under_a_tenth_of_a_second(pattern, value, mode):
    assert len(pattern) >= 9_000 and len(value) >= 9_000

    def run():
        assert compile_pieces(((pattern, True),), mode).match(value) is False

    assert _best_of_three(run) < 0.1


def test_the_hostile_policy_that_hung_the_simulator_answers_at_once():
    # issue 10: a 128-byte policy of this shape hung simulate-custom-policy for over 20 s
    action = "s3:" + "*a" * 60 + "*b"
    pattern = "*a" * 60 + "*b"
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"},
                                                               {"Effect": "Allow", "Action": "s3:List*",
                                                                "Resource": "arn:aws:s3:::" + pattern,
                                                                "Condition": {"StringLike": {"s3:prefix": pattern}}}]})
    request = {"PolicyInputList": [policy], "ActionNames": ["s3:" + "a" * 200, "s3:ListBucket"],
               "ResourceArns": ["arn:aws:s3:::" + "a" * 200],
               "ContextEntries": [{"ContextKeyName": "s3:prefix", "ContextKeyValues": ["a" * 200],
                                   "ContextKeyType": "string"}]}
    elapsed = _best_of_three(lambda: simulate_custom_policy(request))
    result = simulate_custom_policy(request)
    assert [r["EvalDecision"] for r in result["EvaluationResults"]] == ["implicitDeny", "implicitDeny"]
    assert elapsed < 0.1
    # and the same shapes do match when the value ends in b
    request["ActionNames"] = ["s3:" + "a" * 200 + "b"]
    assert simulate_custom_policy(request)["EvaluationResults"][0]["EvalDecision"] == "allowed"
