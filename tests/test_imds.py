"""The instance metadata service, reached with ``curl`` from an instance: IMDSv1 and the
IMDSv2 token flow, role credentials in AWS's JSON form, refreshed before they expire."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from sandbox.cli.main import main
from sandbox.services.ec2.imds import NOT_FOUND
from sandbox.world import World
from shellhelp import (
    EC2_TRUST,
    IMDS,
    NO_CREDENTIALS,
    Term,
    associate,
    fresh_world,
    instance_id,
    make_ec2_role,
    q,
    shell_script,
)

CREDS = f"{IMDS}/iam/security-credentials/"
TOKEN_PUT = 'curl -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600"'
UNAUTHORIZED_TITLE = "<title>401 - Unauthorized</title>"


@pytest.fixture
def web(world, lap, iid):
    """web-1 with the S3Admin role (trusting EC2, AmazonS3FullAccess)."""
    associate(lap, iid, make_ec2_role(lap))
    return Term(world, "web-1")


def _z(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_role_credentials_in_the_aws_json_form(world, web, iid):
    assert web.ok(f"curl {CREDS}").out == "S3Admin\n"
    text = web.ok(f"curl {CREDS}S3Admin").out
    doc = json.loads(text)
    assert list(doc) == ["Code", "LastUpdated", "Type", "AccessKeyId", "SecretAccessKey", "Token", "Expiration"]
    assert doc["Code"] == "Success" and doc["Type"] == "AWS-HMAC"
    assert doc["AccessKeyId"].startswith("ASIA") and len(doc["AccessKeyId"]) == 20
    assert len(doc["SecretAccessKey"]) == 40 and doc["Token"]
    assert text.startswith('{\n  "Code" : "Success",\n  "LastUpdated" : "')
    assert doc["Expiration"].endswith("Z") and _z(doc["Expiration"]) > world.now()
    # the same credentials work from anywhere, as the role session of the instance
    lap = Term(world)
    lap.ok(f"export AWS_ACCESS_KEY_ID={doc['AccessKeyId']} AWS_SECRET_ACCESS_KEY={doc['SecretAccessKey']} "
           f"AWS_SESSION_TOKEN={doc['Token']}")
    assert lap.json("aws sts get-caller-identity")["Arn"] == \
        f"arn:aws:sts::{world.account_id}:assumed-role/S3Admin/{iid}"
    # a role name that is not the instance's is the 404 page
    ran = web.ok(f"curl {CREDS}OtherRole")
    assert ran.out == NOT_FOUND


def test_iam_info_and_other_metadata(world, web, iid):
    info = json.loads(web.ok(f"curl {IMDS}/iam/info").out)
    profile = world["instance_profiles"].get("S3Admin")
    assert info["Code"] == "Success"
    assert info["InstanceProfileArn"] == profile["Arn"]
    assert info["InstanceProfileId"] == profile["InstanceProfileId"]
    assert web.ok(f"curl {IMDS}/instance-id").out == f"{iid}\n"
    row = world["instances"].get(iid)
    assert web.ok(f"curl -s {IMDS}/local-ipv4").out == row["PrivateIpAddress"] + "\n"
    assert "iam/" in web.ok(f"curl {IMDS}/").out.splitlines()


def test_no_role_is_404(world, lap):
    web = Term(world, "web-1")
    ran = web.run(f"curl {CREDS}")
    assert (ran.status, ran.out) == (0, NOT_FOUND)
    assert "404 - Not Found" in web.ok(f"curl {IMDS}/iam/info").out
    ran = web.run(f"curl -f {CREDS}")
    assert (ran.status, ran.out, ran.err) == (22, "", "curl: (22) The requested URL returned error: 404\n")
    assert "iam/" not in web.ok(f"curl {IMDS}/").out.splitlines()


def test_a_role_that_does_not_trust_ec2(world, lap, iid):
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    associate(lap, iid, make_ec2_role(lap, "LambdaOnly", trust=trust))
    web = Term(world, "web-1")
    assert web.ok(f"curl {CREDS}").out == "LambdaOnly\n"
    text = web.ok(f"curl {CREDS}LambdaOnly").out
    doc = json.loads(text)
    assert list(doc) == ["Code", "Message", "LastUpdated"]
    assert doc["Code"] == "AssumeRoleUnauthorizedAccess"
    assert doc["Message"] == ("EC2 cannot assume the role LambdaOnly.  Please see documentation at "
                              "http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html.")
    ran = web.run("aws s3 ls")
    assert (ran.status, ran.out, ran.err) == (253, "", NO_CREDENTIALS)
    # fixing the trust policy: EC2 tries again a minute later, as AWS retries
    lap.ok(f"aws iam update-assume-role-policy --role-name LambdaOnly --policy-document {q(EC2_TRUST)}")
    with world.transaction():
        world.advance_clock(61)
    assert json.loads(web.ok(f"curl {CREDS}LambdaOnly").out)["Code"] == "Success"
    assert web.ok("aws s3 ls").status == 0


def test_imdsv2_token_flow_and_required_tokens(world, lap, web, iid):
    token = web.ok(TOKEN_PUT).out.strip()
    assert token
    assert web.ok(f'curl -H "X-aws-ec2-metadata-token: {token}" {CREDS}').out == "S3Admin\n"
    web.ok(f"TOKEN=$({TOKEN_PUT})")
    assert web.ok(f'curl -H "X-aws-ec2-metadata-token: $TOKEN" {IMDS}/instance-id').out == f"{iid}\n"
    # the example of the EC2 User Guide, as one line
    ran = web.ok('TOKEN=`curl -X PUT "http://169.254.169.254/latest/api/token" '
                 '-H "X-aws-ec2-metadata-token-ttl-seconds: 21600"` '
                 '&& curl -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/')
    assert "instance-id" in ran.lines and "iam/" in ran.lines
    # a PUT without the TTL header is a bad request; a wrong token is refused
    assert "400 - Bad Request" in web.ok("curl -X PUT http://169.254.169.254/latest/api/token").out
    assert UNAUTHORIZED_TITLE in web.ok(f'curl -H "X-aws-ec2-metadata-token: nope" {IMDS}/instance-id').out
    # IMDSv1 works until tokens are required
    assert web.ok(f"curl {IMDS}/instance-id").out == f"{iid}\n"

    got = lap.json(f"aws ec2 modify-instance-metadata-options --instance-id {iid} --http-tokens required")
    assert got["InstanceMetadataOptions"]["HttpTokens"] == "required"
    assert lap.ok(f"aws ec2 describe-instances --instance-ids {iid} --query "
                  "'Reservations[0].Instances[0].MetadataOptions.HttpTokens' --output text").out == "required\n"
    ran = web.run(f"curl -i {IMDS}/instance-id")
    assert ran.status == 0 and ran.out.startswith("HTTP/1.1 401 Unauthorized\n")
    assert UNAUTHORIZED_TITLE in web.ok(f"curl {CREDS}S3Admin").out
    ran = web.run(f"curl -sf {CREDS}")
    assert (ran.status, ran.out, ran.err) == (22, "", "")
    assert web.ok(f'curl -H "X-aws-ec2-metadata-token: $TOKEN" {IMDS}/instance-id').out == f"{iid}\n"
    # the CLI uses IMDSv2, so it still finds the role
    assert web.ok("aws s3 ls").out.endswith(" experimenting-aws\n")


def test_credentials_are_refreshed_before_they_expire(world, web):
    first = json.loads(web.ok(f"curl {CREDS}S3Admin").out)
    lifetime = _z(first["Expiration"]) - _z(first["LastUpdated"])
    assert timedelta(hours=1) <= lifetime <= timedelta(hours=12)
    with world.transaction():
        world.advance_clock(60)
    assert json.loads(web.ok(f"curl {CREDS}S3Admin").out)["AccessKeyId"] == first["AccessKeyId"]
    with world.transaction():
        world.advance_clock(int(lifetime.total_seconds()) - 60 - 4 * 60)  # 4 minutes before expiry
    second = json.loads(web.ok(f"curl {CREDS}S3Admin").out)
    assert second["AccessKeyId"] != first["AccessKeyId"]
    assert _z(second["Expiration"]) > _z(first["Expiration"])
    assert web.ok("aws s3 ls").status == 0
    # the old credentials, used by hand after they expire, are refused
    with world.transaction():
        world.advance_clock(5 * 60)
    lap = Term(world)
    lap.ok(f"export AWS_ACCESS_KEY_ID={first['AccessKeyId']} AWS_SECRET_ACCESS_KEY={first['SecretAccessKey']} "
           f"AWS_SESSION_TOKEN={first['Token']}")
    assert lap.aws_error("aws sts get-caller-identity")[::2] == (
        "ExpiredToken", "The security token included in the request is expired")


def test_world_advance_6h_gives_a_new_key(tmp_path, capsys, monkeypatch):
    path = tmp_path / "world.json"
    world = fresh_world(path=path)
    lap = Term(world)
    associate(lap, instance_id(world), make_ec2_role(lap))
    curl = f"curl {CREDS}S3Admin\n"
    rc, out, _ = shell_script(path, curl, capsys, monkeypatch, "--machine", "web-1")
    before = json.loads(out.split("\n", 1)[1])
    assert rc == 0 and before["AccessKeyId"].startswith("ASIA")

    capsys.readouterr()
    assert main(["--world", str(path), "world", "advance", "6h"]) == 0
    assert capsys.readouterr().out.startswith("The world's clock is now ")

    rc, out, err = shell_script(path, curl + "aws s3 ls\n", capsys, monkeypatch, "--machine", "web-1")
    assert (rc, err) == (0, "")
    lines = out.split("\n", 1)[1]
    after = json.loads(lines[:lines.index("}\n") + 1])
    assert after["Code"] == "Success" and after["AccessKeyId"].startswith("ASIA")
    assert after["AccessKeyId"] != before["AccessKeyId"]
    assert _z(after["Expiration"]) > _z(before["Expiration"])
    assert out.endswith(" experimenting-aws\n")
    assert World(path).now() >= _z(before["Expiration"])


def test_metadata_is_not_reachable_from_the_laptop(lap):
    ran = lap.run(f"curl {CREDS}")
    assert ran.status == 28 and ran.out == ""
    ran = lap.run(TOKEN_PUT)
    assert ran.status == 28
