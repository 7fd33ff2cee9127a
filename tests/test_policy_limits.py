"""Huge and deeply nested policies are refused cheaply, with AWS-shaped errors; parsed
policies are cached by text, shared, and cannot be changed by anyone who holds one.

IAM counts a policy's size in characters other than white space and checks it before it
reads the document (IAM User Guide, "IAM and AWS STS quotas": "IAM doesn't count white
space when calculating the size of a policy"); its APIs take documents of at most 131,072
characters (IAM API Reference, CreatePolicy / SimulateCustomPolicy: "Maximum length of
131072").
"""

from __future__ import annotations

import json
import sys

import pytest

from sandbox.errors import AwsError
from sandbox.policy import (
    IDENTITY,
    RESOURCE,
    MalformedPolicy,
    PolicyRef,
    check_policy,
    parse_policy,
    simulate_custom_policy,
    validate_policy,
)
from sandbox.policy.cache import LruCache
from sandbox.policy.document import MAX_DEPTH, MAX_DOCUMENT_LENGTH
from sandbox.services import principals
from sandboxhelp import allow, doc

# a document of about 10 MB that is not even JSON: only a size check can answer at once
GARBAGE = '{"Version": "2012-10-17", "Statement": [' + "x" * 10_000_000


# -- size first, in the services -----------------------------------------------------------------

def test_a_10_mb_document_is_refused_for_its_size_before_it_is_read(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    path = sb.file("big.json", GARBAGE)
    # LimitExceeded, not MalformedPolicyDocument: the size was checked first
    assert sb.fails("LimitExceeded", "PutUserPolicy", "iam", "put-user-policy", "--user-name", "bob",
                    "--policy-name", "P", "--policy-document", path) == \
        "Maximum policy size of 2048 bytes exceeded for user bob"
    assert sb.fails("LimitExceeded", "CreatePolicy", "iam", "create-policy", "--policy-name", "P",
                    "--policy-document", path) == "Cannot exceed quota for PolicySize: 6144"
    assert sb.fails("LimitExceeded", "CreateRole", "iam", "create-role", "--role-name", "R",
                    "--assume-role-policy-document", path) == "Cannot exceed quota for ACLSizePerRole: 2048"


def test_an_oversized_session_policy_is_too_large_before_it_is_read(sb):
    role = sb.ok("iam", "create-role", "--role-name", "R", "--assume-role-policy-document",
                 doc({"Effect": "Allow", "Principal": {"AWS": sb.account}, "Action": "sts:AssumeRole"}))["Role"]
    sb.ok("iam", "put-role-policy", "--role-name", "R", "--policy-name", "P", "--policy-document", doc(allow()))
    assert sb.fails("PackedPolicyTooLarge", "AssumeRole", "sts", "assume-role", "--role-arn", role["Arn"],
                    "--role-session-name", "sess", "--policy", sb.file("big.json", GARBAGE)) == \
        "Packed policy consumes more than 100% of the allotted space."


def test_size_counts_only_non_white_space_and_a_document_within_it_is_still_checked(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    padded = "{" + " " * 50_000 + '"Statement": []}'  # small once white space is left out
    assert sb.fails("MalformedPolicyDocument", "PutUserPolicy", "iam", "put-user-policy", "--user-name", "bob",
                    "--policy-name", "P", "--policy-document", padded).startswith("Syntax errors in policy.")


# -- bounds of the engine's own parser ------------------------------------------------------------

def test_a_document_larger_than_any_policy_is_refused_unread():
    with pytest.raises(AwsError) as err:
        parse_policy(GARBAGE)
    assert (err.value.code, err.value.message) == (
        "LimitExceeded", "The policy document has 10,000,037 characters other than white space (10,000,040 in all); "
                         "no IAM policy can have more than 131,072.")
    policy, issues = check_policy(GARBAGE)  # the editor gets it as an issue, not an exception
    assert policy is None and "131,072" in issues[0].message
    assert not validate_policy(GARBAGE).ok
    with pytest.raises(AwsError) as err:  # white space does not count, but the whole text is bounded too
        parse_policy(doc(allow()) + " " * (8 * MAX_DOCUMENT_LENGTH))
    assert err.value.code == "LimitExceeded"


def test_pretty_printed_text_longer_than_the_api_limit_still_parses():
    # AWS managed policies reach the engine pretty-printed, never through an API
    text = json.dumps({"Version": "2012-10-17", "Statement": [allow(f"s3:Get{i}", f"arn:aws:s3:::b{i}/*")
                                                              for i in range(1500)]}, indent=8)
    assert len(text) > MAX_DOCUMENT_LENGTH
    assert len(parse_policy(text).statements) == 1500


def test_every_aws_managed_policy_in_the_catalogue_parses():
    from sandbox.services import managed_catalog

    for arn, policy in managed_catalog.catalogue().items():
        assert principals.parsed(policy["DocumentText"]).statements, arn


def test_the_simulator_names_the_member_that_is_too_long():
    good = doc(allow("s3:GetObject"))
    with pytest.raises(AwsError) as err:
        simulate_custom_policy({"PolicyInputList": [good, GARBAGE], "ActionNames": ["s3:GetObject"]})
    assert (err.value.code, err.value.message) == (
        "ValidationError", "1 validation error detected: Value at 'policyInputList' failed to satisfy constraint: "
                           "Member must satisfy constraint: [Member must have length less than or equal to 131072]")
    with pytest.raises(AwsError) as err:
        simulate_custom_policy({"PolicyInputList": [good], "ActionNames": ["s3:GetObject"], "ResourcePolicy": GARBAGE,
                                "CallerArn": "arn:aws:iam::123456789012:user/bob"})
    assert "'resourcePolicy'" in err.value.message


@pytest.mark.parametrize("text", [
    "[" * 100_000,
    "[" * 60_000 + "]" * 60_000,
    '{"Version": "2012-10-17", "Statement": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}",
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": {"AWS": '
    + "[" * 900 + "]" * 900 + "}}]}",
], ids=["unclosed", "closed", "objects", "principal-900-deep"])
def test_deep_nesting_is_malformed_never_a_recursion_error(text):
    with pytest.raises(MalformedPolicy) as err:
        parse_policy(text, RESOURCE)
    assert err.value.code == "MalformedPolicyDocument"
    assert err.value.message.startswith("Syntax errors in policy.")


def test_nesting_within_the_bound_gives_the_precise_error():
    value = "[" * (MAX_DEPTH - 8) + '"x"' + "]" * (MAX_DEPTH - 8)
    text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ' + value + ', "Resource": "*"}]}'
    with pytest.raises(MalformedPolicy) as err:
        parse_policy(text)
    assert err.value.message == "Syntax errors in policy. Action must be a string or a list of strings."
    assert err.value.line == 1


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = doc(allow("s3:GetObject", "arn:aws:s3:::b/" + "[{" * 200))
    assert parse_policy(text).statements[0].resource_texts == ("arn:aws:s3:::b/" + "[{" * 200,)


def test_a_deeply_nested_object_document_is_malformed(monkeypatch):
    deep: dict = {}
    for _ in range(sys.getrecursionlimit() + 50):
        deep = {"a": deep}
    with pytest.raises(MalformedPolicy):
        parse_policy(deep)


def test_huge_numbers_are_malformed_not_a_crash():
    with pytest.raises(MalformedPolicy):
        parse_policy('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", '
                     '"Condition": {"NumericLessThan": {"s3:max-keys": ' + "9" * 5000 + "}}}]}")


def test_long_values_are_cut_short_in_messages():
    text = json.dumps({"Statement": [{"Effect": ["x" * 5000], "Action": "*", "Resource": "*"}]})
    with pytest.raises(MalformedPolicy) as err:
        parse_policy(text)
    assert len(err.value.message) < 400 and err.value.message.endswith("….")


# -- the cache ------------------------------------------------------------------------------------

def test_each_text_is_parsed_once_and_shared():
    text = doc(allow("s3:GetObject", "arn:aws:s3:::cache-test/*"))
    first = parse_policy(text)
    assert parse_policy(text) is first
    assert parse_policy(text, IDENTITY) is first
    # the gateway's policies come from the same cache
    assert principals.parsed(text) is first
    # a different grammar is a different entry
    with pytest.raises(MalformedPolicy):
        parse_policy(text, RESOURCE)  # a resource policy needs a Principal


def test_a_parsed_policy_cannot_be_changed_by_whoever_holds_it():
    policy = parse_policy(doc(allow(["s3:GetObject", "s3:List*"], "arn:aws:s3:::b/*",
                                    Condition={"StringLike": {"s3:prefix": ["home/*"]}})))
    st = policy.statements[0]
    for attempt in (
        lambda: setattr(policy, "statements", ()),
        lambda: setattr(st, "allow", False),
        lambda: setattr(st, "actions", ("*",)),
        lambda: setattr(st.conditions[0], "values", ("*",)),
        lambda: delattr(st, "effect"),
        lambda: setattr(st.resources[0].matcher, "match", lambda v: True),
    ):
        with pytest.raises(AttributeError):
            attempt()
    for attempt in (
        lambda: policy.statements.append(st),  # tuples
        lambda: st.actions.append("*"),
        lambda: st.action_exact.add("*"),  # frozensets
    ):
        with pytest.raises(AttributeError):
            attempt()
    policy.document["Statement"][0]["Effect"] = "Deny"  # the data is a copy for each caller
    assert policy.document["Statement"][0]["Effect"] == "Allow"
    assert parse_policy(policy.text).statements[0].allow


def test_a_trust_policy_principal_block_is_read_only():
    policy = parse_policy(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}),
        "trust")
    block = policy.statements[0].principal
    assert block.accounts == {"123456789012"}
    with pytest.raises(AttributeError):
        block.accounts.add("444455556666")
    with pytest.raises(AttributeError):
        block.any = True


def test_positions_returned_to_one_caller_do_not_leak_into_the_next():
    text = doc(allow("s3:GetObject"))
    request = {"PolicyInputList": [text], "ActionNames": ["s3:GetObject"]}
    first = simulate_custom_policy(request)
    first["EvaluationResults"][0]["MatchedStatements"][0]["StartPosition"]["Line"] = 99
    second = simulate_custom_policy(request)
    assert second["EvaluationResults"][0]["MatchedStatements"][0]["StartPosition"]["Line"] == 1


def test_explained_and_plain_evaluations_of_a_shared_policy_agree():
    from sandbox.policy import Authorization, Principal, RequestContext, evaluate

    policy = parse_policy(doc(allow("s3:GetObject", "arn:aws:s3:::b/${aws:username}/*")))
    bob = Principal("arn:aws:iam::123456789012:user/bob", "user", "123456789012")
    for user, want in (("bob", "allowed"), ("eve", "implicitDeny"), ("bob", "allowed")):
        auth = Authorization(bob, "s3:GetObject", "arn:aws:s3:::b/bob/k", RequestContext.from_mapping(
            {"aws:username": user}), identity=[PolicyRef(policy, "p")])
        assert evaluate(auth, explain=True).decision == evaluate(auth).decision == want


def test_the_cache_is_bounded_in_entries_and_in_characters():
    cache: LruCache[str] = LruCache(max_entries=3, max_chars=800)
    built = []

    def build(text, kind):
        built.append(text)
        return text.upper()

    for t in ("a", "b", "c", "a", "d"):  # "a" used again, so "b" is the least recently used
        cache.get_or_build("identity", t, build)
    assert built == ["a", "b", "c", "d"] and len(cache) == 3
    cache.get_or_build("identity", "b", build)
    assert built[-1] == "b"  # it had been evicted
    cache.get_or_build("identity", "x" * 90, build)
    cache.get_or_build("identity", "y" * 90, build)
    assert len(cache) <= 3
    cache.get_or_build("identity", "z" * 101, build)  # over an eighth of the budget: built, never kept
    cache.get_or_build("identity", "z" * 101, build)
    assert built[-2:] == ["z" * 101, "z" * 101]
    assert cache.get_or_build("resource", "a", build) == "A" and built[-1] == "a"  # grammar is part of the key


def test_a_failed_parse_is_not_cached():
    text = '{"Statement": ['
    for _ in range(2):
        with pytest.raises(MalformedPolicy) as err:
            parse_policy(text)
        assert err.value.line == 1
