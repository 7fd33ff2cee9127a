"""Table-driven cases for the policy engine, each taken from AWS's documented semantics.

Pages cited are in the IAM User Guide (docs.aws.amazon.com/IAM/latest/UserGuide/<page>).
Every case asserts the decision: "allowed", "explicitDeny" or "implicitDeny".
"""

from __future__ import annotations

import pytest

from policyhelp import ACCOUNT, OTHER, allow, decide, deny, doc, root, service, session, user, verdict

A = "allowed"
E = "explicitDeny"
I = "implicitDeny"  # noqa: E741

OBJ = "arn:aws:s3:::b/x"
BOB = f"arn:aws:iam::{ACCOUNT}:user/bob"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/sess"
ACCOUNT_ROOT = f"arn:aws:iam::{ACCOUNT}:root"
OTHER_BOB = f"arn:aws:iam::{OTHER}:user/bob"
OTHER_ROOT = f"arn:aws:iam::{OTHER}:root"

ALLOW_ALL = doc(allow())
ALLOW_S3 = doc(allow("s3:*"))


def rp(*statements):
    """A resource-based policy (Principal required)."""
    return doc(*statements)


def grant(principal, action="s3:*", resource="*", effect="Allow", **extra):
    st = {"Effect": effect, "Principal": principal, "Action": action, "Resource": resource}
    st.update(extra)
    return st


def trust(principal, effect="Allow", action="sts:AssumeRole", **extra):
    st = {"Effect": effect, "Principal": principal, "Action": action}
    st.update(extra)
    return st


# ---------------------------------------------------------------------------------------
# Condition operators (reference_policies_elements_condition_operators.html)
# Each case: condition block of an Allow statement, request context, expected decision.
# "missing" cases: a key absent from the request makes the condition false, except for the
# negated operators, which are true.
# ---------------------------------------------------------------------------------------

T = "aws:PrincipalTag/team"
MK = "s3:max-keys"
NOW = "aws:CurrentTime"
EPOCH = "aws:EpochTime"
IP = "aws:SourceIp"
SRC = "aws:SourceArn"
BIN = "custom:binkey"
B64 = "QmluYXJ5VmFsdWVJbkJhc2U2NA=="  # the page's own example value
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:topic"
D0 = "2020-01-01T00:00:00Z"

CONDITION_CASES = [
    # String
    pytest.param({"StringEquals": {T: "blue"}}, {T: "blue"}, A, id="StringEquals-match"),
    pytest.param({"StringEquals": {T: "blue"}}, {T: "red"}, I, id="StringEquals-nomatch"),
    pytest.param({"StringEquals": {T: "blue"}}, {T: "Blue"}, I, id="StringEquals-case-sensitive"),
    pytest.param({"StringEquals": {T: "blue"}}, {}, I, id="StringEquals-missing"),
    pytest.param({"StringNotEquals": {T: "blue"}}, {T: "red"}, A, id="StringNotEquals-match"),
    pytest.param({"StringNotEquals": {T: "blue"}}, {T: "blue"}, I, id="StringNotEquals-nomatch"),
    pytest.param({"StringNotEquals": {T: "blue"}}, {}, A, id="StringNotEquals-missing-true"),
    pytest.param({"StringEqualsIgnoreCase": {T: "blue"}}, {T: "BLUE"}, A, id="StringEqualsIgnoreCase-match"),
    pytest.param({"StringEqualsIgnoreCase": {T: "blue"}}, {T: "red"}, I, id="StringEqualsIgnoreCase-nomatch"),
    pytest.param({"StringEqualsIgnoreCase": {T: "blue"}}, {}, I, id="StringEqualsIgnoreCase-missing"),
    pytest.param({"StringNotEqualsIgnoreCase": {T: "blue"}}, {T: "red"}, A, id="StringNotEqualsIgnoreCase-match"),
    pytest.param({"StringNotEqualsIgnoreCase": {T: "blue"}}, {T: "BLUE"}, I, id="StringNotEqualsIgnoreCase-nomatch"),
    pytest.param({"StringNotEqualsIgnoreCase": {T: "blue"}}, {}, A, id="StringNotEqualsIgnoreCase-missing-true"),
    pytest.param({"StringEquals": {"s3:prefix": "home/*"}}, {"s3:prefix": "home/x"}, I, id="StringEquals-star-is-literal"),
    pytest.param({"StringLike": {"s3:prefix": "home/*"}}, {"s3:prefix": "home/bob/x"}, A, id="StringLike-star"),
    pytest.param({"StringLike": {"s3:prefix": "file?.txt"}}, {"s3:prefix": "file1.txt"}, A, id="StringLike-question"),
    pytest.param({"StringLike": {"s3:prefix": "file?.txt"}}, {"s3:prefix": "file12.txt"}, I, id="StringLike-question-one-char"),
    pytest.param({"StringLike": {"s3:prefix": "home/*"}}, {"s3:prefix": "tmp/x"}, I, id="StringLike-nomatch"),
    pytest.param({"StringLike": {"s3:prefix": "home/*"}}, {"s3:prefix": "Home/x"}, I, id="StringLike-case-sensitive"),
    pytest.param({"StringLike": {"s3:prefix": "home/*"}}, {}, I, id="StringLike-missing"),
    pytest.param({"StringNotLike": {"s3:prefix": "home/*"}}, {"s3:prefix": "tmp/x"}, A, id="StringNotLike-match"),
    pytest.param({"StringNotLike": {"s3:prefix": "home/*"}}, {"s3:prefix": "home/x"}, I, id="StringNotLike-nomatch"),
    pytest.param({"StringNotLike": {"s3:prefix": "home/*"}}, {}, A, id="StringNotLike-missing-true"),
    # Numeric
    pytest.param({"NumericEquals": {MK: "10"}}, {MK: 10}, A, id="NumericEquals-match"),
    pytest.param({"NumericEquals": {MK: "10"}}, {MK: 11}, I, id="NumericEquals-nomatch"),
    pytest.param({"NumericEquals": {MK: "10"}}, {}, I, id="NumericEquals-missing"),
    pytest.param({"NumericNotEquals": {MK: "10"}}, {MK: 11}, A, id="NumericNotEquals-match"),
    pytest.param({"NumericNotEquals": {MK: "10"}}, {MK: 10}, I, id="NumericNotEquals-nomatch"),
    pytest.param({"NumericNotEquals": {MK: "10"}}, {}, A, id="NumericNotEquals-missing-true"),
    pytest.param({"NumericLessThan": {MK: "10"}}, {MK: 9}, A, id="NumericLessThan-match"),
    pytest.param({"NumericLessThan": {MK: "10"}}, {MK: 10}, I, id="NumericLessThan-nomatch-equal"),
    pytest.param({"NumericLessThan": {MK: "10"}}, {}, I, id="NumericLessThan-missing"),
    pytest.param({"NumericLessThanEquals": {MK: "10"}}, {MK: 10}, A, id="NumericLessThanEquals-match"),
    pytest.param({"NumericLessThanEquals": {MK: "10"}}, {MK: 11}, I, id="NumericLessThanEquals-nomatch"),
    pytest.param({"NumericLessThanEquals": {MK: "10"}}, {}, I, id="NumericLessThanEquals-missing"),
    pytest.param({"NumericGreaterThan": {MK: "10"}}, {MK: 11}, A, id="NumericGreaterThan-match"),
    pytest.param({"NumericGreaterThan": {MK: "10"}}, {MK: 10}, I, id="NumericGreaterThan-nomatch-equal"),
    pytest.param({"NumericGreaterThan": {MK: "10"}}, {}, I, id="NumericGreaterThan-missing"),
    pytest.param({"NumericGreaterThanEquals": {MK: "10"}}, {MK: 10}, A, id="NumericGreaterThanEquals-match"),
    pytest.param({"NumericGreaterThanEquals": {MK: "10"}}, {MK: 9}, I, id="NumericGreaterThanEquals-nomatch"),
    pytest.param({"NumericGreaterThanEquals": {MK: "10"}}, {}, I, id="NumericGreaterThanEquals-missing"),
    pytest.param({"NumericLessThan": {MK: "2.5"}}, {MK: "2.25"}, A, id="Numeric-decimal"),
    # Date: W3C ISO 8601 or epoch values
    pytest.param({"DateEquals": {NOW: D0}}, {NOW: D0}, A, id="DateEquals-match"),
    pytest.param({"DateEquals": {NOW: D0}}, {NOW: "2020-01-01T00:00:01Z"}, I, id="DateEquals-nomatch"),
    pytest.param({"DateEquals": {NOW: D0}}, {}, I, id="DateEquals-missing"),
    pytest.param({"DateEquals": {EPOCH: "1577836800"}}, {EPOCH: D0}, A, id="DateEquals-epoch-policy-iso-request"),
    pytest.param({"DateEquals": {NOW: D0}}, {NOW: "1577836800"}, A, id="DateEquals-iso-policy-epoch-request"),
    pytest.param({"DateEquals": {NOW: D0}}, {NOW: "2020-01-01T01:00:00+01:00"}, A, id="DateEquals-offset"),
    pytest.param({"DateNotEquals": {NOW: D0}}, {NOW: "2021-01-01T00:00:00Z"}, A, id="DateNotEquals-match"),
    pytest.param({"DateNotEquals": {NOW: D0}}, {NOW: D0}, I, id="DateNotEquals-nomatch"),
    pytest.param({"DateNotEquals": {NOW: D0}}, {}, A, id="DateNotEquals-missing-true"),
    pytest.param({"DateLessThan": {NOW: D0}}, {NOW: "2019-12-31T23:59:59Z"}, A, id="DateLessThan-match"),
    pytest.param({"DateLessThan": {NOW: D0}}, {NOW: D0}, I, id="DateLessThan-nomatch-equal"),
    pytest.param({"DateLessThan": {NOW: D0}}, {}, I, id="DateLessThan-missing"),
    pytest.param({"DateLessThanEquals": {NOW: D0}}, {NOW: D0}, A, id="DateLessThanEquals-match"),
    pytest.param({"DateLessThanEquals": {NOW: D0}}, {NOW: "2020-01-02T00:00:00Z"}, I, id="DateLessThanEquals-nomatch"),
    pytest.param({"DateLessThanEquals": {NOW: D0}}, {}, I, id="DateLessThanEquals-missing"),
    pytest.param({"DateGreaterThan": {NOW: D0}}, {NOW: "2020-06-01T00:00:00Z"}, A, id="DateGreaterThan-match"),
    pytest.param({"DateGreaterThan": {NOW: D0}}, {NOW: D0}, I, id="DateGreaterThan-nomatch-equal"),
    pytest.param({"DateGreaterThan": {NOW: D0}}, {}, I, id="DateGreaterThan-missing"),
    pytest.param({"DateGreaterThan": {NOW: "2019-12-31"}}, {NOW: D0}, A, id="DateGreaterThan-date-only"),
    pytest.param({"DateGreaterThanEquals": {NOW: D0}}, {NOW: D0}, A, id="DateGreaterThanEquals-match"),
    pytest.param({"DateGreaterThanEquals": {NOW: D0}}, {NOW: "2019-01-01T00:00:00Z"}, I, id="DateGreaterThanEquals-nomatch"),
    pytest.param({"DateGreaterThanEquals": {NOW: D0}}, {}, I, id="DateGreaterThanEquals-missing"),
    pytest.param({"DateGreaterThan": {EPOCH: "1577836800"}}, {EPOCH: 1577836801}, A, id="DateGreaterThan-epoch-both"),
    # Bool
    pytest.param({"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "true"}, A, id="Bool-match"),
    pytest.param({"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "false"}, I, id="Bool-nomatch"),
    pytest.param({"Bool": {"aws:SecureTransport": "true"}}, {}, I, id="Bool-missing"),
    pytest.param({"Bool": {"aws:SecureTransport": True}}, {"aws:SecureTransport": True}, A, id="Bool-json-boolean"),
    # BinaryEquals (base-64 in the policy, compared byte for byte)
    pytest.param({"BinaryEquals": {BIN: B64}}, {BIN: B64}, A, id="BinaryEquals-match"),
    pytest.param({"BinaryEquals": {BIN: B64}}, {BIN: "b3RoZXI="}, I, id="BinaryEquals-nomatch"),
    pytest.param({"BinaryEquals": {BIN: B64}}, {}, I, id="BinaryEquals-missing"),
    # IP address, IPv4 and IPv6 CIDRs; a bare address means /32
    pytest.param({"IpAddress": {IP: "203.0.113.0/24"}}, {IP: "203.0.113.7"}, A, id="IpAddress-v4-match"),
    pytest.param({"IpAddress": {IP: "203.0.113.0/24"}}, {IP: "198.51.100.7"}, I, id="IpAddress-v4-nomatch"),
    pytest.param({"IpAddress": {IP: "203.0.113.0/24"}}, {}, I, id="IpAddress-missing"),
    pytest.param({"IpAddress": {IP: "203.0.113.7"}}, {IP: "203.0.113.8"}, I, id="IpAddress-bare-is-32"),
    pytest.param({"IpAddress": {IP: "2001:DB8:1234:5678::/64"}}, {IP: "2001:db8:1234:5678::1"}, A, id="IpAddress-v6-match"),
    pytest.param({"IpAddress": {IP: "2001:DB8:1234:5678::/64"}}, {IP: "2001:db8:1234:5679::1"}, I, id="IpAddress-v6-nomatch"),
    pytest.param({"IpAddress": {IP: ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}, {IP: "2001:db8:1234:5678::9"},
                 A, id="IpAddress-mixed-v4-v6-list"),
    pytest.param({"NotIpAddress": {IP: "203.0.113.0/24"}}, {IP: "198.51.100.7"}, A, id="NotIpAddress-match"),
    pytest.param({"NotIpAddress": {IP: "203.0.113.0/24"}}, {IP: "203.0.113.7"}, I, id="NotIpAddress-nomatch"),
    pytest.param({"NotIpAddress": {IP: "203.0.113.0/24"}}, {}, A, id="NotIpAddress-missing-true"),
    pytest.param({"NotIpAddress": {IP: "2001:db8::/32"}}, {IP: "2001:db9::1"}, A, id="NotIpAddress-v6-match"),
    pytest.param({"NotIpAddress": {IP: "2001:db8::/32"}}, {IP: "2001:db8::5"}, I, id="NotIpAddress-v6-nomatch"),
    # ARN operators: case-sensitive, each of the six colon-delimited parts matched separately
    pytest.param({"ArnEquals": {SRC: TOPIC}}, {SRC: TOPIC}, A, id="ArnEquals-match"),
    pytest.param({"ArnEquals": {SRC: TOPIC}}, {SRC: TOPIC + "2"}, I, id="ArnEquals-nomatch"),
    pytest.param({"ArnEquals": {SRC: TOPIC}}, {}, I, id="ArnEquals-missing"),
    # "The ArnEquals and ArnLike condition operators behave identically."
    pytest.param({"ArnEquals": {SRC: f"arn:aws:sns:*:{ACCOUNT}:*"}}, {SRC: TOPIC}, A, id="ArnEquals-wildcard-like-ArnLike"),
    pytest.param({"ArnLike": {SRC: f"arn:aws:sns:*:{ACCOUNT}:*"}}, {SRC: TOPIC}, A, id="ArnLike-match"),
    pytest.param({"ArnLike": {SRC: f"arn:aws:sns:*:{OTHER}:*"}}, {SRC: TOPIC}, I, id="ArnLike-nomatch"),
    pytest.param({"ArnLike": {SRC: f"arn:aws:sns:*:{ACCOUNT}:*"}}, {}, I, id="ArnLike-missing"),
    pytest.param({"ArnLike": {SRC: f"arn:aws:sns:us-east-?:{ACCOUNT}:top?c"}}, {SRC: TOPIC}, A, id="ArnLike-question"),
    pytest.param({"ArnLike": {SRC: f"arn:aws:sns:us-east-1:{ACCOUNT}:Topic"}}, {SRC: TOPIC}, I, id="ArnLike-case-sensitive"),
    # the page's own example: StringLike matches across colons, ArnLike does not
    pytest.param({"ArnLike": {SRC: "arn:aws:someservice:*:111122223333:finance/*"}},
                 {SRC: "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"},
                 I, id="ArnLike-segments-doc-example"),
    pytest.param({"StringLike": {SRC: "arn:aws:someservice:*:111122223333:finance/*"}},
                 {SRC: "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"},
                 A, id="StringLike-crosses-colons-doc-example"),
    pytest.param({"ArnNotEquals": {SRC: TOPIC}}, {SRC: TOPIC + "2"}, A, id="ArnNotEquals-match"),
    pytest.param({"ArnNotEquals": {SRC: TOPIC}}, {SRC: TOPIC}, I, id="ArnNotEquals-nomatch"),
    pytest.param({"ArnNotEquals": {SRC: TOPIC}}, {}, A, id="ArnNotEquals-missing-true"),
    pytest.param({"ArnNotLike": {SRC: f"arn:aws:sns:*:{ACCOUNT}:*"}}, {SRC: f"arn:aws:sns:us-east-1:{OTHER}:t"}, A,
                 id="ArnNotLike-match"),
    pytest.param({"ArnNotLike": {SRC: f"arn:aws:sns:*:{ACCOUNT}:*"}}, {SRC: TOPIC}, I, id="ArnNotLike-nomatch"),
    pytest.param({"ArnNotLike": {SRC: f"arn:aws:sns:*:{ACCOUNT}:*"}}, {}, A, id="ArnNotLike-missing-true"),
    # Null: true = the key is absent, false = present
    pytest.param({"Null": {"aws:TokenIssueTime": "true"}}, {}, A, id="Null-true-missing"),
    pytest.param({"Null": {"aws:TokenIssueTime": "true"}}, {"aws:TokenIssueTime": D0}, I, id="Null-true-present"),
    pytest.param({"Null": {"aws:TokenIssueTime": "false"}}, {"aws:TokenIssueTime": D0}, A, id="Null-false-present"),
    pytest.param({"Null": {"aws:TokenIssueTime": "false"}}, {}, I, id="Null-false-missing"),
    # ...IfExists: a missing key makes the condition true; a present key is evaluated normally
    pytest.param({"StringEqualsIfExists": {T: "blue"}}, {}, A, id="StringEqualsIfExists-missing"),
    pytest.param({"StringEqualsIfExists": {T: "blue"}}, {T: "blue"}, A, id="StringEqualsIfExists-match"),
    pytest.param({"StringEqualsIfExists": {T: "blue"}}, {T: "red"}, I, id="StringEqualsIfExists-nomatch"),
    pytest.param({"StringNotEqualsIfExists": {T: "blue"}}, {}, A, id="StringNotEqualsIfExists-missing"),
    pytest.param({"StringNotEqualsIfExists": {T: "blue"}}, {T: "blue"}, I, id="StringNotEqualsIfExists-nomatch"),
    pytest.param({"StringEqualsIgnoreCaseIfExists": {T: "blue"}}, {}, A, id="StringEqualsIgnoreCaseIfExists-missing"),
    pytest.param({"StringEqualsIgnoreCaseIfExists": {T: "blue"}}, {T: "red"}, I, id="StringEqualsIgnoreCaseIfExists-nomatch"),
    pytest.param({"StringNotEqualsIgnoreCaseIfExists": {T: "blue"}}, {T: "BLUE"}, I,
                 id="StringNotEqualsIgnoreCaseIfExists-nomatch"),
    pytest.param({"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}, {}, A,
                 id="StringLikeIfExists-missing-doc-example"),
    pytest.param({"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}, {"ec2:InstanceType": "t2.micro"},
                 A, id="StringLikeIfExists-match"),
    pytest.param({"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}, {"ec2:InstanceType": "m5.large"},
                 I, id="StringLikeIfExists-nomatch"),
    pytest.param({"StringNotLikeIfExists": {"s3:prefix": "home/*"}}, {"s3:prefix": "home/x"}, I,
                 id="StringNotLikeIfExists-nomatch"),
    pytest.param({"NumericLessThanIfExists": {MK: "10"}}, {}, A, id="NumericLessThanIfExists-missing"),
    pytest.param({"NumericLessThanIfExists": {MK: "10"}}, {MK: 11}, I, id="NumericLessThanIfExists-nomatch"),
    pytest.param({"NumericEqualsIfExists": {MK: "10"}}, {MK: 10}, A, id="NumericEqualsIfExists-match"),
    pytest.param({"DateGreaterThanIfExists": {NOW: D0}}, {}, A, id="DateGreaterThanIfExists-missing"),
    pytest.param({"DateGreaterThanIfExists": {NOW: D0}}, {NOW: "2019-01-01T00:00:00Z"}, I, id="DateGreaterThanIfExists-nomatch"),
    pytest.param({"DateLessThanIfExists": {NOW: D0}}, {NOW: "2019-01-01T00:00:00Z"}, A, id="DateLessThanIfExists-match"),
    pytest.param({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}, {}, A, id="BoolIfExists-missing"),
    pytest.param({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}, {"aws:MultiFactorAuthPresent": "false"}, I,
                 id="BoolIfExists-nomatch"),
    pytest.param({"BinaryEqualsIfExists": {BIN: B64}}, {}, A, id="BinaryEqualsIfExists-missing"),
    pytest.param({"BinaryEqualsIfExists": {BIN: B64}}, {BIN: "b3RoZXI="}, I, id="BinaryEqualsIfExists-nomatch"),
    pytest.param({"IpAddressIfExists": {IP: "203.0.113.0/24"}}, {}, A, id="IpAddressIfExists-missing"),
    pytest.param({"IpAddressIfExists": {IP: "203.0.113.0/24"}}, {IP: "198.51.100.1"}, I, id="IpAddressIfExists-nomatch"),
    pytest.param({"NotIpAddressIfExists": {IP: "203.0.113.0/24"}}, {IP: "203.0.113.1"}, I, id="NotIpAddressIfExists-nomatch"),
    pytest.param({"ArnLikeIfExists": {SRC: f"arn:aws:sns:*:{ACCOUNT}:*"}}, {}, A, id="ArnLikeIfExists-missing"),
    pytest.param({"ArnLikeIfExists": {SRC: f"arn:aws:sns:*:{OTHER}:*"}}, {SRC: TOPIC}, I, id="ArnLikeIfExists-nomatch"),
    pytest.param({"ArnEqualsIfExists": {SRC: TOPIC}}, {SRC: TOPIC}, A, id="ArnEqualsIfExists-match"),
    pytest.param({"ArnNotLikeIfExists": {SRC: TOPIC}}, {SRC: TOPIC}, I, id="ArnNotLikeIfExists-nomatch"),
    # several values for one key: OR (negated operators: the value must match none)
    pytest.param({"StringEquals": {T: ["red", "blue"]}}, {T: "blue"}, A, id="values-or-match"),
    pytest.param({"StringEquals": {T: ["red", "blue"]}}, {T: "green"}, I, id="values-or-nomatch"),
    pytest.param({"NumericEquals": {MK: ["5", "10"]}}, {MK: 10}, A, id="values-or-numeric"),
    pytest.param({"StringNotEquals": {T: ["red", "blue"]}}, {T: "red"}, I, id="negated-values-nor-nomatch"),
    pytest.param({"StringNotEquals": {T: ["red", "blue"]}}, {T: "green"}, A, id="negated-values-nor-match"),
    # several keys in one operator: AND
    pytest.param({"StringEquals": {T: "blue", "aws:PrincipalTag/dept": "eng"}}, {T: "blue", "aws:PrincipalTag/dept": "eng"},
                 A, id="keys-and-both"),
    pytest.param({"StringEquals": {T: "blue", "aws:PrincipalTag/dept": "eng"}}, {T: "blue", "aws:PrincipalTag/dept": "ops"},
                 I, id="keys-and-one-fails"),
    # several operators: AND
    pytest.param({"StringEquals": {T: "blue"}, "IpAddress": {IP: "203.0.113.0/24"}}, {T: "blue", IP: "203.0.113.9"},
                 A, id="operators-and-both"),
    pytest.param({"StringEquals": {T: "blue"}, "IpAddress": {IP: "203.0.113.0/24"}}, {T: "blue", IP: "10.0.0.1"},
                 I, id="operators-and-one-fails"),
    # condition key names are case-insensitive (reference_policies_variables.html: "Key names are case-insensitive")
    pytest.param({"IpAddress": {"AWS:SOURCEIP": "203.0.113.0/24"}}, {"aws:sourceip": "203.0.113.9"}, A,
                 id="key-name-case-insensitive"),
    pytest.param({"StringEquals": {"aws:principaltag/TEAM": "blue"}}, {T: "blue"}, A, id="key-name-case-insensitive-tag"),
]


@pytest.mark.parametrize("condition,context,expected", CONDITION_CASES)
def test_condition_operators(condition, context, expected):
    policy = doc(allow("s3:GetObject", "*", Condition=condition))
    assert verdict("s3:GetObject", OBJ, identity=policy, context=context) == expected


# ---------------------------------------------------------------------------------------
# Multivalued context keys: ForAnyValue / ForAllValues
# (reference_policies_condition-single-vs-multi-valued-context-keys.html: for a missing key
# or an empty set, ForAllValues returns true and ForAnyValue returns false).
# A python list in the context makes a multivalued key.
# ---------------------------------------------------------------------------------------

TK = "aws:TagKeys"
ATTR = "dynamodb:Attributes"

MULTI_CASES = [
    pytest.param({"ForAnyValue:StringEquals": {TK: ["env", "team"]}}, {TK: ["env", "cost"]}, A, id="any-equals-one-matches"),
    pytest.param({"ForAnyValue:StringEquals": {TK: ["env", "team"]}}, {TK: ["cost"]}, I, id="any-equals-none-matches"),
    pytest.param({"ForAnyValue:StringEquals": {TK: ["env", "team"]}}, {}, I, id="any-equals-missing-false"),
    pytest.param({"ForAnyValue:StringEquals": {TK: ["env", "team"]}}, {TK: []}, I, id="any-equals-empty-false"),
    pytest.param({"ForAnyValue:StringEquals": {TK: ["env", "team"]}}, {TK: ["Env"]}, I, id="any-equals-case-sensitive"),
    pytest.param({"ForAllValues:StringEquals": {TK: ["env", "team"]}}, {TK: ["env", "team"]}, A, id="all-equals-all-listed"),
    pytest.param({"ForAllValues:StringEquals": {TK: ["env", "team"]}}, {TK: ["env"]}, A, id="all-equals-subset"),
    pytest.param({"ForAllValues:StringEquals": {TK: ["env", "team"]}}, {TK: ["env", "cost"]}, I, id="all-equals-one-unlisted"),
    pytest.param({"ForAllValues:StringEquals": {TK: ["env", "team"]}}, {}, A, id="all-equals-missing-true"),
    pytest.param({"ForAllValues:StringEquals": {TK: ["env", "team"]}}, {TK: []}, A, id="all-equals-empty-true"),
    # condition operators page: ForAllValues "returns true ... if the context key value resolves to a
    # null dataset, such as an empty string"; ForAnyValue is false then
    pytest.param({"ForAllValues:StringEquals": {TK: ["env"]}}, {TK: [""]}, A, id="all-equals-empty-string-true"),
    pytest.param({"ForAnyValue:StringEquals": {TK: ["env"]}}, {TK: [""]}, I, id="any-equals-empty-string-false"),
    # the page's DynamoDB examples
    pytest.param({"ForAllValues:StringLike": {ATTR: ["PostDateTime", "Message", "Tags"]}},
                 {ATTR: ["PostDateTime", "Message"]}, A, id="all-like-doc-allowed"),
    pytest.param({"ForAllValues:StringLike": {ATTR: ["PostDateTime", "Message", "Tags"]}},
                 {ATTR: ["PostDateTime", "UserName"]}, I, id="all-like-doc-denied"),
    pytest.param({"ForAllValues:StringLike": {TK: ["key1*", "key2*"]}}, {TK: ["key1-a", "key2-b"]}, A, id="all-like-wildcards"),
    pytest.param({"ForAllValues:StringLike": {TK: ["key1*", "key2*"]}}, {}, A, id="all-like-missing-true"),
    pytest.param({"ForAnyValue:StringLike": {TK: ["env*"]}}, {TK: ["cost", "environment"]}, A, id="any-like-wildcard"),
    pytest.param({"ForAnyValue:StringLike": {TK: ["env*"]}}, {TK: ["cost"]}, I, id="any-like-nomatch"),
    pytest.param({"ForAnyValue:StringLike": {TK: ["env*"]}}, {}, I, id="any-like-missing-false"),
    pytest.param({"ForAllValues:StringNotEquals": {TK: ["secret", "owner"]}}, {TK: ["env", "team"]}, A,
                 id="all-notequals-none-listed"),
    pytest.param({"ForAllValues:StringNotEquals": {TK: ["secret", "owner"]}}, {TK: ["env", "owner"]}, I,
                 id="all-notequals-one-listed"),
    pytest.param({"ForAllValues:StringNotEquals": {TK: ["secret", "owner"]}}, {}, A, id="all-notequals-missing-true"),
    pytest.param({"ForAnyValue:StringNotEquals": {TK: ["secret", "owner"]}}, {TK: ["owner", "env"]}, A,
                 id="any-notequals-one-unlisted"),
    pytest.param({"ForAnyValue:StringNotEquals": {TK: ["secret", "owner"]}}, {TK: ["owner", "secret"]}, I,
                 id="any-notequals-all-listed"),
    pytest.param({"ForAnyValue:StringNotEquals": {TK: ["secret", "owner"]}}, {}, I, id="any-notequals-missing-false"),
]


@pytest.mark.parametrize("condition,context,expected", MULTI_CASES)
def test_multivalued_keys(condition, context, expected):
    policy = doc(allow("iam:TagUser", "*", Condition=condition))
    assert verdict("iam:TagUser", BOB, identity=policy, context=context) == expected


# ForAnyValue Deny example of reference_policies_multi-value-conditions.html, and the
# ForAllValues + Null "false" guard of reference_policies_condition_examples-multi-valued-context-keys.html.
DENY_PUT_ATTRS = doc(allow(), deny("dynamodb:PutItem", "*",
                                   Condition={"ForAnyValue:StringLike": {ATTR: ["ID", "PostDateTime"]}}))
DENY_TAGS_GUARDED = doc(allow(), deny("iam:Tag*", "*", Condition={
    "Null": {TK: "false"}, "ForAllValues:StringLike": {TK: ["key1*", "key2*"]}}))

MULTI_DENY_CASES = [
    pytest.param(DENY_PUT_ATTRS, "dynamodb:PutItem", {ATTR: ["UserName", "Message", "PostDateTime"]}, E,
                 id="deny-any-like-doc-denied"),
    pytest.param(DENY_PUT_ATTRS, "dynamodb:PutItem", {ATTR: ["UserName"]}, A, id="deny-any-like-doc-not-denied"),
    pytest.param(DENY_PUT_ATTRS, "dynamodb:PutItem", {}, A, id="deny-any-like-missing-not-denied"),
    pytest.param(DENY_TAGS_GUARDED, "iam:TagUser", {TK: ["key1-x"]}, E, id="deny-all-like-null-guard-denied"),
    pytest.param(DENY_TAGS_GUARDED, "iam:TagUser", {}, A, id="deny-all-like-null-guard-missing"),
    pytest.param(DENY_TAGS_GUARDED, "iam:TagUser", {TK: ["key1-x", "other"]}, A, id="deny-all-like-null-guard-mixed"),
    pytest.param(DENY_TAGS_GUARDED, "iam:TagUser", {TK: []}, A, id="deny-all-like-null-guard-empty"),
]


@pytest.mark.parametrize("policy,action,context,expected", MULTI_DENY_CASES)
def test_multivalued_deny(policy, action, context, expected):
    assert verdict(action, "*", identity=policy, context=context) == expected


# ---------------------------------------------------------------------------------------
# Policy variables (reference_policies_variables.html)
# ---------------------------------------------------------------------------------------

HOME = "arn:aws:s3:::mybucket/${aws:username}/*"
TEAMDIR = "arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*"
DEFAULTDIR = "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'none'}/*"
U = {"aws:username": "bob"}

VARIABLE_CASES = [
    # in Resource
    pytest.param(doc(allow("s3:GetObject", HOME)), "s3:GetObject", "arn:aws:s3:::mybucket/bob/file", U, A, id="resource-username"),
    pytest.param(doc(allow("s3:GetObject", HOME)), "s3:GetObject", "arn:aws:s3:::mybucket/alice/file", U, I, id="resource-username-other"),
    pytest.param(doc(allow("s3:GetObject", HOME)), "s3:GetObject", "arn:aws:s3:::mybucket/bob/file", {}, I, id="resource-username-no-value"),
    pytest.param(doc(allow("s3:GetObject", "arn:aws:s3:::mybucket/${AWS:UserName}/*")), "s3:GetObject", "arn:aws:s3:::mybucket/bob/f", U,
                 A, id="resource-variable-name-case-insensitive"),
    pytest.param(doc(allow("sqs:*", "arn:aws:sqs:us-east-2:*:${aws:username}-queue")), "sqs:SendMessage",
                 f"arn:aws:sqs:us-east-2:{ACCOUNT}:bob-queue", U, A, id="resource-username-doc-queue"),
    pytest.param(doc(allow("s3:GetObject", TEAMDIR)), "s3:GetObject", "arn:aws:s3:::bucket/blue/x", {T: "blue"}, A, id="resource-principaltag"),
    pytest.param(doc(allow("s3:GetObject", TEAMDIR)), "s3:GetObject", "arn:aws:s3:::bucket/red/x", {T: "blue"}, I,
                 id="resource-principaltag-other"),
    pytest.param(doc(allow("s3:GetObject", TEAMDIR)), "s3:GetObject", "arn:aws:s3:::bucket/blue/x", {}, I, id="resource-principaltag-no-value"),
    # default values
    pytest.param(doc(allow("s3:GetObject", DEFAULTDIR)), "s3:GetObject", "arn:aws:s3:::bucket/none/x", {}, A, id="default-used"),
    pytest.param(doc(allow("s3:GetObject", DEFAULTDIR)), "s3:GetObject", "arn:aws:s3:::bucket/blue/x", {T: "blue"}, A, id="default-not-used"),
    pytest.param(doc(allow("s3:GetObject", DEFAULTDIR)), "s3:GetObject", "arn:aws:s3:::bucket/none/x", {T: "blue"}, I,
                 id="default-ignored-when-value"),
    # in condition values
    pytest.param(doc(allow("s3:ListBucket", "*", Condition={"StringLike": {"s3:prefix": "${aws:username}/*"}})), "s3:ListBucket",
                 "arn:aws:s3:::mybucket", dict(U, **{"s3:prefix": "bob/docs"}), A, id="condition-username"),
    pytest.param(doc(allow("s3:ListBucket", "*", Condition={"StringLike": {"s3:prefix": "${aws:username}/*"}})), "s3:ListBucket",
                 "arn:aws:s3:::mybucket", dict(U, **{"s3:prefix": "alice/docs"}), I, id="condition-username-other"),
    pytest.param(doc(allow("s3:ListBucket", "*", Condition={"StringLike": {"s3:prefix": "${aws:username}/*"}})), "s3:ListBucket",
                 "arn:aws:s3:::mybucket", {"s3:prefix": "bob/docs"}, I, id="condition-username-no-value"),
    pytest.param(doc(allow("ec2:StartInstances", "*",
                           Condition={"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}})), "ec2:StartInstances",
                 "*", {T: "blue", "aws:ResourceTag/team": "blue"}, A, id="condition-tag-equals-tag"),
    pytest.param(doc(allow("ec2:StartInstances", "*",
                           Condition={"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}})), "ec2:StartInstances",
                 "*", {T: "blue", "aws:ResourceTag/team": "red"}, I, id="condition-tag-differs"),
    pytest.param(doc(allow("ec2:StartInstances", "*",
                           Condition={"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team, 'blue'}"}})), "ec2:StartInstances",
                 "*", {"aws:ResourceTag/team": "blue"}, A, id="condition-default-value"),
    pytest.param(doc(allow("iam:GetUser", "*",
                           Condition={"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:user/${aws:username}"}})), "iam:GetUser",
                 "*", dict(U, **{"aws:SourceArn": BOB}), A, id="condition-arnlike-variable"),
    # ${*} ${?} ${$}: literal characters, not wildcards
    pytest.param(doc(allow("s3:GetObject", "arn:aws:s3:::b/${*}")), "s3:GetObject", "arn:aws:s3:::b/*", {}, A, id="escape-star-literal"),
    pytest.param(doc(allow("s3:GetObject", "arn:aws:s3:::b/${*}")), "s3:GetObject", "arn:aws:s3:::b/x", {}, I, id="escape-star-not-wildcard"),
    pytest.param(doc(allow("s3:GetObject", "arn:aws:s3:::b/a${?}")), "s3:GetObject", "arn:aws:s3:::b/a?", {}, A, id="escape-question-literal"),
    pytest.param(doc(allow("s3:GetObject", "arn:aws:s3:::b/a${?}")), "s3:GetObject", "arn:aws:s3:::b/ab", {}, I,
                 id="escape-question-not-wildcard"),
    pytest.param(doc(allow("s3:ListBucket", "*", Condition={"StringLike": {"s3:prefix": "data${*}"}})), "s3:ListBucket",
                 "arn:aws:s3:::b", {"s3:prefix": "data123"}, I, id="escape-star-in-condition"),
    pytest.param(doc(allow("s3:ListBucket", "*", Condition={"StringLike": {"s3:prefix": "data${*}"}})), "s3:ListBucket",
                 "arn:aws:s3:::b", {"s3:prefix": "data*"}, A, id="escape-star-in-condition-literal"),
    pytest.param(doc(allow("s3:ListBucket", "*", Condition={"StringEquals": {"s3:prefix": "cost${$}"}})), "s3:ListBucket",
                 "arn:aws:s3:::b", {"s3:prefix": "cost$"}, A, id="escape-dollar"),
    # Version: only 2012-10-17 has variables; 2008-10-17 or no Version => literal text
    pytest.param(doc(allow("s3:GetObject", HOME), version="2008-10-17"), "s3:GetObject", "arn:aws:s3:::mybucket/bob/file", U, I,
                 id="version-2008-resource-literal"),
    pytest.param(doc(allow("s3:GetObject", HOME), version="2008-10-17"), "s3:GetObject", "arn:aws:s3:::mybucket/${aws:username}/file", U,
                 A, id="version-2008-resource-matches-text"),
    pytest.param(doc(allow("s3:GetObject", HOME), version=None), "s3:GetObject", "arn:aws:s3:::mybucket/bob/file", U, I,
                 id="no-version-resource-literal"),
    pytest.param(doc(allow("s3:GetObject", HOME), version=None), "s3:GetObject", "arn:aws:s3:::mybucket/${aws:username}/file", {}, A,
                 id="no-version-resource-matches-text"),
    pytest.param(doc(allow("s3:ListBucket", "*", Condition={"StringEquals": {"s3:prefix": "${aws:username}"}}),
                     version="2008-10-17"), "s3:ListBucket", "arn:aws:s3:::b", dict(U, **{"s3:prefix": "bob"}), I,
                 id="version-2008-condition-literal"),
    pytest.param(doc(allow("s3:ListBucket", "*", Condition={"StringEquals": {"s3:prefix": "${aws:username}"}}),
                     version=None), "s3:ListBucket", "arn:aws:s3:::b", {"s3:prefix": "${aws:username}"}, A,
                 id="no-version-condition-matches-text"),
    # reference_policies_variables.html, "Policy variables with no value": a Resource entry whose
    # variable has no value "will not match any resource", and StringEquals/StringLike "do not match"
    # a value with no variable, so these Denies deny nothing ...
    pytest.param(doc(allow(), deny("s3:*", TEAMDIR)), "s3:GetObject", "arn:aws:s3:::bucket/blue/x", {}, A, id="deny-resource-no-value"),
    pytest.param(doc(allow(), deny("s3:*", TEAMDIR)), "s3:GetObject", "arn:aws:s3:::bucket/blue/x", {T: "blue"}, E,
                 id="deny-resource-with-value"),
    pytest.param(doc(allow(), deny("s3:*", "*", Condition={"StringEquals": {"s3:prefix": "${aws:username}"}})), "s3:GetObject",
                 "arn:aws:s3:::b", {"s3:prefix": "bob"}, A, id="deny-condition-no-value"),
    pytest.param(doc(allow(), deny("s3:*", "*", Condition={"StringEquals": {"s3:prefix": "${aws:username}"}})), "s3:GetObject",
                 "arn:aws:s3:::b", dict(U, **{"s3:prefix": "bob"}), E, id="deny-condition-with-value"),
    # ... but only that entry fails: the other entries of the list still count
    pytest.param(doc(allow("s3:GetObject", [HOME, "arn:aws:s3:::mybucket/shared/*"])), "s3:GetObject",
                 "arn:aws:s3:::mybucket/shared/x", {}, A, id="resource-list-other-entry-still-allows"),
    pytest.param(doc(allow(), deny("s3:*", ["arn:aws:s3:::bucket/*", TEAMDIR])), "s3:GetObject",
                 "arn:aws:s3:::bucket/x", {}, E, id="deny-resource-list-other-entry-still-denies"),
    # an entry matching nothing excludes nothing from NotResource: the statement covers every resource
    pytest.param(doc(allow(), {"Effect": "Deny", "Action": "s3:*", "NotResource": TEAMDIR}), "s3:GetObject",
                 "arn:aws:s3:::bucket/blue/x", {}, E, id="deny-notresource-no-value-covers-all"),
    pytest.param(doc(allow(), {"Effect": "Deny", "Action": "s3:*", "NotResource": TEAMDIR}), "s3:GetObject",
                 "arn:aws:s3:::bucket/blue/x", {T: "blue"}, A, id="deny-notresource-with-value-excludes"),
    # "Inverted condition operators like StringNotEquals or StringNotLike do match against a null
    # value": the page's own example denies when aws:PrincipalTag/Team is not set
    pytest.param(doc(allow(), deny("s3:GetObject", "arn:aws:s3:::bucket/*", Condition={
        "StringNotEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}})), "s3:GetObject",
                 "arn:aws:s3:::bucket/x", {"s3:ExistingObjectTag/Team": "red"}, E, id="deny-notequals-no-value-denies"),
    pytest.param(doc(allow(), deny("s3:GetObject", "arn:aws:s3:::bucket/*", Condition={
        "StringNotEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}})), "s3:GetObject",
                 "arn:aws:s3:::bucket/x", {"s3:ExistingObjectTag/Team": "red", "aws:PrincipalTag/Team": "red"}, A,
                 id="deny-notequals-matching-tag-allows"),
    pytest.param(doc(allow("s3:ListBucket", "*", Condition={"StringNotLike": {"s3:prefix": "${aws:username}/*"}})),
                 "s3:ListBucket", "arn:aws:s3:::b", {"s3:prefix": "x/y"}, A, id="notlike-no-value-matches"),
    # in a list of values, the value with no variable matches nothing; the others still match
    pytest.param(doc(allow("s3:ListBucket", "*", Condition={"StringEquals": {"s3:prefix": ["${aws:username}", "home"]}})),
                 "s3:ListBucket", "arn:aws:s3:::b", {"s3:prefix": "home"}, A, id="condition-list-other-value-matches"),
]


@pytest.mark.parametrize("policy,action,resource,context,expected", VARIABLE_CASES)
def test_policy_variables(policy, action, resource, context, expected):
    assert verdict(action, resource, identity=policy, context=context) == expected


# ---------------------------------------------------------------------------------------
# Action and resource matching (reference_policies_elements_action.html,
# reference_policies_elements_resource.html)
# ---------------------------------------------------------------------------------------

MATCH_CASES = [
    pytest.param("S3:getobject", "*", "s3:GetObject", OBJ, A, id="action-case-insensitive"),
    pytest.param("s3:GetObject", "*", "S3:GETOBJECT", OBJ, A, id="action-request-case-insensitive"),
    pytest.param("s3:Get*", "*", "s3:GetObject", OBJ, A, id="action-star"),
    pytest.param("s3:get*", "*", "s3:GetObject", OBJ, A, id="action-star-lowercase"),
    pytest.param("s3:Get*", "*", "s3:PutObject", OBJ, I, id="action-star-nomatch"),
    pytest.param("s3:*Object", "*", "s3:PutObject", OBJ, A, id="action-leading-star"),
    pytest.param("s3:*Object", "*", "s3:ListBucket", "arn:aws:s3:::b", I, id="action-leading-star-nomatch"),
    pytest.param("iam:*AccessKey*", "*", "iam:CreateAccessKey", "*", A, id="action-inner-star"),
    pytest.param("iam:*AccessKey*", "*", "iam:ListUsers", "*", I, id="action-inner-star-nomatch"),
    pytest.param("s3:Get?bject", "*", "s3:GetObject", OBJ, A, id="action-question"),
    pytest.param("s3:Get?Object", "*", "s3:GetObject", OBJ, I, id="action-question-one-char"),
    pytest.param("s3:*", "*", "s3express:CreateSession", "*", I, id="action-service-prefix-exact"),
    pytest.param("*", "*", "ec2:RunInstances", "*", A, id="action-star-everything"),
    pytest.param(["s3:GetObject", "s3:PutObject"], "*", "s3:PutObject", OBJ, A, id="action-list"),
    pytest.param("s3:GetObject", "*", "s3:GetObjectAcl", OBJ, I, id="action-exact-not-prefix"),
    # resources: wildcards within a segment; a trailing * crosses "/" and ":" in the resource part
    pytest.param("s3:*", "arn:aws:s3:::b/*", "s3:GetObject", "arn:aws:s3:::b/a/b/c", A, id="resource-star-crosses-slash"),
    pytest.param("s3:*", "arn:aws:s3:::b/*", "s3:ListBucket", "arn:aws:s3:::b", I, id="resource-object-pattern-not-bucket"),
    pytest.param("s3:*", "arn:aws:s3:::b/*", "s3:GetObject", "arn:aws:s3:::bx/y", I, id="resource-other-bucket"),
    pytest.param("s3:*", "arn:aws:s3:::*", "s3:ListBucket", "arn:aws:s3:::b", A, id="resource-all-buckets"),
    pytest.param("s3:*", "arn:aws:s3:::*", "s3:GetObject", "arn:aws:s3:::b/k/x", A, id="resource-all-s3"),
    pytest.param("ec2:*", f"arn:aws:ec2:*:{ACCOUNT}:instance/*", "ec2:StopInstances",
                 f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-123", A, id="resource-region-wildcard"),
    pytest.param("ec2:*", f"arn:aws:ec2:*:{ACCOUNT}:instance/*", "ec2:StopInstances",
                 f"arn:aws:ec2:us-east-1:{OTHER}:instance/i-123", I, id="resource-account-mismatch"),
    pytest.param("sqs:*", f"arn:aws:sqs:us-east-?:{ACCOUNT}:q", "sqs:SendMessage", f"arn:aws:sqs:us-east-1:{ACCOUNT}:q",
                 A, id="resource-question-in-region"),
    pytest.param("sqs:*", f"arn:aws:sqs:us-east-?:{ACCOUNT}:q", "sqs:SendMessage", f"arn:aws:sqs:us-west-1:{ACCOUNT}:q",
                 I, id="resource-question-in-region-nomatch"),
    pytest.param("logs:*", f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:app*", "logs:PutLogEvents",
                 f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:app-prod:log-stream:s1", A, id="resource-star-crosses-colon"),
    pytest.param("iam:*", f"arn:aws:iam::{ACCOUNT}:user/*", "iam:GetUser", f"arn:aws:iam::{ACCOUNT}:user/division/bob",
                 A, id="resource-iam-path"),
    pytest.param("s3:*", "arn:aws:s3:::Bucket/*", "s3:GetObject", "arn:aws:s3:::bucket/x", I,
                 id="resource-part-case-sensitive"),
    pytest.param("s3:*", "arn:aws:s3:::b/Key", "s3:GetObject", "arn:aws:s3:::b/key", I, id="resource-key-case-sensitive"),
    pytest.param("s3:*", "*", "s3:GetObject", "arn:aws:s3:::anything/at/all", A, id="resource-star"),
    pytest.param("s3:*", ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"], "s3:GetObject", OBJ, A, id="resource-list"),
    pytest.param("s3:*", "arn:aws:s3:::b/x", "s3:GetObject", "arn:aws:s3:::b/x/y", I, id="resource-exact-not-prefix"),
]


@pytest.mark.parametrize("p_action,p_resource,action,resource,expected", MATCH_CASES)
def test_matching(p_action, p_resource, action, resource, expected):
    assert verdict(action, resource, identity=doc(allow(p_action, p_resource))) == expected


# ---------------------------------------------------------------------------------------
# NotAction, NotResource (reference_policies_elements_notaction.html,
# reference_policies_elements_notresource.html)
# ---------------------------------------------------------------------------------------

NOT_CASES = [
    pytest.param(doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}), "s3:GetObject", OBJ, A,
                 id="allow-notaction-other-service"),
    pytest.param(doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}), "iam:CreateUser", "*", I,
                 id="allow-notaction-listed"),
    pytest.param(doc({"Effect": "Allow", "NotAction": ["iam:*", "s3:Delete*"], "Resource": "*"}), "s3:DeleteObject", OBJ, I,
                 id="allow-notaction-list-wildcard"),
    pytest.param(doc(allow(), {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}), "iam:ListUsers", "*", A,
                 id="deny-notaction-listed-not-denied"),
    pytest.param(doc(allow(), {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}), "s3:GetObject", OBJ, E,
                 id="deny-notaction-other-denied"),
    pytest.param(doc({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}), "s3:GetObject",
                 "arn:aws:s3:::public/x", A, id="allow-notresource-other"),
    pytest.param(doc({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}), "s3:GetObject",
                 "arn:aws:s3:::secret/x", I, id="allow-notresource-listed"),
    pytest.param(doc(allow(), {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::mine/*"}), "s3:GetObject",
                 "arn:aws:s3:::other/x", E, id="deny-notresource-other-denied"),
    pytest.param(doc(allow(), {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::mine/*"}), "s3:GetObject",
                 "arn:aws:s3:::mine/x", A, id="deny-notresource-listed-not-denied"),
    pytest.param(doc(allow(), {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::mine/*"}), "ec2:RunInstances",
                 "*", A, id="deny-notresource-other-action"),
    pytest.param(doc({"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret/*"}), "s3:GetObject",
                 "arn:aws:s3:::public/x", A, id="notaction-notresource-both"),
    pytest.param(doc({"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret/*"}), "s3:GetObject",
                 "arn:aws:s3:::secret/x", I, id="notaction-notresource-resource-listed"),
]


@pytest.mark.parametrize("policy,action,resource,expected", NOT_CASES)
def test_not_action_not_resource(policy, action, resource, expected):
    assert verdict(action, resource, identity=policy) == expected


# ---------------------------------------------------------------------------------------
# NotPrincipal in resource-based policies (reference_policies_elements_notprincipal.html):
# with Deny, everyone except the listed principals is denied; a user listed without its
# account (or a role session listed without its role) is still denied.
# ---------------------------------------------------------------------------------------

def not_principal_deny(*arns):
    return {"Effect": "Deny", "NotPrincipal": {"AWS": list(arns)}, "Action": "s3:*", "Resource": "*"}


NOTPRINCIPAL_CASES = [
    pytest.param(rp(grant({"AWS": BOB}), not_principal_deny(BOB, ACCOUNT_ROOT)), user(), {}, A, id="np-listed-with-account"),
    pytest.param(rp(grant({"AWS": BOB}), not_principal_deny(BOB, ACCOUNT_ROOT)), user("alice"), dict(identity=ALLOW_ALL), E,
                 id="np-unlisted-user-denied"),
    pytest.param(rp(grant({"AWS": BOB}), not_principal_deny(BOB)), user(), dict(identity=ALLOW_ALL), E,
                 id="np-user-without-account-denied"),
    pytest.param(rp(grant({"AWS": OTHER_BOB}), not_principal_deny(OTHER_BOB, OTHER_ROOT)), user(account=OTHER),
                 dict(identity=ALLOW_ALL, resource_account=ACCOUNT), A, id="np-cross-account-listed"),
    pytest.param(rp(grant({"AWS": OTHER_BOB}), not_principal_deny(OTHER_BOB)), user(account=OTHER),
                 dict(identity=ALLOW_ALL, resource_account=ACCOUNT), E, id="np-cross-account-without-account"),
    pytest.param(rp(grant({"AWS": SESSION}), not_principal_deny(SESSION, ROLE, ACCOUNT_ROOT)), session(), {}, A,
                 id="np-session-role-account-listed"),
    pytest.param(rp(grant({"AWS": SESSION}), not_principal_deny(SESSION, ACCOUNT_ROOT)), session(), dict(identity=ALLOW_ALL),
                 E, id="np-session-without-role-denied"),
    pytest.param(rp(grant({"AWS": SESSION}), not_principal_deny(ROLE, ACCOUNT_ROOT)), session(), dict(identity=ALLOW_ALL),
                 E, id="np-role-without-session-denied"),
    # NotPrincipal with Allow grants to everyone except the listed principals
    pytest.param(rp({"Effect": "Allow", "NotPrincipal": {"AWS": [BOB, ACCOUNT_ROOT]}, "Action": "s3:*", "Resource": "*"}),
                 user(), {}, I, id="np-allow-listed-not-granted"),
    pytest.param(rp({"Effect": "Allow", "NotPrincipal": {"AWS": [BOB, ACCOUNT_ROOT]}, "Action": "s3:*", "Resource": "*"}),
                 user("alice"), {}, A, id="np-allow-others-granted"),
]


@pytest.mark.parametrize("policy,principal,extra,expected", NOTPRINCIPAL_CASES)
def test_not_principal(policy, principal, extra, expected):
    assert verdict("s3:GetObject", OBJ, principal=principal, resource_policy=policy, **extra) == expected


# ---------------------------------------------------------------------------------------
# Evaluation logic (reference_policies_evaluation-logic.html, access_policies_boundaries.html)
# ---------------------------------------------------------------------------------------

S3GET = doc(allow("s3:GetObject"))
EC2 = doc(allow("ec2:*"))

EVAL_CASES = [
    # defaults and explicit deny
    pytest.param("s3:GetObject", dict(), I, id="no-policy-implicit-deny"),
    pytest.param("s3:GetObject", dict(identity=S3GET), A, id="identity-allow"),
    pytest.param("s3:PutObject", dict(identity=S3GET), I, id="identity-other-action"),
    pytest.param("s3:GetObject", dict(identity=doc(allow(), deny("s3:GetObject"))), E, id="deny-same-policy"),
    pytest.param("s3:GetObject", dict(identity=[ALLOW_ALL, doc(deny("s3:*"))]), E, id="deny-other-policy"),
    pytest.param("s3:GetObject", dict(identity=[doc(deny("s3:*")), ALLOW_ALL]), E, id="deny-order-irrelevant"),
    pytest.param("s3:GetObject", dict(identity=doc(allow(), deny("s3:*", Condition={"Bool": {"aws:SecureTransport": "false"}})),
                                      context={"aws:SecureTransport": "true"}), A, id="deny-condition-not-met"),
    pytest.param("s3:GetObject", dict(identity=doc(allow(), deny("s3:*", Condition={"Bool": {"aws:SecureTransport": "false"}})),
                                      context={"aws:SecureTransport": "false"}), E, id="deny-condition-met"),
    # reference_policies_elements_condition_operators.html (...IfExists): a Deny with a negated
    # IfExists operator still denies when the key is missing
    pytest.param("s3:GetObject", dict(identity=doc(allow(), deny("s3:*", Condition={"StringNotEqualsIfExists": {T: "blue"}}))),
                 E, id="deny-negated-ifexists-missing-denies"),
    pytest.param("s3:GetObject", dict(identity=ALLOW_ALL, resource_policy=rp(grant("*", effect="Deny"))), E,
                 id="resource-deny-beats-identity-allow"),
    pytest.param("s3:GetObject", dict(identity=ALLOW_ALL, boundary=doc(allow(), deny("s3:*"))), E,
                 id="boundary-deny-wins"),
    pytest.param("s3:GetObject", dict(principal=session(), identity=ALLOW_ALL, session_policies=doc(allow(), deny("s3:*"))), E,
                 id="session-deny-wins"),
    pytest.param("s3:GetObject", dict(identity=ALLOW_ALL, scps=[[doc(allow(), deny("s3:*"))]]), E, id="scp-deny-wins"),
    pytest.param("s3:GetObject", dict(principal=user(), identity=ALLOW_ALL, resource_policy=rp(grant({"AWS": BOB})),
                                      boundary=doc(deny("s3:GetObject"))), E, id="boundary-deny-beats-resource-grant"),
    # root user
    pytest.param("ec2:RunInstances", dict(principal=root()), A, id="root-no-policies-allowed"),
    pytest.param("ec2:RunInstances", dict(principal=root(), scps=[[ALLOW_S3]]), I, id="root-scp-not-allowing"),
    pytest.param("s3:GetObject", dict(principal=root(), scps=[[ALLOW_S3]]), A, id="root-scp-allowing"),
    pytest.param("s3:GetObject", dict(principal=root(), scps=[[doc(allow(), deny("s3:*"))]]), E, id="root-scp-deny"),
    pytest.param("s3:GetObject", dict(principal=root(), resource_policy=rp(grant({"AWS": ACCOUNT}, effect="Deny"))), E,
                 id="root-resource-deny"),
    # permissions boundaries intersect (access_policies_boundaries.html)
    pytest.param("s3:GetObject", dict(identity=ALLOW_S3, boundary=S3GET), A, id="boundary-and-identity-allow"),
    pytest.param("s3:PutObject", dict(identity=ALLOW_S3, boundary=S3GET), I, id="boundary-not-allowing"),
    pytest.param("s3:GetObject", dict(boundary=ALLOW_ALL), I, id="boundary-alone-grants-nothing"),
    pytest.param("ec2:RunInstances", dict(identity=EC2, boundary=ALLOW_S3), I, id="boundary-disjoint"),
    pytest.param("s3:GetObject", dict(principal=session(), identity=ALLOW_S3, boundary=S3GET), A, id="boundary-role-session"),
    # session policies intersect for role sessions
    pytest.param("s3:GetObject", dict(principal=session(), identity=ALLOW_S3, session_policies=S3GET), A,
                 id="session-and-identity-allow"),
    pytest.param("s3:PutObject", dict(principal=session(), identity=ALLOW_S3, session_policies=S3GET), I,
                 id="session-not-allowing"),
    pytest.param("s3:GetObject", dict(principal=session(), session_policies=ALLOW_ALL), I, id="session-alone-grants-nothing"),
    pytest.param("s3:GetObject", dict(principal=session(), identity=ALLOW_S3), A, id="session-no-session-policy"),
    pytest.param("s3:GetObject", dict(principal=session(), identity=ALLOW_ALL, boundary=ALLOW_S3, session_policies=S3GET), A,
                 id="session-boundary-identity-all-allow"),
    pytest.param("s3:GetObject", dict(principal=session(), identity=ALLOW_ALL, boundary=EC2, session_policies=S3GET), I,
                 id="session-boundary-disjoint"),
    # SCPs must allow at every level
    pytest.param("s3:GetObject", dict(identity=ALLOW_ALL, scps=[[ALLOW_ALL]]), A, id="scp-allow-all"),
    pytest.param("s3:GetObject", dict(identity=ALLOW_ALL, scps=[[ALLOW_ALL], [ALLOW_S3]]), A, id="scp-two-levels-allow"),
    pytest.param("ec2:RunInstances", dict(identity=ALLOW_ALL, scps=[[ALLOW_ALL], [ALLOW_S3]]), I, id="scp-level-not-allowing"),
    pytest.param("s3:GetObject", dict(identity=ALLOW_ALL, scps=[[ALLOW_ALL], [doc(deny("ec2:*"))]]), I,
                 id="scp-level-deny-only"),
    pytest.param("s3:GetObject", dict(identity=ALLOW_ALL, scps=[[ALLOW_ALL], []]), I, id="scp-level-empty"),
    pytest.param("s3:GetObject", dict(identity=ALLOW_ALL, scps=[[ALLOW_S3, EC2]]), A, id="scp-level-any-policy-allows"),
    pytest.param("s3:GetObject", dict(scps=[[ALLOW_ALL]]), I, id="scp-alone-grants-nothing"),
    pytest.param("s3:GetObject", dict(identity=ALLOW_ALL, scps=[[doc(allow(Condition={"StringEquals": {
        "aws:RequestedRegion": "us-east-1"}}))]], context={"aws:RequestedRegion": "eu-west-1"}), I, id="scp-condition-not-met"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": BOB})), scps=[[EC2]]), I,
                 id="scp-limits-resource-grant"),
    # same-account resource-based policies ("Resource-based policies and implicit denies" table)
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": BOB}))), A, id="rbp-user-arn-no-identity"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": BOB})), boundary=EC2), A,
                 id="rbp-user-arn-boundary-not-allowing"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": ALICE}))), I, id="rbp-other-user"),
    pytest.param("s3:GetObject", dict(identity=S3GET, resource_policy=rp(grant({"AWS": ALICE}))), A,
                 id="rbp-no-grant-identity-allows"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant("*"))), A, id="rbp-principal-star-same-account"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": BOB})), identity=doc(deny("s3:*"))), E,
                 id="rbp-user-arn-identity-deny"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_policy=rp(grant({"AWS": SESSION}))), A,
                 id="rbp-session-arn-no-identity"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_policy=rp(grant({"AWS": SESSION})), session_policies=EC2),
                 A, id="rbp-session-arn-session-policy-not-allowing"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_policy=rp(grant({"AWS": SESSION})), boundary=EC2), A,
                 id="rbp-session-arn-boundary-not-allowing"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_policy=rp(grant({"AWS": ROLE}))), A,
                 id="rbp-role-arn-no-identity"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_policy=rp(grant({"AWS": ROLE})), session_policies=EC2), I,
                 id="rbp-role-arn-session-policy-not-allowing"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_policy=rp(grant({"AWS": ROLE})), boundary=EC2), I,
                 id="rbp-role-arn-boundary-not-allowing"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_policy=rp(grant({"AWS": ROLE})), boundary=ALLOW_S3,
                                      session_policies=S3GET), A, id="rbp-role-arn-boundary-session-allow"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": ACCOUNT}))), I, id="rbp-account-id-needs-identity"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": ACCOUNT_ROOT}))), I, id="rbp-account-root-needs-identity"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": ACCOUNT})), identity=S3GET), A,
                 id="rbp-account-with-identity"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": ACCOUNT})), identity=S3GET, boundary=EC2), I,
                 id="rbp-account-boundary-not-allowing"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_policy=rp(grant({"AWS": ACCOUNT_ROOT})),
                                      identity=ALLOW_S3, session_policies=EC2), I, id="rbp-account-session-not-allowing"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": BOB}, action="s3:PutObject"))), I,
                 id="rbp-user-arn-other-action"),
    pytest.param("s3:GetObject", dict(resource_policy=rp(grant({"AWS": BOB}, resource="arn:aws:s3:::other/*"))), I,
                 id="rbp-user-arn-other-resource"),
    # cross-account (reference_policies_evaluation-logic-cross-account.html): both sides must allow
    pytest.param("s3:GetObject", dict(resource_account=OTHER, identity=S3GET, resource_policy=rp(grant({"AWS": BOB}))), A,
                 id="xacct-both-allow"),
    pytest.param("s3:GetObject", dict(resource_account=OTHER, resource_policy=rp(grant({"AWS": BOB}))), I,
                 id="xacct-no-identity"),
    pytest.param("s3:GetObject", dict(resource_account=OTHER, identity=S3GET), I, id="xacct-no-resource-policy"),
    pytest.param("s3:GetObject", dict(resource_account=OTHER, identity=S3GET, resource_policy=rp(grant({"AWS": ALICE}))), I,
                 id="xacct-resource-policy-other-principal"),
    pytest.param("s3:GetObject", dict(resource_account=OTHER, identity=S3GET, resource_policy=rp(grant({"AWS": ACCOUNT}))), A,
                 id="xacct-grant-account-with-identity"),
    pytest.param("s3:GetObject", dict(resource_account=OTHER, resource_policy=rp(grant({"AWS": ACCOUNT}))), I,
                 id="xacct-grant-account-no-identity"),
    pytest.param("s3:GetObject", dict(resource_account=OTHER, resource_policy=rp(grant("*"))), I,
                 id="xacct-principal-star-needs-identity"),
    pytest.param("s3:GetObject", dict(resource_account=OTHER, identity=S3GET, resource_policy=rp(grant("*"))), A,
                 id="xacct-principal-star-with-identity"),
    pytest.param("s3:GetObject", dict(resource_account=OTHER, identity=S3GET, resource_policy=rp(grant({"AWS": BOB})),
                                      boundary=EC2), I, id="xacct-boundary-not-allowing"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_account=OTHER, identity=S3GET,
                                      resource_policy=rp(grant({"AWS": ROLE}))), A, id="xacct-role-arn-with-identity"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_account=OTHER, identity=S3GET,
                                      resource_policy=rp(grant({"AWS": SESSION})), session_policies=EC2), I,
                 id="xacct-session-arn-session-policy-not-allowing"),
    pytest.param("s3:GetObject", dict(principal=session(), resource_account=OTHER,
                                      resource_policy=rp(grant({"AWS": SESSION}))), I, id="xacct-session-arn-no-identity"),
    pytest.param("s3:GetObject", dict(resource_account=OTHER, identity=S3GET,
                                      resource_policy=rp(grant({"AWS": BOB}), grant({"AWS": BOB}, effect="Deny"))), E,
                 id="xacct-resource-deny"),
    pytest.param("s3:GetObject", dict(resource_account=OTHER, identity=ALLOW_ALL, resource_policy=rp(grant({"AWS": BOB})),
                                      scps=[[EC2]]), I, id="xacct-scp-not-allowing"),
    pytest.param("s3:GetObject", dict(principal=root(), resource_account=OTHER, resource_policy=rp(grant({"AWS": ACCOUNT}))),
                 A, id="xacct-root-account-granted"),
    pytest.param("s3:GetObject", dict(principal=root(), resource_account=OTHER), I, id="xacct-root-no-resource-policy"),
]


@pytest.mark.parametrize("action,kwargs,expected", EVAL_CASES)
def test_evaluation_logic(action, kwargs, expected):
    assert verdict(action, OBJ, **kwargs) == expected


# ---------------------------------------------------------------------------------------
# Role trust policies: a trust policy must always allow explicitly
# (reference_policies_evaluation-logic.html; id_roles_compare-resource-policies.html)
# ---------------------------------------------------------------------------------------

ROLE_TARGET = f"arn:aws:iam::{ACCOUNT}:role/target"
ASSUME = doc(allow("sts:AssumeRole", ROLE_TARGET))

TRUST_CASES = [
    pytest.param(doc(trust({"AWS": BOB})), user(), dict(), A, id="trust-user-arn-same-account"),
    pytest.param(doc(trust({"AWS": ACCOUNT})), user(), dict(), I, id="trust-account-needs-identity"),
    pytest.param(doc(trust({"AWS": ACCOUNT})), user(), dict(identity=ASSUME), A, id="trust-account-with-identity"),
    pytest.param(doc(trust({"AWS": ACCOUNT_ROOT})), user(), dict(identity=ASSUME), A, id="trust-account-root-with-identity"),
    pytest.param(doc(trust({"AWS": ALICE})), user(), dict(identity=ASSUME), I, id="trust-other-user-identity-not-enough"),
    pytest.param(doc(trust({"AWS": ACCOUNT})), user(), dict(identity=doc(allow("sts:AssumeRole", "arn:aws:iam::*:role/x"))), I,
                 id="trust-account-identity-other-role"),
    pytest.param(doc(trust({"AWS": [ACCOUNT]}), trust({"AWS": BOB}, effect="Deny")), user(), dict(identity=ASSUME), E,
                 id="trust-explicit-deny"),
    pytest.param(doc(trust({"AWS": ACCOUNT}, Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})), user(),
                 dict(identity=ASSUME, context={"aws:MultiFactorAuthPresent": "true"}), A, id="trust-condition-met"),
    pytest.param(doc(trust({"AWS": ACCOUNT}, Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})), user(),
                 dict(identity=ASSUME), I, id="trust-condition-missing"),
    pytest.param(doc(trust({"AWS": ACCOUNT})), user(), dict(identity=ASSUME, boundary=EC2), I,
                 id="trust-account-boundary-not-allowing"),
    # cross-account: the caller's identity side must allow too
    pytest.param(doc(trust({"AWS": OTHER})), user(account=OTHER), dict(identity=ASSUME, resource_account=ACCOUNT), A,
                 id="trust-xacct-account-with-identity"),
    pytest.param(doc(trust({"AWS": OTHER})), user(account=OTHER), dict(resource_account=ACCOUNT), I,
                 id="trust-xacct-no-identity"),
    pytest.param(doc(trust({"AWS": OTHER_BOB})), user(account=OTHER), dict(resource_account=ACCOUNT), I,
                 id="trust-xacct-user-arn-no-identity"),
    pytest.param(doc(trust({"AWS": OTHER_BOB})), user(account=OTHER), dict(identity=ASSUME, resource_account=ACCOUNT), A,
                 id="trust-xacct-user-arn-with-identity"),
    pytest.param(doc(trust({"AWS": OTHER}, Condition={"StringEquals": {"sts:ExternalId": "abc123"}})), user(account=OTHER),
                 dict(identity=ASSUME, resource_account=ACCOUNT, context={"sts:ExternalId": "abc123"}), A,
                 id="trust-xacct-external-id"),
    pytest.param(doc(trust({"AWS": OTHER}, Condition={"StringEquals": {"sts:ExternalId": "abc123"}})), user(account=OTHER),
                 dict(identity=ASSUME, resource_account=ACCOUNT), I, id="trust-xacct-external-id-missing"),
    pytest.param(doc(trust({"AWS": ACCOUNT})), user(account=OTHER), dict(identity=ASSUME, resource_account=ACCOUNT), I,
                 id="trust-xacct-wrong-account"),
    # service principals
    pytest.param(doc(trust({"Service": "ec2.amazonaws.com"})), service(), dict(), A, id="trust-service-ec2"),
    pytest.param(doc(trust({"Service": ["lambda.amazonaws.com"]})), service(), dict(), I, id="trust-service-other"),
    pytest.param(doc(trust({"AWS": ACCOUNT})), service(), dict(), I, id="trust-service-not-named"),
    pytest.param(doc(trust({"Service": "ec2.amazonaws.com"})), user(), dict(identity=ASSUME), I,
                 id="trust-service-only-user-denied"),
]


@pytest.mark.parametrize("policy,principal,extra,expected", TRUST_CASES)
def test_trust_policies(policy, principal, extra, expected):
    assert verdict("sts:AssumeRole", ROLE_TARGET, principal=principal, trust_policy=policy, **extra) == expected


# ---------------------------------------------------------------------------------------
# Access denied messages (troubleshoot_access-denied.html)
# ---------------------------------------------------------------------------------------

HEAD = f"User: {BOB} is not authorized to perform: s3:PutObject on resource: {OBJ}"
SHEAD = f"User: {SESSION} is not authorized to perform: s3:PutObject on resource: {OBJ}"

MESSAGE_CASES = [
    pytest.param(dict(), HEAD + " because no identity-based policy allows the s3:PutObject action", id="msg-no-identity"),
    pytest.param(dict(identity=doc(allow(), deny("s3:PutObject"))), HEAD + " with an explicit deny in an identity-based policy",
                 id="msg-identity-deny"),
    pytest.param(dict(identity=ALLOW_ALL, resource_policy=rp(grant("*", effect="Deny"))),
                 HEAD + " with an explicit deny in a resource-based policy", id="msg-resource-deny"),
    pytest.param(dict(identity=ALLOW_ALL, boundary=S3GET), HEAD + " because no permissions boundary allows the s3:PutObject action",
                 id="msg-boundary"),
    pytest.param(dict(identity=ALLOW_ALL, boundary=doc(allow(), deny("s3:Put*"))),
                 HEAD + " with an explicit deny in a permissions boundary", id="msg-boundary-deny"),
    pytest.param(dict(identity=ALLOW_ALL, scps=[[S3GET]]), HEAD + " because no service control policy allows the s3:PutObject action",
                 id="msg-scp"),
    pytest.param(dict(identity=ALLOW_ALL, scps=[[doc(allow(), deny("s3:*"))]]),
                 HEAD + " with an explicit deny in a service control policy", id="msg-scp-deny"),
    pytest.param(dict(identity=ALLOW_ALL, resource_account=OTHER, resource_policy=rp(grant({"AWS": ALICE}))),
                 HEAD + " because no resource-based policy allows the s3:PutObject action", id="msg-xacct-resource"),
    pytest.param(dict(principal=session(), identity=ALLOW_ALL, session_policies=S3GET),
                 SHEAD + " because no session policy allows the s3:PutObject action", id="msg-session"),
    pytest.param(dict(principal=session(), identity=ALLOW_ALL, session_policies=doc(allow(), deny("s3:PutObject"))),
                 SHEAD + " with an explicit deny in a session policy", id="msg-session-deny"),
]


@pytest.mark.parametrize("kwargs,message", MESSAGE_CASES)
def test_denied_messages(kwargs, message):
    d = decide("s3:PutObject", OBJ, **kwargs)
    assert d.decision != A
    assert d.message == message


def test_message_star_resource_has_no_on_resource():
    d = decide("iam:ListUsers", "*")
    assert d.message == (f"User: {BOB} is not authorized to perform: iam:ListUsers "
                         "because no identity-based policy allows the iam:ListUsers action")


def test_message_trust_policy_explicit_deny():
    d = decide("sts:AssumeRole", ROLE_TARGET, trust_policy=doc(trust({"AWS": BOB}), trust({"AWS": BOB}, effect="Deny")))
    assert d.decision == E
    assert d.message == (f"User: {BOB} is not authorized to perform: sts:AssumeRole on resource: {ROLE_TARGET} "
                         "with an explicit deny in a role trust policy")


def test_message_trust_policy():
    d = decide("sts:AssumeRole", ROLE_TARGET, trust_policy=doc(trust({"AWS": ALICE})), identity=ASSUME)
    assert d.decision == I
    assert d.message == (f"User: {BOB} is not authorized to perform: sts:AssumeRole on resource: {ROLE_TARGET} "
                         "because no role trust policy allows the sts:AssumeRole action")


@pytest.mark.parametrize("kwargs", [c.values[0] for c in MESSAGE_CASES[:4]] + [dict(identity=S3GET)])
def test_fast_and_explained_paths_agree(kwargs):
    fast = decide("s3:PutObject", OBJ, **kwargs)
    slow = decide("s3:PutObject", OBJ, explain=True, **kwargs)
    assert fast.decision == slow.decision == slow.explain.decision
    assert fast.message == slow.message == slow.explain.message


@pytest.mark.parametrize("resources", [
    pytest.param(["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/*"], id="unresolved-then-plain"),
    pytest.param(["arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/*"], id="plain-then-unresolved"),
    pytest.param(["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::c/${aws:PrincipalTag/team}"], id="two-unresolved"),
])
@pytest.mark.parametrize("effect", [allow, deny])
def test_explained_path_with_unresolved_variable_in_resource_list(resources, effect):
    # The explained path must reach the same decision as the fast path and never raise.
    policy = doc(allow("ec2:*"), effect("s3:GetObject", resources))
    fast = decide("s3:GetObject", OBJ, identity=policy)
    slow = decide("s3:GetObject", OBJ, identity=policy, explain=True)
    assert fast.decision == slow.decision == slow.explain.decision
