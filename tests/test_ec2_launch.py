"""``aws ec2 run-instances`` checks its request as EC2 and the AWS CLI do: the AMI, the
instance type, the counts (``--count min[:max]``), network ids and user data. A refused
request launches nothing."""

from __future__ import annotations

import json

import pytest

from shellhelp import Term

AMI = "ami-0c02fb55956c7d316"
COUNT_FORM = "\ncount parameter should be of form min[:max] (e.g. 1 or 1:10)\n"


def refused(lap: Term, args: str) -> tuple[str, str]:
    """(code, message) of a RunInstances error; asserts that nothing was launched."""
    before = len(lap.world["instances"])
    code, op, message = lap.aws_error(f"aws ec2 run-instances {args}")
    assert op == "RunInstances"
    assert len(lap.world["instances"]) == before
    return code, message


@pytest.mark.parametrize("args, code, message", [
    ("", "MissingParameter", "The request must contain the parameter ImageId"),
    ("--image-id ami-bad", "InvalidAMIID.Malformed", 'Invalid id: "ami-bad" (expecting "ami-...")'),
    ("--image-id web-1", "InvalidAMIID.Malformed", 'Invalid id: "web-1" (expecting "ami-...")'),
    ("--image-id ami-0123456789abcdef0", "InvalidAMIID.NotFound",
     "The image id '[ami-0123456789abcdef0]' does not exist"),
    (f"--image-id {AMI} --instance-type t9.huge", "InvalidParameterValue", "Invalid value 't9.huge' for InstanceType."),
    (f"--image-id {AMI} --instance-type t4g.micro", "InvalidParameterValue",
     "The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64' of the "
     "specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use "
     "'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI."),
    # --count 0 sends MinCount=MaxCount=0
    (f"--image-id {AMI} --count 0", "InvalidParameterValue", "Maximum instance count must be greater than zero"),
    (f"--image-id {AMI} --count 0:2", "InvalidParameterValue", "Minimum instance count must be greater than zero"),
    (f"--image-id {AMI} --count 6", "InstanceLimitExceeded",
     "You have requested more instances (6) than your current instance limit of 5 allows for the specified instance "
     "type. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit."),
    (f"--image-id {AMI} --security-group-ids sg-123", "InvalidGroupId.Malformed",
     'Invalid id: "sg-123" (expecting "sg-...")'),
    (f"--image-id {AMI} --security-group-ids default", "InvalidGroupId.Malformed",
     'Invalid id: "default" (expecting "sg-...")'),
    # EC2 answers a subnet id that is not one with NotFound, not Malformed
    (f"--image-id {AMI} --subnet-id subnet-1", "InvalidSubnetID.NotFound", "The subnet ID 'subnet-1' does not exist"),
])
def test_refused_requests(lap, args, code, message):
    assert refused(lap, args) == (code, message)


def test_the_default_instance_type_is_m1_small_and_known_types_launch(lap):
    # RunInstances API reference, InstanceType: "Default: m1.small"
    got = lap.json(f"aws ec2 run-instances --image-id {AMI}")
    assert got["Instances"][0]["InstanceType"] == "m1.small"
    got = lap.json(f"aws ec2 run-instances --image-id {AMI} --instance-type t3.micro")
    assert got["Instances"][0]["InstanceType"] == "t3.micro"
    assert got["Instances"][0]["ImageId"] == AMI


def test_an_image_this_worlds_instances_run_is_known(world, lap):
    with world.transaction():
        row = world["instances"].all()[0]
        world["instances"].put({**row, "ImageId": "ami-0abcdef1234567890"})
    got = lap.json("aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t2.micro")
    assert got["Instances"][0]["ImageId"] == "ami-0abcdef1234567890"


@pytest.mark.parametrize("count, launched", [("1", 1), ("3", 3), ("2:3", 3), ("1:1", 1), ("2:9", 5)])
def test_count_min_max(lap, count, launched):
    # MaxCount beyond what can be launched: "Amazon EC2 launches the largest possible number of
    # instances above the specified minimum count" (RunInstances API reference); the sandbox's
    # limit is 5 per request
    got = lap.json(f"aws ec2 run-instances --image-id {AMI} --count {count}")
    assert [i["AmiLaunchIndex"] for i in got["Instances"]] == list(range(launched))
    assert len(lap.world["instances"]) == 1 + launched


def test_min_count_above_max_count(lap):
    code, message = refused(lap, f"--image-id {AMI} --count 3:2")
    assert code == "InvalidParameterCombination"


@pytest.mark.parametrize("count", ["abc", "2:x", "1:2:3", ":", "1.5"])
def test_count_that_is_not_min_max_is_refused_by_the_cli(lap, count):
    # awscli customizations/ec2/addcount.py, CountArgument.add_to_params
    ran = lap.run(f"aws ec2 run-instances --image-id {AMI} --count {count}")
    assert (ran.status, ran.out, ran.err) == (252, "", COUNT_FORM)
    assert len(lap.world["instances"]) == 1


def test_min_count_and_max_count_are_not_cli_options_but_are_api_members(lap):
    # the CLI replaces --min-count/--max-count with --count; --cli-input-json still takes MinCount/MaxCount
    ran = lap.run(f"aws ec2 run-instances --image-id {AMI} --min-count 2")
    assert ran.status == 252 and "Unknown options: --min-count, 2" in ran.err
    request = json.dumps({"ImageId": AMI, "MinCount": 2, "MaxCount": 2})
    got = lap.json(f"aws ec2 run-instances --cli-input-json '{request}'")
    assert len(got["Instances"]) == 2
    ran = lap.run("aws ec2 run-instances --cli-input-json '{\"Count\": 2}'")
    assert ran.status == 252 and 'Unknown parameter in input: "Count"' in ran.err


def test_network_ids_and_key_name_are_recorded_on_the_instance(lap):
    got = lap.json(f"aws ec2 run-instances --image-id {AMI} --instance-type t2.micro "
                   "--security-group-ids sg-0123456789abcdef0 sg-01234567 --subnet-id subnet-0abc1234 "
                   "--key-name my-key --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web-2}]'")
    new_id = got["Instances"][0]["InstanceId"]
    shown = lap.json(f"aws ec2 describe-instances --instance-ids {new_id}")["Reservations"][0]["Instances"][0]
    assert shown["SecurityGroups"] == [{"GroupId": "sg-0123456789abcdef0"}, {"GroupId": "sg-01234567"}]
    assert (shown["SubnetId"], shown["KeyName"]) == ("subnet-0abc1234", "my-key")
    assert {"Key": "Name", "Value": "web-2"} in shown["Tags"]


def test_user_data_is_served_by_the_instance_metadata_service(world, lap):
    lap.ok("echo '#!/bin/bash' > boot.sh")
    lap.ok("echo 'echo hello' >> boot.sh")
    lap.ok(f"aws ec2 run-instances --image-id {AMI} --user-data file://boot.sh "
           "--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web-2}]'")
    web2 = Term(world, "web-2")
    ran = web2.ok("curl -s http://169.254.169.254/latest/user-data")
    assert ran.out == "#!/bin/bash\necho hello\n"
    web1 = Term(world, "web-1")  # launched without user data: 404
    assert "404 - Not Found" in web1.run("curl -s http://169.254.169.254/latest/user-data").out


def test_user_data_over_16_kb_is_refused(lap):
    # EC2 User Guide, "Work with instance user data": limited to 16 KB in raw form
    code, message = refused(lap, f"--image-id {AMI} --user-data " + "x" * 16385)
    assert (code, message) == ("InvalidParameterValue", "User data is limited to 16384 bytes.")
    assert len(lap.json(f"aws ec2 run-instances --image-id {AMI} --user-data " + "x" * 16384)["Instances"]) == 1


def test_client_token_makes_the_launch_idempotent(lap):
    """EC2 Developer Guide, "Ensuring idempotency in Amazon EC2 API requests"
    (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html): a retry with
    the same client token and parameters returns the original result and launches nothing
    (only the instances' state may differ); the same token with a parameter changed is
    IdempotentParameterMismatch. DescribeInstances shows the token."""
    launch = f"aws ec2 run-instances --image-id {AMI} --instance-type t2.micro --count 2 --client-token retry-1"
    first = lap.json(launch)
    count = len(lap.world["instances"])
    again = lap.json(launch)
    assert len(lap.world["instances"]) == count  # nothing more launched
    assert again["ReservationId"] == first["ReservationId"]
    assert [i["InstanceId"] for i in again["Instances"]] == [i["InstanceId"] for i in first["Instances"]]
    assert [i["State"]["Name"] for i in first["Instances"]] == ["pending", "pending"]
    assert [i["State"]["Name"] for i in again["Instances"]] == ["running", "running"]  # the state moved on
    shown = lap.json(f"aws ec2 describe-instances --instance-ids {first['Instances'][0]['InstanceId']}")
    assert shown["Reservations"][0]["Instances"][0]["ClientToken"] == "retry-1"
    # the same token with another instance type: refused, nothing launched
    code, message = refused(lap, f"--image-id {AMI} --instance-type t3.micro --count 2 --client-token retry-1")
    assert (code, message) == ("IdempotentParameterMismatch", "Arguments on this idempotent request are inconsistent "
                                                              "with arguments used in previous request(s).")
    # tokens are case-sensitive: another token is another launch
    other = lap.json(launch.replace("retry-1", "Retry-1"))
    assert other["ReservationId"] != first["ReservationId"] and len(lap.world["instances"]) == count + 2
    # still the same answer after the instances are terminated
    ids = " ".join(i["InstanceId"] for i in first["Instances"])
    lap.json(f"aws ec2 terminate-instances --instance-ids {ids}")
    after = lap.json(launch)
    assert after["ReservationId"] == first["ReservationId"] and len(lap.world["instances"]) == count + 2
    assert {i["State"]["Name"] for i in after["Instances"]} == {"terminated"}
