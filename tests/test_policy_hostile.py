"""Hostile policies (issue 10): random nesting, huge strings, control characters, adversarial
wildcards and variables, in every place a policy and a simulation request can hold them.
Whatever comes, the engine answers with an AWS-shaped error or a result: never a traceback,
never a hang (each example is held to a CPU-time bound, so other work on the machine cannot
make it fail)."""

from __future__ import annotations

import gc
import json
import os
import time

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from sandbox.errors import AwsError
from sandbox.policy import RESOURCE, TRUST, parse_policy, simulate_custom_policy, validate_policy
from sandbox.policy.explain import Explain

# HOSTILE_EXAMPLES=20000 for a long run (the default keeps the suite quick)
SETTINGS = settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "200")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CPU_SECONDS = 2.0  # per example; a hang or a backtracking blow-up takes minutes
CALLER = "arn:aws:iam::123456789012:user/bob"

# -- hostile pieces -------------------------------------------------------------------------------

NASTY = "\x00\x07\x1b\x7f\x9b\r\n\t\u202e\ufeff\u0130*?${}:/\\\"'[]{}, "
units = st.sampled_from(["*a", "a?", "?", "*", "${", "${*}", "${aws:username}", "*?", ":*", "\x1b[", "[", "{",
                         "a" * 7, "İ", "\\", "\""])
repeated = st.builds(lambda unit, n, tail: unit * n + tail, units, st.integers(1, 4000),
                     st.sampled_from(["", "b", "*b", "}", ":", "'"]))
strings = st.one_of(
    st.text(alphabet=NASTY, max_size=40),
    st.text(max_size=30),
    repeated,
    # prefixed so that the policy is valid and the pattern is really matched
    st.builds(str.__add__, st.sampled_from(["s3:", "arn:aws:s3:::", "arn:aws:s3:::b/", "arn:", "home/"]), repeated),
    st.sampled_from(["s3:" + "*a" * 60 + "*b", "arn:aws:s3:::" + "*a" * 60 + "*b", "arn:" + ":*" * 300,
                     "${aws:username, '" + " " * 5000 + "'}", "${" * 3000, "\ud800", "A" * 20000]),
)


def nested(open_: str, close: str):
    return st.integers(1, 3000).map(lambda n: open_ * n + '"x"' + close * n)


# raw JSON text fragments: a hostile string (JSON-escaped), deep nesting, or raw junk
fragments = st.one_of(
    strings.map(json.dumps),
    strings.map(lambda s: json.dumps([s, s])),
    nested("[", "]"),
    nested('{"k": ', "}"),
    strings,  # not JSON at all
    st.sampled_from(["NaN", "-Infinity", "9" * 5000, "1e999999", "null", "true", "{}", "[]", '"\\ud800"']),
)

TEMPLATES = [
    '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": {v}, "Resource": "*"}}]}}',
    '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:*", "Resource": {v}}}]}}',
    '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", "NotAction": {v}, "NotResource": {v}}}]}}',
    '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*", '
    '"Condition": {{"StringLike": {{"aws:username": {v}}}, "ArnLike": {{"aws:SourceArn": {v}}}}}}}]}}',
    '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*", '
    '"Condition": {{"ForAnyValue:StringLike": {{"aws:TagKeys": {v}}}, "NumericLessThan": {{"s3:max-keys": {v}}}}}}}]}}',
    '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*", '
    '"Condition": {{{v}: {{"aws:username": "x"}}}}}}]}}',
    '{{"Version": "2012-10-17", "Statement": [{{"Sid": {v}, "Effect": {v}, "Action": "*", "Resource": "*"}}]}}',
    '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", '
    '"Principal": {{"AWS": {v}, "Service": {v}, "Federated": {v}}}}}]}}',
    '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:*", "Resource": "*", '
    '"Principal": {v}}}]}}',
    '{{"Version": {v}, "Id": {v}, "Statement": {v}}}',
    "{v}",
]


@st.composite
def malformed_documents(draw) -> str:
    """Anything in any place: mostly refused, as IAM would."""
    return draw(st.sampled_from(TEMPLATES)).format(v=draw(fragments))


def _repeat(prefix: str, units_: list[str], max_n: int = 4000, tails=("", "b", "*b", "?")):
    return st.builds(lambda u, n, tail: prefix + u * n + tail, st.sampled_from(units_), st.integers(1, max_n),
                     st.sampled_from(tails))


action_patterns = _repeat("s3:", ["*a", "a?", "?", "*", "*?", "A*", "a"])
resource_patterns = _repeat("arn:aws:s3:::", ["*a", "a?", "?", "*", "*?", ":*", "${aws:username}", "${*}", "/a*"])
arn_patterns = _repeat("arn:", [":*", "*a:", "?", "*a", ":"], 300)


@st.composite
def valid_hostile_documents(draw) -> str:
    """Policies IAM accepts whose patterns are built to make a backtracking matcher hang."""
    statement = {"Effect": draw(st.sampled_from(["Allow", "Deny"])), "Action": draw(action_patterns),
                 "Resource": draw(st.lists(resource_patterns, min_size=1, max_size=3))}
    if draw(st.booleans()):
        statement["Condition"] = {"StringLike": {"aws:username": draw(strings)},
                                  "ArnLike": {"aws:SourceArn": draw(arn_patterns)},
                                  "ForAnyValue:StringLike": {
                                      "aws:TagKeys": draw(st.lists(strings, min_size=1, max_size=3))}}
    return json.dumps({"Version": draw(st.sampled_from(["2012-10-17", "2008-10-17"])), "Statement": [statement]})


hostile_documents = st.one_of(malformed_documents(), valid_hostile_documents())
valid_actions = _repeat("s3:", ["a", "A", "ab"], tails=("", "b"))
request_actions = st.one_of(st.just("s3:GetObject"), valid_actions, valid_actions, strings)
request_values = st.one_of(strings, st.integers(1, 5000).map(lambda n: "a" * n), _repeat("arn:", ["a:", "a"], 2000))


def bounded(fn):
    """Run ``fn``; only AWS-shaped errors may come out, and only within the CPU-time bound.

    Time spent by Python's garbage collector is left out: its pauses depend on everything
    alive in the test process (hypothesis's own records too), not on the input."""
    collecting = [0.0, 0.0]  # start of the current collection, total

    def clock(phase, _info):
        if phase == "start":
            collecting[0] = time.process_time()
        else:
            collecting[1] += time.process_time() - collecting[0]

    gc.callbacks.append(clock)
    start = time.process_time()
    try:
        return fn()
    except AwsError as exc:
        assert isinstance(exc.code, str) and exc.code and isinstance(exc.message, str) and exc.message
        return exc
    finally:
        gc.callbacks.remove(clock)
        assert time.process_time() - start - collecting[1] < CPU_SECONDS


# -- properties -----------------------------------------------------------------------------------

@SETTINGS
@given(text=hostile_documents, kind=st.sampled_from(["identity", RESOURCE, TRUST]))
@example(text='{"Statement": ' + "[" * 100_000, kind="identity")
@example(text='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:' + "*a" * 60 + '*b", '
              '"Resource": "*"}]}', kind="identity")
def test_hostile_documents_parse_or_fail_as_aws_would(text, kind):
    parsed = bounded(lambda: parse_policy(text, kind))
    event("parsed" if not isinstance(parsed, AwsError) else f"refused: {parsed.code}")
    report = bounded(lambda: validate_policy(text, kind))
    assert not isinstance(report, AwsError)  # the editor's validation reports issues, never raises
    assert report.ok == (report.policy is not None)


@SETTINGS
@given(text=hostile_documents, action=request_actions, resource=request_values, value=request_values,
       explain=st.booleans())
@example(text='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:' + "*a" * 60 + '*b", '
              '"Resource": "arn:aws:s3:::' + "*a" * 60 + '*b"}]}',
         action="s3:" + "a" * 3000, resource="arn:aws:s3:::" + "a" * 3000, value="a" * 3000, explain=True)
def test_hostile_simulations_answer_or_fail_as_aws_would(text, action, resource, value, explain):
    request = {"PolicyInputList": [text], "ActionNames": [action],
               "ResourceArns": ["arn:aws:s3:::" + resource, resource, "arn:aws:s3:::b/" + value],
               "ContextEntries": [{"ContextKeyName": "aws:username", "ContextKeyValues": [value],
                                   "ContextKeyType": "string"},
                                  {"ContextKeyName": "aws:SourceArn", "ContextKeyValues": [resource],
                                   "ContextKeyType": "string"},
                                  {"ContextKeyName": "aws:TagKeys", "ContextKeyValues": [value, action],
                                   "ContextKeyType": "stringList"}]}
    result = bounded(lambda: simulate_custom_policy(request, explain=explain))
    event("simulated" if not isinstance(result, AwsError) else f"refused: {result.code}")
    if isinstance(result, AwsError):
        return
    for item in result["EvaluationResults"]:
        assert item["EvalDecision"] in ("allowed", "explicitDeny", "implicitDeny")
        if explain:
            explained = item["Explain"]
            assert isinstance(explained, Explain)
            bounded(explained.render_text)
            json.dumps(explained.to_dict())


@SETTINGS
@given(text=hostile_documents, value=request_values)
def test_hostile_resource_policies_in_the_simulator(text, value):
    request = {"PolicyInputList": ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", '
                                   '"Resource": "*"}]}'],
               "ResourcePolicy": text, "CallerArn": CALLER, "ResourceOwner": "arn:aws:iam::444455556666:root",
               "ActionNames": ["s3:GetObject"], "ResourceArns": ["arn:aws:s3:::" + value]}
    bounded(lambda: simulate_custom_policy(request))
