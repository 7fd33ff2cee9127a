"""A scenario's declarative ``[setup]``: the world the learner starts from.

It starts from the default world (or an empty account) and creates users, groups,
roles, policies, keys, buckets, instances and files through the gateway, as the root
user in the console, so every name and document is checked as IAM checks it. Those
setup calls are marked ``source = "setup"`` and stay out of the learner's decisions.
"""

from __future__ import annotations

import json

from sandbox import crypto
from sandbox.awscli.config_files import AwsFiles
from sandbox.awscli.machine_files import WorldFiles
from sandbox.errors import AwsError
from sandbox.services import managed_catalog, principals
from sandbox.services.gateway import Caller, Gateway, Origin
from sandbox.services.seed import build_default_world
from sandbox.world import fs

SETUP_KEYS = {
    "root_password": str, "admin_password": str,
    "base": str, "signed_in": str, "users": list, "groups": list, "roles": list, "policies": list, "buckets": list,
    "instances": list, "files": list, "password_policy": dict, "remove_default_key": bool,
}
ITEM_KEYS = {
    "users": {"name": str, "path": str, "groups": list, "policies": list, "inline": dict, "password": str,
              "access_keys": int, "profile": str, "mfa": bool, "boundary": str, "tags": dict,
              "reset_password": bool},
    "groups": {"name": str, "policies": list, "inline": dict},
    "roles": {"name": str, "trust": str, "policies": list, "inline": dict, "instance_profile": bool,
              "max_session": int, "description": str},
    "policies": {"name": str, "document": str, "description": str},
    "buckets": {"name": str, "policy": str, "objects": dict, "owner": str},
    "instances": {"name": str, "profile": str, "state": str},
    "files": {"machine": str, "path": str, "content": str},
}


class SetupError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_setup(setup: dict) -> None:
    for key, value in setup.items():
        kind = SETUP_KEYS.get(key)
        if kind is None:
            raise SetupError(key, f"unknown field (allowed: {', '.join(sorted(SETUP_KEYS))})")
        if not isinstance(value, kind):
            raise SetupError(key, f"must be a {kind.__name__}")
        if key in ITEM_KEYS:
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    raise SetupError(f"{key}[{i}]", "must be a table")
                for field, field_kind in item.items():
                    expected = ITEM_KEYS[key].get(field)
                    if expected is None:
                        raise SetupError(f"{key}[{i}].{field}",
                                         f"unknown field (allowed: {', '.join(sorted(ITEM_KEYS[key]))})")
                    if not isinstance(field_kind, expected):
                        raise SetupError(f"{key}[{i}].{field}", f"must be a {expected.__name__}")
                if "name" in ITEM_KEYS[key] and "name" not in item:
                    raise SetupError(f"{key}[{i}].name", "is required")
    if setup.get("base", "default") not in ("default", "empty"):
        raise SetupError("base", "must be default or empty")


def _trust(account: str, spec: str) -> str:
    spec = spec.strip()
    if spec.startswith("{"):
        return spec
    if spec.endswith(".amazonaws.com") and "identity" not in spec:
        principal = {"Service": spec}
    elif spec == "account":
        principal = {"AWS": f"arn:aws:iam::{account}:root"}
    elif spec.startswith("user:"):
        principal = {"AWS": f"arn:aws:iam::{account}:user/{spec[5:]}"}
    elif spec.isdigit():
        principal = {"AWS": f"arn:aws:iam::{spec}:root"}
    else:
        principal = {"Federated": spec}
        return json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRoleWithWebIdentity"}]}, indent=4)
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]}, indent=4)


class _Setup:
    def __init__(self, gateway: Gateway):
        self.gateway = gateway
        self.world = gateway.world
        self.caller = Caller(principals.root_principal(self.world), "root", console=True, mfa_present=True,
                             mfa_auth_time=self.world.now())
        self.origin = Origin(machine="console", via="setup")
        self.secrets: dict = {}

    def call(self, service: str, operation: str, params: dict) -> dict:
        try:
            return self.gateway.call(self.caller, service, operation, params, self.origin)
        except AwsError as exc:
            raise SetupError(operation, f"{exc.code}: {exc.message}") from None

    def policy_arn(self, name: str) -> str:
        if name.startswith("arn:"):
            return name
        aws = managed_catalog.by_name(name)
        if aws is not None:
            return aws["Arn"]
        return f"arn:aws:iam::{self.world.account_id}:policy/{name}"

    def run(self, setup: dict) -> dict:
        for p in setup.get("policies", []):
            self.call("iam", "CreatePolicy", {"PolicyName": p["name"], "PolicyDocument": p["document"],
                                              "Description": p.get("description", "")})
        for g in setup.get("groups", []):
            self.call("iam", "CreateGroup", {"GroupName": g["name"]})
            self._permissions("group", g)
        for r in setup.get("roles", []):
            params = {"RoleName": r["name"], "AssumeRolePolicyDocument": _trust(self.world.account_id, r["trust"]),
                      "Description": r.get("description", "")}
            if "max_session" in r:
                params["MaxSessionDuration"] = r["max_session"]
            self.call("iam", "CreateRole", params)
            self._permissions("role", r)
            if r.get("instance_profile"):
                self.call("iam", "CreateInstanceProfile", {"InstanceProfileName": r["name"]})
                self.call("iam", "AddRoleToInstanceProfile", {"InstanceProfileName": r["name"], "RoleName": r["name"]})
        for u in setup.get("users", []):
            self._user(u)
        if setup.get("password_policy"):
            self.call("iam", "UpdateAccountPasswordPolicy", dict(setup["password_policy"]))
        for b in setup.get("buckets", []):
            self._bucket(b)
        for inst in setup.get("instances", []):
            self._instance(inst)
        for f in setup.get("files", []):
            self._file(f)
        if setup.get("remove_default_key"):
            laptop = self.world["machines"].get("laptop")
            with self.world.transaction():
                fs.write(self.world, "laptop", f"{laptop['Home']}/.aws/credentials", "",
                         now=self.world.now().isoformat())
        return self.secrets

    def _permissions(self, kind: str, item: dict) -> None:
        cap = kind.capitalize()
        for name in item.get("policies", []):
            self.call("iam", f"Attach{cap}Policy", {f"{cap}Name": item["name"], "PolicyArn": self.policy_arn(name)})
        for name, doc in (item.get("inline") or {}).items():
            self.call("iam", f"Put{cap}Policy", {f"{cap}Name": item["name"], "PolicyName": name, "PolicyDocument": doc})

    def _user(self, u: dict) -> None:
        params = {"UserName": u["name"]}
        if u.get("path"):
            params["Path"] = u["path"]
        if u.get("tags"):
            params["Tags"] = [{"Key": k, "Value": str(v)} for k, v in u["tags"].items()]
        self.call("iam", "CreateUser", params)
        for g in u.get("groups", []):
            self.call("iam", "AddUserToGroup", {"UserName": u["name"], "GroupName": g})
        self._permissions("user", u)
        if u.get("boundary"):
            self.call("iam", "PutUserPermissionsBoundary", {"UserName": u["name"],
                                                            "PermissionsBoundary": self.policy_arn(u["boundary"])})
        if u.get("password"):
            self.call("iam", "CreateLoginProfile", {"UserName": u["name"], "Password": u["password"],
                                                    "PasswordResetRequired": bool(u.get("reset_password"))})
        keys = []
        for _ in range(u.get("access_keys", 1 if u.get("profile") else 0)):
            keys.append(self.call("iam", "CreateAccessKey", {"UserName": u["name"]})["AccessKey"])
        if u.get("profile") and keys:
            laptop = self.world["machines"].get("laptop")
            files = AwsFiles(WorldFiles(self.world, "laptop"), laptop["Home"])
            files.set_values(u["profile"], {"aws_access_key_id": keys[0]["AccessKeyId"],
                                            "aws_secret_access_key": keys[0]["SecretAccessKey"]})
        if u.get("mfa"):
            device = self.call("iam", "CreateVirtualMFADevice", {"VirtualMFADeviceName": u["name"]})["VirtualMFADevice"]
            step = crypto.window(self.world.now())
            seed = device["Base32StringSeed"]
            self.call("iam", "EnableMFADevice", {"UserName": u["name"], "SerialNumber": device["SerialNumber"],
                                                 "AuthenticationCode1": crypto.code_at(seed, step - 1),
                                                 "AuthenticationCode2": crypto.code_at(seed, step)})

    def _bucket(self, b: dict) -> None:
        owner = b.get("owner", self.world.account_id)
        if owner != self.world.account_id:
            # a bucket of another account: it exists in S3, not in this account's control
            with self.world.transaction():
                self.world["buckets"].put({"Name": b["name"], "CreationDate": self.world.now().isoformat(),
                                           "Region": "us-east-1", "Owner": owner, "Policy": b.get("policy"),
                                           "Tags": []})
        else:
            if self.world["buckets"].get(b["name"]) is None:
                self.call("s3", "CreateBucket", {"Bucket": b["name"]})
            if b.get("policy"):
                self.call("s3", "PutBucketPolicy", {"Bucket": b["name"], "Policy": b["policy"]})
        for key, body in (b.get("objects") or {}).items():
            if owner == self.world.account_id:
                self.call("s3", "PutObject", {"Bucket": b["name"], "Key": key, "Body": body.encode()})
            else:
                from sandbox.services.s3 import etag  # start-up time: the scenario catalogue loads this module, not S3

                with self.world.transaction():
                    self.world["objects"].put({"Key": f"{b['name']}/{key}", "Bucket": b["name"], "ObjectKey": key,
                                               "Body": body, "BodyB64": None, "Size": len(body.encode()),
                                               "LastModified": self.world.now().isoformat(),
                                               "ETag": etag(body.encode()), "ContentType": "text/plain"})

    def _instance(self, inst: dict) -> None:
        existing = next((i for i in self.world["instances"].all() if i.get("Name") == inst["name"]), None)
        if existing is None:
            params = {"ImageId": "ami-0c02fb55956c7d316", "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1,
                      "TagSpecifications": [{"ResourceType": "instance",
                                             "Tags": [{"Key": "Name", "Value": inst["name"]}]}]}
            if inst.get("profile"):
                params["IamInstanceProfile"] = {"Name": inst["profile"]}
            instance_id = self.call("ec2", "RunInstances", params)["Instances"][0]["InstanceId"]
        else:
            instance_id = existing["InstanceId"]
            if inst.get("profile") and not existing.get("IamInstanceProfile"):
                self.call("ec2", "AssociateIamInstanceProfile", {"InstanceId": instance_id,
                                                                 "IamInstanceProfile": {"Name": inst["profile"]}})
        if inst.get("state") == "stopped":
            self.call("ec2", "StopInstances", {"InstanceIds": [instance_id]})

    def _file(self, f: dict) -> None:
        machine = self.world["machines"].get(f["machine"])
        if machine is None:
            row = next((i for i in self.world["instances"].all() if i.get("Name") == f["machine"]), None)
            machine = self.world["machines"].get(row["InstanceId"]) if row else None
        if machine is None:
            raise SetupError("files", f"no machine named {f['machine']}")
        path = machine["Home"] + f["path"][1:] if f["path"].startswith("~") else f["path"]
        with self.world.transaction():
            fs.write(self.world, machine["Name"], path, f["content"], now=self.world.now().isoformat(),
                     make_parents=True)


def apply_setup(gateway: Gateway, setup: dict, account_id: str | None = None) -> dict:
    """Rebuild the world for a scenario; returns passwords the setup created."""
    world = gateway.world
    account = account_id or world.account_id or None
    secrets = build_default_world(world, account, world.meta.get("clock_frozen_at"))
    if setup.get("root_password") or setup.get("admin_password"):
        from sandbox.services.iam.passwords import set_password  # start-up time: the catalogue loads this, not IAM

        with world.transaction():
            if setup.get("root_password"):
                world.set_meta(root={**world.meta["root"], "Password": setup["root_password"]})
                secrets["root_password"] = setup["root_password"]
            if setup.get("admin_password"):
                admin = world["users"].get("admin")
                world["users"].put(set_password(world, admin, setup["admin_password"], False,
                                                world.now().isoformat()))
                world.set_meta(secrets_note={"admin_console_password": setup["admin_password"]})
                secrets["admin_password"] = setup["admin_password"]
    if setup.get("base") == "empty":
        with world.transaction():
            for user in world["users"].all():
                world["users"].delete(user["UserName"])
            world["groups"].delete("Admins")
            world["access_keys"].clear()
            laptop = world["machines"].get("laptop")
            fs.write(world, "laptop", f"{laptop['Home']}/.aws/credentials", "", now=world.now().isoformat())
    secrets.update(_Setup(gateway).run(setup))
    return secrets
