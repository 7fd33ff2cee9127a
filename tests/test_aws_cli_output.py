"""``--output table``, ``yaml`` and ``yaml-stream``, and ``--generate-cli-skeleton``, as the
AWS CLI v2 prints them.

The table layout follows awscli/formatter.py (TableFormatter) and awscli/table.py
(MultiTable); YAML follows the CLI's YAML dumper (ruamel.yaml, safe, block style, sorted
keys, YAML 1.2 quoting); the skeleton follows awscli/customizations/generatecliskeleton.py.
Output format reference: https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-output-format.html
"""

from __future__ import annotations

import json

from sandbox.awscli.table import format_table
from sandbox.awscli.yamlout import dump, format_yaml, format_yaml_stream

# -- table ---------------------------------------------------------------------------------------

def test_a_list_of_lists_gets_one_column_per_element(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    r = sb.aws("iam", "list-users", "--query", "Users[].[UserName,Path]", "--output", "table")
    assert r.rc == 0
    assert r.out == ("----------------\n"
                     "|   ListUsers  |\n"
                     "+--------+-----+\n"
                     "|  admin |  /  |\n"
                     "|  bob   |  /  |\n"
                     "+--------+-----+\n")


def test_instances_as_rows_of_id_state_and_name(sb):
    r = sb.aws("ec2", "describe-instances", "--output", "table", "--query",
               "Reservations[].Instances[].[InstanceId,State.Name,Tags[?Key=='Name']|[0].Value]")
    assert r.rc == 0 and "['" not in r.out
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in r.out.splitlines()[3:-1]]
    instances = sb.ok("ec2", "describe-instances", "--query",
                      "Reservations[].Instances[].[InstanceId,State.Name,Tags[?Key=='Name']|[0].Value]")
    assert rows == instances and ["running", "web-1"] in [row[1:] for row in rows]


def test_a_list_of_structures_with_nested_members_repeats_its_header_per_item():
    data = {"Roles": [{"RoleName": "A", "Tags": [{"Key": "k", "Value": "v"}]}, {"RoleName": "B"}]}
    assert format_table(data, "ListRoles") == (
        "----------------------\n"
        "|      ListRoles     |\n"
        "+--------------------+\n"
        "||       Roles      ||\n"
        "|+------------------+|\n"
        "||     RoleName     ||\n"
        "|+------------------+|\n"
        "||  A               ||\n"
        "|+------------------+|\n"
        "|||      Tags      |||\n"
        "||+------+---------+||\n"
        "|||  Key |  Value  |||\n"
        "||+------+---------+||\n"
        "|||  k   |  v      |||\n"
        "||+------+---------+||\n"
        "||       Roles      ||\n"
        "|+------------------+|\n"
        "||     RoleName     ||\n"
        "|+------------------+|\n"
        "||  B               ||\n"
        "|+------------------+|\n")


def test_a_structure_with_one_scalar_is_a_two_cell_row_without_header():
    assert format_table({"PolicyNames": ["p1"], "IsTruncated": False}, "ListUserPolicies") == (
        "--------------------------\n"
        "|    ListUserPolicies    |\n"
        "+--------------+---------+\n"
        "|  IsTruncated |  False  |\n"
        "+--------------+---------+\n"
        "||      PolicyNames     ||\n"
        "|+----------------------+|\n"
        "||  p1                  ||\n"
        "|+----------------------+|\n")


def test_a_row_wider_than_the_terminal_is_turned_on_its_side():
    row = {"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/admin", "UserId": "AIDAEXAMPLE"}
    narrow = format_table(row, "GetCallerIdentity", terminal_width=120).splitlines()
    assert [c.strip() for c in narrow[3].strip("|").split("|")] == ["Account", "Arn", "UserId"]
    wide = format_table(row, "GetCallerIdentity", terminal_width=60).splitlines()
    assert [[c.strip() for c in line.strip("|").split("|")] for line in wide[3:6]] == [
        ["Account", "123456789012"], ["Arn", "arn:aws:iam::123456789012:user/admin"], ["UserId", "AIDAEXAMPLE"]]


def test_rows_of_different_lengths_fail_as_in_the_cli(sb):
    # awscli/table.py refuses a row whose length differs from the section's first row
    r = sb.aws("iam", "list-users", "--output", "table", "--query", "[['a','b'],['c']]")
    assert (r.rc, r.out, r.err) == (255, "", "\nRow should have 2 elements, instead it has 1\n")


# -- yaml ------------------------------------------------------------------------------------------

def test_yaml_quotes_only_what_would_read_back_as_something_else(sb):
    me = sb.ok("sts", "get-caller-identity")
    r = sb.aws("sts", "get-caller-identity", "--output", "yaml")
    # a 12-digit account id would read back as a number: single-quoted; the ARN is plain
    assert r.out == f"Account: '{me['Account']}'\nArn: {me['Arn']}\nUserId: {me['UserId']}\n"
    users = sb.aws("iam", "list-users", "--output", "yaml").out
    user = sb.ok("iam", "list-users")["Users"][0]
    assert users == (f"Users:\n- Arn: {user['Arn']}\n  CreateDate: '{user['CreateDate']}'\n  Path: /\n"
                     f"  UserId: {user['UserId']}\n  UserName: admin\n")


def test_yaml_scalars_lists_and_empty_results(sb):
    # a bare string is printed as JSON by the CLI's YAML dumper; an empty structure prints nothing
    assert sb.aws("iam", "get-user", "--query", "User.UserName", "--output", "yaml").out == '"admin"\n'
    assert sb.aws("iam", "list-users", "--query", "Users[].UserName", "--output", "yaml").out == "- admin\n"
    assert sb.aws("iam", "list-groups", "--query", "Groups[?GroupName=='none']", "--output", "yaml").out == "[]\n"
    sb.ok("iam", "create-user", "--user-name", "bob")
    assert sb.aws("iam", "tag-user", "--user-name", "bob", "--tags", "Key=a,Value=b", "--output", "yaml").out == ""


def test_yaml_stream_writes_the_response_as_a_list_item(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    sb.ok("iam", "tag-user", "--user-name", "bob", "--tags", "Key=team,Value=blue", "Key=env,Value=1")
    r = sb.aws("iam", "list-user-tags", "--user-name", "bob", "--output", "yaml-stream")
    assert r.out == "- Tags:\n  - Key: team\n    Value: blue\n  - Key: env\n    Value: '1'\n"
    assert format_yaml_stream("bob") == "- bob\n"


def test_yaml_scalar_styles():
    data = {"Description": "Allows EC2 instances to call AWS services on your behalf, such as reading objects "
                           "from buckets.",
            "Empty": "", "Flag": "true", "Id": "123456789012", "Key": "a: b", "Note": "#1", "Quote": "'x'",
            "Tab": "a\tb", "Ver": "1.0", "Name": "Zoë", "Dash": "- x", "Yes": "yes",
            "Nested": [["a", "b"], {"k": []}]}
    # as ruamel.yaml's libyaml emitter writes it: YAML 1.2 ("yes" is a plain string there),
    # single quotes when plain text is ambiguous, double quotes for control characters,
    # folding at a space past column 80
    assert dump(data) == (
        "Dash: '- x'\n"
        "Description: Allows EC2 instances to call AWS services on your behalf, such as reading\n"
        "  objects from buckets.\n"
        "Empty: ''\n"
        "Flag: 'true'\n"
        "Id: '123456789012'\n"
        "Key: 'a: b'\n"
        "Name: Zoë\n"
        "Nested:\n"
        "- - a\n"
        "  - b\n"
        "- k: []\n"
        "Note: '#1'\n"
        "Quote: '''x'''\n"
        'Tab: "a\\tb"\n'
        "Ver: '1.0'\n"
        "Yes: yes\n")
    assert format_yaml({}) == "" and dump(None) == "null\n" and dump(5) == "5\n" and dump(False) == "false\n"


# -- --generate-cli-skeleton -----------------------------------------------------------------------------

def test_generate_cli_skeleton_prints_the_input_and_calls_nothing(sb):
    r = sb.aws("iam", "create-user", "--generate-cli-skeleton")
    assert r.rc == 0 and r.err == ""
    assert json.loads(r.out) == {"Path": "", "UserName": "", "PermissionsBoundary": "",
                                 "Tags": [{"Key": "", "Value": ""}]}
    assert r.out.startswith('{\n    "Path": "",\n')
    assert sb.aws("sts", "get-caller-identity", "--generate-cli-skeleton", "input").out == "{}\n"
    assert json.loads(sb.aws("iam", "update-access-key", "--generate-cli-skeleton").out)["Status"] == "Active"
    assert sb.ok("iam", "list-users", "--query", "length(Users)") == 1  # nothing was created


def test_a_filled_in_skeleton_is_input_for_cli_input_json(sb):
    request = json.loads(sb.aws("iam", "create-user", "--generate-cli-skeleton").out)
    # left as generated, the empty strings fail botocore's minimum lengths, as in the CLI
    r = sb.aws("iam", "create-user", "--cli-input-json", json.dumps(request))
    assert r.rc == 252 and "Invalid length for parameter Path, value: 0, valid min length: 1" in r.err
    request.update(Path="/team/", UserName="carol", Tags=[{"Key": "team", "Value": "blue"}])
    del request["PermissionsBoundary"]
    user = sb.ok("iam", "create-user", "--cli-input-json", sb.file("carol.json", request))["User"]
    assert (user["UserName"], user["Path"]) == ("carol", "/team/")


def test_skeleton_choices_and_operations_without_one(sb):
    r = sb.aws("iam", "create-user", "--generate-cli-skeleton", "xml")
    assert r.rc == 252 and "argument --generate-cli-skeleton: Invalid choice" in r.err
    # "output" validates the command first, so its required arguments stay required
    r = sb.aws("iam", "create-user", "--generate-cli-skeleton", "output")
    assert r.rc == 252 and "the following arguments are required: --user-name" in r.err
    # operations that write a file have no skeleton in the CLI
    r = sb.aws("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "m", "--outfile", "m.png",
               "--bootstrap-method", "QRCodePNG", "--generate-cli-skeleton")
    assert r.rc == 252 and "Unknown options: --generate-cli-skeleton" in r.err
