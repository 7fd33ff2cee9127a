"""The simulator from the command line, as the AWS CLI prints it (issue: policy engine)."""

import json
import subprocess
import sys

import pytest

from sandbox.cli.main import main

POLICY = ('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*",'
          '"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}')


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_flag_form_matches_the_aws_cli_documented_example(capsys):
    # awscli/examples/iam/simulate-custom-policy.rst, example 1
    rc, out, err = run(capsys, "aws", "iam", "simulate-custom-policy", "--policy-input-list", POLICY,
                       "--action-names", "dynamodb:CreateBackup", "--context-entries",
                       "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date")
    assert rc == 0, err
    result = json.loads(out)["EvaluationResults"][0]
    assert result["EvalDecision"] == "allowed"
    assert result["MatchedStatements"] == [{"SourcePolicyId": "PolicyInputList.1",
                                            "StartPosition": {"Line": 1, "Column": 38},
                                            "EndPosition": {"Line": 1, "Column": 167}}]
    assert out.startswith('{\n    "EvaluationResults": [')  # the CLI's 4-space JSON


def test_cli_input_json_file(capsys, tmp_path):
    req = tmp_path / "req.json"
    req.write_text(json.dumps({
        "PolicyInputList": [POLICY], "ActionNames": ["dynamodb:CreateBackup", "s3:GetObject"],
        "ContextEntries": [{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2014-04-25T11:00:00Z"],
                            "ContextKeyType": "date"}]}))
    rc, out, err = run(capsys, "aws", "iam", "simulate-custom-policy", "--cli-input-json", f"file://{req}",
                       "--query", "EvaluationResults[].[EvalActionName,EvalDecision]", "--output", "text")
    assert rc == 0, err
    assert out == "dynamodb:CreateBackup\timplicitDeny\ns3:GetObject\timplicitDeny\n"


def test_flags_override_cli_input_json(capsys, tmp_path):
    req = tmp_path / "req.json"
    req.write_text(json.dumps({"PolicyInputList": [POLICY], "ActionNames": ["s3:GetObject"]}))
    rc, out, _ = run(capsys, "aws", "iam", "simulate-custom-policy", "--cli-input-json", f"file://{req}",
                     "--action-names", "dynamodb:GetItem", "--query", "EvaluationResults[0].EvalActionName")
    assert rc == 0 and json.loads(out) == "dynamodb:GetItem"


def test_malformed_policy_is_an_aws_error_with_exit_254(capsys):
    rc, out, err = run(capsys, "aws", "iam", "simulate-custom-policy", "--policy-input-list",
                       '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"',
                       "--action-names", "s3:GetObject")
    assert rc == 254 and out == ""
    assert "An error occurred (MalformedPolicyDocument) when calling the SimulateCustomPolicy operation: " \
           "Syntax errors in policy." in err
    assert "line 1, column" in err


def test_missing_required_argument(capsys):
    rc, _, err = run(capsys, "aws", "iam", "simulate-custom-policy", "--action-names", "s3:GetObject")
    assert rc == 252
    assert "aws: error: the following arguments are required: --policy-input-list" in err
    assert err.startswith("\nusage: aws [options] <command> <subcommand>")


def test_unknown_operation_suggests_the_closest(capsys):
    rc, _, err = run(capsys, "aws", "iam", "simulate-custom-polcy")
    assert rc == 252
    assert "argument operation: Invalid choice, valid choices are:" in err
    assert "Invalid choice: 'simulate-custom-polcy', maybe you meant:\n\n  * simulate-custom-policy" in err


def test_unknown_service_and_option(capsys):
    rc, _, err = run(capsys, "aws", "iamm", "list-users")
    assert rc == 252 and "argument command: Invalid choice" in err and "* iam" in err
    rc, _, err = run(capsys, "aws", "iam", "simulate-custom-policy", "--bogus", "x")
    assert rc == 252 and "the following arguments are required: --policy-input-list, --action-names" in err
    rc, _, err = run(capsys, "aws", "iam", "simulate-custom-policy", "--policy-input-list", POLICY,
                     "--action-names", "s3:GetObject", "--bogus", "x")
    assert rc == 252 and "Unknown options: --bogus, x" in err


def test_missing_paramfile(capsys):
    rc, _, err = run(capsys, "aws", "iam", "simulate-custom-policy", "--policy-input-list", "file://nope.json",
                     "--action-names", "s3:GetObject")
    assert rc == 252
    assert "Error parsing parameter '--policy-input-list': Unable to load paramfile file://nope.json" in err


def test_bad_query_is_reported(capsys):
    rc, _, err = run(capsys, "aws", "iam", "simulate-custom-policy", "--policy-input-list", POLICY,
                     "--action-names", "s3:GetObject", "--query", "EvaluationResults[")
    assert rc == 252 and "Bad value for --query" in err


def test_context_keys_for_custom_policy(capsys):
    rc, out, _ = run(capsys, "aws", "iam", "get-context-keys-for-custom-policy", "--policy-input-list", POLICY,
                     "--output", "text")
    assert rc == 0 and out == "CONTEXTKEYNAMES\taws:CurrentTime\n"


def test_table_output_has_the_operation_as_title(capsys):
    rc, out, _ = run(capsys, "aws", "iam", "simulate-custom-policy", "--policy-input-list", POLICY,
                     "--action-names", "s3:GetObject", "--output", "table")
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].startswith("---") and "SimulateCustomPolicy" in lines[1]
    assert any("implicitDeny" in line for line in lines)


@pytest.mark.parametrize("args, expected", [(["--version"], "iam-sandbox 0.1.0"), (["--help"], "usage: iam-sandbox")])
def test_console_script_and_module(args, expected):
    script = str(__import__("pathlib").Path(sys.executable).parent / "iam-sandbox")
    for cmd in ([sys.executable, "-m", "sandbox"], [script]):
        out = subprocess.run(cmd + args, capture_output=True, text=True)
        assert out.returncode == 0 and expected in out.stdout


def test_aws_help_lists_what_the_sandbox_supports(capsys):
    rc, out, _ = run(capsys, "aws", "iam", "help")
    assert rc == 0 and "simulate-custom-policy" in out
    rc, out, _ = run(capsys, "aws", "iam", "simulate-custom-policy", "help")
    assert rc == 0 and "--policy-input-list" in out and "[required]" in out


def test_policy_validate_command(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", '
                   '"Resource": "*", "Principal": "*"}]\n}')
    rc, out, _ = run(capsys, "policy", "validate", str(bad))
    assert rc == 1 and "Policy document should not specify a principal." in out and ":3:" in out
    good = tmp_path / "good.json"
    good.write_text('{"Version": "2012-10-17", '
                    '"Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}')
    rc, out, _ = run(capsys, "policy", "validate", str(good))
    assert rc == 0 and "Did you mean s3:GetObject?" in out and "valid identity policy" in out
