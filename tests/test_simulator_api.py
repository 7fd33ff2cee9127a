"""``simulate_custom_policy`` in the shapes of IAM's SimulateCustomPolicy API and the AWS CLI.

References: IAM API Reference, SimulateCustomPolicy / EvaluationResult / ResourceSpecificResult;
AWS CLI reference, ``aws iam simulate-custom-policy`` (its documented examples).
"""

from __future__ import annotations

import json

import pytest

from sandbox.errors import AwsError
from sandbox.policy import simulate_custom_policy

# The AWS CLI reference's example policy, byte for byte.
CLI_POLICY = ('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*",'
              '"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}')

ACCOUNT = "123456789012"
CALLER = f"arn:aws:iam::{ACCOUNT}:user/carol"


def policy(*statements, version="2012-10-17"):
    return json.dumps({"Version": version, "Statement": list(statements)})


def ctx(name, values, ctype="string"):
    return {"ContextKeyName": name, "ContextKeyValues": values if isinstance(values, list) else [values],
            "ContextKeyType": ctype}


def only(response):
    results = response["EvaluationResults"]
    assert len(results) == 1
    return results[0]


def error_of(request) -> AwsError:
    with pytest.raises(AwsError) as info:
        simulate_custom_policy(request)
    return info.value


# -- the AWS CLI documented example ---------------------------------------------------------

def test_cli_example_allowed():
    r = simulate_custom_policy({
        "PolicyInputList": [CLI_POLICY],
        "ActionNames": ["dynamodb:CreateBackup"],
        "ContextEntries": [ctx("aws:CurrentTime", "2019-04-25T11:00:00Z", "date")],
    })
    res = only(r)
    assert res["EvalActionName"] == "dynamodb:CreateBackup"
    assert res["EvalResourceName"] == "*"
    assert res["EvalDecision"] == "allowed"
    assert res["MatchedStatements"] == [{
        "SourcePolicyId": "PolicyInputList.1",
        "StartPosition": {"Line": 1, "Column": 38},
        "EndPosition": {"Line": 1, "Column": 167},
    }]
    assert res["MissingContextValues"] == []
    assert r["IsTruncated"] is False


def test_cli_example_implicit_deny():
    r = simulate_custom_policy({
        "PolicyInputList": [CLI_POLICY],
        "ActionNames": ["dynamodb:CreateBackup"],
        "ContextEntries": [ctx("aws:CurrentTime", "2014-04-25T11:00:00Z", "date")],
    })
    res = only(r)
    assert res["EvalDecision"] == "implicitDeny"
    assert res["MatchedStatements"] == []
    assert res["MissingContextValues"] == []


def test_each_action_gets_a_result():
    r = simulate_custom_policy({
        "PolicyInputList": [policy({"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"})],
        "ActionNames": ["s3:GetObject", "s3:PutObject"],
    })
    decisions = {x["EvalActionName"]: x["EvalDecision"] for x in r["EvaluationResults"]}
    assert decisions == {"s3:GetObject": "allowed", "s3:PutObject": "implicitDeny"}


def test_explicit_deny_reported_with_its_statement():
    text = policy({"Effect": "Allow", "Action": "*", "Resource": "*"},
                  {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"})
    res = only(simulate_custom_policy({"PolicyInputList": [text], "ActionNames": ["s3:DeleteBucket"]}))
    assert res["EvalDecision"] == "explicitDeny"
    assert [m["SourcePolicyId"] for m in res["MatchedStatements"]] == ["PolicyInputList.1"]


def test_second_policy_is_numbered():
    res = only(simulate_custom_policy({
        "PolicyInputList": [policy({"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}),
                            policy({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})],
        "ActionNames": ["s3:ListBucket"],
    }))
    assert res["EvalDecision"] == "allowed"
    assert [m["SourcePolicyId"] for m in res["MatchedStatements"]] == ["PolicyInputList.2"]


# -- MissingContextValues -------------------------------------------------------------------

def test_missing_context_values_listed():
    res = only(simulate_custom_policy({"PolicyInputList": [CLI_POLICY], "ActionNames": ["dynamodb:CreateBackup"]}))
    assert res["EvalDecision"] == "implicitDeny"
    assert res["MissingContextValues"] == ["aws:CurrentTime"]


def test_missing_context_values_several_keys():
    text = policy({"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {
        "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "Bool": {"aws:SecureTransport": "true"}}})
    res = only(simulate_custom_policy({
        "PolicyInputList": [text], "ActionNames": ["s3:GetObject"],
        "ContextEntries": [ctx("aws:SecureTransport", "true", "boolean")],
    }))
    assert res["MissingContextValues"] == ["aws:SourceIp"]
    assert res["EvalDecision"] == "implicitDeny"


def test_supplied_context_is_not_missing_and_decides():
    text = policy({"Effect": "Allow", "Action": "s3:*", "Resource": "*",
                   "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}})
    res = only(simulate_custom_policy({
        "PolicyInputList": [text], "ActionNames": ["s3:GetObject"],
        "ContextEntries": [ctx("aws:SourceIp", "203.0.113.9", "ip")],
    }))
    assert res["EvalDecision"] == "allowed"
    assert res["MissingContextValues"] == []


def test_multivalued_context_entry():
    text = policy({"Effect": "Allow", "Action": "iam:TagUser", "Resource": "*",
                   "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}})
    ok = only(simulate_custom_policy({"PolicyInputList": [text], "ActionNames": ["iam:TagUser"],
                                      "ContextEntries": [ctx("aws:TagKeys", ["env", "team"], "stringList")]}))
    bad = only(simulate_custom_policy({"PolicyInputList": [text], "ActionNames": ["iam:TagUser"],
                                       "ContextEntries": [ctx("aws:TagKeys", ["env", "cost"], "stringList")]}))
    assert ok["EvalDecision"] == "allowed"
    assert bad["EvalDecision"] == "implicitDeny"


# -- ResourceArns -> ResourceSpecificResults ------------------------------------------------

def test_one_result_per_action_with_each_resource_in_resource_specific_results():
    # IAM API Reference, EvaluationResult: "The simulator now returns a single EvaluationResult per
    # action, regardless of how many resource ARNs are provided ... The top-level EvalDecision
    # reflects the most restrictive decision across all resources."
    text = policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public/*"})
    res = only(simulate_custom_policy({
        "PolicyInputList": [text], "ActionNames": ["s3:GetObject"],
        "ResourceArns": ["arn:aws:s3:::public/a", "arn:aws:s3:::private/b"],
    }))
    assert res["EvalDecision"] == "implicitDeny"
    assert res["EvalResourceName"] == "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    by_resource = {x["EvalResourceName"]: x for x in res["ResourceSpecificResults"]}
    assert list(by_resource) == ["arn:aws:s3:::public/a", "arn:aws:s3:::private/b"]
    pub = by_resource["arn:aws:s3:::public/a"]
    assert pub["EvalResourceDecision"] == "allowed"
    assert pub["MatchedStatements"][0]["SourcePolicyId"] == "PolicyInputList.1"
    priv = by_resource["arn:aws:s3:::private/b"]
    assert priv["EvalResourceDecision"] == "implicitDeny"
    assert priv["MatchedStatements"] == []


def test_an_explicit_deny_on_any_resource_is_the_top_level_decision():
    text = policy({"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                  {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/secret"})
    res = only(simulate_custom_policy({
        "PolicyInputList": [text], "ActionNames": ["s3:GetObject"],
        "ResourceArns": ["arn:aws:s3:::b/x", "arn:aws:s3:::b/secret"],
    }))
    assert res["EvalDecision"] == "explicitDeny"
    assert [m["SourcePolicyId"] for m in res["MatchedStatements"]] == ["PolicyInputList.1"]
    assert [r["EvalResourceDecision"] for r in res["ResourceSpecificResults"]] == ["allowed", "explicitDeny"]


def test_a_single_resource_names_itself():
    res = only(simulate_custom_policy({"PolicyInputList": [CLI_POLICY], "ActionNames": ["dynamodb:CreateBackup"],
                                       "ResourceArns": [f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/T"]}))
    assert res["EvalResourceName"] == f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/T"


def test_missing_context_values_go_to_resource_specific_results_when_arns_given():
    # IAM API Reference, ResourceSpecificResult.MissingContextValues: used when ResourceArns lists
    # ARNs; without them the keys are under EvaluationResults.
    res = only(simulate_custom_policy({
        "PolicyInputList": [CLI_POLICY], "ActionNames": ["dynamodb:CreateBackup"],
        "ResourceArns": [f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/T"],
    }))
    assert res["ResourceSpecificResults"][0]["MissingContextValues"] == ["aws:CurrentTime"]
    assert res["MissingContextValues"] == []


# -- permissions boundary -------------------------------------------------------------------

def test_permissions_boundary_decision_detail():
    allow_all = policy({"Effect": "Allow", "Action": "*", "Resource": "*"})
    boundary = policy({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})
    r = simulate_custom_policy({
        "PolicyInputList": [allow_all], "PermissionsBoundaryPolicyInputList": [boundary],
        "ActionNames": ["s3:GetObject", "ec2:RunInstances"],
    })
    by_action = {x["EvalActionName"]: x for x in r["EvaluationResults"]}
    assert by_action["s3:GetObject"]["EvalDecision"] == "allowed"
    assert by_action["s3:GetObject"]["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}
    assert by_action["ec2:RunInstances"]["EvalDecision"] == "implicitDeny"
    assert by_action["ec2:RunInstances"]["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}


def test_no_boundary_no_boundary_detail():
    res = only(simulate_custom_policy({"PolicyInputList": [CLI_POLICY], "ActionNames": ["dynamodb:CreateBackup"]}))
    assert "PermissionsBoundaryDecisionDetail" not in res


def test_a_boundary_that_explicitly_denies_does_not_allow():
    # API Reference, PermissionsBoundaryDecisionDetail: "A value of false means that either the
    # requested action is not allowed (implicitly denied) or that the action is explicitly denied
    # by the permissions boundary."
    allow_all = policy({"Effect": "Allow", "Action": "*", "Resource": "*"})
    boundary = policy({"Effect": "Allow", "Action": "*", "Resource": "*"},
                      {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"})
    res = only(simulate_custom_policy({"PolicyInputList": [allow_all], "PermissionsBoundaryPolicyInputList": [boundary],
                                       "ActionNames": ["s3:GetObject"]}))
    assert res["EvalDecision"] == "explicitDeny"
    assert res["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}


def test_boundary_alone_does_not_grant():
    nothing = policy({"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"})
    boundary = policy({"Effect": "Allow", "Action": "*", "Resource": "*"})
    res = only(simulate_custom_policy({"PolicyInputList": [nothing], "PermissionsBoundaryPolicyInputList": [boundary],
                                       "ActionNames": ["s3:GetObject"]}))
    assert res["EvalDecision"] == "implicitDeny"
    assert res["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}


# -- ResourcePolicy and CallerArn -----------------------------------------------------------

def resource_policy(principal, action="s3:GetObject", effect="Allow"):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": effect, "Principal": principal, "Action": action, "Resource": "arn:aws:s3:::b/*"}]})


NOTHING = policy({"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"})


def test_resource_policy_grants_caller():
    res = only(simulate_custom_policy({
        "PolicyInputList": [NOTHING], "ActionNames": ["s3:GetObject"], "ResourceArns": ["arn:aws:s3:::b/x"],
        "ResourcePolicy": resource_policy({"AWS": CALLER}), "CallerArn": CALLER,
    }))
    assert res["EvalDecision"] == "allowed"
    assert any(m["SourcePolicyId"] == "ResourcePolicy" for m in res["MatchedStatements"])
    # same account: EvalDecisionDetails is "present but the response is empty" with a resource ARN
    # (API Reference, EvaluationResult.EvalDecisionDetails)
    assert res["EvalDecisionDetails"] == {}


def test_eval_decision_details_only_for_cross_account_simulations():
    # "populated for only cross-account simulations ... If the simulation evaluates policies within
    # the same account and specifies all resources (*), then the parameter is not returned."
    allow = policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})
    same = only(simulate_custom_policy({"PolicyInputList": [allow], "ActionNames": ["s3:GetObject"],
                                        "ResourcePolicy": resource_policy({"AWS": CALLER}), "CallerArn": CALLER}))
    assert "EvalDecisionDetails" not in same
    cross = only(simulate_custom_policy({
        "PolicyInputList": [allow], "ActionNames": ["s3:GetObject"], "ResourceArns": ["arn:aws:s3:::b/x"],
        "ResourcePolicy": resource_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), "CallerArn": CALLER,
        "ResourceOwner": "arn:aws:iam::111122223333:root"}))
    assert cross["EvalDecision"] == "allowed"
    assert cross["EvalDecisionDetails"] == {"IAM Policy": "allowed", "Resource Policy": "allowed"}
    assert cross["ResourceSpecificResults"][0]["EvalDecisionDetails"] == cross["EvalDecisionDetails"]


def test_resource_policy_for_someone_else():
    res = only(simulate_custom_policy({
        "PolicyInputList": [NOTHING], "ActionNames": ["s3:GetObject"], "ResourceArns": ["arn:aws:s3:::b/x"],
        "ResourcePolicy": resource_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:user/dave"}), "CallerArn": CALLER,
    }))
    assert res["EvalDecision"] == "implicitDeny"


def test_resource_policy_deny():
    allow_all = policy({"Effect": "Allow", "Action": "*", "Resource": "*"})
    res = only(simulate_custom_policy({
        "PolicyInputList": [allow_all], "ActionNames": ["s3:GetObject"], "ResourceArns": ["arn:aws:s3:::b/x"],
        "ResourcePolicy": resource_policy("*", effect="Deny"), "CallerArn": CALLER,
    }))
    assert res["EvalDecision"] == "explicitDeny"


def test_resource_policy_without_caller_arn_is_invalid_input():
    err = error_of({"PolicyInputList": [NOTHING], "ActionNames": ["s3:GetObject"],
                    "ResourcePolicy": resource_policy({"AWS": CALLER})})
    assert err.code == "InvalidInput"


# -- errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,line", [
    pytest.param('{"Version": "2012-10-17", "Statement": [', 1, id="truncated"),
    pytest.param('{"Version": "2012-10-17",\n "Statement": [\n  {"Effect": "Allow" "Action": "*"}]}', 3,
                 id="missing-comma"),
    pytest.param("{\n\n  'Version': '2012-10-17'}", 3, id="single-quotes"),
])
def test_malformed_json(text, line):
    err = error_of({"PolicyInputList": [text], "ActionNames": ["s3:GetObject"]})
    assert err.code == "MalformedPolicyDocument"
    assert f"line {line}" in err.message
    assert "column" in err.message


def test_principal_in_identity_policy():
    text = policy({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})
    err = error_of({"PolicyInputList": [text], "ActionNames": ["s3:GetObject"]})
    assert err.code == "MalformedPolicyDocument"
    assert err.message == "Policy document should not specify a principal."


def test_malformed_boundary_is_reported_too():
    err = error_of({"PolicyInputList": [NOTHING], "PermissionsBoundaryPolicyInputList": ["{not json"],
                    "ActionNames": ["s3:GetObject"]})
    assert err.code == "MalformedPolicyDocument"


@pytest.mark.parametrize("action", ["s3:Get*", "s3:*", "*", "s3:GetObjec?"])
def test_wildcard_action_name_is_invalid_input(action):
    err = error_of({"PolicyInputList": [NOTHING], "ActionNames": [action]})
    assert err.code == "InvalidInput"


@pytest.mark.parametrize("entry", [
    pytest.param(ctx("aws:SourceIp", "1.2.3.4", "ipaddress"), id="unknown-type"),
    pytest.param(ctx("aws:SourceIp", "not-an-ip", "ip"), id="bad-ip"),
    pytest.param(ctx("s3:max-keys", "ten", "numeric"), id="bad-number"),
    pytest.param(ctx("aws:CurrentTime", "yesterday", "date"), id="bad-date"),
    pytest.param(ctx("aws:SecureTransport", "maybe", "boolean"), id="bad-boolean"),
])
def test_bad_context_entry_is_invalid_input(entry):
    err = error_of({"PolicyInputList": [CLI_POLICY], "ActionNames": ["dynamodb:CreateBackup"],
                    "ContextEntries": [entry]})
    assert err.code == "InvalidInput"


# -- explain=True ---------------------------------------------------------------------------

def test_explain_gives_decision_and_message():
    r = simulate_custom_policy({
        "PolicyInputList": [policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})],
        "ActionNames": ["s3:GetObject", "s3:PutObject"], "ResourceArns": ["arn:aws:s3:::b/x"],
    }, explain=True)
    by_action = {x["EvalActionName"]: x for x in r["EvaluationResults"]}
    ok = by_action["s3:GetObject"]["Explain"]
    assert ok.decision == "allowed"
    no = by_action["s3:PutObject"]["Explain"]
    assert no.decision == "implicitDeny"
    assert no.message.endswith("is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::b/x "
                               "because no identity-based policy allows the s3:PutObject action")


def test_explain_absent_by_default():
    res = only(simulate_custom_policy({"PolicyInputList": [CLI_POLICY], "ActionNames": ["dynamodb:CreateBackup"]}))
    assert "Explain" not in res


def test_explain_agrees_with_decision_on_cli_example():
    for when, expected in (("2019-04-25T11:00:00Z", "allowed"), ("2014-04-25T11:00:00Z", "implicitDeny")):
        res = only(simulate_custom_policy({
            "PolicyInputList": [CLI_POLICY], "ActionNames": ["dynamodb:CreateBackup"],
            "ContextEntries": [ctx("aws:CurrentTime", when, "date")],
        }, explain=True))
        assert res["EvalDecision"] == res["Explain"].decision == expected



def test_the_simulated_caller_belongs_to_the_calling_account():
    """Without a CallerArn or a ResourceOwner, the simulated user is the calling account's:
    the simulator's Why? named arn:aws:iam::123456789012:user/simulated-caller whatever the
    world's account. (Global keys such as aws:PrincipalAccount are still not filled in: the
    simulator lists them in MissingContextValues, as AWS's does.)"""
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket",
                                                                 "Resource": "*"}]})
    request = {"PolicyInputList": [policy], "ActionNames": ["s3:ListBucket"]}
    mine = simulate_custom_policy(request, explain=True, account="444455556666")["EvaluationResults"][0]
    assert mine["Explain"].principal_arn == "arn:aws:iam::444455556666:user/simulated-caller"
    owned = dict(request, ResourceOwner="arn:aws:iam::777788889999:root")
    theirs = simulate_custom_policy(owned, explain=True, account="444455556666")["EvaluationResults"][0]
    assert theirs["Explain"].principal_arn == "arn:aws:iam::777788889999:user/simulated-caller"
