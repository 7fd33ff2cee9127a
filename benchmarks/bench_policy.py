"""Policy engine throughput (prints figures; not a timed test).

1. Decisions per second for a typical principal: four parsed policies, about 15
   statements with conditions and policy variables, alternating allowed and denied
   requests.
2. ``simulate_custom_policy`` calls per second, each given one to three policy strings
   (the same texts again and again, as a learner or a scenario sends them: each distinct
   text is parsed once, then served from the engine's cache).
3. The same calls with texts never seen before (each one parsed and compiled: the cold path).

Run: .venv/bin/python benchmarks/bench_policy.py
"""

from __future__ import annotations

import json
import time

from sandbox.policy import (
    Authorization,
    PolicyRef,
    Principal,
    RequestContext,
    evaluate,
    parse_policy,
    simulate_custom_policy,
)

ACCOUNT = "111122223333"

POLICIES = [
    {"Version": "2012-10-17", "Statement": [
        {"Sid": "ListOwnPrefix", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::team-bucket",
         "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "shared/*"]}}},
        {"Sid": "RwOwnObjects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
         "Resource": "arn:aws:s3:::team-bucket/home/${aws:username}/*"},
        {"Sid": "ReadShared", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::team-bucket/shared/*"},
        {"Sid": "DenyUnencrypted", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*",
         "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "AES256"},
                       "Null": {"s3:x-amz-server-side-encryption": "false"}}},
    ]},
    {"Version": "2012-10-17", "Statement": [
        {"Sid": "ManageOwnKeys", "Effect": "Allow", "Action": ["iam:*AccessKey*", "iam:GetUser", "iam:ChangePassword"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "ManageOwnMfa", "Effect": "Allow", "Action": ["iam:*MFADevice"],
         "Resource": ["arn:aws:iam::*:mfa/${aws:username}", "arn:aws:iam::*:user/${aws:username}"]},
        {"Sid": "DenyWithoutMfa", "Effect": "Deny",
         "NotAction": ["iam:*MFADevice", "iam:ListMFADevices", "iam:GetUser", "iam:ChangePassword",
                       "sts:GetSessionToken"],
         "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
        {"Sid": "ViewAccount", "Effect": "Allow",
         "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], "Resource": "*"},
    ]},
    {"Version": "2012-10-17", "Statement": [
        {"Sid": "Ec2Read", "Effect": "Allow", "Action": ["ec2:Describe*"], "Resource": "*",
         "Condition": {"StringEquals": {"aws:RequestedRegion": ["eu-west-1", "us-east-1"]}}},
        {"Sid": "Ec2TeamInstances", "Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"],
         "Resource": "arn:aws:ec2:*:*:instance/*",
         "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}},
        {"Sid": "OfficeOnly", "Effect": "Deny", "Action": "*", "Resource": "*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]},
                       "Bool": {"aws:ViaAWSService": "false"}}},
    ]},
    {"Version": "2012-10-17", "Statement": [
        {"Sid": "DynamoOwnItems", "Effect": "Allow",
         "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
         "Resource": "arn:aws:dynamodb:*:*:table/app-data",
         "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:userid}"]}}},
        {"Sid": "WorkHours", "Effect": "Allow", "Action": "cloudwatch:Get*", "Resource": "*",
         "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"},
                       "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}},
        {"Sid": "TaggedSessions", "Effect": "Allow", "Action": "sts:TagSession", "Resource": "*",
         "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": ["team", "cost-*"]}}},
        {"Sid": "NoDelete", "Effect": "Deny", "Action": ["dynamodb:DeleteTable", "s3:DeleteBucket"], "Resource": "*"},
    ]},
]

REQUESTS = [
    ("s3:GetObject", "arn:aws:s3:::team-bucket/home/alice/report.txt", {}),
    ("s3:PutObject", "arn:aws:s3:::team-bucket/home/alice/new.txt", {"s3:x-amz-server-side-encryption": "aws:kms"}),
    ("s3:ListBucket", "arn:aws:s3:::team-bucket", {"s3:prefix": "home/alice/"}),
    ("iam:CreateAccessKey", f"arn:aws:iam::{ACCOUNT}:user/alice", {"aws:MultiFactorAuthPresent": "true"}),
    ("iam:CreateAccessKey", f"arn:aws:iam::{ACCOUNT}:user/bob", {}),
    ("ec2:DescribeInstances", "*", {"aws:RequestedRegion": "eu-west-1"}),
    ("ec2:StopInstances", f"arn:aws:ec2:eu-west-1:{ACCOUNT}:instance/i-0abc", {"aws:ResourceTag/team": "blue"}),
    ("dynamodb:GetItem", f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/app-data",
     {"dynamodb:LeadingKeys": ["AIDAALICE"]}),
    ("dynamodb:DeleteTable", f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/app-data", {}),
    ("cloudwatch:GetMetricData", "*", {"aws:MultiFactorAuthAge": "120"}),
]


def bench_decisions(seconds: float = 2.0) -> tuple[float, dict]:
    refs = [PolicyRef(parse_policy(json.dumps(p)), f"p{i}") for i, p in enumerate(POLICIES)]
    principal = Principal(f"arn:aws:iam::{ACCOUNT}:user/alice", "user", ACCOUNT, "AIDAALICE")
    base = {"aws:username": "alice", "aws:userid": "AIDAALICE", "aws:PrincipalTag/team": "blue",
            "aws:SourceIp": "203.0.113.7", "aws:CurrentTime": "2026-11-27T12:00:00Z", "aws:ViaAWSService": "false"}
    auths = []
    for action, resource, extra in REQUESTS:
        ctx = RequestContext.from_mapping({**base, **extra})
        auths.append(Authorization(principal, action, resource, ctx, identity=refs))
    counts: dict[str, int] = {}
    n = 0
    start = time.perf_counter()
    end = start + seconds
    while time.perf_counter() < end:
        for auth in auths:
            d = evaluate(auth)
            counts[d.decision] = counts.get(d.decision, 0) + 1
        n += len(auths)
    elapsed = time.perf_counter() - start
    return n / elapsed, counts


def _requests(texts: list[str]) -> list[dict]:
    return [{
        "PolicyInputList": texts[:k],
        "ActionNames": ["s3:GetObject"],
        "ResourceArns": ["arn:aws:s3:::team-bucket/home/alice/report.txt"],
        "ContextEntries": [{"ContextKeyName": "aws:username", "ContextKeyValues": ["alice"],
                            "ContextKeyType": "string"}],
    } for k in (1, 2, 3)]


def bench_simulate(seconds: float = 2.0, fresh_texts: bool = False) -> float:
    requests = _requests([json.dumps(p) for p in POLICIES])
    n = 0
    start = time.perf_counter()
    end = start + seconds
    while time.perf_counter() < end:
        if fresh_texts:  # a new Id makes every text one the engine has never seen
            requests = _requests([json.dumps({**p, "Id": f"bench-{n}"}) for p in POLICIES])
        for req in requests:
            simulate_custom_policy(req)
        n += len(requests)
    return n / (time.perf_counter() - start)


if __name__ == "__main__":
    rate, counts = bench_decisions()
    statements = sum(len(p["Statement"]) for p in POLICIES)
    print(f"decisions/s (4 parsed policies, {statements} statements, conditions + variables): {rate:,.0f}  {counts}")
    print(f"simulate_custom_policy calls/s (1-3 policies each, texts repeated): {bench_simulate():,.0f}")
    fresh = bench_simulate(fresh_texts=True)
    print(f"simulate_custom_policy calls/s (1-3 policies each, every text new): {fresh:,.0f}")
