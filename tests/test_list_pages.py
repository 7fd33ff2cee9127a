"""The services serve list operations in pages, as IAM and EC2 do, and the CLI's paginator
(``--max-items``, ``--page-size``, ``--starting-token``, ``--no-paginate``) walks them.

IAM, e.g. https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html:
"MaxItems ... If you do not include this parameter, the number of items defaults to 100",
range 1-1000; "IsTruncated: A flag that indicates whether there are more items to return";
"Marker: When IsTruncated is true, this element is present and contains the value to use
for the Marker parameter in a subsequent pagination request".
EC2, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html:
MaxResults 5-1000, not with InstanceIds; NextToken "null when there are no more items".
"""

from __future__ import annotations

import json

import pytest

from sandboxhelp import Sandbox

AMI = "ami-0c02fb55956c7d316"


@pytest.fixture
def sb(tmp_path, capsys, monkeypatch):
    return Sandbox(tmp_path, capsys, monkeypatch)


def users(sb: Sandbox, count: int) -> list[str]:
    for n in range(count):
        sb.ok("iam", "create-user", "--user-name", f"u{n:03d}")
    return [u["UserName"] for u in sb.ok("iam", "list-users")["Users"]]


def list_users_calls(sb: Sandbox) -> int:
    return sum(1 for e in sb.events() if e.action == "iam:ListUsers")


def test_page_size_is_the_requests_max_items_and_the_cli_follows_the_markers(sb):
    everyone = users(sb, 5)
    assert len(everyone) == 6  # admin and five
    before = list_users_calls(sb)
    assert [u["UserName"] for u in sb.ok("iam", "list-users", "--page-size", "2")["Users"]] == everyone
    assert list_users_calls(sb) - before == 3  # three requests of two


def test_one_raw_page_says_it_is_truncated_and_carries_the_marker(sb):
    everyone = users(sb, 4)
    first = sb.ok("iam", "list-users", "--cli-input-json", json.dumps({"MaxItems": 2}), "--no-paginate")
    assert [u["UserName"] for u in first["Users"]] == everyone[:2]
    assert first["IsTruncated"] is True and first["Marker"]
    second = sb.ok("iam", "list-users", "--cli-input-json", json.dumps({"MaxItems": 3, "Marker": first["Marker"]}),
                   "--no-paginate")
    assert [u["UserName"] for u in second["Users"]] == everyone[2:]
    assert second["IsTruncated"] is False and "Marker" not in second


def test_max_items_and_starting_token_over_real_pages(sb):
    everyone = users(sb, 6)
    first = sb.ok("iam", "list-users", "--max-items", "3", "--page-size", "2")
    assert [u["UserName"] for u in first["Users"]] == everyone[:3] and first["NextToken"]
    rest = sb.ok("iam", "list-users", "--starting-token", first["NextToken"], "--page-size", "2")
    assert [u["UserName"] for u in rest["Users"]] == everyone[3:] and "NextToken" not in rest


def test_without_max_items_iam_answers_100(sb):
    everyone = users(sb, 101)
    assert len(everyone) == 102  # the CLI follows the marker
    raw = sb.ok("iam", "list-users", "--no-paginate")
    assert len(raw["Users"]) == 100 and raw["IsTruncated"] is True
    text = sb.aws("iam", "list-users", "--no-paginate", "--query", "Marker", "--output", "text")
    assert text.rc == 0 and text.out.strip() == raw["Marker"]


def test_max_items_range_is_checked_by_the_service(sb):
    assert sb.fails("ValidationError", "ListUsers", "iam", "list-users", "--page-size", "1001") == (
        "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have "
        "value less than or equal to 1000")
    # below 1 the CLI itself refuses it (botocore checks the model's minimum)
    r = sb.aws("iam", "list-users", "--page-size", "0")
    assert r.rc == 252 and "valid min value: 1" in r.err
    assert len(sb.ok("iam", "list-users", "--page-size", "1000")["Users"]) == 1


def test_a_marker_from_another_list_is_refused(sb):
    users(sb, 2)
    sb.ok("iam", "create-group", "--group-name", "g1")
    sb.ok("iam", "create-group", "--group-name", "g2")
    groups = sb.ok("iam", "list-groups", "--cli-input-json", json.dumps({"MaxItems": 1}), "--no-paginate")
    assert groups["IsTruncated"] is True
    code, op, _ = sb.aws("iam", "list-users", "--cli-input-json", json.dumps({"Marker": groups["Marker"]}),
                         "--no-paginate").error()
    assert (code, op) == ("ValidationError", "ListUsers")


def test_entities_for_a_policy_are_paged_across_its_three_lists(sb):
    arn = sb.ok("iam", "create-policy", "--policy-name", "p", "--policy-document",
                json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
                                                                     "Resource": "*"}]}))["Policy"]["Arn"]
    sb.ok("iam", "create-group", "--group-name", "g")
    sb.ok("iam", "attach-group-policy", "--group-name", "g", "--policy-arn", arn)
    users(sb, 2)
    for name in ("u000", "u001"):
        sb.ok("iam", "attach-user-policy", "--user-name", name, "--policy-arn", arn)
    page = sb.ok("iam", "list-entities-for-policy", "--policy-arn", arn, "--cli-input-json",
                 json.dumps({"MaxItems": 2}), "--no-paginate")
    assert [g["GroupName"] for g in page["PolicyGroups"]] == ["g"]
    assert [u["UserName"] for u in page["PolicyUsers"]] == ["u000"] and page["PolicyRoles"] == []
    assert page["IsTruncated"] is True
    whole = sb.ok("iam", "list-entities-for-policy", "--policy-arn", arn, "--page-size", "1")
    assert ([g["GroupName"] for g in whole["PolicyGroups"]], [u["UserName"] for u in whole["PolicyUsers"]]) == (
        ["g"], ["u000", "u001"])


def test_ec2_describe_instances_pages_by_instances(sb):
    sb.ok("ec2", "run-instances", "--image-id", AMI, "--count", "5")
    every = sb.ok("ec2", "describe-instances", "--query", "Reservations[].Instances[].InstanceId")
    assert len(every) == 6  # the world's instance and five more: a page of five splits the reservation
    assert sb.ok("ec2", "describe-instances", "--page-size", "5",
                 "--query", "Reservations[].Instances[].InstanceId") == every
    raw = sb.ok("ec2", "describe-instances", "--cli-input-json", json.dumps({"MaxResults": 5}), "--no-paginate")
    assert sum(len(r["Instances"]) for r in raw["Reservations"]) == 5 and raw["NextToken"]
    rest = sb.ok("ec2", "describe-instances", "--cli-input-json",
                 json.dumps({"MaxResults": 1000, "NextToken": raw["NextToken"]}), "--no-paginate")
    assert "NextToken" not in rest
    ids = [i["InstanceId"] for r in raw["Reservations"] + rest["Reservations"] for i in r["Instances"]]
    assert ids == every
    # the five launched together keep one reservation id, even split over two pages
    launched = {i["InstanceId"]: r["ReservationId"] for r in raw["Reservations"] + rest["Reservations"]
                for i in r["Instances"]}
    assert len(set(launched[i] for i in every[-5:])) == 1


def test_ec2_max_results_rules(sb):
    code, _, message = sb.aws("ec2", "describe-instances", "--max-results", "4").error()
    assert code == "InvalidParameterValue" and "maxResults" in message
    web = sb.ok("ec2", "describe-instances", "--query", "Reservations[0].Instances[0].InstanceId")
    code, _, message = sb.aws("ec2", "describe-instances", "--instance-ids", web, "--max-results", "5").error()
    assert code == "InvalidParameterCombination"
    # without MaxResults, EC2 answers every instance in one page
    raw = sb.ok("ec2", "describe-instances", "--no-paginate")
    assert "NextToken" not in raw
