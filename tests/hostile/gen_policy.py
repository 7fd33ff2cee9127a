"""Hostile policy documents: what a learner pastes into the editor, the simulator or
``--policy-document``.

``document(rng)`` returns the text of one document: wildcards that make a backtracking
matcher explode (``*a*a*a...b``), huge and deeply nested JSON, many statements, variables
inside variables, odd types where IAM wants strings, control characters, and near-valid
documents with one thing wrong.
"""

from __future__ import annotations

import json
import random

from hostile.gen_shell import ESC

ACTIONS = ["*", "s3:*", "s3:GetObject", "iam:*", "sts:AssumeRole", "s3:Get*", "*:*", "s3:", ":", "", "a:b:c",
           "s3:" + "*a" * 60 + "b", "*" + "a*" * 100 + "b", "s3:" + "?" * 200, "S3:GETOBJECT", "ec2:Run?nstances"]
RESOURCES = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::" + "*a" * 60 + "b", "arn:aws:iam::*:user/${aws:username}",
             "arn:aws:s3:::${${aws:username}}", "arn:aws:s3:::${aws:PrincipalTag/" + "x" * 300 + "}", "arn:",
             "not-an-arn", "arn:aws:s3:::b/${*}", "arn:aws:s3:::" + "${?}" * 50, "*" * 500]
OPERATORS = ["StringEquals", "StringLike", "ArnLike", "IpAddress", "NumericLessThan", "DateGreaterThan", "Bool",
             "ForAnyValue:StringLike", "ForAllValues:StringEquals", "StringLikeIfExists", "Null", "Bogus"]
KEYS = ["aws:username", "aws:SourceIp", "aws:CurrentTime", "aws:MultiFactorAuthPresent", "s3:prefix", "aws:x" * 50,
        "aws:PrincipalTag/team", ""]
VALUES = ["*a" * 60 + "b", "10.0.0.0/8", "999.1.1.1/99", "2026-01-01T00:00:00Z", "true", "1e999", "-0", "", *ESC,
          "${aws:username}", "?" * 300]


def _statement(rng: random.Random) -> dict:
    st: dict = {"Effect": rng.choice(["Allow", "Deny", "allow", "Maybe", 1]),
                rng.choice(["Action", "NotAction"]): rng.choice([rng.choice(ACTIONS),
                                                                 [rng.choice(ACTIONS) for _ in range(rng.randint(0, 30))]]),
                rng.choice(["Resource", "NotResource"]): rng.choice([rng.choice(RESOURCES), [rng.choice(RESOURCES)]])}
    if rng.random() < 0.4:
        st["Condition"] = {rng.choice(OPERATORS): {rng.choice(KEYS): rng.choice(
            [rng.choice(VALUES), [rng.choice(VALUES) for _ in range(rng.randint(0, 20))], 5, None, {"a": 1}])}}
    if rng.random() < 0.2:
        st["Principal"] = rng.choice(["*", {"AWS": "*"}, {"AWS": "arn:aws:iam::111122223333:root"},
                                      {"Service": "ec2.amazonaws.com"}, {"Federated": "accounts.google.com"}, 5])
    if rng.random() < 0.2:
        st["Sid"] = rng.choice(["ok", "", "bad sid", 5, *ESC])
    return st


def document(rng: random.Random) -> str:
    """The text of one hostile policy document."""
    roll = rng.random()
    if roll < 0.05:
        depth = rng.choice([100, 1000, 100000])
        return "[" * depth + "]" * depth
    if roll < 0.08:
        return json.dumps({"Version": "2012-10-17", "Statement": [_statement(rng) for _ in range(rng.choice([200, 2000]))]})
    if roll < 0.10:
        big = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/" + "x" * 2_000_000}
        return json.dumps({"Version": "2012-10-17", "Statement": big})
    if roll < 0.15:
        return rng.choice(["", "null", "{}", "[]", "{\"Version\":", "\x00", "\ufeff{}", "{" * 50, "1" * 10000,
                           '{"Version":"2012-10-17","Statement":' + '{"a":' * 5000 + "1" + "}" * 5000 + "}"])
    doc = {"Version": rng.choice(["2012-10-17", "2008-10-17", "2020-01-01", 5]),
           "Statement": rng.choice([[_statement(rng) for _ in range(rng.randint(1, 6))], _statement(rng)])}
    if rng.random() < 0.1:
        doc["Id"] = rng.choice(ESC)
    return json.dumps(doc, ensure_ascii=rng.random() < 0.5)
