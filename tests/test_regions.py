"""Regions: EC2 acts in the Region a request is sent to (instances, their ids, AMIs, the
instance metadata); IAM is global; S3 buckets have a Region but one namespace, and
``ListBuckets`` lists them all. Worlds written before instances had a Region still open
(their instances are in us-east-1)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from sandbox.services.machines import new_instance
from sandbox.world import World, WorldError
from shellhelp import IMDS, Term, fresh_world, instance_id, make_ec2_role

AMI = "ami-0c02fb55956c7d316"


def _ids(lap: Term, region: str) -> list[str]:
    found = lap.json(f"aws ec2 describe-instances --region {region}")
    return [i["InstanceId"] for r in found["Reservations"] for i in r["Instances"]]


def _instance_in(world: World, region: str, name: str = "eu-1") -> dict:
    with world.transaction():
        row = new_instance(world, name, datetime.fromisoformat("2026-11-27T12:00:00+00:00"), region=region)
        world["instances"].put(row)
    return row


# -- EC2 --------------------------------------------------------------------------------------------


def test_the_default_worlds_instance_is_in_us_east_1_only(world, lap):
    web1 = instance_id(world)
    assert _ids(lap, "us-east-1") == [web1]
    assert lap.json("aws ec2 describe-instances")["Reservations"][0]["Instances"][0]["Placement"] == {
        "AvailabilityZone": "us-east-1a", "GroupName": "", "Tenancy": "default"}  # the laptop's profile: us-east-1
    # the contrast iam-tour shows: IAM is global, EC2 is not
    assert _ids(lap, "eu-west-1") == []
    assert lap.json("aws iam list-users --region eu-west-1")["Users"]


@pytest.mark.parametrize("command", [
    "aws ec2 describe-instances --instance-ids {id}",
    "aws ec2 stop-instances --instance-ids {id}",
    "aws ec2 start-instances --instance-ids {id}",
    "aws ec2 terminate-instances --instance-ids {id}",
    "aws ec2 associate-iam-instance-profile --instance-id {id} --iam-instance-profile Name=x",
    "aws ec2 modify-instance-metadata-options --instance-id {id} --http-tokens required",
])
def test_an_instance_id_of_another_region_does_not_exist(world, lap, command):
    web1 = instance_id(world)
    code, _, message = lap.aws_error(command.format(id=web1) + " --region eu-west-1")
    assert (code, message) == ("InvalidInstanceID.NotFound", f"The instance ID '{web1}' does not exist")
    assert world["instances"].get(web1)["State"] == "running"  # untouched


def test_amis_are_regional(world, lap):
    # the sandbox's Amazon Linux 2 image is a us-east-1 image: its id does not exist in eu-west-1
    code, _, message = lap.aws_error(f"aws ec2 run-instances --image-id {AMI} --instance-type t2.micro "
                                     "--region eu-west-1")
    assert (code, message) == ("InvalidAMIID.NotFound", f"The image id '[{AMI}]' does not exist")
    launched = lap.json(f"aws ec2 run-instances --image-id {AMI} --instance-type t2.micro --region us-east-1")
    assert launched["Instances"][0]["Placement"]["AvailabilityZone"] == "us-east-1a"


def test_an_instance_in_eu_west_1_lives_there(world, lap):
    row = _instance_in(world, "eu-west-1")
    assert _ids(lap, "eu-west-1") == [row["InstanceId"]]
    assert row["InstanceId"] not in _ids(lap, "us-east-1")
    shown = lap.json(f"aws ec2 describe-instances --instance-ids {row['InstanceId']} --region eu-west-1")
    instance = shown["Reservations"][0]["Instances"][0]
    address = row["PrivateIpAddress"].replace(".", "-")
    # EC2 User Guide, "Amazon EC2 instance hostname types": outside us-east-1 the names carry the Region
    assert instance["PrivateDnsName"] == f"ip-{address}.eu-west-1.compute.internal"
    public = row["PublicIpAddress"].replace(".", "-")
    assert instance["PublicDnsName"] == f"ec2-{public}.eu-west-1.compute.amazonaws.com"
    assert instance["Placement"]["AvailabilityZone"] == "eu-west-1a"
    # its image exists in eu-west-1 now: another instance can be launched from it there
    lap.ok(f"aws ec2 stop-instances --instance-ids {row['InstanceId']} --region eu-west-1")
    again = lap.json(f"aws ec2 run-instances --image-id {row['ImageId']} --instance-type t2.micro --region eu-west-1")
    assert again["Instances"][0]["Placement"]["AvailabilityZone"] == "eu-west-1a"
    assert len(_ids(lap, "eu-west-1")) == 2


def test_the_metadata_and_the_cli_on_an_instance_name_its_region(world, lap):
    row = _instance_in(world, "eu-west-1")
    on = Term(world, row["InstanceId"])
    assert on.ok(f"curl -s {IMDS}/placement/region").out == "eu-west-1\n"
    assert on.ok(f"curl -s {IMDS}/placement/availability-zone").out == "eu-west-1a\n"
    document = json.loads(on.ok("curl -s http://169.254.169.254/latest/dynamic/instance-identity/document").out)
    assert document["region"] == "eu-west-1"
    assert on.ok(f"curl -s {IMDS}/hostname").out.endswith(".eu-west-1.compute.internal\n")
    # a role reaches it through an association made in its Region
    profile = make_ec2_role(lap, "Ec2Reader", "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess")
    code, _, _ = lap.aws_error(f"aws ec2 associate-iam-instance-profile --instance-id {row['InstanceId']} "
                               f"--iam-instance-profile Name={profile}")
    assert code == "InvalidInstanceID.NotFound"  # the laptop's Region is us-east-1
    lap.ok(f"aws ec2 associate-iam-instance-profile --instance-id {row['InstanceId']} "
           f"--iam-instance-profile Name={profile} --region eu-west-1")
    # the aws program on the instance takes its Region from the metadata (no --region, no config)
    found = on.json("aws ec2 describe-instances")
    assert [i["InstanceId"] for r in found["Reservations"] for i in r["Instances"]] == [row["InstanceId"]]
    role_session = f"arn:aws:sts::{world.account_id}:assumed-role/Ec2Reader/{row['InstanceId']}"
    decided = [e for e in world.events.since(0) if e.get("principal") == role_session]
    assert decided and {e["region"] for e in decided} == {"eu-west-1"}


# -- the world file ---------------------------------------------------------------------------------


def test_a_world_without_regions_opens_with_its_instances_in_us_east_1(tmp_path):
    path = tmp_path / "old.json"
    world = fresh_world(path=path)
    web1 = instance_id(world)
    data = json.loads(path.read_text())
    for row in data["instances"].values():
        del row["Region"]  # as written before instances had a Region
    path.write_text(json.dumps(data))
    old = World(path)
    lap = Term(old)
    assert _ids(lap, "us-east-1") == [web1]
    assert _ids(lap, "eu-west-1") == []


def test_a_zone_outside_the_instances_region_is_refused(tmp_path):
    path = tmp_path / "w.json"
    fresh_world(path=path)
    data = json.loads(path.read_text())
    row_id, row = next(iter(data["instances"].items()))
    row["Region"] = "eu-west-1"
    path.write_text(json.dumps(data))
    with pytest.raises(WorldError) as caught:
        World(path)
    assert (f"row {row_id} of the table instances ({row['InstanceId']}): its AvailabilityZone 'us-east-1a' is not a "
            "zone of its Region eu-west-1") in caught.value.message


# -- S3 ---------------------------------------------------------------------------------------------


def test_bucket_regions_and_their_location(world, lap):
    lap.ok("aws s3api create-bucket --bucket notes-virginia-1")
    lap.ok("aws s3api create-bucket --bucket notes-ireland-1 --create-bucket-configuration "
           "LocationConstraint=eu-west-1")
    # S3 API reference, GetBucketLocation: "Buckets in Region us-east-1 have a LocationConstraint of null"
    assert lap.json("aws s3api get-bucket-location --bucket notes-virginia-1") == {"LocationConstraint": None}
    assert lap.json("aws s3api get-bucket-location --bucket notes-ireland-1") == {"LocationConstraint": "eu-west-1"}
    # one namespace: every Region's buckets are listed, whatever Region is asked
    for region in ("us-east-1", "ap-southeast-2"):
        listed = lap.ok(f"aws s3 ls --region {region}").out
        assert "notes-virginia-1" in listed and "notes-ireland-1" in listed


def test_mb_creates_the_bucket_in_the_commands_region(world, lap):
    assert lap.ok("aws s3 mb s3://notes-london-1 --region eu-west-2").out == "make_bucket: notes-london-1\n"
    assert lap.json("aws s3api get-bucket-location --bucket notes-london-1") == {"LocationConstraint": "eu-west-2"}
    lap.ok("aws s3 mb s3://notes-virginia-2")
    assert world["buckets"].get("notes-virginia-2")["Region"] == "us-east-1"


@pytest.mark.parametrize("command, code, message", [
    # a request sent to eu-west-1 must say so (S3 API reference, CreateBucket)
    ("aws s3api create-bucket --bucket b-unsaid-1 --region eu-west-1", "IllegalLocationConstraintException",
     "The unspecified location constraint is incompatible for the region specific endpoint this request was sent "
     "to."),
    ("aws s3api create-bucket --bucket b-other-1 --region eu-west-1 --create-bucket-configuration "
     "LocationConstraint=eu-west-2", "IllegalLocationConstraintException",
     "The eu-west-2 location constraint is incompatible for the region specific endpoint this request was sent to."),
    # us-east-1 is named by leaving the constraint out
    ("aws s3api create-bucket --bucket b-virginia-1 --create-bucket-configuration LocationConstraint=us-east-1",
     "InvalidLocationConstraint", "The specified location-constraint is not valid"),
    ("aws s3api create-bucket --bucket b-mars-1 --create-bucket-configuration LocationConstraint=mars-north-1",
     "InvalidLocationConstraint", "The specified location-constraint is not valid"),
])
def test_location_constraints_s3_refuses(world, lap, command, code, message):
    assert lap.aws_error(command)[::2] == (code, message)
    assert len(world["buckets"]) == 1  # only the default world's bucket


def test_create_bucket_answers_the_location(world, lap):
    assert lap.json("aws s3api create-bucket --bucket loc-virginia-1") == {"Location": "/loc-virginia-1"}
    assert lap.json("aws s3api create-bucket --bucket loc-ireland-1 --region eu-west-1 "
                    "--create-bucket-configuration LocationConstraint=eu-west-1") == {
        "Location": "http://loc-ireland-1.s3.amazonaws.com/"}
