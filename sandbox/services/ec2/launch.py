"""RunInstances: the launch request is checked the way EC2 checks it, then authorized,
then (unless it is a dry run) the instances are created.

Checks, in order: the instance counts, the AMI id (missing, malformed, unknown), the
instance type (unknown, or an architecture the AMI does not have), the security group
and subnet ids, the user data's size, the request's size against the sandbox's limit of
5 instances per request; then ``ec2:RunInstances`` and, with an instance profile,
``iam:PassRole`` on its role.

The sandbox has no VPCs, key pairs or security groups of its own: well-formed
``SecurityGroupIds``, ``SubnetId`` and ``KeyName`` are recorded on the instance and shown
by DescribeInstances, and nothing else is done with them. ``UserData`` is kept and
served at ``/latest/user-data`` by the instance metadata service; nothing runs it.

``ClientToken`` makes the launch idempotent (EC2 Developer Guide, "Ensuring idempotency in
Amazon EC2 API requests", RunInstances idempotency): the same token with the same parameters
answers the first launch's reservation again, its instances in their current state, and
launches nothing; the same token with other parameters is IdempotentParameterMismatch. The
token stays on the instances (DescribeInstances shows it), terminated ones included.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets

from sandbox.errors import AwsError
from sandbox.services.ec2 import catalog
from sandbox.services.ec2.instances import (
    denied,
    dry_run,
    instance_out,
    pass_profile_role,
    profile_ref,
    request_region,
    state,
)
from sandbox.services.gateway import CallContext
from sandbox.services.machines import new_instance
from sandbox.services.registry import operation

PER_REQUEST = 5  # the sandbox's instance limit
USER_DATA_LIMIT = 16384  # raw bytes, before base64 (EC2 User Guide, "Work with instance user data")
_GROUP_ID = re.compile(r"^sg-([0-9a-f]{8}|[0-9a-f]{17})$")
_SUBNET_ID = re.compile(r"^subnet-([0-9a-f]{8}|[0-9a-f]{17})$")


def _count(p: dict, name: str, default: int) -> int:
    value = p.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise AwsError("InvalidParameterValue", f"Value ({value}) for parameter {name} is invalid.")
    return value


def counts(p: dict) -> tuple[int, int]:
    """(MinCount, MaxCount), checked."""
    min_count = _count(p, "MinCount", 1)
    max_count = _count(p, "MaxCount", min_count)
    # EC2 answers MaxCount 0 (the CLI's --count 0 sends MinCount=MaxCount=0) with
    # InvalidParameterValue "Maximum instance count must be greater than zero".
    if max_count < 1:
        raise AwsError("InvalidParameterValue", "Maximum instance count must be greater than zero")
    # AWS documents no wording for the two cases below; they follow the MaxCount message
    if min_count < 1:
        raise AwsError("InvalidParameterValue", "Minimum instance count must be greater than zero")
    if min_count > max_count:
        raise AwsError("InvalidParameterCombination", "Minimum instance count must not be greater than maximum "
                                                      "instance count")
    return min_count, max_count


def launch_count(min_count: int, max_count: int) -> int:
    """As many as MaxCount asks, within the limit, and never fewer than MinCount."""
    if min_count > PER_REQUEST:
        raise AwsError("InstanceLimitExceeded",
                       f"You have requested more instances ({min_count}) than your current instance limit of "
                       f"{PER_REQUEST} allows for the specified instance type. Please visit "
                       "http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.")
    # MaxCount beyond capacity: "Amazon EC2 launches the largest possible number of instances
    # above the specified minimum count" (RunInstances API reference, MaxCount)
    return min(max_count, PER_REQUEST)


def check_image(p: dict) -> str:
    image = p.get("ImageId")
    if not image:
        raise AwsError("MissingParameter", "The request must contain the parameter ImageId")
    image = str(image)
    if not catalog.AMI_ID.match(image):
        raise AwsError("InvalidAMIID.Malformed", f'Invalid id: "{image}" (expecting "ami-...")')
    return image


def check_instance_type(p: dict) -> str:
    kind = str(p.get("InstanceType") or catalog.DEFAULT_INSTANCE_TYPE)
    if kind not in catalog.INSTANCE_TYPES:
        raise AwsError("InvalidParameterValue", f"Invalid value '{kind}' for InstanceType.")
    return kind


def check_network(p: dict) -> tuple[list[str], str | None]:
    groups = p.get("SecurityGroupIds") or []
    groups = [str(g) for g in (groups if isinstance(groups, list) else [groups])]
    for group in groups:
        if not _GROUP_ID.match(group):
            raise AwsError("InvalidGroupId.Malformed", f'Invalid id: "{group}" (expecting "sg-...")')
    subnet = p.get("SubnetId")
    if subnet is not None and not _SUBNET_ID.match(str(subnet)):
        # EC2 answers an id that is not a subnet's as one that does not exist
        raise AwsError("InvalidSubnetID.NotFound", f"The subnet ID '{subnet}' does not exist")
    return list(dict.fromkeys(groups)), subnet


def check_user_data(p: dict) -> str | None:
    data = p.get("UserData")
    if data is None:
        return None
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    data = str(data)
    if len(data.encode("utf-8")) > USER_DATA_LIMIT:
        raise AwsError("InvalidParameterValue", f"User data is limited to {USER_DATA_LIMIT} bytes.")
    return data


def check_architecture(ctx: CallContext, image: str, kind: str) -> None:
    arch = catalog.image_architecture(ctx.world, image, request_region(ctx))
    if arch is None:
        raise AwsError("InvalidAMIID.NotFound", f"The image id '[{image}]' does not exist")
    wanted = catalog.INSTANCE_TYPES[kind]
    if wanted != arch:
        raise AwsError("InvalidParameterValue",
                       f"The architecture '{wanted}' of the specified instance type does not match the architecture "
                       f"'{arch}' of the specified AMI. Specify an instance type and an AMI that have matching "
                       "architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to "
                       "discover the architecture of the instance type or AMI.")


def instance_tags(p: dict) -> list[dict]:
    tags: list[dict] = []
    for spec in p.get("TagSpecifications") or []:
        if spec.get("ResourceType", "instance") == "instance":
            tags += [{"Key": t["Key"], "Value": t.get("Value", "")} for t in spec.get("Tags", [])]
    return tags


def request_digest(p: dict) -> str:
    """What a retry must repeat: every parameter but the token itself and DryRun."""
    asked = {k: v for k, v in p.items() if k not in ("ClientToken", "DryRun")}
    return hashlib.sha256(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()


def earlier_launch(ctx: CallContext, token: str, digest: str) -> dict | None:
    """The reservation a previous request with this client token launched, if any."""
    rows = ctx.world["instances"].where(lambda r: r.get("ClientToken") == token)
    if not rows:
        return None
    if any(r.get("ClientTokenRequest") != digest for r in rows):
        raise AwsError("IdempotentParameterMismatch",
                       "Arguments on this idempotent request are inconsistent with arguments used in previous "
                       "request(s).")
    rows.sort(key=lambda r: r.get("AmiLaunchIndex", 0))
    return {"Groups": [], "Instances": [instance_out(ctx, r) for r in rows], "OwnerId": ctx.account,
            "ReservationId": rows[0]["ReservationId"]}


@operation("ec2", "RunInstances")
def run_instances(ctx: CallContext, p: dict) -> dict:
    min_count, max_count = counts(p)
    image = check_image(p)
    kind = check_instance_type(p)
    groups, subnet = check_network(p)
    user_data = check_user_data(p)
    check_architecture(ctx, image, kind)
    count = launch_count(min_count, max_count)
    region = request_region(ctx)
    denied(ctx, "ec2:RunInstances", f"arn:aws:ec2:{region}:{ctx.account}:instance/*")
    profile = profile_ref(ctx, p.get("IamInstanceProfile"))
    if profile:
        pass_profile_role(ctx, profile)
    dry_run(p)
    token = p.get("ClientToken")
    digest = request_digest(p)
    if token:
        again = earlier_launch(ctx, str(token), digest)
        if again is not None:
            return again
    tags = instance_tags(p)
    name = next((t["Value"] for t in tags if t["Key"] == "Name"), None)
    reservation = "r-0" + secrets.token_hex(8)
    out = []
    for index in range(count):
        label = name or f"instance-{len(ctx.world['instances']) + 1}"
        row = new_instance(ctx.world, label, ctx.now(), region=region)
        row.update({"ImageId": image, "InstanceType": kind, "State": "running", "ReservationId": reservation,
                    "Tags": tags, "AmiLaunchIndex": index})
        if groups:
            row["SecurityGroupIds"] = groups
        if subnet:
            row["SubnetId"] = subnet
        if p.get("KeyName"):
            row["KeyName"] = p["KeyName"]
        if user_data is not None:
            row["UserData"] = user_data
        if token:
            row.update({"ClientToken": str(token), "ClientTokenRequest": digest})
        if profile:
            row["IamInstanceProfile"] = {"Arn": profile["Arn"], "Id": profile["InstanceProfileId"]}
            row["AssociationId"] = "iip-assoc-0" + secrets.token_hex(8)
        ctx.world["instances"].put(row)
        shown = instance_out(ctx, row)
        shown["State"] = state("pending")
        shown.pop("PublicIpAddress", None)
        out.append(shown)
    return {"Groups": [], "Instances": out, "OwnerId": ctx.account, "ReservationId": reservation}
