"""The fresh default world: what a learner finds the first time.

- the root user with a console password (``iam-sandbox world info`` shows it) and no MFA;
- an IAM user ``admin`` in the group ``Admins``, which has the AWS managed policy
  ``AdministratorAccess``; admin's access key is the ``[default]`` profile in the laptop's
  ``~/.aws/credentials`` (inside the sandbox), and admin can also sign in to the console;
- a bucket ``experimenting-aws`` with one object;
- a running EC2 instance ``web-1`` with no role.

The same ``seed`` gives the same world (identifiers, keys, passwords, their hashes), so
that a classroom can hand everyone an identical account; the world layer only stores it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sandbox import crypto
from sandbox.services.isotime import iso
from sandbox.services.machines import LAPTOP, REGION, new_instance
from sandbox.world import baseline, fs, ids
from sandbox.world.location import default_world_path
from sandbox.world.storage import SCHEMA_VERSION
from sandbox.world.store import World

ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"


def credentials_file(profiles: dict[str, dict[str, str]]) -> str:
    out = []
    for name, values in profiles.items():
        out.append(f"[{name}]")
        out.extend(f"{k} = {v}" for k, v in values.items())
        out.append("")
    return "\n".join(out)


def build_default_world(world: World, account_id: str | None = None, frozen_at: str | None = None,
                        seed: int | None = None) -> dict:
    """Fill an empty world; returns the secrets a learner may need (root and admin passwords).

    ``frozen_at`` stops the world's clock at that ISO time (reproducible tests and screenshots);
    ``seed`` makes every identifier, key, password and salt reproducible.
    """
    if seed is not None:
        ids.seed(seed)
    try:
        return _build(world, account_id, frozen_at)
    finally:
        if seed is not None:
            ids.seed(None)


def _build(world: World, account_id: str | None, frozen_at: str | None) -> dict:
    account = account_id or ids.account_id()
    if frozen_at:
        with world.transaction():
            world.set_meta(clock_frozen_at=frozen_at)
    created = world.now() - timedelta(days=30)
    root_password = ids.password(16)
    admin_password = ids.password(14)
    with world.transaction():
        world.wipe()
        world.set_meta(schema=SCHEMA_VERSION, account_id=account, alias=None, created=iso(created),
                       clock_offset_seconds=0, clock_frozen_at=frozen_at, password_policy=None,
                       root={"Email": "learner@example.com", "Password": root_password, "MFASerial": None},
                       secrets_note={"admin_console_password": admin_password})
        arn = f"arn:aws:iam::{account}"
        world["groups"].put({"GroupName": "Admins", "GroupId": ids.unique_id("group"), "Arn": f"{arn}:group/Admins",
                             "Path": "/", "CreateDate": iso(created), "AttachedPolicies": [ADMIN_POLICY],
                             "InlinePolicies": {}})
        admin_changed = iso(created + timedelta(minutes=5))
        world["users"].put({
            "UserName": "admin", "UserId": ids.unique_id("user"), "Arn": f"{arn}:user/admin", "Path": "/",
            "CreateDate": iso(created + timedelta(minutes=5)), "Tags": [], "Groups": ["Admins"],
            "AttachedPolicies": [], "InlinePolicies": {}, "MFADevices": [], "PermissionsBoundary": None,
            "LoginProfile": {"CreateDate": admin_changed, "Hash": "", "History": [],
                             "PasswordResetRequired": False, "PasswordLastChanged": admin_changed},
        })
        key_id, secret = ids.access_key_id(), ids.secret_access_key()
        world["access_keys"].put({"AccessKeyId": key_id, "SecretHash": crypto.secret_hash(secret), "Status": "Active",
                                  "CreateDate": iso(created + timedelta(minutes=6)), "Owner": "user",
                                  "UserName": "admin", "LastUsed": None})
        # the learner's laptop, configured with admin's key
        world["machines"].put(dict(LAPTOP))
        home = LAPTOP["Home"]
        now = iso(created)
        fs.mkdir(world, "laptop", f"{home}/.aws", parents=True, now=now)
        fs.write(world, "laptop", f"{home}/.aws/credentials",
                 credentials_file({"default": {"aws_access_key_id": key_id, "aws_secret_access_key": secret}}), now=now)
        fs.write(world, "laptop", f"{home}/.aws/config",
                 credentials_file({"default": {"region": REGION, "output": "json"}}), now=now)
        fs.write(world, "laptop", f"{home}/hello.txt", "Hello from my laptop\n", now=now)
        # S3
        world["buckets"].put({"Name": "experimenting-aws", "CreationDate": iso(created + timedelta(days=1)),
                              "Region": REGION, "Owner": account, "Policy": None, "Tags": []})
        world["objects"].put({"Key": "experimenting-aws/hello.txt", "Bucket": "experimenting-aws",
                              "ObjectKey": "hello.txt", "Body": "Hello v1 from my laptop\n", "Size": 24,
                              "LastModified": iso(created + timedelta(days=1, minutes=3)),
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
        # the admin's password salt is drawn after it, for the same reason
        admin = world["users"].get("admin")
        profile = {**admin["LoginProfile"], "Hash": crypto.hash_password(admin_password, ids.salt())}
        world["users"].put({**admin, "LoginProfile": profile})
        baseline.mark(world)  # a fresh world: nothing of the learner's in it yet
    return {"root_password": root_password, "admin_password": admin_password}


def ensure_world(world: World) -> bool:
    """Build the default world if ``world`` is empty; True if it did."""
    return world.build_once(build_default_world)


def open_world(path: str | Path | None = None, create: bool = True) -> World:
    """Open the world at ``path`` (default location if None), building the default world if empty."""
    world = World(path if path is not None else default_world_path())
    if create:
        ensure_world(world)
    return world
