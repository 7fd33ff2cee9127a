"""A scenario's declarative ``[setup]``: the world the learner starts from.

It starts from the default world (or an empty account) and creates users, groups,
roles, policies, keys, buckets, instances and files through the gateway, as the root
user in the console, so every name and document is checked as IAM checks it. Those
setup calls are marked ``source = "setup"`` and stay out of the learner's decisions.

The outside world's identity providers (``sandbox.idp``, not the account) come first:
``issuers`` (OpenID Connect issuer URLs an instructor adds), ``apps`` (an app registered
with a provider, ``{ provider = "google", name = "photo-share" }``), then, after the
account, ``tokens``: a token a person's app already holds, saved in a file of a machine,
``issued`` seconds from now (negative: in the past) and valid ``lifetime`` seconds, so a
scenario can hand the learner an expired one. A role trusting a provider
(``trust = "accounts.google.com"``) may name the app its ``audience`` is: the trust
policy then has the condition on the provider's audience key (``accounts.google.com:aud``,
``www.amazon.com:app_id``...) with that app's client id.
"""

from __future__ import annotations

import json
import re

from sandbox import crypto, idp
from sandbox.awscli.config_files import AwsFiles
from sandbox.awscli.machine_files import WorldFiles
from sandbox.errors import AwsError
from sandbox.scenarios import cognito_setup
from sandbox.services import managed_catalog, principals
from sandbox.services.gateway import Caller, Gateway, Origin
from sandbox.services.iam.passwords import POLICY_BOOLS, POLICY_RANGES
from sandbox.services.s3 import check_bucket_name
from sandbox.world import fs
from sandbox.services.seed import build_default_world

SETUP_KEYS = {
    "root_password": str, "admin_password": str,
    "base": str, "signed_in": str, "users": list, "groups": list, "roles": list, "policies": list, "buckets": list,
    "instances": list, "files": list, "password_policy": dict, "remove_default_key": bool,
    "issuers": list, "apps": list, "tokens": list,
    **{key: list for key in cognito_setup.ITEMS},
}
ITEM_KEYS = {
    "users": {"name": str, "path": str, "groups": list, "policies": list, "inline": dict, "password": str,
              "access_keys": int, "profile": str, "mfa": bool, "boundary": str, "tags": dict,
              "reset_password": bool},
    "groups": {"name": str, "policies": list, "inline": dict},
    "roles": {"name": str, "trust": str, "policies": list, "inline": dict, "instance_profile": bool,
              "max_session": int, "description": str, "audience": str},
    "policies": {"name": str, "document": str, "description": str},
    "buckets": {"name": str, "policy": str, "objects": dict, "owner": str},
    "instances": {"name": str, "profile": str, "state": str},
    "files": {"machine": str, "path": str, "content": str},
    "apps": {"provider": str, "name": str},
    "tokens": {"provider": str, "app": str, "user": str, "machine": str, "path": str, "issued": int, "lifetime": int},
}
REQUIRED = {"apps": ("provider", "name"), "tokens": ("provider", "app", "user", "path"), "roles": ("name", "trust"),
            "policies": ("name", "document"), "files": ("machine", "path", "content")}


class SetupError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


_IAM_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")
_PROFILE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_ACCOUNT = re.compile(r"^\d{12}$")
_SERVICE = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$")
MAX_ITEMS = 50  # users, roles, files... of one setup
DEFAULT_INSTANCES = ("web-1",)  # the default world's (services.seed)


def check_setup(setup: dict) -> None:
    """Check every field a setup reads, its type and its form, so that applying a setup
    that passed never fails on its own data (IAM may still refuse a policy document: the
    setup is then refused whole, and ``scenario validate`` applies it to find out)."""
    for key, value in setup.items():
        kind = SETUP_KEYS.get(key)
        if kind is None:
            raise SetupError(key, f"unknown field (allowed: {', '.join(sorted(SETUP_KEYS))})")
        if not isinstance(value, kind):
            raise SetupError(key, f"must be a {kind.__name__}")
        if key in ITEM_KEYS:
            if len(value) > MAX_ITEMS:
                raise SetupError(key, f"at most {MAX_ITEMS} items")
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    raise SetupError(f"{key}[{i}]", "must be a table")
                for field, field_kind in item.items():
                    expected = ITEM_KEYS[key].get(field)
                    if expected is None:
                        raise SetupError(f"{key}[{i}].{field}",
                                         f"unknown field (allowed: {', '.join(sorted(ITEM_KEYS[key]))})")
                    if not isinstance(field_kind, expected) or (expected is int and isinstance(field_kind, bool)):
                        raise SetupError(f"{key}[{i}].{field}", f"must be a {_KIND_NAMES[expected]}")
                    wrong = _item_problem(key, field, field_kind)
                    if wrong:
                        raise SetupError(f"{key}[{i}].{field}", wrong)
                for field in REQUIRED.get(key, ("name",) if "name" in ITEM_KEYS[key] else ()):
                    if field not in item:
                        raise SetupError(f"{key}[{i}].{field}", "is required")
    for i, url in enumerate(setup.get("issuers", [])):
        if not isinstance(url, str):
            raise SetupError(f"issuers[{i}]", "must be a string (an issuer URL such as https://login.example.edu)")
    cognito_setup.check(setup, SetupError)
    if setup.get("base", "default") not in ("default", "empty"):
        raise SetupError("base", "must be default or empty")
    for field, wrong in _password_policy_problems(setup.get("password_policy") or {}):
        raise SetupError(f"password_policy.{field}", wrong)
    machines = set(machine_names(setup))
    for i, item in enumerate(setup.get("files", [])):
        if item["machine"] not in machines:
            raise SetupError(f"files[{i}].machine", f"no machine named {item['machine']!r} (the machines: "
                                                    f"{', '.join(sorted(machines))})")


def machine_names(setup: dict) -> list[str]:
    """The machines a scenario's world has: the laptop and the instances, by name."""
    return ["laptop", *DEFAULT_INSTANCES, *(i["name"] for i in setup.get("instances", []) if isinstance(i, dict)
                                           and isinstance(i.get("name"), str))]


_KIND_NAMES = {str: "string", int: "whole number", bool: "true or false", list: "list", dict: "table"}


def _item_problem(key: str, field: str, value) -> str | None:
    """What is wrong with one field of a setup item, or None."""
    if field == "name":
        if key == "buckets":
            try:
                check_bucket_name(value)
            except AwsError:
                return "must be a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)"
            return None
        if key in ("instances",):
            return None if value.strip() and len(value) <= 64 else "must be a name of 1-64 characters"
        return None if _IAM_NAME.match(value) else "must be an IAM name (1-64 letters, digits and +=,.@_-)"
    if field in ("groups", "policies") and not all(isinstance(v, str) and v for v in value):
        return "must be a list of names"
    if field in ("inline", "tags", "objects"):
        if not all(isinstance(k, str) and k and isinstance(v, str) for k, v in value.items()):
            return "must be a table of names and texts"
    if field == "access_keys" and not 0 <= value <= 2:
        return "must be 0, 1 or 2 (IAM allows two access keys per user)"
    if field == "profile" and not _PROFILE.match(value):
        return "must be a profile name (letters, digits and ._@-)"
    if field == "max_session" and not 3600 <= value <= 43200:
        return "must be from 3600 to 43200 seconds (one to twelve hours)"
    if field == "trust":
        return _trust_problem(value)
    if field == "owner" and not _ACCOUNT.match(value):
        return "must be a 12-digit account id"
    if field == "state" and value not in ("running", "stopped"):
        return "must be running or stopped"
    if field == "path" and key == "files" and not (value.startswith("/") or value.startswith("~/")):
        return "must be an absolute path (/...) or one in the home folder (~/...)"
    if field == "path" and key == "files" and (value.endswith("/") or "\x00" in value or len(value) > 1024):
        return "must name a file (not a folder: no / at the end)"
    if field == "path" and key == "users" and not (value.startswith("/") and value.endswith("/")):
        return "must begin and end with / (an IAM path, such as /engineering/)"
    if field in ("document", "policy") and not _json_object(value):
        return "must be a JSON policy document (an object)"
    return None


def _trust_problem(spec: str) -> str | None:
    spec = spec.strip()
    if spec.startswith("{"):
        return None if _json_object(spec) else "must be a JSON trust policy (an object)"
    if spec == "account" or _ACCOUNT.match(spec) or _SERVICE.match(spec) and "identity" not in spec:
        return None
    if spec.startswith("user:") and _IAM_NAME.match(spec[5:]):
        return None
    if re.match(r"^[a-z0-9.-]+\.[a-z]{2,}(/[\w./-]*)?$|^cognito-identity\.amazonaws\.com$", spec):
        return None  # a web identity provider: accounts.google.com, graph.facebook.com...
    return ("must be a service (ec2.amazonaws.com), account, user:NAME, an account id, an identity provider, "
            "or a JSON trust policy")


def _json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        return False


def _password_policy_problems(policy: dict):
    for field, value in policy.items():
        if field in POLICY_BOOLS:
            if not isinstance(value, bool):
                yield field, "must be true or false"
        elif field in POLICY_RANGES:
            low, high = POLICY_RANGES[field]
            if not (isinstance(value, int) and not isinstance(value, bool) and low <= value <= high):
                yield field, f"must be a whole number from {low} to {high}"
        else:
            yield field, f"unknown field (allowed: {', '.join(sorted((*POLICY_BOOLS, *POLICY_RANGES)))})"


def _trust(account: str, spec: str, audience: tuple[str, str] | None = None) -> str:
    """A trust policy from a short spec; ``audience`` (condition key, client id) for a provider."""
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
        statement = {"Effect": "Allow", "Principal": {"Federated": spec}, "Action": "sts:AssumeRoleWithWebIdentity"}
        if audience:
            statement["Condition"] = {"StringEquals": {audience[0]: audience[1]}}
        return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=4)
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
        self._identity_providers(setup)
        for p in setup.get("policies", []):
            self.call("iam", "CreatePolicy", {"PolicyName": p["name"], "PolicyDocument": p["document"],
                                              "Description": p.get("description", "")})
        for g in setup.get("groups", []):
            self.call("iam", "CreateGroup", {"GroupName": g["name"]})
            self._permissions("group", g)
        for i, r in enumerate(setup.get("roles", [])):
            audience = self._audience(f"roles[{i}]", r) if r.get("audience") else None
            params = {"RoleName": r["name"], "Description": r.get("description", ""),
                      "AssumeRolePolicyDocument": _trust(self.world.account_id, r["trust"], audience)}
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
        cognito_setup.apply(setup, self.call, self.world, SetupError)
        for f in setup.get("files", []):
            self._file(f)
        for i, t in enumerate(setup.get("tokens", [])):
            self._token(f"tokens[{i}]", t)
        if setup.get("remove_default_key"):
            laptop = self.world["machines"].get("laptop")
            with self.world.transaction():
                fs.write(self.world, "laptop", f"{laptop['Home']}/.aws/credentials", "", now=self.world.now().isoformat())
        return self.secrets

    # -- the identity providers (the outside world) --------------------------------------------------

    def _provider(self, field: str, name: str) -> idp.Provider:
        found = idp.find_provider(self.world, name)
        if found is None:
            raise SetupError(field, f"no identity provider {name!r} (google, amazon, facebook, or an issuer URL "
                                    "listed in issuers)")
        return found

    def _app(self, field: str, provider: idp.Provider, name: str) -> dict:
        found = next((a for a in idp.apps(self.world, provider) if a["Name"].lower() == name.lower()), None)
        if found is None:
            raise SetupError(field, f"{provider.name} has no app {name!r} (list it in apps)")
        return found

    def _identity_providers(self, setup: dict) -> None:
        with self.world.transaction():
            try:
                for url in setup.get("issuers", []):
                    idp.create_issuer(self.world, url)
                for i, a in enumerate(setup.get("apps", [])):
                    idp.register_app(self.world, self._provider(f"apps[{i}].provider", a["provider"]), a["name"])
            except idp.IdpError as exc:
                raise SetupError("issuers/apps", exc.message) from None

    def _audience(self, field: str, role: dict) -> tuple[str, str]:
        provider = self._provider(f"{field}.trust", role["trust"])
        app = self._app(f"{field}.audience", provider, role["audience"])
        return f"{provider.id}:{'app_id' if provider.uses_provider_id else 'aud'}", app["ClientId"]

    def _token(self, field: str, t: dict) -> None:
        provider = self._provider(f"{field}.provider", t["provider"])
        app = self._app(f"{field}.app", provider, t["app"])
        lifetime = t.get("lifetime", 3600)
        with self.world.transaction():
            try:
                signed = idp.sign_in(self.world, provider, t["user"], app["ClientId"], lifetime)
            except idp.IdpError as exc:
                raise SetupError(field, exc.message) from None
            iat = int(self.world.now().timestamp()) + t.get("issued", 0)
            token = idp.sign_claims(self.world, provider, {**signed.claims, "iat": iat, "exp": iat + lifetime})
        self._file({"machine": t.get("machine", "laptop"), "path": t["path"], "content": token + "\n"})

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
            self.call("iam", "EnableMFADevice", {"UserName": u["name"], "SerialNumber": device["SerialNumber"],
                                                 "AuthenticationCode1": crypto.code_at(device["Base32StringSeed"], step - 1),
                                                 "AuthenticationCode2": crypto.code_at(device["Base32StringSeed"], step)})

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
                from sandbox.services.s3 import etag

                with self.world.transaction():
                    self.world["objects"].put({"Key": f"{b['name']}/{key}", "Bucket": b["name"], "ObjectKey": key,
                                               "Body": body, "BodyB64": None, "Size": len(body.encode()),
                                               "LastModified": self.world.now().isoformat(),
                                               "ETag": etag(body.encode()), "ContentType": "text/plain"})

    def _instance(self, inst: dict) -> None:
        existing = next((i for i in self.world["instances"].all() if i.get("Name") == inst["name"]), None)
        if existing is None:
            params = {"ImageId": "ami-0c02fb55956c7d316", "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1,
                      "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": inst["name"]}]}]}
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
        try:
            with self.world.transaction():
                fs.write(self.world, machine["Name"], path, f["content"], now=self.world.now().isoformat(),
                         make_parents=True)
        except fs.FsError as exc:  # a folder already there (~/.aws), a name too long...
            raise SetupError("files", f"{f['path']} on {f['machine']}: {exc}") from None


def apply_setup(gateway: Gateway, setup: dict, account_id: str | None = None, frozen_at: str | None = None) -> dict:
    """Rebuild the gateway's world for a scenario (``account_id``: keep the account's id;
    ``frozen_at``: a stopped clock, for tests); returns passwords the setup created."""
    world = gateway.world
    account = account_id or world.account_id or None
    secrets = build_default_world(world, account, frozen_at or world.meta.get("clock_frozen_at"))
    if setup.get("root_password") or setup.get("admin_password"):
        from sandbox.services.iam.passwords import set_password

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
