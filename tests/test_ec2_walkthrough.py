"""The learner's notes, "Applying IAM role to EC2" and "Modifying S3 within EC2", end to
end and headless: each step is a script piped into ``iam-sandbox shell`` on a fresh world.

    cd ~/.aws [contains config credentials]
    aws s3 ls
    aws s3 ls s3://experimenting-aws
    echo "Hello v2 from EC2" > hello2.txt
    aws s3 cp hello2.txt s3://experimenting-aws

Exam tips checked on the way: a role means no keys on the instance; a policy change on
the role takes effect immediately; roles are attached and replaced on a running
instance without stopping it.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from sandbox.world import World
from shellhelp import EC2_TRUST, NO_CREDENTIALS, shell_script

BUCKET = "experimenting-aws"
NOTES = f"""\
cd ~/.aws
ls
aws s3 ls
aws s3 ls s3://{BUCKET}
echo "Hello v2 from EC2" > hello2.txt
aws s3 cp hello2.txt s3://{BUCKET}
curl http://169.254.169.254/latest/meta-data/iam/security-credentials/S3Admin
"""
SETUP = f"""\
echo '{json.dumps(EC2_TRUST)}' > trust.json
aws iam create-role --role-name S3Admin --assume-role-policy-document file://trust.json --query Role.Arn --output text
aws iam attach-role-policy --role-name S3Admin --policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess
aws iam create-instance-profile --instance-profile-name S3Admin --query InstanceProfile.Arn --output text
aws iam add-role-to-instance-profile --instance-profile-name S3Admin --role-name S3Admin
ID=$(aws ec2 describe-instances --filters Name=tag:Name,Values=web-1 Name=instance-state-name,Values=running \\
--query 'Reservations[].Instances[].InstanceId' --output text)
aws ec2 associate-iam-instance-profile --instance-id $ID --iam-instance-profile Name=S3Admin \\
--query IamInstanceProfileAssociation.State --output text
aws ec2 describe-instances --instance-ids $ID \\
--query 'Reservations[].Instances[].[State.Name,IamInstanceProfile.Arn]' \\
--output text
"""
DETACH = "aws iam detach-role-policy --role-name S3Admin --policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess\n"
REPLACE = """\
aws iam create-role --role-name S3Writer --assume-role-policy-document file://trust.json --query Role.RoleName \\
--output text
aws iam attach-role-policy --role-name S3Writer --policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess
aws iam create-instance-profile --instance-profile-name S3Writer --query InstanceProfile.InstanceProfileName \\
--output text
aws iam add-role-to-instance-profile --instance-profile-name S3Writer --role-name S3Writer
ID=$(aws ec2 describe-instances --filters Name=tag:Name,Values=web-1 --query 'Reservations[].Instances[].InstanceId' \\
--output text)
ASSOC=$(aws ec2 describe-iam-instance-profile-associations --filters Name=instance-id,Values=$ID \\
--query 'IamInstanceProfileAssociations[0].AssociationId' --output text)
aws ec2 replace-iam-instance-profile-association --association-id $ASSOC --iam-instance-profile Name=S3Writer \\
--query IamInstanceProfileAssociation.IamInstanceProfile.Arn --output text
"""


def when(iso_text: str) -> str:
    return datetime.fromisoformat(iso_text).strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture
def shell(tmp_path, capsys, monkeypatch):
    path = tmp_path / "world.json"

    def run(script: str, *args: str) -> tuple[int, str, str]:
        return shell_script(path, script, capsys, monkeypatch, *args)

    run.path = path
    return run


def test_the_notes_walkthrough_end_to_end(shell):
    # web-1 before any role: the CLI finds no credentials (and the instance has no keys)
    rc, out, err = shell("aws s3 ls\n", "--machine", "web-1")
    world = World(shell.path)
    acct = world.account_id
    (instance,) = world["instances"].all()
    iid, ip = instance["InstanceId"], instance["PublicIpAddress"]
    connected = f"Connected to web-1 ({iid}, {ip}). Type exit to go back.\n"
    assert (rc, out, err) == (253, connected, NO_CREDENTIALS)

    # on the laptop, as admin: the role, its instance profile, and the association
    rc, out, err = shell(SETUP)
    assert (rc, err) == (0, "")
    assert out == (f"arn:aws:iam::{acct}:role/S3Admin\n"
                   f"arn:aws:iam::{acct}:instance-profile/S3Admin\n"
                   "associating\n"
                   f"running\tarn:aws:iam::{acct}:instance-profile/S3Admin\n")

    # on web-1, the notes' commands
    rc, out, err = shell(NOTES, "--machine", "web-1")
    world = World(shell.path)
    bucket_line = f"{when(world['buckets'].get(BUCKET)['CreationDate'])} {BUCKET}\n"
    hello = world["objects"].get(f"{BUCKET}/hello.txt")
    assert (rc, err) == (0, "")
    head = (connected
            + "config\n"  # ~/.aws holds no credentials file
            + bucket_line
            + f"{when(hello['LastModified'])}         24 hello.txt\n"
            + f"upload: ./hello2.txt to s3://{BUCKET}/hello2.txt\n")
    assert out.startswith(head)
    creds = json.loads(out[len(head):])
    assert creds["Code"] == "Success" and creds["Type"] == "AWS-HMAC"
    assert creds["AccessKeyId"].startswith("ASIA") and creds["Token"] and creds["Expiration"].endswith("Z")
    assert world["objects"].get(f"{BUCKET}/hello2.txt")["Body"] == "Hello v2 from EC2\n"
    assert world["files"].get(f"{iid}:/home/ec2-user/.aws/hello2.txt")["Content"] == "Hello v2 from EC2\n"

    # the laptop sees the upload
    rc, out, err = shell(f"aws s3 cp s3://{BUCKET}/hello2.txt from-ec2.txt\ncat from-ec2.txt\n")
    assert (rc, out, err) == (0, f"download: s3://{BUCKET}/hello2.txt to ./from-ec2.txt\nHello v2 from EC2\n", "")

    # detaching the policy from the role: the very next cp on web-1 is refused
    assert shell(DETACH)[0] == 0
    rc, out, err = shell(f"cd ~/.aws\naws s3 cp hello2.txt s3://{BUCKET}\n", "--machine", "web-1")
    assert (rc, out) == (1, connected)
    assert err == (
        f"upload failed: ./hello2.txt to s3://{BUCKET}/hello2.txt An error occurred (AccessDenied) when calling the "
        f"PutObject operation: User: arn:aws:sts::{acct}:assumed-role/S3Admin/{iid} is not authorized to perform: "
        f's3:PutObject on resource: "arn:aws:s3:::{BUCKET}/hello2.txt" because no identity-based policy allows the '
        "s3:PutObject action\n")

    # replacing the instance profile (on the running instance) restores it
    rc, out, err = shell(REPLACE)
    assert (rc, err) == (0, "")
    assert out == f"S3Writer\nS3Writer\narn:aws:iam::{acct}:instance-profile/S3Writer\n"
    rc, out, err = shell(f"cd ~/.aws\naws s3 cp hello2.txt s3://{BUCKET}\n"
                         "curl http://169.254.169.254/latest/meta-data/iam/security-credentials/\n",
                         "--machine", "web-1")
    assert (rc, err) == (0, "")
    assert out == connected + f"upload: ./hello2.txt to s3://{BUCKET}/hello2.txt\nS3Writer\n"

    # ... and the instance never stopped
    rc, out, err = shell(f"aws ec2 describe-instances --instance-ids {iid} "
                         "--query 'Reservations[].Instances[].[State.Name,LaunchTime,StateTransitionReason]' "
                         "--output json\n")
    assert rc == 0
    assert json.loads(out) == [["running", instance["LaunchTime"], ""]]
    operations = {e.get("operation") for e in World(shell.path).events.read_all()}
    assert {"AssociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation", "PutObject"} <= operations
    assert not operations & {"StopInstances", "StartInstances", "RunInstances"}


def test_the_walkthrough_as_a_transcript(shell):
    """``--echo`` prints each command after its prompt, as a lesson transcript."""
    shell(SETUP)
    rc, out, err = shell("cd ~/.aws\nls\npwd\n", "--machine", "web-1", "--echo")
    world = World(shell.path)
    (instance,) = world["instances"].all()
    host = "ip-" + instance["PrivateIpAddress"].replace(".", "-")
    assert (rc, err) == (0, "")
    assert out.splitlines()[1:] == [f"[ec2-user@{host} ~]$ cd ~/.aws", f"[ec2-user@{host} .aws]$ ls", "config",
                                    f"[ec2-user@{host} .aws]$ pwd", "/home/ec2-user/.aws"]
