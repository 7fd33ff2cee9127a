"""The instance metadata service at 169.254.169.254, as an instance sees it.

Under ``/latest/meta-data/iam/security-credentials/`` an instance with a profile finds
its role's name, and under that name temporary credentials in AWS's JSON form. EC2 gets
them by assuming the role as the service principal ``ec2.amazonaws.com``, so the role's
trust policy must allow that service; if it does not, the document says
``AssumeRoleUnauthorizedAccess``. Credentials are reissued when the instance's profile or
role changes, and at least five minutes before they expire, as AWS does.

IMDSv2: ``PUT /latest/api/token`` with ``X-aws-ec2-metadata-token-ttl-seconds`` returns a
token for the ``X-aws-ec2-metadata-token`` header; with ``HttpTokens=required`` requests
without a valid token get 401. ``/latest/user-data`` returns the user data given at launch
as it was given (404 when there is none).
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

from sandbox.policy import TRUST, Principal
from sandbox.services import placement, principals
from sandbox.services.gateway import Caller, Gateway, Origin
from sandbox.services.iam.common import iso
from sandbox.services.sts import issue_session

LIFETIME = timedelta(hours=6)
REFRESH_BEFORE = timedelta(minutes=5)
EC2_SERVICE = "ec2.amazonaws.com"

NOT_FOUND = """<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
\t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head>
  <title>404 - Not Found</title>
 </head>
 <body>
  <h1>404 - Not Found</h1>
 </body>
</html>
"""
UNAUTHORIZED = NOT_FOUND.replace("404 - Not Found", "401 - Unauthorized")
BAD_REQUEST = NOT_FOUND.replace("404 - Not Found", "400 - Bad Request")


def _doc(fields: dict) -> str:
    """IMDS's own JSON layout: two-space indent and ``" : "`` separators."""
    return json.dumps(fields, indent=2, separators=(",", " : "))


def _role_of(world, instance: dict) -> tuple[dict | None, dict | None]:
    profile_ref = instance.get("IamInstanceProfile")
    if not profile_ref or instance.get("State") != "running":
        return None, None
    profile = next((p for p in world["instance_profiles"].all() if p["Arn"] == profile_ref["Arn"]), None)
    if profile is None or not profile.get("Roles"):
        return profile, None
    return profile, world["roles"].get(profile["Roles"][0])


def _issue(gateway: Gateway, instance: dict, role: dict) -> dict:
    """Assume the role as ec2.amazonaws.com; returns the cache entry (with ``Code``)."""
    world = gateway.world
    now = world.now()
    caller = Caller(Principal(EC2_SERVICE, "service", service=EC2_SERVICE), "service")
    trust = principals.stored_ref(role["AssumeRolePolicyDocument"], "AssumeRolePolicyDocument", "role",
                                  f"trust policy of role {role['RoleName']}", TRUST)
    origin = Origin(machine=instance["InstanceId"], source_ip=instance["PrivateIpAddress"],
                    region=placement.of_instance(instance), via="imds")
    decision = gateway.authorize(caller, origin, "sts:AssumeRole", role["Arn"], {}, resource_policy=trust,
                                 resource_account=world.account_id, service="sts", operation="AssumeRole")
    base = {"RoleName": role["RoleName"], "RoleId": role["RoleId"], "AssociationId": instance.get("AssociationId"),
            "LastUpdated": _z(now)}
    if not decision.allowed:
        return {**base, "Code": "AssumeRoleUnauthorizedAccess",
                "Message": f"EC2 cannot assume the role {role['RoleName']}.  Please see documentation at "
                           "http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html.",
                "Expiration": _z(now + timedelta(minutes=1))}
    arn = placement.instance_arn(world.account_id, instance)
    creds = issue_session(world, kind="assumed-role", now=now, seconds=int(LIFETIME.total_seconds()), role=role,
                          session_name=instance["InstanceId"], source_instance=arn)
    return {**base, "Code": "Success", "AccessKeyId": creds["AccessKeyId"],
            "SecretAccessKey": creds["SecretAccessKey"], "Token": creds["SessionToken"],
            "Expiration": _z(datetime.fromisoformat(creds["Expiration"]))}


def _z(moment: datetime) -> str:
    """IMDS writes times as ``2026-11-27T18:57:17Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def current_credentials(gateway: Gateway, instance_id: str) -> dict | None:
    """The instance's role credentials document (reissued when needed); None without a role."""
    world = gateway.world
    with world.transaction():
        instance = world["instances"].get(instance_id)
        if instance is None:
            return None
        _profile, role = _role_of(world, instance)
        if role is None:
            return None
        cached = instance.get("ImdsCache")
        now = world.now()
        fresh = (cached and cached.get("RoleId") == role["RoleId"]
                 and cached.get("AssociationId") == instance.get("AssociationId")
                 and now < _parse(cached["Expiration"]) - (REFRESH_BEFORE if cached["Code"] == "Success"
                                                            else timedelta(0))
                 and (cached["Code"] == "Success" or now < _parse(cached["Expiration"])))
        if not fresh:
            cached = _issue(gateway, instance, role)
            world["instances"].put({**instance, "ImdsCache": cached})
        return cached


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def role_credentials(gateway: Gateway, instance_id: str) -> dict | None:
    """For the CLI's credential chain: the credentials, or None (no role, or not assumable)."""
    doc = current_credentials(gateway, instance_id)
    if not doc or doc.get("Code") != "Success":
        return None
    return doc


# -- HTTP ------------------------------------------------------------------------------------------

def handle(gateway: Gateway, instance_id: str, method: str, path: str, headers: dict) -> tuple[int, str]:
    """One HTTP request to 169.254.169.254 from the instance: (status, body)."""
    world = gateway.world
    instance = world["instances"].get(instance_id)
    if instance is None:
        return 404, NOT_FOUND
    headers = {k.lower(): v for k, v in headers.items()}
    path = "/" + path.lstrip("/")
    if path in ("/latest/api/token", "/latest/api/token/"):
        if method != "PUT":
            return 405, ""
        ttl = headers.get("x-aws-ec2-metadata-token-ttl-seconds")
        if not ttl or not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return 400, BAD_REQUEST
        token = "AQAEA" + secrets.token_urlsafe(40)
        expires = world.now() + timedelta(seconds=int(ttl))
        with world.transaction():
            row = world["instances"].get(instance_id)
            tokens = {t: e for t, e in (row.get("ImdsTokens") or {}).items() if _parse(e) > world.now()}
            tokens[token] = iso(expires)
            world["instances"].put({**row, "ImdsTokens": tokens})
        return 200, token
    if method != "GET":
        return 405, ""
    token = headers.get("x-aws-ec2-metadata-token")
    if token is not None or instance.get("HttpTokens") == "required":
        valid = (instance.get("ImdsTokens") or {}).get(token or "")
        if not valid or _parse(valid) <= world.now():
            return 401, UNAUTHORIZED
    return _get(gateway, instance, path)


def _get(gateway: Gateway, instance: dict, path: str) -> tuple[int, str]:
    world = gateway.world
    profile, role = _role_of(world, instance)
    iam = profile is not None
    tree = {
        "/latest/": "dynamic\nmeta-data\nuser-data",
        "/latest/meta-data/": "\n".join(
            ["ami-id", "hostname", "instance-id", "instance-type", "local-hostname", "local-ipv4", "placement/",
             "public-ipv4"] + (["iam/"] if iam else [])),
        "/latest/meta-data/ami-id": instance["ImageId"],
        "/latest/meta-data/instance-id": instance["InstanceId"],
        "/latest/meta-data/instance-type": instance["InstanceType"],
        "/latest/meta-data/hostname": placement.private_dns(instance),
        "/latest/meta-data/local-hostname": placement.private_dns(instance),
        "/latest/meta-data/local-ipv4": instance["PrivateIpAddress"],
        "/latest/meta-data/public-ipv4": instance["PublicIpAddress"],
        "/latest/meta-data/placement/": "availability-zone\nregion",
        "/latest/meta-data/placement/availability-zone": instance["AvailabilityZone"],
        "/latest/meta-data/placement/region": placement.of_instance(instance),
        "/latest/dynamic/": "instance-identity/",
        "/latest/dynamic/instance-identity/": "document",
        "/latest/dynamic/instance-identity/document": _doc({
            "accountId": world.account_id, "architecture": "x86_64", "availabilityZone": instance["AvailabilityZone"],
            "imageId": instance["ImageId"], "instanceId": instance["InstanceId"],
            "instanceType": instance["InstanceType"], "privateIp": instance["PrivateIpAddress"],
            "region": placement.of_instance(instance), "version": "2017-09-30"}),
    }
    if instance.get("UserData") is not None:
        tree["/latest/user-data"] = instance["UserData"]  # as given at launch; 404 when there is none
    for key in list(tree):
        if key.endswith("/"):
            tree[key.rstrip("/")] = tree[key]
    if iam:
        tree["/latest/meta-data/iam/"] = "info\nsecurity-credentials/"
        tree["/latest/meta-data/iam"] = tree["/latest/meta-data/iam/"]
        tree["/latest/meta-data/iam/info"] = _doc({
            "Code": "Success", "LastUpdated": _z(world.now()), "InstanceProfileArn": profile["Arn"],
            "InstanceProfileId": profile["InstanceProfileId"]})
        if role is not None:
            tree["/latest/meta-data/iam/security-credentials/"] = role["RoleName"]
            tree["/latest/meta-data/iam/security-credentials"] = role["RoleName"]
    if path in tree:
        return 200, tree[path]
    prefix = "/latest/meta-data/iam/security-credentials/"
    if role is not None and path.rstrip("/") == prefix + role["RoleName"]:
        doc = current_credentials(gateway, instance["InstanceId"])
        if doc["Code"] == "Success":
            fields = {k: doc[k] for k in ("Code", "LastUpdated")}
            fields["Type"] = "AWS-HMAC"
            fields.update({k: doc[k] for k in ("AccessKeyId", "SecretAccessKey", "Token", "Expiration")})
        else:
            fields = {k: doc[k] for k in ("Code", "Message", "LastUpdated")}
        return 200, _doc(fields)
    return 404, NOT_FOUND
