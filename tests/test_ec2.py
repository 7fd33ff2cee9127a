"""``aws ec2`` in the sandbox terminal: instances, their states, and instance profile
associations changed on a running instance (whose next ``aws`` call sees the change)."""

from __future__ import annotations

import re

import pytest

from shellhelp import NO_CREDENTIALS, S3_FULL, Term, associate, doc, instance_id, make_ec2_role, q

AMI = "ami-0c02fb55956c7d316"


def state(lap: Term, iid: str) -> str:
    return lap.ok(f"aws ec2 describe-instances --instance-ids {iid} "
                  "--query 'Reservations[0].Instances[0].State.Name' --output text").out.strip()


def user_with(lap: Term, name: str, *statements: dict) -> Term:
    """A user with an inline policy, in a terminal of its own that exports the user's keys."""
    lap.ok(f"aws iam create-user --user-name {name}")
    lap.ok(f"aws iam put-user-policy --user-name {name} --policy-name p --policy-document {q(doc(*statements))}")
    key = lap.json(f"aws iam create-access-key --user-name {name}")["AccessKey"]
    term = Term(lap.world)
    term.ok(f"export AWS_ACCESS_KEY_ID={key['AccessKeyId']} AWS_SECRET_ACCESS_KEY={key['SecretAccessKey']}")
    return term


# -- describe-instances ---------------------------------------------------------------------------

def test_describe_instances_shows_web_1_running_without_a_profile(world, lap, iid):
    got = lap.json("aws ec2 describe-instances")
    (reservation,) = got["Reservations"]
    (instance,) = reservation["Instances"]
    assert reservation["OwnerId"] == world.account_id
    assert instance["InstanceId"] == iid and re.match(r"^i-[0-9a-f]{17}$", iid)
    assert instance["State"] == {"Code": 16, "Name": "running"}
    assert {"Key": "Name", "Value": "web-1"} in instance["Tags"]
    assert "IamInstanceProfile" not in instance
    assert instance["PrivateDnsName"] == f"ip-{instance['PrivateIpAddress'].replace('.', '-')}.ec2.internal"


@pytest.mark.parametrize("filters, found", [
    ("Name=tag:Name,Values=web-1", True),
    ("Name=tag:Name,Values=web-*", True),
    ("Name=tag:Name,Values=db-1", False),
    ("Name=instance-state-name,Values=running", True),
    ("Name=instance-state-name,Values=stopped", False),
    ("Name=tag:Name,Values=web-1 Name=instance-state-name,Values=stopped,running", True),
    ("Name=tag:Name,Values=web-1 Name=instance-state-name,Values=stopped", False),
])
def test_describe_instances_filters(lap, iid, filters, found):
    out = lap.ok(f"aws ec2 describe-instances --filters {filters} "
                 "--query 'Reservations[].Instances[].InstanceId' --output text").out
    assert out == (f"{iid}\n" if found else "")


def test_describe_instances_errors(lap):
    code, op, message = lap.aws_error("aws ec2 describe-instances --instance-ids i-0123456789abcdef0")
    assert (code, op, message) == ("InvalidInstanceID.NotFound", "DescribeInstances",
                                   "The instance ID 'i-0123456789abcdef0' does not exist")
    code, _, message = lap.aws_error("aws ec2 describe-instances --instance-ids web-1")
    assert (code, message) == ("InvalidInstanceID.Malformed", 'Invalid id: "web-1"')


# -- run-instances and iam:PassRole -----------------------------------------------------------------

def test_run_instances_with_a_profile_gives_the_new_instance_its_role(world, lap):
    make_ec2_role(lap, "S3Reader", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    got = lap.json(f"aws ec2 run-instances --image-id {AMI} --instance-type t2.micro --count 1 "
                   "--iam-instance-profile Name=S3Reader "
                   "--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web-2}]'")
    (instance,) = got["Instances"]
    new_id = instance["InstanceId"]
    assert instance["State"] == {"Code": 0, "Name": "pending"}
    assert instance["IamInstanceProfile"]["Arn"] == f"arn:aws:iam::{world.account_id}:instance-profile/S3Reader"
    shown = lap.ok("aws ec2 describe-instances --filters Name=tag:Name,Values=web-2 "
                   "--query 'Reservations[].Instances[].[InstanceId,State.Name,IamInstanceProfile.Arn]' "
                   "--output text").out
    assert shown == f"{new_id}\trunning\tarn:aws:iam::{world.account_id}:instance-profile/S3Reader\n"
    web2 = Term(world, "web-2")
    me = web2.json("aws sts get-caller-identity")
    assert me["Arn"] == f"arn:aws:sts::{world.account_id}:assumed-role/S3Reader/{new_id}"
    assert web2.ok("aws s3 ls").out.endswith(" experimenting-aws\n")


def test_run_instances_with_a_profile_needs_pass_role(world, lap):
    make_ec2_role(lap, "S3Admin")
    dev = user_with(lap, "dev", {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"})
    acct = world.account_id
    code, op, message = dev.aws_error(f"aws ec2 run-instances --image-id {AMI} --iam-instance-profile Name=S3Admin")
    assert (code, op) == ("UnauthorizedOperation", "RunInstances")
    assert message.startswith("You are not authorized to perform this operation. ")
    assert (f"User: arn:aws:iam::{acct}:user/dev is not authorized to perform: iam:PassRole on resource: "
            f"arn:aws:iam::{acct}:role/S3Admin") in message
    assert len(world["instances"]) == 1
    code, op, message = dev.aws_error(f"aws ec2 associate-iam-instance-profile --instance-id {instance_id(world)} "
                                      "--iam-instance-profile Name=S3Admin")
    assert (code, op) == ("UnauthorizedOperation", "AssociateIamInstanceProfile") and "iam:PassRole" in message
    # without a profile ec2:* is enough
    assert dev.ok(f"aws ec2 run-instances --image-id {AMI} --query 'Instances[0].State.Name' "
                  "--output text").out == "pending\n"
    # and with iam:PassRole for EC2 the profile is accepted
    lap.ok("aws iam put-user-policy --user-name dev --policy-name pass --policy-document " + q(doc(
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": f"arn:aws:iam::{acct}:role/S3Admin",
         "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}})))
    assert dev.ok(f"aws ec2 run-instances --image-id {AMI} --iam-instance-profile Name=S3Admin "
                  "--query 'Instances[0].IamInstanceProfile.Arn' --output text").out == \
        f"arn:aws:iam::{acct}:instance-profile/S3Admin\n"


def test_run_instances_count_and_stopping_them_all_by_substitution(world, lap, iid):
    got = lap.json(f"aws ec2 run-instances --image-id {AMI} --count 2 "
                   "--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=worker}]'")
    new_ids = [i["InstanceId"] for i in got["Instances"]]
    assert len(new_ids) == 2 and len(set(new_ids)) == 2
    shown = lap.json("aws ec2 describe-instances --filters Name=tag:Name,Values=worker")["Reservations"]
    assert [[i["InstanceId"] for i in r["Instances"]] for r in shown] == [new_ids]  # one reservation
    assert shown[0]["ReservationId"] == got["ReservationId"]
    ran = lap.ok("aws ec2 stop-instances --instance-ids $(aws ec2 describe-instances --filters "
                 "Name=instance-state-name,Values=running --query 'Reservations[].Instances[].InstanceId' "
                 "--output text) --query 'StoppingInstances[].InstanceId' --output text")
    assert sorted(ran.out.split()) == sorted([iid, *new_ids])
    assert lap.ok("aws ec2 describe-instances --filters Name=instance-state-name,Values=running").json() == {
        "Reservations": []}
    code, _, _ = lap.aws_error(f"aws ec2 run-instances --image-id {AMI} --count 6")
    assert code == "InstanceLimitExceeded"


def test_run_instances_with_an_unknown_profile(lap):
    code, _, message = lap.aws_error(f"aws ec2 run-instances --image-id {AMI} --iam-instance-profile Name=Nope")
    assert code == "InvalidParameterValue"
    assert message == "Value (Nope) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"


# -- start, stop, terminate ----------------------------------------------------------------------------

def test_stop_start_terminate_state_transitions(world, lap, iid):
    stopped = lap.json(f"aws ec2 stop-instances --instance-ids {iid}")
    assert stopped == {"StoppingInstances": [{"CurrentState": {"Code": 64, "Name": "stopping"}, "InstanceId": iid,
                                              "PreviousState": {"Code": 16, "Name": "running"}}]}
    assert state(lap, iid) == "stopped"
    shown = lap.json(f"aws ec2 describe-instances --instance-ids {iid}")["Reservations"][0]["Instances"][0]
    assert shown["State"] == {"Code": 80, "Name": "stopped"}
    assert "PublicIpAddress" not in shown
    assert shown["StateTransitionReason"].startswith("User initiated (")

    ran = lap.run("ssh web-1")
    assert ran.status == 255 and ran.out == ""
    assert ran.err.startswith("ssh: connect to host ") and "port 22: Connection timed out" in ran.err
    assert lap.ok("hostname").out == "laptop\n"

    started = lap.json(f"aws ec2 start-instances --instance-ids {iid}")
    assert started["StartingInstances"][0]["CurrentState"] == {"Code": 0, "Name": "pending"}
    assert started["StartingInstances"][0]["PreviousState"] == {"Code": 80, "Name": "stopped"}
    assert state(lap, iid) == "running"
    assert lap.ok("ssh web-1").out.startswith("Connected to web-1")
    lap.ok("exit")

    ended = lap.json(f"aws ec2 terminate-instances --instance-ids {iid}")
    assert ended["TerminatingInstances"][0]["CurrentState"] == {"Code": 32, "Name": "shutting-down"}
    assert state(lap, iid) == "terminated"
    code, _, message = lap.aws_error(f"aws ec2 start-instances --instance-ids {iid}")
    assert (code, message) == ("IncorrectInstanceState",
                               f"The instance '{iid}' is not in a state from which it can be started.")
    assert lap.run("ssh web-1").status == 255


def test_stop_needs_permission(world, lap, iid):
    viewer = user_with(lap, "viewer", {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"})
    code, op, message = viewer.aws_error(f"aws ec2 stop-instances --instance-ids {iid}")
    assert (code, op) == ("UnauthorizedOperation", "StopInstances")
    assert message.startswith("You are not authorized to perform this operation. User: ")
    assert f"ec2:StopInstances on resource: arn:aws:ec2:us-east-1:{world.account_id}:instance/{iid}" in message
    assert state(viewer, iid) == "running"


# -- instance profile associations on a running instance -------------------------------------------------

def test_associate_replace_disassociate_without_stopping(world, lap, iid):
    acct = world.account_id
    web = Term(world, "web-1")
    make_ec2_role(lap, "S3Admin")
    make_ec2_role(lap, "Reader", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")

    got = lap.json(f"aws ec2 associate-iam-instance-profile --instance-id {iid} --iam-instance-profile Name=S3Admin")
    assoc = got["IamInstanceProfileAssociation"]
    first = assoc["AssociationId"]
    assert re.match(r"^iip-assoc-[0-9a-f]{17}$", first)
    assert assoc["InstanceId"] == iid and assoc["State"] == "associating"
    assert assoc["IamInstanceProfile"]["Arn"] == f"arn:aws:iam::{acct}:instance-profile/S3Admin"
    listed = lap.json("aws ec2 describe-iam-instance-profile-associations")["IamInstanceProfileAssociations"]
    assert [(a["AssociationId"], a["State"]) for a in listed] == [(first, "associated")]
    shown = lap.ok(f"aws ec2 describe-instances --instance-ids {iid} --query "
                   "'Reservations[0].Instances[0].[State.Name,IamInstanceProfile.Arn]' --output text").out
    assert shown == f"running\tarn:aws:iam::{acct}:instance-profile/S3Admin\n"
    # the terminal already open on web-1 sees the role on its next call
    assert web.json("aws sts get-caller-identity")["Arn"] == f"arn:aws:sts::{acct}:assumed-role/S3Admin/{iid}"

    code, _, message = lap.aws_error(f"aws ec2 associate-iam-instance-profile --instance-id {iid} "
                                     "--iam-instance-profile Name=Reader")
    assert (code, message) == ("IncorrectState", f"There is an existing association for instance {iid}")

    replaced = lap.json(f"aws ec2 replace-iam-instance-profile-association --association-id {first} "
                        "--iam-instance-profile Name=Reader")["IamInstanceProfileAssociation"]
    second = replaced["AssociationId"]
    assert second != first and replaced["State"] == "associating"
    assert replaced["IamInstanceProfile"]["Arn"] == f"arn:aws:iam::{acct}:instance-profile/Reader"
    assert web.json("aws sts get-caller-identity")["Arn"] == f"arn:aws:sts::{acct}:assumed-role/Reader/{iid}"
    web.ok("echo x > x.txt")
    assert web.run("aws s3 cp x.txt s3://experimenting-aws/").status == 1  # read-only now
    assert state(lap, iid) == "running"
    only = lap.json(f"aws ec2 describe-iam-instance-profile-associations --filters Name=instance-id,Values={iid}")
    assert [a["AssociationId"] for a in only["IamInstanceProfileAssociations"]] == [second]

    gone = lap.json(f"aws ec2 disassociate-iam-instance-profile --association-id {second}")
    assert gone["IamInstanceProfileAssociation"]["State"] == "disassociating"
    assert lap.json("aws ec2 describe-iam-instance-profile-associations") == {"IamInstanceProfileAssociations": []}
    ran = web.run("aws s3 ls")
    assert (ran.status, ran.err) == (253, NO_CREDENTIALS)
    assert state(lap, iid) == "running"
    row = world["instances"].get(iid)
    assert row["StateTransitionReason"] == ""  # never stopped

    code, _, message = lap.aws_error(f"aws ec2 disassociate-iam-instance-profile --association-id {second}")
    assert (code, message) == ("InvalidAssociationID.NotFound", f"An association ID '{second}' does not exist.")


def test_associate_on_a_stopped_instance_and_unknown_instance(world, lap, iid):
    make_ec2_role(lap, "S3Admin", S3_FULL)
    lap.ok(f"aws ec2 stop-instances --instance-ids {iid}")
    associate(lap, iid, "S3Admin")
    assert state(lap, iid) == "stopped"
    lap.ok(f"aws ec2 start-instances --instance-ids {iid}")
    web = Term(world, "web-1")
    assert web.json("aws sts get-caller-identity")["Arn"].endswith(f":assumed-role/S3Admin/{iid}")
    code, _, _ = lap.aws_error("aws ec2 associate-iam-instance-profile --instance-id i-0123456789abcdef0 "
                               "--iam-instance-profile Name=S3Admin")
    assert code == "InvalidInstanceID.NotFound"
