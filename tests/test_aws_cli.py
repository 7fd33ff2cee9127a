"""The simulated ``aws`` command as a learner meets it: output formats, --query,
--cli-input-json, file:// arguments, aws configure, usage errors and exit codes."""

from __future__ import annotations

import json

from sandboxhelp import allow, doc

USAGE_HEAD = ("\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
              "To see help text, you can run:\n\n"
              "  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\n")


# -- output ----------------------------------------------------------------------------------------------

def test_json_output_is_indented_like_the_cli(sb):
    r = sb.aws("iam", "get-user", "--user-name", "admin")
    assert r.rc == 0 and r.err == ""
    assert r.out.startswith('{\n    "User": {\n        "Path": "/",\n        "UserName": "admin",')
    assert r.out.endswith("}\n")


def test_text_output(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    me = sb.ok("sts", "get-caller-identity")
    r = sb.aws("sts", "get-caller-identity", "--output", "text")
    assert r.out == f"{me['Account']}\t{me['Arn']}\t{me['UserId']}\n"
    users = sb.ok("iam", "list-users")["Users"]
    r = sb.aws("iam", "list-users", "--output", "text")
    assert r.out == "".join(f"USERS\t{u['Arn']}\t{u['CreateDate']}\t/\t{u['UserId']}\t{u['UserName']}\n"
                            for u in users)
    key = sb.ok("iam", "list-access-keys")["AccessKeyMetadata"][0]
    r = sb.aws("iam", "list-access-keys", "--output", "text")
    assert r.out == f"ACCESSKEYMETADATA\t{key['AccessKeyId']}\t{key['CreateDate']}\tActive\tadmin\n"
    # the output format can come from the profile
    sb.aws("configure", "set", "output", "text")
    assert sb.aws("sts", "get-caller-identity").out == f"{me['Account']}\t{me['Arn']}\t{me['UserId']}\n"


def test_table_output_of_a_list(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    lines = sb.aws("iam", "list-users", "--output", "table").out.splitlines()
    width = len(lines[0])
    assert set(lines[0]) == {"-"} and all(len(line) == width for line in lines)
    assert lines[1].strip("|").strip() == "ListUsers"
    assert lines[3].strip("|").strip() == "Users"
    header = [cell.strip() for cell in lines[5].strip("|").split("|")]
    assert header == ["Arn", "CreateDate", "Path", "UserId", "UserName"]
    assert any(f"|  {sb.arn('user', 'bob')}" in line for line in lines)


def test_table_output_of_a_structure_sorts_its_columns(sb):
    me = sb.ok("sts", "get-caller-identity")
    lines = sb.aws("sts", "get-caller-identity", "--output", "table").out.splitlines()
    assert lines[1].strip("|").strip() == "GetCallerIdentity"
    # one row of three columns is wider than 80 columns (the width the CLI assumes when its
    # output is not a terminal), so the CLI turns it on its side: one name | value row each
    assert [[c.strip() for c in line.strip("|").split("|")] for line in lines[3:6]] == [
        ["Account", me["Account"]], ["Arn", me["Arn"]], ["UserId", me["UserId"]]]
    assert all(len(line) == len(lines[0]) for line in lines)


def test_query(sb):
    sb.ok("iam", "create-user", "--user-name", "bob", "--path", "/team/")
    assert sb.ok("iam", "list-users", "--query", "Users[?Path=='/team/'].UserName") == ["bob"]
    r = sb.aws("iam", "list-users", "--query", "Users[].UserName", "--output", "text")
    assert r.out == "admin\tbob\n"
    assert sb.aws("iam", "get-user", "--user-name", "bob", "--query", "User.UserName", "--output", "text").out == \
        "bob\n"
    r = sb.aws("iam", "list-users", "--query", "Users[.bad")
    assert r.rc == 252 and r.err.startswith("\nBad value for --query Users[.bad")


def test_pagination_max_items_and_starting_token(sb):
    for name in ("a1", "a2", "a3"):
        sb.ok("iam", "create-user", "--user-name", name)
    first = sb.ok("iam", "list-users", "--max-items", "2")
    assert [u["UserName"] for u in first["Users"]] == ["a1", "a2"] and first["NextToken"]
    rest = sb.ok("iam", "list-users", "--max-items", "2", "--starting-token", first["NextToken"])
    assert [u["UserName"] for u in rest["Users"]] == ["a3", "admin"] and "NextToken" not in rest
    assert "IsTruncated" not in sb.ok("iam", "list-access-keys")


def test_paginated_operations_never_show_is_truncated(sb):
    sb.ok("iam", "create-user", "--user-name", "bob", "--tags", "Key=a,Value=b")
    sb.ok("iam", "add-user-to-group", "--group-name", "Admins", "--user-name", "bob")
    for argv in (("list-users",), ("list-groups",), ("list-roles",), ("list-policies", "--scope", "Local"),
                 ("list-access-keys",), ("list-user-tags", "--user-name", "bob"),
                 ("get-group", "--group-name", "Admins"),
                 ("list-groups-for-user", "--user-name", "bob"), ("list-attached-group-policies", "--group-name",
                 "Admins"), ("list-entities-for-policy", "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess"),
                 ("list-account-aliases",), ("list-mfa-devices", "--user-name", "bob"), ("list-virtual-mfa-devices",),
                 ("list-user-policies", "--user-name", "bob"), ("list-instance-profiles",),
                 ("simulate-principal-policy", "--policy-source-arn", sb.arn("user", "bob"), "--action-names",
                  "iam:GetUser")):
        out = sb.aws("iam", *argv)
        assert out.rc == 0, (argv, out.err)
        assert "IsTruncated" not in out.out and "Marker" not in out.out, argv


# -- parameters from JSON and files ------------------------------------------------------------------------

def test_cli_input_json_and_file_arguments(sb):
    sb.ok("iam", "create-user", "--cli-input-json", json.dumps({"UserName": "bob", "Path": "/json/"}))
    assert sb.ok("iam", "get-user", "--user-name", "bob")["User"]["Path"] == "/json/"
    request = sb.file("user.json", {"UserName": "carol", "Tags": [{"Key": "team", "Value": "blue"}]})
    sb.ok("iam", "create-user", "--cli-input-json", request)
    assert sb.ok("iam", "list-user-tags", "--user-name", "carol")["Tags"] == [{"Key": "team", "Value": "blue"}]
    # flags win over the JSON
    sb.ok("iam", "create-user", "--cli-input-json", json.dumps({"UserName": "ignored"}), "--user-name", "dave")
    assert sb.aws("iam", "get-user", "--user-name", "ignored").rc == 254

    policy = sb.file("policy.json", doc(allow("s3:ListAllMyBuckets")))
    sb.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "P", "--policy-document", policy)
    got = sb.ok("iam", "get-user-policy", "--user-name", "bob", "--policy-name", "P", "--query", "PolicyDocument")
    assert got == json.loads(doc(allow("s3:ListAllMyBuckets")))
    # a policy document inside --cli-input-json may be an object, as the CLI's skeletons have it
    sb.ok("iam", "create-policy", "--cli-input-json",
          json.dumps({"PolicyName": "FromJson", "PolicyDocument": json.loads(doc(allow("iam:Get*")))}))


def test_bad_json_and_files_are_usage_errors(sb):
    r = sb.aws("iam", "create-user", "--cli-input-json", '{"UserName": "y"')
    assert r.rc == 252 and r.err.startswith("\nError parsing parameter '--cli-input-json': Invalid JSON received")
    r = sb.aws("iam", "create-user", "--cli-input-json", '{"UserName": "y", "Foo": 1}')
    assert r.rc == 252
    # the members in the service model's order, as botocore lists them
    assert r.err == ('\nParameter validation failed:\nUnknown parameter in input: "Foo", must be one of: '
                     'Path, UserName, PermissionsBoundary, Tags\n')
    missing = sb.dir / "missing.json"
    r = sb.aws("iam", "put-user-policy", "--user-name", "admin", "--policy-name", "p", "--policy-document",
               f"file://{missing}")
    assert r.rc == 252
    # the CLI's message, saying where iam-sandbox aws looked: this computer, then the sandbox laptop
    assert r.err == (f"\nError parsing parameter '--policy-document': Unable to load paramfile file://{missing}: "
                     f"[Errno 2] No such file or directory (looked on this computer and on your sandbox laptop): "
                     f"'{missing}'\n")
    assert sb.aws("iam", "list-user-policies", "--user-name", "admin").json()["PolicyNames"] == []


# -- aws configure --------------------------------------------------------------------------------------------

def test_configure_set_get_and_list(sb):
    key = sb.new_user("bob")
    assert sb.aws("configure", "get", "aws_access_key_id", "--profile", "bob").out == key.id + "\n"
    assert sb.aws("configure", "set", "region", "eu-west-1", "--profile", "bob").rc == 0
    assert sb.aws("configure", "get", "region", "--profile", "bob").out == "eu-west-1\n"
    assert sb.aws("configure", "get", "region").out == "us-east-1\n"
    assert sb.aws("configure", "get", "nothing-here").rc == 1
    listed = sb.aws("configure", "list", "--profile", "bob").out.splitlines()
    assert listed[0] == "      Name                    Value             Type    Location"
    assert listed[2] == "   profile                      bob           manual    --profile"
    assert listed[3] == f"access_key     {'*' * 16}{key.id[-4:]} shared-credentials-file    "
    assert listed[4].startswith(f"secret_key     {'*' * 16}{key.secret[-4:]} ")
    assert listed[5] == "    region                eu-west-1      config-file    ~/.aws/config"
    assert key.secret not in "\n".join(listed)
    assert sb.aws("configure", "list-profiles").out == "default\nbob\n"


def test_configure_prompts(sb):
    answers = "AKIAIOSFODNN7EXAMPLE\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\neu-central-1\ntext\n"
    r = sb.aws("configure", "--profile", "carol", stdin=answers)
    assert r.rc == 0, r.err
    assert r.out == ("AWS Access Key ID [None]: \nAWS Secret Access Key [None]: \n"
                     "Default region name [None]: \nDefault output format [None]: \n")
    # again: the current values are offered, keys masked; Enter keeps them
    r = sb.aws("configure", "--profile", "carol", stdin="\n\n\n\n")
    assert r.out == ("AWS Access Key ID [****************MPLE]: \nAWS Secret Access Key [****************EKEY]: \n"
                     "Default region name [eu-central-1]: \nDefault output format [text]: \n")
    assert sb.aws("configure", "get", "aws_secret_access_key", "--profile", "carol").out == \
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    # the key belongs to no one in this account
    assert sb.aws("sts", "get-caller-identity", "--profile", "carol").error()[0] == "InvalidClientTokenId"


def test_configure_prompts_for_the_default_profile_switch_identity(sb):
    key = sb.new_user("bob")
    r = sb.aws("configure", stdin=f"{key.id}\n{key.secret}\n\n\n")
    assert r.rc == 0
    assert sb.ok("sts", "get-caller-identity")["Arn"] == sb.arn("user", "bob")
    assert sb.aws("iam", "list-users").error()[0] == "AccessDenied"


def test_global_options_before_configure(sb):
    r = sb.aws("--profile", "bob", "configure", "set", "region", "eu-west-1")
    assert r.rc == 0, r.err


# -- errors and exit codes ----------------------------------------------------------------------------------

def test_unknown_operation_suggests_the_close_one(sb):
    r = sb.aws("iam", "list-user")
    assert r.rc == 252 and r.out == ""
    assert r.err.startswith(USAGE_HEAD + "aws: error: argument operation: Invalid choice, valid choices are:\n\n")
    assert r.err.endswith("\n\n\nInvalid choice: 'list-user', maybe you meant:\n\n  * list-users\n\n")
    r = sb.aws("iamm", "list-users")
    assert r.rc == 252 and "argument command: Invalid choice" in r.err
    assert r.err.endswith("Invalid choice: 'iamm', maybe you meant:\n\n  * iam\n\n")
    r = sb.aws("iam", "frobnicate")
    assert r.rc == 252 and "maybe you meant" not in r.err


def test_missing_and_unknown_arguments(sb):
    r = sb.aws("iam", "create-user")
    assert r.rc == 252 and r.err == USAGE_HEAD + "aws: error: the following arguments are required: --user-name\n\n"
    r = sb.aws("iam", "put-user-policy", "--user-name", "bob")
    assert "the following arguments are required: --policy-name, --policy-document" in r.err
    r = sb.aws("iam", "list-users", "--foo", "bar")
    assert r.rc == 252 and r.err == USAGE_HEAD.rstrip("\n") + "\n\nUnknown options: --foo, bar\n\n"
    r = sb.aws("iam", "list-users", "--output", "xml")
    assert r.rc == 252 and "argument --output: Invalid choice" in r.err
    r = sb.aws("iam", "create-role", "--role-name", "R", "--assume-role-policy-document", "{}",
               "--max-session-duration", "lots")
    # the CLI converts with int() and reports the failure through its catch-all handler
    assert (r.rc, r.err) == (255, "\ninvalid literal for int() with base 10: 'lots'\n")
    r = sb.aws()
    assert r.rc == 252 and "the following arguments are required: command" in r.err


def test_missing_credentials(sb):
    sb.aws("configure", "set", "region", "us-east-1", "--profile", "nokeys")
    r = sb.aws("sts", "get-caller-identity", "--profile", "nokeys")
    assert (r.rc, r.out) == (253, "")
    assert r.err == '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n'
    # the learner empties the default profile's keys
    sb.aws("configure", "set", "aws_access_key_id", "")
    sb.aws("configure", "set", "aws_secret_access_key", "")
    r = sb.aws("iam", "list-users")
    assert r.rc == 253 and "Unable to locate credentials" in r.err


def test_unknown_profile(sb):
    r = sb.aws("iam", "list-users", "--profile", "nope")
    assert r.rc == 255 and r.out == ""
    assert r.err == "\nThe config profile (nope) could not be found\n"


def test_profile_that_assumes_a_role(sb):
    sb.new_user("bob")
    sb.ok("iam", "create-role", "--role-name", "Reader", "--assume-role-policy-document",
          doc({"Effect": "Allow", "Principal": {"AWS": sb.arn("user", "bob")}, "Action": "sts:AssumeRole"}))
    sb.ok("iam", "attach-role-policy", "--role-name", "Reader", "--policy-arn",
          "arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    sb.aws("configure", "set", "role_arn", sb.arn("role", "Reader"), "--profile", "reader")
    sb.aws("configure", "set", "source_profile", "bob", "--profile", "reader")
    me = sb.ok("sts", "get-caller-identity", profile="reader")
    assert me["Arn"].startswith(f"arn:aws:sts::{sb.account}:assumed-role/Reader/botocore-session-")
    sb.ok("iam", "list-users", profile="reader")


def test_version_and_help(sb):
    r = sb.aws("--version")
    assert r.rc == 0 and r.out.startswith("aws-cli/2.")
    r = sb.aws("iam", "help")
    assert r.rc == 0 and "create-access-key" in r.out
    r = sb.aws("iam", "create-user", "help")
    assert r.rc == 0 and "--user-name" in r.out
