"""``--dry-run`` on every ``aws ec2`` operation: the permission check without the request.

EC2 API reference, DryRun: "Checks whether you have the required permissions for the
action, without actually making the request, and provides an error response. If you have
the required permissions, the error response is DryRunOperation. Otherwise, it is
UnauthorizedOperation." The decision is still published, as for any request.
"""

from __future__ import annotations

import pytest

from sandbox.services import events
from sandbox.services.events import DecisionEvent
from shellhelp import Term, associate, doc, instance_id, make_ec2_role, q

AMI = "ami-0c02fb55956c7d316"
DRY = "Request would have succeeded, but DryRun flag is set."


def user_with(lap: Term, name: str, *statements: dict) -> Term:
    lap.ok(f"aws iam create-user --user-name {name}")
    lap.ok(f"aws iam put-user-policy --user-name {name} --policy-name p --policy-document {q(doc(*statements))}")
    key = lap.json(f"aws iam create-access-key --user-name {name}")["AccessKey"]
    term = Term(lap.world)
    term.ok(f"export AWS_ACCESS_KEY_ID={key['AccessKeyId']} AWS_SECRET_ACCESS_KEY={key['SecretAccessKey']}")
    return term


def snapshot(world) -> list[dict]:
    return sorted((dict(r) for r in world["instances"].all()), key=lambda r: r["InstanceId"])


def last_decision(world) -> DecisionEvent:
    return [e for e in events.typed(world.events.read_all()) if e.kind == "decision"][-1]


def test_dry_run_launch_is_refused_with_dry_run_operation_and_launches_nothing(world, lap):
    before = snapshot(world)
    code, op, message = lap.aws_error(f"aws ec2 run-instances --image-id {AMI} --dry-run")
    assert (code, op, message) == ("DryRunOperation", "RunInstances", DRY)
    assert lap.last.status == 254
    event = last_decision(world)  # the authorization was made and published, marked as a dry run
    assert (event.action, event.decision, event.dry_run) == ("ec2:RunInstances", "allowed", True)
    assert snapshot(world) == before
    assert lap.ok("aws ec2 describe-instances --query 'length(Reservations[].Instances[])'").out == "1\n"
    # --no-dry-run is an ordinary launch
    lap.ok(f"aws ec2 run-instances --image-id {AMI} --no-dry-run")
    assert len(world["instances"]) == 2
    assert not last_decision(world).dry_run


def test_dry_run_without_permission_is_unauthorized_and_published(world, lap):
    viewer = user_with(lap, "viewer", {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"})
    code, op, message = viewer.aws_error(f"aws ec2 run-instances --image-id {AMI} --dry-run")
    assert (code, op) == ("UnauthorizedOperation", "RunInstances")
    assert message.startswith("You are not authorized to perform this operation. User: "
                              f"arn:aws:iam::{world.account_id}:user/viewer is not authorized to perform: "
                              "ec2:RunInstances on resource: ")
    event = last_decision(world)
    assert (event.principal, event.action, event.decision, event.dry_run) == (
        f"arn:aws:iam::{world.account_id}:user/viewer", "ec2:RunInstances", "implicitDeny", True)
    # the permission it does have: describe-instances --dry-run succeeds as a dry run
    code, _, message = viewer.aws_error("aws ec2 describe-instances --dry-run")
    assert (code, message) == ("DryRunOperation", DRY)
    assert len(world["instances"]) == 1


def test_dry_run_checks_pass_role_for_the_instance_profile(world, lap):
    make_ec2_role(lap, "S3Admin")
    dev = user_with(lap, "dev", {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"})
    code, _, message = dev.aws_error(f"aws ec2 run-instances --image-id {AMI} --iam-instance-profile Name=S3Admin "
                                     "--dry-run")
    assert code == "UnauthorizedOperation" and "iam:PassRole" in message
    code, _, _ = dev.aws_error(f"aws ec2 run-instances --image-id {AMI} --dry-run")
    assert code == "DryRunOperation"
    assert len(world["instances"]) == 1


def test_a_dry_run_still_validates_the_request(lap):
    code, _, _ = lap.aws_error("aws ec2 run-instances --image-id ami-bad --dry-run")
    assert code == "InvalidAMIID.Malformed"
    code, _, _ = lap.aws_error("aws ec2 stop-instances --instance-ids i-0123456789abcdef0 --dry-run")
    assert code == "InvalidInstanceID.NotFound"


@pytest.mark.parametrize("command", [
    "describe-instances --instance-ids {iid}",
    "stop-instances --instance-ids {iid}",
    "terminate-instances --instance-ids {iid}",
    "associate-iam-instance-profile --instance-id {iid} --iam-instance-profile Name=Other",
    "replace-iam-instance-profile-association --association-id {assoc} --iam-instance-profile Name=Other",
    "disassociate-iam-instance-profile --association-id {assoc}",
    "describe-iam-instance-profile-associations",
    "modify-instance-metadata-options --instance-id {iid} --http-tokens required",
])
def test_every_operation_takes_dry_run_and_changes_nothing(world, lap, command):
    iid = instance_id(world)
    make_ec2_role(lap, "S3Admin")
    make_ec2_role(lap, "Other")
    assoc = associate(lap, iid, "S3Admin")
    if command.startswith("associate"):
        lap.ok(f"aws ec2 disassociate-iam-instance-profile --association-id {assoc}")
    before = snapshot(world)
    line = "aws ec2 " + command.format(iid=iid, assoc=assoc) + " --dry-run"
    code, _, message = lap.aws_error(line)
    assert (code, message) == ("DryRunOperation", DRY)
    assert snapshot(world) == before
    assert last_decision(world).dry_run is True


def test_start_instances_dry_run_leaves_the_instance_stopped(world, lap):
    iid = instance_id(world)
    lap.ok(f"aws ec2 stop-instances --instance-ids {iid}")
    code, _, _ = lap.aws_error(f"aws ec2 start-instances --instance-ids {iid} --dry-run")
    assert code == "DryRunOperation"
    assert world["instances"].get(iid)["State"] == "stopped"


def test_dry_run_decisions_are_labelled_in_the_log_and_the_pane(world, lap):
    from sandbox.cli.events_cmd import format_event
    from sandbox.tui.decisions import event_label

    lap.aws_error("aws ec2 describe-instances --dry-run")
    event = last_decision(world)
    assert format_event(event).splitlines()[0].endswith("ec2:DescribeInstances  *  allowed  (dry run)")
    assert "dry run" in event_label(event).plain
    lap.ok("aws ec2 describe-instances")
    assert "dry run" not in format_event(last_decision(world))
