"""The fresh default world: what a learner finds the first time.

- the root user with a console password (``iam-sandbox world info`` shows it) and no MFA;
- an IAM user ``admin`` in the group ``Admins``, which has the AWS managed policy
  ``AdministratorAccess``; admin's access key is the ``[default]`` profile in the laptop's
  ``~/.aws/credentials`` (inside the sandbox), and admin can also sign in to the console;
- a bucket ``experimenting-aws`` with one object;
- a running EC2 instance ``web-1`` with no role.
"""

from __future__ import annotations

from datetime import timedelta

from sandbox.world import fs, ids
from sandbox.world.storage import SCHEMA_VERSION
from sandbox.world.store import World

REGION = "us-east-1"
LAPTOP = {"Name": "laptop", "Hostname": "laptop", "User": "learner", "Home": "/home/learner",
          "PrivateIp": "192.168.1.23", "SourceIp": "203.0.113.10", "Kind": "laptop", "InstanceId": None}
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"


def _iso(dt) -> str:
    return dt.replace(microsecond=0).isoformat()


def credentials_file(profiles: dict[str, dict[str, str]]) -> str:
    out = []
    for name, values in profiles.items():
        out.append(f"[{name}]")
        out.extend(f"{k} = {v}" for k, v in values.items())
        out.append("")
    return "\n".join(out)


def build_default_world(world: World, account_id: str | None = None, frozen_at: str | None = None) -> dict:
    """Fill an empty world; returns the secrets a learner may need (root and admin passwords).

    ``frozen_at`` stops the world's clock at that ISO time (reproducible tests and screenshots).
    """
    from sandbox.services.gateway import secret_hash
    from sandbox.services.iam.passwords import hash_password

    account = account_id or ids.account_id()
    if frozen_at:
        with world.transaction():
            world.set_meta(clock_frozen_at=frozen_at)
    created = world.now() - timedelta(days=30)
    root_password = ids.password(16)
    admin_password = ids.password(14)
    with world.transaction():
        world.wipe()
        world.set_meta(schema=SCHEMA_VERSION, account_id=account, alias=None, created=_iso(created),
                       clock_offset_seconds=0, clock_frozen_at=frozen_at, password_policy=None,
                       root={"Email": "learner@example.com", "Password": root_password, "MFASerial": None},
                       secrets_note={"admin_console_password": admin_password})
        arn = f"arn:aws:iam::{account}"
        world["groups"].put({"GroupName": "Admins", "GroupId": ids.unique_id("group"), "Arn": f"{arn}:group/Admins",
                             "Path": "/", "CreateDate": _iso(created), "AttachedPolicies": [ADMIN_POLICY],
                             "InlinePolicies": {}})
        admin_changed = _iso(created + timedelta(minutes=5))
        world["users"].put({
            "UserName": "admin", "UserId": ids.unique_id("user"), "Arn": f"{arn}:user/admin", "Path": "/",
            "CreateDate": _iso(created + timedelta(minutes=5)), "Tags": [], "Groups": ["Admins"],
            "AttachedPolicies": [], "InlinePolicies": {}, "MFADevices": [], "PermissionsBoundary": None,
            "LoginProfile": {"CreateDate": admin_changed, "Hash": hash_password(admin_password), "History": [],
                             "PasswordResetRequired": False, "PasswordLastChanged": admin_changed},
        })
        key_id, secret = ids.access_key_id(), ids.secret_access_key()
        world["access_keys"].put({"AccessKeyId": key_id, "SecretHash": secret_hash(secret), "Status": "Active",
                                  "CreateDate": _iso(created + timedelta(minutes=6)), "Owner": "user",
                                  "UserName": "admin", "LastUsed": None})
        # the learner's laptop, configured with admin's key
        world["machines"].put(dict(LAPTOP))
        home = LAPTOP["Home"]
        now = _iso(created)
        fs.mkdir(world, "laptop", f"{home}/.aws", parents=True, now=now)
        fs.write(world, "laptop", f"{home}/.aws/credentials",
                 credentials_file({"default": {"aws_access_key_id": key_id, "aws_secret_access_key": secret}}), now=now)
        fs.write(world, "laptop", f"{home}/.aws/config",
                 credentials_file({"default": {"region": REGION, "output": "json"}}), now=now)
        fs.write(world, "laptop", f"{home}/hello.txt", "Hello from my laptop\n", now=now)
        # S3
        world["buckets"].put({"Name": "experimenting-aws", "CreationDate": _iso(created + timedelta(days=1)),
                              "Region": REGION, "Owner": account, "Policy": None, "Tags": []})
        world["objects"].put({"Key": "experimenting-aws/hello.txt", "Bucket": "experimenting-aws",
                              "ObjectKey": "hello.txt", "Body": "Hello v1 from my laptop\n", "Size": 24,
                              "LastModified": _iso(created + timedelta(days=1, minutes=3)),
                              "ETag": '"c1582f987ea284ea6f4d71083aeb98c5"', "ContentType": "text/plain"})
        # EC2: web-1, running, no role
        instance = new_instance(world, "web-1", created + timedelta(days=2))
        world["instances"].put(instance)
        # someone set the region on web-1 once; it has no credentials (no keys on instances!)
        fs.write(world, instance["InstanceId"], "/home/ec2-user/.aws/config",
                 credentials_file({"default": {"region": REGION}}), now=now, make_parents=True)
        # the identity providers' keys derive from it (sandbox.idp.seed); drawn last, so that the
        # ids above stay what they were for a given --seed
        world.set_meta(idp_seed=ids.secret_seed())
    return {"root_password": root_password, "admin_password": admin_password}


def new_instance(world: World, name: str, launched, profile: dict | None = None) -> dict:
    """An instance row and its machine (hostname, home directory)."""
    n = len(world["instances"]) + 20
    private_ip = f"172.31.{n % 250}.{(n * 7) % 250 + 4}"
    public_ip = f"54.210.{(n * 3) % 250}.{(n * 11) % 250 + 2}"
    instance_id = ids.instance_id()
    world["machines"].put({"Name": instance_id, "Hostname": f"ip-{private_ip.replace('.', '-')}", "User": "ec2-user",
                           "Home": "/home/ec2-user", "PrivateIp": private_ip, "SourceIp": public_ip, "Kind": "ec2",
                           "InstanceId": instance_id})
    fs.mkdir(world, instance_id, "/home/ec2-user", parents=True, now=_iso(launched))
    return {
        "InstanceId": instance_id, "Name": name, "State": "running", "InstanceType": "t2.micro",
        "ImageId": "ami-0c02fb55956c7d316", "LaunchTime": _iso(launched), "PrivateIpAddress": private_ip,
        "PublicIpAddress": public_ip, "AvailabilityZone": f"{REGION}a", "IamInstanceProfile": profile,
        "AssociationId": None, "Tags": [{"Key": "Name", "Value": name}], "StateTransitionReason": "",
    }


def ensure_world(world: World) -> bool:
    """Build the default world if ``world`` is empty; True if it did.

    Checked under the world's lock, so two processes starting on a new world build it once.
    """
    if world.initialized:
        return False
    with world.transaction():
        if world.initialized:
            return False
        build_default_world(world)
    return True
