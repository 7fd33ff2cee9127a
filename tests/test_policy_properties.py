"""Property tests: whatever document or text the engine is given, it either parses it or
raises IAM's ``MalformedPolicyDocument``; a parsed policy always evaluates to one of the
three decisions; and the fast path and the explained path always agree."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sandbox.errors import AwsError
from sandbox.policy import (
    IDENTITY,
    RESOURCE,
    TRUST,
    Authorization,
    PolicyRef,
    Principal,
    RequestContext,
    evaluate,
    parse_policy,
    validate_policy,
)

KINDS = (IDENTITY, RESOURCE, TRUST)
DECISIONS = {"allowed", "explicitDeny", "implicitDeny"}
ACCOUNT = "111122223333"
OTHER = "444455556666"

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- strategies -----------------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=25,
)

ACTIONS = ["*", "s3:*", "s3:GetObject", "S3:get*", "iam:*AccessKey*", "ec2:Run?nstances", "sts:AssumeRole", "bad",
           "s3:", ":x", "a b:c"]
RESOURCES = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/*", "arn:aws:iam::*:user/${*}", "arn:aws:s3:::B",
             "arn:aws:ec2:*:111122223333:instance/*", "arn:", "not-an-arn", "arn:aws:s3:::${aws:PrincipalTag/t, 'x'}",
             "arn:aws:s3:::${", "arn:aws:s3:::$}{"]
PRINCIPALS = ["*", {"AWS": "*"}, {"AWS": ACCOUNT}, {"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"},
              {"AWS": [f"arn:aws:iam::{ACCOUNT}:root", f"arn:aws:iam::{ACCOUNT}:role/app"]},
              {"Service": "ec2.amazonaws.com"}, {"Federated": "accounts.google.com"}, {"CanonicalUser": "abc"},
              {"AWS": "nonsense"}, {"Bogus": "x"}, {}, []]
OPERATORS = ["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringLike", "StringNotLike",
             "NumericLessThan", "NumericNotEquals", "DateGreaterThan", "DateNotEquals", "Bool", "BinaryEquals",
             "IpAddress", "NotIpAddress", "ArnLike", "ArnNotEquals", "Null", "NullIfExists", "StringLikeIfExists",
             "ForAnyValue:StringEquals", "ForAllValues:StringLike", "ForAllValues:StringNotEquals", "Foo:StringEquals",
             "Bogus"]
KEYS = ["aws:username", "aws:SourceIp", "aws:CurrentTime", "aws:TagKeys", "aws:PrincipalTag/team", "s3:max-keys",
        "AWS:SourceIP", "nokey", "aws:SecureTransport", "aws:SourceArn"]
COND_VALUES = st.one_of(
    st.sampled_from(["true", "false", "10", "2.5", "2020-01-01T00:00:00Z", "1577836800", "203.0.113.0/24",
                     "2001:db8::/32", "QmluYXJ5", "arn:aws:sns:*:111122223333:*", "${aws:username}", "home/*", "",
                     "${aws:PrincipalTag/team, 'none'}", "${*}", "bad/cidr/99"]),
    st.text(max_size=8), st.integers(), st.booleans(),
)

conditions = st.dictionaries(
    st.sampled_from(OPERATORS) | st.text(max_size=6),
    st.one_of(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6),
                              COND_VALUES | st.lists(COND_VALUES, max_size=3) | json_values, max_size=3),
              json_values),
    max_size=3,
)


def _one_or_list(values):
    return st.one_of(st.sampled_from(values), st.lists(st.sampled_from(values), max_size=3))


statement_fields = {
    "Sid": st.one_of(st.text(max_size=6), st.integers()),
    "Effect": st.sampled_from(["Allow", "Deny", "allow", "", None]),
    "Action": _one_or_list(ACTIONS) | json_values,
    "NotAction": _one_or_list(ACTIONS),
    "Resource": _one_or_list(RESOURCES) | json_values,
    "NotResource": _one_or_list(RESOURCES),
    "Principal": st.sampled_from(PRINCIPALS) | json_values,
    "NotPrincipal": st.sampled_from(PRINCIPALS),
    "Condition": conditions | json_values,
}


@st.composite
def statements(draw):
    keys = draw(st.lists(st.sampled_from(sorted(statement_fields)), unique=True, max_size=len(statement_fields)))
    out = {k: draw(statement_fields[k]) for k in keys}
    if draw(st.booleans()):
        out.update(draw(st.dictionaries(st.text(max_size=6), json_values, max_size=1)))
    return out


@st.composite
def policy_like(draw):
    doc = {}
    if draw(st.booleans()):
        doc["Version"] = draw(st.sampled_from(["2012-10-17", "2008-10-17", "2012-10-18", ""]) | json_values)
    if draw(st.integers(0, 9)) > 0:
        doc["Statement"] = draw(st.one_of(statements(), st.lists(statements(), max_size=4), json_values))
    if draw(st.integers(0, 5)) == 0:
        doc["Id"] = draw(json_values)
    if draw(st.integers(0, 7)) == 0:
        doc[draw(st.text(max_size=6))] = draw(json_values)
    return doc


documents = st.one_of(json_values, policy_like())

# Well-formed policies of each kind, so that evaluation is exercised on many parsed policies.
@st.composite
def good_statement(draw, kind):
    st_ = {"Effect": draw(st.sampled_from(["Allow", "Deny"]))}
    st_["NotAction" if draw(st.integers(0, 4)) == 0 else "Action"] = draw(
        _one_or_list(["*", "s3:*", "s3:GetObject", "s3:Get*", "iam:*", "sts:AssumeRole", "ec2:Run?nstances"])
        .filter(lambda v: v != []))
    if kind != TRUST:
        st_["NotResource" if draw(st.integers(0, 4)) == 0 else "Resource"] = draw(
            _one_or_list(["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/*", "arn:aws:iam::*:user/${*}",
                          "arn:aws:s3:::${aws:PrincipalTag/t, 'x'}", "arn:aws:ec2:*:111122223333:instance/*"])
            .filter(lambda v: v != []))
    if kind != IDENTITY:
        st_["NotPrincipal" if draw(st.integers(0, 5)) == 0 else "Principal"] = draw(st.sampled_from(PRINCIPALS[:8]))
    if draw(st.booleans()):
        st_["Condition"] = {
            draw(st.sampled_from([o for o in OPERATORS if o not in ("NullIfExists", "Foo:StringEquals", "Bogus")])):
                {draw(st.sampled_from(KEYS[:7] + KEYS[8:])):
                 draw(COND_VALUES | st.lists(COND_VALUES, min_size=1, max_size=3))}
        }
    return st_


@st.composite
def good_policy(draw):
    kind = draw(st.sampled_from(KINDS))
    body = {"Statement": draw(st.lists(good_statement(kind), min_size=1, max_size=3))}
    version = draw(st.sampled_from(["2012-10-17", "2008-10-17", None]))
    if version:
        body["Version"] = version
    return kind, json.dumps(body)


ctx_values = st.one_of(
    st.sampled_from(["bob", "blue", "10", "203.0.113.9", "2001:db8::1", "2020-06-01T00:00:00Z", "true", "",
                     "arn:aws:sns:us-east-1:111122223333:t", "QmluYXJ5", "home/x", "*"]),
    st.text(max_size=8), st.integers(-5, 5), st.booleans(),
    st.lists(st.sampled_from(["env", "team", "bob", "10", ""]), max_size=3),
)
contexts = st.dictionaries(st.sampled_from(KEYS) | st.text(min_size=1, max_size=8), ctx_values, max_size=4)

BOB = Principal(f"arn:aws:iam::{ACCOUNT}:user/bob", "user", ACCOUNT, "AIDAEXAMPLEUSERID01")
principals = st.sampled_from([
    BOB,
    Principal(f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s", "assumed-role", ACCOUNT, "AROAEXAMPLEROLEID001:s",
              role_arn=f"arn:aws:iam::{ACCOUNT}:role/app", role_id="AROAEXAMPLEROLEID001"),
    Principal(f"arn:aws:iam::{ACCOUNT}:root", "root", ACCOUNT, ACCOUNT),
    Principal("ec2.amazonaws.com", "service", None, service="ec2.amazonaws.com"),
    Principal(f"arn:aws:iam::{OTHER}:user/eve", "user", OTHER, "AIDAEXAMPLEUSERID02"),
])
req_actions = st.sampled_from(["s3:GetObject", "S3:PutObject", "iam:CreateAccessKey", "sts:AssumeRole",
                               "ec2:RunInstances", "x:y"]) | st.text(max_size=10)
req_resources = st.sampled_from(["*", "arn:aws:s3:::b/x", "arn:aws:s3:::b/bob/k", "arn:aws:s3:::x",
                                 f"arn:aws:iam::{ACCOUNT}:user/*", f"arn:aws:iam::{ACCOUNT}:role/r",
                                 f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-1", ""]) | st.text(max_size=12)


# -- helpers --------------------------------------------------------------------------------

def parse_or_error(document, kind):
    """The parsed policy, or None after checking the error is IAM's MalformedPolicyDocument."""
    try:
        return parse_policy(document, kind)
    except AwsError as exc:
        assert exc.code == "MalformedPolicyDocument"
        assert isinstance(exc.message, str) and exc.message
        return None


def check_validate(document, kind, parsed):
    try:
        report = validate_policy(document, kind)
    except AwsError as exc:
        assert exc.code == "MalformedPolicyDocument"
        assert parsed is None
        return
    assert report.ok == (parsed is not None)
    if report.ok:
        assert report.policy is not None
    else:
        assert report.errors


def decide_all(policy, principal, action, resource, context, resource_account):
    ref = PolicyRef(policy, "p.1", None, "p.1")
    ctx = RequestContext.from_mapping(context)
    variants = []
    if policy.kind == IDENTITY:
        variants += [dict(identity=[ref]), dict(identity=[], boundary=[ref]), dict(identity=[ref], session=[ref]),
                     dict(identity=[ref], scps=[[ref]])]
    else:
        variants.append(dict(identity=[], resource_policy=ref, resource_account=resource_account))
    for kw in variants:
        auth = Authorization(principal=principal, action=action, resource=resource, context=ctx, **kw)
        fast = evaluate(auth)
        slow = evaluate(auth, explain=True)
        assert fast.decision in DECISIONS
        assert fast.decision == slow.decision
        assert slow.explain is not None and slow.explain.decision == fast.decision
        assert fast.message == slow.message


# -- properties -----------------------------------------------------------------------------

@SETTINGS
@given(document=documents, kind=st.sampled_from(KINDS))
@example(document={"Statement": []}, kind=IDENTITY)
@example(document={"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": [], "Resource": []}},
         kind=RESOURCE)
@example(document=[], kind=TRUST)
@example(document=None, kind=IDENTITY)
def test_any_json_value_parses_or_is_malformed(document, kind):
    parsed = parse_or_error(document, kind)
    check_validate(document, kind, parsed)
    text = json.dumps(document)
    parsed_text = parse_or_error(text, kind)
    check_validate(text, kind, parsed_text)
    assert (parsed is None) == (parsed_text is None) or not isinstance(document, dict)


@SETTINGS
@given(text=st.text(max_size=200), kind=st.sampled_from(KINDS))
@example(text="", kind=IDENTITY)
@example(text="{", kind=IDENTITY)
@example(text='{"Statement": [' * 3, kind=RESOURCE)
@example(text="\ufeff{}", kind=TRUST)
@example(text='{"Version": "2012-10-17", "Statement": NaN}', kind=IDENTITY)
def test_any_text_parses_or_is_malformed(text, kind):
    parsed = parse_or_error(text, kind)
    check_validate(text, kind, parsed)


@SETTINGS
@given(text=st.text(alphabet='{}[]":, \n\tab01-*$', max_size=120), kind=st.sampled_from(KINDS))
def test_json_shaped_text_parses_or_is_malformed(text, kind):
    parsed = parse_or_error(text, kind)
    check_validate(text, kind, parsed)


@SETTINGS
@given(document=policy_like(), kind=st.sampled_from(KINDS), principal=principals, action=req_actions,
       resource=req_resources, context=contexts, resource_account=st.sampled_from([None, ACCOUNT, OTHER]))
def test_parsed_policy_like_documents_always_decide(document, kind, principal, action, resource, context,
                                                    resource_account):
    parsed = parse_or_error(json.dumps(document), kind)
    if parsed is not None:
        decide_all(parsed, principal, action, resource, context, resource_account)


@SETTINGS
@given(policy=good_policy(), principal=principals, action=req_actions, resource=req_resources, context=contexts,
       resource_account=st.sampled_from([None, ACCOUNT, OTHER]))
# Found by this test: a Resource list whose variable has no value, followed by a plain pattern,
# crashed the explained path (AttributeError in Statement.resource_matches).
@example(policy=(IDENTITY, json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::b/${aws:username}/*", "*"]}]})),
    principal=BOB, action="s3:GetObject", resource="arn:aws:s3:::b/x", context={}, resource_account=None)
def test_well_formed_policies_always_decide_and_paths_agree(policy, principal, action, resource, context,
                                                            resource_account):
    kind, text = policy
    parsed = parse_or_error(text, kind)
    if parsed is not None:
        decide_all(parsed, principal, action, resource, context, resource_account)


def test_deeply_nested_document_is_malformed_not_a_crash():
    # An unknown top-level field holding a deeply nested value: IAM refuses the document;
    # locating the error must not blow the stack.
    text = '{"Bogus": ' + "[" * 600 + "]" * 600 + ', "Statement": []}'
    for kind in KINDS:
        assert parse_or_error(text, kind) is None
        check_validate(text, kind, None)


@SETTINGS
@given(policy=good_policy(), context=contexts)
def test_each_condition_gives_the_same_answer_on_the_fast_and_the_explained_path(policy, context):
    kind, text = policy
    parsed = parse_or_error(text, kind)
    if parsed is None:
        return
    ctx = RequestContext.from_mapping(context)
    for statement in parsed.statements:
        for cond in statement.conditions:
            assert cond.holds(ctx) == cond.evaluate(ctx) == cond.evaluate(ctx, [])
