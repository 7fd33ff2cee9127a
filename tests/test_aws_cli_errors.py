"""Mistakes in an ``aws`` command line get the AWS CLI's own answer: the client-side
parameter errors of awscli and botocore (exit 252, or 255 where the CLI fails in its
catch-all handler), or the service's error once the request is sent (exit 254).

References: awscli/paramfile.py and awscli/shorthand.py (file:// and shorthand errors),
botocore/validate.py ("Parameter validation failed"), and the IAM and STS API references
for the length constraints ("Minimum length of 20" for PolicyArn and RoleArn).
"""

from __future__ import annotations

import json

from sandboxhelp import allow, doc
from shellhelp import Term, fresh_world

USAGE_HEAD = ("\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
              "To see help text, you can run:\n\n"
              "  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\n")


def validation_failed(*lines: str) -> str:
    return "\nParameter validation failed:\n" + "\n".join(lines) + "\n"


# -- file:// --------------------------------------------------------------------------------------------

def test_a_binary_file_given_as_text(sb):
    binary = sb.dir / "bin.json"
    binary.write_bytes(b"\xff\xfe\xdb\x00garbage")
    r = sb.aws("iam", "create-policy", "--policy-name", "b", "--policy-document", f"file://{binary}")
    assert (r.rc, r.out) == (252, "")
    assert r.err == (f"\nError parsing parameter '--policy-document': Unable to load paramfile ({binary}), text "
                     "contents could not be decoded.  If this is a binary file, please use the fileb:// prefix "
                     "instead of the file:// prefix.\n")


def test_a_directory_given_as_a_file(sb):
    r = sb.aws("iam", "create-policy", "--policy-name", "d", "--policy-document", f"file://{sb.dir}")
    assert r.rc == 252
    assert r.err == (f"\nError parsing parameter '--policy-document': Unable to load paramfile file://{sb.dir}: "
                     f"[Errno 21] Is a directory: '{sb.dir}'\n")


def test_a_directory_on_the_sandbox_laptop():
    term = Term(fresh_world())
    ran = term.run("aws iam create-policy --policy-name d --policy-document file://.aws")
    assert ran.status == 252
    assert ran.err == ("\nError parsing parameter '--policy-document': Unable to load paramfile file://.aws: "
                       "[Errno 21] Is a directory: '.aws'\n")
    ran = term.run("aws iam create-policy --policy-name d --policy-document file://nothing.json")
    assert "[Errno 2] No such file or directory: 'nothing.json'" in ran.err


# -- numbers, choices and shorthand ----------------------------------------------------------------------

def test_pagination_options_are_integers_checked_by_argparse(sb):
    r = sb.aws("iam", "list-users", "--max-items", "abc")
    assert (r.rc, r.err) == (252, USAGE_HEAD + "aws: error: argument --max-items: invalid int value: 'abc'\n\n")
    r = sb.aws("iam", "list-users", "--page-size", "1.5")
    assert r.rc == 252 and "argument --page-size: invalid int value: '1.5'" in r.err
    assert sb.ok("iam", "list-users", "--max-items", "1", "--query", "length(Users)") == 1


def test_an_integer_parameter_that_is_not_a_number(sb):
    # the CLI converts with int() and its catch-all handler prints Python's message (exit 255)
    r = sb.aws("sts", "get-session-token", "--duration-seconds", "1h")
    assert (r.rc, r.out, r.err) == (255, "", "\ninvalid literal for int() with base 10: '1h'\n")


def test_shorthand_errors_are_the_cli_parsers(sb):
    r = sb.aws("ec2", "describe-instances", "--filters", "garbage")
    assert (r.rc, r.err) == (252, "\nError parsing parameter '--filters': Expected: '=', received: 'EOF' for input:\n"
                                  "garbage\n       ^\n")
    r = sb.aws("ec2", "describe-instances", "--filters", "Name=tag:Name,Values=[web-1")
    assert r.err == ("\nError parsing parameter '--filters': Expected: ',', received: 'EOF' for input:\n"
                     "Name=tag:Name,Values=[web-1\n                           ^\n")
    r = sb.aws("iam", "tag-user", "--user-name", "admin", "--tags", "Key=a,Key=b")
    assert r.err == ("\nError parsing parameter '--tags': Second instance of key \"Key\" encountered for input:\n"
                     "Key=a,Key=b\n      ^\nThis is often because there is a preceding \",\" instead of a space.\n")
    # what parses: a comma-separated list for a list member, quotes around a comma
    found = sb.ok("ec2", "describe-instances", "--filters", "Name=tag:Name,Values=web-1,db-1",
                  "--query", "Reservations[].Instances[].Tags[?Key=='Name'].Value[]")
    assert "web-1" in found
    sb.ok("iam", "tag-user", "--user-name", "admin", "--tags", "Key=team,Value='blue, green'")
    assert sb.ok("iam", "list-user-tags", "--user-name", "admin")["Tags"] == [{"Key": "team", "Value": "blue, green"}]


def test_enumerations_are_checked_by_the_service(sb):
    sb.ok("iam", "create-user", "--user-name", "nobody")
    key = sb.create_key("nobody", profile="nobody")
    # a user with no permissions: the service's input validation comes before authorization
    message = sb.fails("ValidationError", "UpdateAccessKey", "iam", "update-access-key", "--access-key-id", key.id,
                       "--status", "Foo", profile="nobody")
    assert message == ("1 validation error detected: Value 'Foo' at 'status' failed to satisfy constraint: "
                       "Member must satisfy enum value set: [Active, Inactive, Expired]")
    message = sb.fails("ValidationError", "ListPolicies", "iam", "list-policies", "--scope", "aws")
    assert message == ("1 validation error detected: Value 'aws' at 'scope' failed to satisfy constraint: "
                       "Member must satisfy enum value set: [All, AWS, Local]")
    web = sb.ok("ec2", "describe-instances", "--query", "Reservations[0].Instances[0].InstanceId")
    assert sb.fails("InvalidParameterValue", "ModifyInstanceMetadataOptions", "ec2", "modify-instance-metadata-options",
                    "--instance-id", web, "--http-endpoint", "off") == \
        "Value (off) for parameter HttpEndpoint is invalid."
    bucket = sb.ok("s3api", "list-buckets", "--query", "Buckets[0].Name")
    assert sb.fails("InvalidArgument", "PutObject", "s3api", "put-object", "--bucket", bucket, "--key", "k",
                    "--server-side-encryption", "AES128") == "The encryption method specified is not supported"
    # a CLI-only option keeps its client-side choices
    r = sb.aws("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "m", "--outfile", "m.png",
               "--bootstrap-method", "PNG")
    assert r.rc == 252 and "argument --bootstrap-method: Invalid choice, valid choices are:" in r.err


# -- botocore's parameter validation ----------------------------------------------------------------------

def test_an_empty_name_is_refused_before_sending(sb):
    r = sb.aws("iam", "create-user", "--user-name", "")
    assert (r.rc, r.out, r.err) == (252, "", validation_failed(
        "Invalid length for parameter UserName, value: 0, valid min length: 1"))
    events = [e for e in sb.world().events.read_all() if e.get("operation") == "CreateUser"]
    assert events == []  # nothing reached the service


def test_every_problem_is_reported_together(sb):
    r = sb.aws("sts", "assume-role", "--role-arn", "badarn", "--role-session-name", "s", "--duration-seconds", "5")
    assert (r.rc, r.err) == (252, validation_failed(
        "Invalid length for parameter RoleArn, value: 6, valid min length: 20",
        "Invalid length for parameter RoleSessionName, value: 1, valid min length: 2",
        "Invalid value for parameter DurationSeconds, value: 5, valid min value: 900"))


def test_structure_members_are_checked(sb):
    r = sb.aws("iam", "tag-user", "--user-name", "admin", "--tags", "Key=team")
    assert (r.rc, r.err) == (252, validation_failed('Missing required parameter in Tags[0]: "Value"'))
    r = sb.aws("iam", "tag-user", "--user-name", "admin", "--tags", "Key=a,Value=b", "Key=c,Value=d,Colour=red")
    assert r.err == validation_failed('Unknown parameter in Tags[1]: "Colour", must be one of: Key, Value')
    r = sb.aws("iam", "tag-user", "--user-name", "admin", "--tags", '[{"Key": 1, "Value": "b"}]')
    assert r.err == validation_failed("Invalid type for parameter Tags[0].Key, value: 1, type: <class 'int'>, "
                                      "valid types: <class 'str'>")
    r = sb.aws("iam", "tag-user", "--user-name", "admin", "--tags", "Key=,Value=b")
    assert r.err == validation_failed("Invalid length for parameter Tags[0].Key, value: 0, valid min length: 1")


def test_cli_input_json_makes_arguments_optional_then_botocore_checks_them(sb):
    r = sb.aws("iam", "create-user", "--cli-input-json", '{"Path": "/"}')
    assert (r.rc, r.err) == (252, validation_failed('Missing required parameter in input: "UserName"'))
    r = sb.aws("iam", "create-user", "--cli-input-json", '{"UserName": 5, "Foo": 1}')
    assert r.err == validation_failed(
        'Unknown parameter in input: "Foo", must be one of: Path, UserName, PermissionsBoundary, Tags',
        "Invalid type for parameter UserName, value: 5, type: <class 'int'>, valid types: <class 'str'>")


def test_a_policy_name_where_an_arn_belongs(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    # shorter than the model's minimum of 20: botocore refuses it
    r = sb.aws("iam", "attach-user-policy", "--user-name", "bob", "--policy-arn", "ReadOnlyAccess")
    assert (r.rc, r.err) == (252, validation_failed(
        "Invalid length for parameter PolicyArn, value: 14, valid min length: 20"))
    # long enough but not an ARN: IAM refuses it
    for command in ("attach-user-policy", "detach-user-policy"):
        message = sb.fails("InvalidInput", "".join(w.capitalize() for w in command.split("-")), "iam", command,
                           "--user-name", "bob", "--policy-arn", "ReadOnlyAccessForEveryone")
        assert message == "ARN ReadOnlyAccessForEveryone is not valid."
    assert sb.fails("InvalidInput", "GetPolicy", "iam", "get-policy", "--policy-arn",
                    "arn:aws:iam::aws:user/ReadOnlyAccess") == "ARN arn:aws:iam::aws:user/ReadOnlyAccess is not valid."
    sb.ok("iam", "attach-user-policy", "--user-name", "bob", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")
    message = sb.fails("NoSuchEntity", "AttachUserPolicy", "iam", "attach-user-policy", "--user-name", "bob",
                       "--policy-arn", "arn:aws:iam::aws:policy/NoSuchPolicy")
    assert message == "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable."


def test_a_role_name_where_a_role_arn_belongs(sb):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": sb.account}}]}
    sb.ok("iam", "create-role", "--role-name", "Reader", "--assume-role-policy-document", json.dumps(trust))
    sb.ok("iam", "create-user", "--user-name", "bob")
    sb.create_key("bob", profile="bob")
    r = sb.aws("sts", "assume-role", "--role-arn", "Reader", "--role-session-name", "s1", profile="bob")
    assert r.err == validation_failed("Invalid length for parameter RoleArn, value: 6, valid min length: 20")
    message = sb.fails("ValidationError", "AssumeRole", "sts", "assume-role", "--role-arn", "ReaderRoleInMyAccount",
                       "--role-session-name", "s1", profile="bob")
    assert message == "Request ARN is invalid"
    # a well-formed ARN of a role that does not exist is still refused like an untrusted one
    assert sb.fails("AccessDenied", "AssumeRole", "sts", "assume-role", "--role-arn",
                    f"arn:aws:iam::{sb.account}:role/Nobody", "--role-session-name", "s1", profile="bob")


def test_valid_requests_still_go_through(sb):
    """The validation is not in the way of ordinary commands (a web instance, tags, a JSON list)."""
    running = sb.ok("ec2", "describe-instances", "--filters", "Name=instance-state-name,Values=running",
                    "--query", "Reservations[].Instances[].InstanceId")
    assert running
    sb.ok("iam", "create-user", "--user-name", "bob", "--tags", '[{"Key": "team", "Value": "blue"}]')
    sb.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "List", "--policy-document",
          doc(allow("s3:ListAllMyBuckets")))
    got = sb.ok("iam", "simulate-principal-policy", "--policy-source-arn", sb.arn("user", "bob"),
                "--action-names", "s3:ListAllMyBuckets", "iam:GetUser", "--query", "EvaluationResults[].EvalDecision")
    assert got == ["allowed", "implicitDeny"]
