"""Amazon EC2 instances and their IAM instance profile associations.

Passing a role to an instance (RunInstances with a profile, associating or replacing a
profile) needs ``iam:PassRole`` on the role, as in AWS. Every operation takes ``DryRun``:
the request is checked and authorized as usual (the decisions are published), and then
answered ``DryRunOperation`` instead of being carried out. Associating, replacing and
disassociating work on a running instance, without stopping it; the instance's next
``aws`` call sees the new role (see ``imds``).
"""

from __future__ import annotations

import re
import secrets
from fnmatch import fnmatchcase

from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext
from sandbox.services.iam.common import iso, require
from sandbox.services.machines import REGION
from sandbox.services.registry import operation

STATE_CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}
_INSTANCE_ID = re.compile(r"^i-[0-9a-f]{8,17}$")


def instance_arn(ctx: CallContext, instance_id: str) -> str:
    return f"arn:aws:ec2:{ctx.origin.region or REGION}:{ctx.account}:instance/{instance_id}"


def denied(ctx: CallContext, action: str, resource: str, context: dict | None = None):
    """EC2's refusal: UnauthorizedOperation, with the IAM sentence after EC2's own."""
    return ctx.require(action, resource, context, deny_code="UnauthorizedOperation",
                       deny_prefix="You are not authorized to perform this operation. ")


def dry_run(p: dict) -> None:
    """After every check and authorization has passed: a dry run stops here, changing nothing.

    EC2 API reference, DryRun: "Checks whether you have the required permissions for the
    action, without actually making the request ... If you have the required permissions,
    the error response is DryRunOperation. Otherwise, it is UnauthorizedOperation."
    """
    if p.get("DryRun"):
        raise AwsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412)


def state(name: str) -> dict:
    return {"Code": STATE_CODES[name], "Name": name}


def profile_ref(ctx: CallContext, spec: dict | None) -> dict | None:
    """Resolve ``IamInstanceProfile={Arn=...}|{Name=...}`` to the profile row."""
    if not spec:
        return None
    profiles = ctx.world["instance_profiles"]
    if spec.get("Arn"):
        arn = spec["Arn"]
        row = next((p for p in profiles.all() if p["Arn"] == arn), None)
        if row is None:
            raise AwsError("InvalidParameterValue", f"Value ({arn}) for parameter iamInstanceProfile.arn is invalid. "
                                                    "Invalid IAM Instance Profile ARN")
        return row
    name = spec.get("Name")
    row = profiles.get(name or "")
    if row is None:
        raise AwsError("InvalidParameterValue", f"Value ({name}) for parameter iamInstanceProfile.name is invalid. "
                                                "Invalid IAM Instance Profile name")
    return row


def pass_profile_role(ctx: CallContext, profile: dict) -> None:
    """``iam:PassRole`` on the profile's role (the role is handed to EC2)."""
    for role_name in profile.get("Roles", []):
        role = ctx.world["roles"].get(role_name)
        if role is not None:
            denied(ctx, "iam:PassRole", role["Arn"], {"iam:PassedToService": "ec2.amazonaws.com"})


def get_instance(ctx: CallContext, instance_id: str) -> dict:
    if not _INSTANCE_ID.match(instance_id or ""):
        raise AwsError("InvalidInstanceID.Malformed", f'Invalid id: "{instance_id}"')
    row = ctx.world["instances"].get(instance_id)
    if row is None:
        raise AwsError("InvalidInstanceID.NotFound", f"The instance ID '{instance_id}' does not exist")
    return row


def instance_out(ctx: CallContext, row: dict) -> dict:
    out = {
        "AmiLaunchIndex": row.get("AmiLaunchIndex", 0), "ImageId": row["ImageId"], "InstanceId": row["InstanceId"],
        "InstanceType": row["InstanceType"], "LaunchTime": row["LaunchTime"],
        "Placement": {"AvailabilityZone": row["AvailabilityZone"], "GroupName": "", "Tenancy": "default"},
        "PrivateDnsName": f"ip-{row['PrivateIpAddress'].replace('.', '-')}.ec2.internal",
        "PrivateIpAddress": row["PrivateIpAddress"],
        "State": state(row["State"]), "StateTransitionReason": row.get("StateTransitionReason", ""),
        "Tags": row.get("Tags", []),
    }
    if row["State"] == "running":
        out["PublicIpAddress"] = row["PublicIpAddress"]
        out["PublicDnsName"] = f"ec2-{row['PublicIpAddress'].replace('.', '-')}.compute-1.amazonaws.com"
    if row.get("KeyName"):
        out["KeyName"] = row["KeyName"]
    if row.get("SubnetId"):
        out["SubnetId"] = row["SubnetId"]
    if row.get("SecurityGroupIds"):
        out["SecurityGroups"] = [{"GroupId": g} for g in row["SecurityGroupIds"]]
    profile = row.get("IamInstanceProfile")
    if profile:
        out["IamInstanceProfile"] = {"Arn": profile["Arn"], "Id": profile["Id"]}
    out["MetadataOptions"] = {"State": "applied", "HttpTokens": row.get("HttpTokens", "optional"),
                              "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled"}
    return out


def filter_values(f) -> list[str]:
    """A filter's values, as EC2 reads them: strings (anything else is refused, AWS-shaped)."""
    values = f.get("Values") or [] if isinstance(f, dict) else None
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise AwsError("InvalidParameterValue", "The filter values must be strings")
    return values


def _matches(row: dict, filters: list[dict]) -> bool:
    for f in filters or []:
        values = filter_values(f)
        name = f.get("Name", "")
        if name.startswith("tag:"):
            key = name[4:]
            have = [t["Value"] for t in row.get("Tags", []) if t["Key"] == key]
        elif name == "instance-state-name":
            have = [row["State"]]
        elif name == "instance-id":
            have = [row["InstanceId"]]
        elif name == "instance-type":
            have = [row["InstanceType"]]
        elif name == "iam-instance-profile.arn":
            have = [(row.get("IamInstanceProfile") or {}).get("Arn", "")]
        elif name in ("private-ip-address", "ip-address"):
            have = [row["PrivateIpAddress"] if name.startswith("private") else row["PublicIpAddress"]]
        else:
            raise AwsError("InvalidParameterValue", f"The filter '{name}' is invalid")
        if not any(_glob(v, h) for v in values for h in have):
            return False
    return True


def _glob(pattern: str, value: str) -> bool:
    return fnmatchcase(value, pattern)


@operation("ec2", "DescribeInstances", mutates=False)
def describe_instances(ctx: CallContext, p: dict) -> dict:
    denied(ctx, "ec2:DescribeInstances", "*")
    wanted = p.get("InstanceIds") or []
    rows = ctx.world["instances"].all()
    for instance_id in wanted:
        get_instance(ctx, instance_id)
    dry_run(p)
    rows = [r for r in rows if (not wanted or r["InstanceId"] in wanted) and _matches(r, p.get("Filters"))]
    rows.sort(key=lambda r: r["LaunchTime"])
    reservations: dict[str, dict] = {}  # instances launched together share their reservation
    for r in rows:
        rid = r.get("ReservationId") or "r-0" + r["InstanceId"][3:19]
        reservations.setdefault(rid, {"ReservationId": rid, "OwnerId": ctx.account, "Groups": [],
                                      "Instances": []})["Instances"].append(instance_out(ctx, r))
    return {"Reservations": list(reservations.values())}


def _transition(ctx: CallContext, p: dict, action: str, allowed_from: tuple, verb: str, target: str, showing: str,
                reason: str = "") -> list[dict]:
    """Move instances to ``target``; the response shows the in-between state (``showing``)."""
    instance_ids = p.get("InstanceIds") or []
    if not instance_ids:
        raise AwsError("MissingParameter", "The request must contain the parameter InstanceIds")
    rows = []
    for instance_id in instance_ids:
        rows.append(get_instance(ctx, instance_id))
    for row in rows:
        denied(ctx, action, instance_arn(ctx, row["InstanceId"]))
    for row in rows:
        if row["State"] not in allowed_from and row["State"] != target:
            raise AwsError("IncorrectInstanceState", f"The instance '{row['InstanceId']}' is not in a state from which "
                                                     f"it can be {verb}.")
    dry_run(p)
    changes = []
    for row in rows:
        before = row["State"]
        now_state = showing if before != target else target
        updated = {**row, "State": target, "StateTransitionReason": reason}
        if target == "terminated":
            updated["IamInstanceProfile"] = None
            updated["AssociationId"] = None
        ctx.world["instances"].put(updated)
        changes.append({"CurrentState": state(now_state), "InstanceId": row["InstanceId"],
                        "PreviousState": state(before)})
    return changes


@operation("ec2", "StopInstances")
def stop_instances(ctx: CallContext, p: dict) -> dict:
    changes = _transition(ctx, p, "ec2:StopInstances", ("running", "pending"), "stopped", "stopped", "stopping",
                          f"User initiated ({iso(ctx.now())})")
    return {"StoppingInstances": changes}


@operation("ec2", "StartInstances")
def start_instances(ctx: CallContext, p: dict) -> dict:
    changes = _transition(ctx, p, "ec2:StartInstances", ("stopped",), "started", "running", "pending")
    return {"StartingInstances": changes}


@operation("ec2", "TerminateInstances")
def terminate_instances(ctx: CallContext, p: dict) -> dict:
    changes = _transition(ctx, p, "ec2:TerminateInstances", ("running", "stopped", "pending", "stopping"),
                          "terminated", "terminated", "shutting-down", f"User initiated ({iso(ctx.now())})")
    return {"TerminatingInstances": changes}


# -- instance profile associations ---------------------------------------------------------------

def association_out(row: dict, state_name: str = "associated") -> dict:
    profile = row["IamInstanceProfile"]
    return {"AssociationId": row["AssociationId"], "InstanceId": row["InstanceId"],
            "IamInstanceProfile": {"Arn": profile["Arn"], "Id": profile["Id"]}, "State": state_name}


def _usable(row: dict) -> None:
    if row["State"] not in ("running", "stopped", "pending", "stopping"):
        raise AwsError("IncorrectState", f"The instance '{row['InstanceId']}' is not in the 'running' or 'stopped' "
                                         "state.")


@operation("ec2", "AssociateIamInstanceProfile")
def associate(ctx: CallContext, p: dict) -> dict:
    row = get_instance(ctx, require(p, "InstanceId"))
    denied(ctx, "ec2:AssociateIamInstanceProfile", instance_arn(ctx, row["InstanceId"]))
    profile = profile_ref(ctx, require(p, "IamInstanceProfile"))
    pass_profile_role(ctx, profile)
    _usable(row)
    if row.get("IamInstanceProfile"):
        raise AwsError("IncorrectState", f"There is an existing association for instance {row['InstanceId']}")
    dry_run(p)
    updated = {**row, "IamInstanceProfile": {"Arn": profile["Arn"], "Id": profile["InstanceProfileId"]},
               "AssociationId": "iip-assoc-0" + secrets.token_hex(8)}
    ctx.world["instances"].put(updated)
    return {"IamInstanceProfileAssociation": association_out(updated, "associating")}


def _by_association(ctx: CallContext, association_id: str) -> dict:
    for row in ctx.world["instances"].all():
        if row.get("AssociationId") == association_id:
            return row
    raise AwsError("InvalidAssociationID.NotFound", f"An association ID '{association_id}' does not exist.")


@operation("ec2", "ReplaceIamInstanceProfileAssociation")
def replace_association(ctx: CallContext, p: dict) -> dict:
    association_id = require(p, "AssociationId")
    row = _by_association(ctx, association_id)
    denied(ctx, "ec2:ReplaceIamInstanceProfileAssociation", instance_arn(ctx, row["InstanceId"]))
    profile = profile_ref(ctx, require(p, "IamInstanceProfile"))
    pass_profile_role(ctx, profile)
    dry_run(p)
    updated = {**row, "IamInstanceProfile": {"Arn": profile["Arn"], "Id": profile["InstanceProfileId"]},
               "AssociationId": "iip-assoc-0" + secrets.token_hex(8)}
    ctx.world["instances"].put(updated)
    return {"IamInstanceProfileAssociation": association_out(updated, "associating")}


@operation("ec2", "DisassociateIamInstanceProfile")
def disassociate(ctx: CallContext, p: dict) -> dict:
    row = _by_association(ctx, require(p, "AssociationId"))
    denied(ctx, "ec2:DisassociateIamInstanceProfile", instance_arn(ctx, row["InstanceId"]))
    dry_run(p)
    before = association_out(row, "disassociating")
    ctx.world["instances"].put({**row, "IamInstanceProfile": None, "AssociationId": None})
    return {"IamInstanceProfileAssociation": before}


@operation("ec2", "DescribeIamInstanceProfileAssociations", mutates=False)
def describe_associations(ctx: CallContext, p: dict) -> dict:
    denied(ctx, "ec2:DescribeIamInstanceProfileAssociations", "*")
    dry_run(p)
    wanted = p.get("AssociationIds") or []
    out = []
    for row in ctx.world["instances"].all():
        if not row.get("AssociationId"):
            continue
        if wanted and row["AssociationId"] not in wanted:
            continue
        item = association_out(row)
        ok = True
        for f in p.get("Filters") or []:
            values = filter_values(f)
            if f.get("Name") == "instance-id" and item["InstanceId"] not in values:
                ok = False
            elif f.get("Name") == "state" and item["State"] not in values:
                ok = False
        if ok:
            out.append(item)
    return {"IamInstanceProfileAssociations": out}


@operation("ec2", "ModifyInstanceMetadataOptions")
def modify_metadata_options(ctx: CallContext, p: dict) -> dict:
    row = get_instance(ctx, require(p, "InstanceId"))
    denied(ctx, "ec2:ModifyInstanceMetadataOptions", instance_arn(ctx, row["InstanceId"]))
    tokens = p.get("HttpTokens") or row.get("HttpTokens", "optional")
    if tokens not in ("optional", "required"):
        raise AwsError("InvalidParameterValue", f"Value ({tokens}) for parameter HttpTokens is invalid.")
    dry_run(p)
    ctx.world["instances"].put({**row, "HttpTokens": tokens})
    return {"InstanceId": row["InstanceId"], "InstanceMetadataOptions": {
        "State": "pending", "HttpTokens": tokens, "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled"}}
