"""The table of operations: one handler per AWS operation, under its literal name, the same
set the ``aws`` program offers; every non-public handler authorizes before it changes
anything; and the ``mutates`` flag (the workspace's undo point) is right for every one.

Each operation is run from the same account (``ACCOUNT``: users, groups, roles, policies,
an MFA device, buckets, instances...) with parameters that make it succeed, once as the
administrator and once as a user with no permissions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sandbox import crypto
from sandbox.awscli import spec
from sandbox.errors import AwsError
from sandbox.services import events, principals, registry
from sandbox.services.gateway import Caller, Gateway
from sandbox.services.seed import build_default_world
from sandbox.world import World
from sandbox.world.store import Table

ACCOUNT = "123456789012"
FROZEN = "2026-11-27T12:00:00+00:00"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})
READ_S3 = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
POLICY = f"arn:aws:iam::{ACCOUNT}:policy/Custom"
SPARE = f"arn:aws:iam::{ACCOUNT}:policy/Spare"
MFA = f"arn:aws:iam::{ACCOUNT}:mfa/"


def _caller(world: World, user: str) -> Caller:
    row = world["users"].get(user)
    key = next((k["AccessKeyId"] for k in world["access_keys"].all() if k["UserName"] == user), None)
    return Caller(principals.user_principal(world, row), "user", user=row, access_key_id=key)


def _codes(world: World, serial: str) -> dict:
    seed = world["mfa_devices"].get(serial)["Seed"]
    step = crypto.window(world.now())
    return {"AuthenticationCode1": crypto.code_at(seed, step - 1), "AuthenticationCode2": crypto.code_at(seed, step)}


@pytest.fixture(scope="module")
def account():
    """The account every operation runs in, as a dump to load before each call, and facts about it."""
    world = World()
    secrets = build_default_world(world, ACCOUNT, FROZEN, seed=9)
    gw = Gateway(world)
    admin = _caller(world, "admin")

    def call(service, operation, params):
        return gw.call(admin, service, operation, params)

    for user in ("alice", "nobody", "carol"):
        call("iam", "CreateUser", {"UserName": user})
    call("iam", "CreateAccessKey", {"UserName": "nobody"})
    call("iam", "CreateAccessKey", {"UserName": "alice"})
    call("iam", "CreateLoginProfile", {"UserName": "alice", "Password": "Passw0rd!Passw0rd"})
    call("iam", "TagUser", {"UserName": "alice", "Tags": [{"Key": "team", "Value": "blue"}]})
    call("iam", "CreatePolicy", {"PolicyName": "Custom", "PolicyDocument": READ_S3})
    call("iam", "CreatePolicyVersion", {"PolicyArn": POLICY, "PolicyDocument": READ_S3})
    call("iam", "CreatePolicy", {"PolicyName": "Spare", "PolicyDocument": READ_S3})
    for kind, name in (("User", "alice"), ("Group", "Devs"), ("Role", "App")):
        if kind == "Group":
            call("iam", "CreateGroup", {"GroupName": name})
            call("iam", "AddUserToGroup", {"GroupName": name, "UserName": "alice"})
        if kind == "Role":
            call("iam", "CreateRole", {"RoleName": name, "AssumeRolePolicyDocument": TRUST})
            call("iam", "TagRole", {"RoleName": name, "Tags": [{"Key": "team", "Value": "blue"}]})
        call("iam", f"Attach{kind}Policy", {f"{kind}Name": name, "PolicyArn": POLICY})
        call("iam", f"Put{kind}Policy", {f"{kind}Name": name, "PolicyName": "Inline", "PolicyDocument": READ_S3})
    call("iam", "PutUserPermissionsBoundary", {"UserName": "alice", "PermissionsBoundary": POLICY})
    call("iam", "PutRolePermissionsBoundary", {"RoleName": "App", "PermissionsBoundary": POLICY})
    call("iam", "CreateGroup", {"GroupName": "Empty"})
    call("iam", "CreateRole", {"RoleName": "Lonely", "AssumeRolePolicyDocument": TRUST})
    call("iam", "CreateInstanceProfile", {"InstanceProfileName": "AppProfile"})
    call("iam", "AddRoleToInstanceProfile", {"InstanceProfileName": "AppProfile", "RoleName": "App"})
    call("iam", "CreateInstanceProfile", {"InstanceProfileName": "Spare"})
    call("iam", "CreateInstanceProfile", {"InstanceProfileName": "Other"})
    call("iam", "AddRoleToInstanceProfile", {"InstanceProfileName": "Other", "RoleName": "Lonely"})
    for name in ("alice-phone", "spare-phone"):
        call("iam", "CreateVirtualMFADevice", {"VirtualMFADeviceName": name})
    call("iam", "EnableMFADevice", {"UserName": "alice", "SerialNumber": MFA + "alice-phone",
                                    **_codes(world, MFA + "alice-phone")})
    call("iam", "UpdateAccountPasswordPolicy", {"MinimumPasswordLength": 8})
    call("iam", "CreateAccountAlias", {"AccountAlias": "my-alias"})
    call("s3", "CreateBucket", {"Bucket": "empty-bucket"})
    call("s3", "PutBucketPolicy", {"Bucket": "experimenting-aws", "Policy": json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                                                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/admin"},
                                                "Action": "s3:GetObject",
                                                "Resource": "arn:aws:s3:::experimenting-aws/*"}]})})
    web = world["instances"].all()[0]["InstanceId"]
    launched = call("ec2", "RunInstances", {"ImageId": "ami-0c02fb55956c7d316", "MinCount": 2, "MaxCount": 2,
                                            "IamInstanceProfile": {"Name": "AppProfile"}})
    with_role, stopped = (i["InstanceId"] for i in launched["Instances"])
    call("ec2", "StopInstances", {"InstanceIds": [stopped]})
    association = world["instances"].get(with_role)["AssociationId"]
    facts = {"web": web, "with_role": with_role, "stopped": stopped, "association": association,
             "admin_password": secrets["admin_password"]}
    return world.dump(), facts


# parameters that make each operation succeed in ``account`` (w: the world, f: its facts)
SAMPLES = {
    ("iam", "CreateUser"): lambda w, f: {"UserName": "dave"},
    ("iam", "GetUser"): lambda w, f: {"UserName": "alice"},
    ("iam", "ListUsers"): lambda w, f: {},
    ("iam", "UpdateUser"): lambda w, f: {"UserName": "carol", "NewUserName": "caroline"},
    ("iam", "DeleteUser"): lambda w, f: {"UserName": "carol"},
    ("iam", "ListGroupsForUser"): lambda w, f: {"UserName": "alice"},
    ("iam", "TagUser"): lambda w, f: {"UserName": "alice", "Tags": [{"Key": "cost", "Value": "1"}]},
    ("iam", "UntagUser"): lambda w, f: {"UserName": "alice", "TagKeys": ["team"]},
    ("iam", "ListUserTags"): lambda w, f: {"UserName": "alice"},
    ("iam", "PutUserPermissionsBoundary"): lambda w, f: {"UserName": "carol", "PermissionsBoundary": POLICY},
    ("iam", "DeleteUserPermissionsBoundary"): lambda w, f: {"UserName": "alice"},
    ("iam", "CreateGroup"): lambda w, f: {"GroupName": "Ops"},
    ("iam", "GetGroup"): lambda w, f: {"GroupName": "Devs"},
    ("iam", "ListGroups"): lambda w, f: {},
    ("iam", "UpdateGroup"): lambda w, f: {"GroupName": "Empty", "NewGroupName": "Nobody"},
    ("iam", "DeleteGroup"): lambda w, f: {"GroupName": "Empty"},
    ("iam", "AddUserToGroup"): lambda w, f: {"GroupName": "Devs", "UserName": "carol"},
    ("iam", "RemoveUserFromGroup"): lambda w, f: {"GroupName": "Devs", "UserName": "alice"},
    ("iam", "CreateRole"): lambda w, f: {"RoleName": "New", "AssumeRolePolicyDocument": TRUST},
    ("iam", "GetRole"): lambda w, f: {"RoleName": "App"},
    ("iam", "ListRoles"): lambda w, f: {},
    ("iam", "UpdateRole"): lambda w, f: {"RoleName": "App", "Description": "the app", "MaxSessionDuration": 7200},
    ("iam", "UpdateRoleDescription"): lambda w, f: {"RoleName": "App", "Description": "the app"},
    ("iam", "UpdateAssumeRolePolicy"): lambda w, f: {"RoleName": "App",
                                                     "PolicyDocument": TRUST.replace("ec2", "lambda")},
    ("iam", "DeleteRole"): lambda w, f: {"RoleName": "New"},  # replaced below: Lonely is in a profile
    ("iam", "TagRole"): lambda w, f: {"RoleName": "App", "Tags": [{"Key": "cost", "Value": "1"}]},
    ("iam", "UntagRole"): lambda w, f: {"RoleName": "App", "TagKeys": ["team"]},
    ("iam", "ListRoleTags"): lambda w, f: {"RoleName": "App"},
    ("iam", "PutRolePermissionsBoundary"): lambda w, f: {"RoleName": "Lonely", "PermissionsBoundary": POLICY},
    ("iam", "DeleteRolePermissionsBoundary"): lambda w, f: {"RoleName": "App"},
    ("iam", "CreatePolicy"): lambda w, f: {"PolicyName": "Another", "PolicyDocument": READ_S3},
    ("iam", "GetPolicy"): lambda w, f: {"PolicyArn": POLICY},
    ("iam", "ListPolicies"): lambda w, f: {"Scope": "Local"},
    ("iam", "DeletePolicy"): lambda w, f: {"PolicyArn": SPARE},
    ("iam", "CreatePolicyVersion"): lambda w, f: {"PolicyArn": POLICY, "PolicyDocument": READ_S3, "SetAsDefault": True},
    ("iam", "GetPolicyVersion"): lambda w, f: {"PolicyArn": POLICY, "VersionId": "v2"},
    ("iam", "ListPolicyVersions"): lambda w, f: {"PolicyArn": POLICY},
    ("iam", "SetDefaultPolicyVersion"): lambda w, f: {"PolicyArn": POLICY, "VersionId": "v2"},
    ("iam", "DeletePolicyVersion"): lambda w, f: {"PolicyArn": POLICY, "VersionId": "v2"},
    ("iam", "ListEntitiesForPolicy"): lambda w, f: {"PolicyArn": POLICY},
    ("iam", "CreateAccessKey"): lambda w, f: {"UserName": "carol"},
    ("iam", "ListAccessKeys"): lambda w, f: {"UserName": "alice"},
    ("iam", "UpdateAccessKey"): lambda w, f: {"UserName": "alice", "Status": "Inactive",
                                              "AccessKeyId": _key_of(w, "alice")},
    ("iam", "DeleteAccessKey"): lambda w, f: {"UserName": "alice", "AccessKeyId": _key_of(w, "alice")},
    ("iam", "GetAccessKeyLastUsed"): lambda w, f: {"AccessKeyId": _key_of(w, "alice")},
    ("iam", "CreateLoginProfile"): lambda w, f: {"UserName": "carol", "Password": "Passw0rd!Passw0rd"},
    ("iam", "GetLoginProfile"): lambda w, f: {"UserName": "alice"},
    ("iam", "UpdateLoginProfile"): lambda w, f: {"UserName": "alice", "Password": "An0ther!Passw0rd"},
    ("iam", "DeleteLoginProfile"): lambda w, f: {"UserName": "alice"},
    ("iam", "ChangePassword"): lambda w, f: {"OldPassword": f["admin_password"], "NewPassword": "An0ther!Passw0rd"},
    ("iam", "UpdateAccountPasswordPolicy"): lambda w, f: {"MinimumPasswordLength": 12},
    ("iam", "GetAccountPasswordPolicy"): lambda w, f: {},
    ("iam", "DeleteAccountPasswordPolicy"): lambda w, f: {},
    ("iam", "CreateVirtualMFADevice"): lambda w, f: {"VirtualMFADeviceName": "new-phone"},
    ("iam", "EnableMFADevice"): lambda w, f: {"UserName": "carol", "SerialNumber": MFA + "spare-phone",
                                              **_codes(w, MFA + "spare-phone")},
    ("iam", "ListMFADevices"): lambda w, f: {"UserName": "alice"},
    ("iam", "ListVirtualMFADevices"): lambda w, f: {},
    ("iam", "DeactivateMFADevice"): lambda w, f: {"UserName": "alice", "SerialNumber": MFA + "alice-phone"},
    ("iam", "DeleteVirtualMFADevice"): lambda w, f: {"SerialNumber": MFA + "spare-phone"},
    ("iam", "ResyncMFADevice"): lambda w, f: {"UserName": "alice", "SerialNumber": MFA + "alice-phone",
                                              **_codes(w, MFA + "alice-phone")},
    ("iam", "CreateInstanceProfile"): lambda w, f: {"InstanceProfileName": "NewProfile"},
    ("iam", "GetInstanceProfile"): lambda w, f: {"InstanceProfileName": "AppProfile"},
    ("iam", "ListInstanceProfiles"): lambda w, f: {},
    ("iam", "ListInstanceProfilesForRole"): lambda w, f: {"RoleName": "App"},
    ("iam", "DeleteInstanceProfile"): lambda w, f: {"InstanceProfileName": "Spare"},
    ("iam", "AddRoleToInstanceProfile"): lambda w, f: {"InstanceProfileName": "Spare", "RoleName": "App"},
    ("iam", "RemoveRoleFromInstanceProfile"): lambda w, f: {"InstanceProfileName": "Other", "RoleName": "Lonely"},
    ("iam", "GetAccountSummary"): lambda w, f: {},
    ("iam", "CreateAccountAlias"): lambda w, f: {"AccountAlias": "another-alias"},
    ("iam", "DeleteAccountAlias"): lambda w, f: {"AccountAlias": "my-alias"},
    ("iam", "ListAccountAliases"): lambda w, f: {},
    ("iam", "SimulateCustomPolicy"): lambda w, f: {"PolicyInputList": [READ_S3], "ActionNames": ["s3:GetObject"]},
    ("iam", "SimulatePrincipalPolicy"): lambda w, f: {"PolicySourceArn": f"arn:aws:iam::{ACCOUNT}:user/alice",
                                                      "ActionNames": ["s3:GetObject"]},
    ("iam", "GetContextKeysForCustomPolicy"): lambda w, f: {"PolicyInputList": [READ_S3]},
    ("iam", "GetContextKeysForPrincipalPolicy"): lambda w, f: {
        "PolicySourceArn": f"arn:aws:iam::{ACCOUNT}:user/alice"},
    ("sts", "GetCallerIdentity"): lambda w, f: {},
    ("sts", "AssumeRole"): lambda w, f: {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/App", "RoleSessionName": "session"},
    ("sts", "GetSessionToken"): lambda w, f: {},
    ("s3", "ListBuckets"): lambda w, f: {},
    ("s3", "CreateBucket"): lambda w, f: {"Bucket": "another-bucket"},
    ("s3", "DeleteBucket"): lambda w, f: {"Bucket": "empty-bucket"},
    ("s3", "HeadBucket"): lambda w, f: {"Bucket": "experimenting-aws"},
    ("s3", "GetBucketLocation"): lambda w, f: {"Bucket": "experimenting-aws"},
    ("s3", "PutBucketPolicy"): lambda w, f: {"Bucket": "empty-bucket", "Policy": json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                "Resource": "arn:aws:s3:::empty-bucket/*"}]})},
    ("s3", "GetBucketPolicy"): lambda w, f: {"Bucket": "experimenting-aws"},
    ("s3", "DeleteBucketPolicy"): lambda w, f: {"Bucket": "experimenting-aws"},
    ("s3", "PutObject"): lambda w, f: {"Bucket": "experimenting-aws", "Key": "new.txt", "Body": b"new\n"},
    ("s3", "GetObject"): lambda w, f: {"Bucket": "experimenting-aws", "Key": "hello.txt"},
    ("s3", "HeadObject"): lambda w, f: {"Bucket": "experimenting-aws", "Key": "hello.txt"},
    ("s3", "DeleteObject"): lambda w, f: {"Bucket": "experimenting-aws", "Key": "hello.txt"},
    ("s3", "CopyObject"): lambda w, f: {"Bucket": "empty-bucket", "Key": "copy.txt",
                                        "CopySource": "experimenting-aws/hello.txt"},
    ("s3", "ListObjectsV2"): lambda w, f: {"Bucket": "experimenting-aws"},
    ("ec2", "DescribeInstances"): lambda w, f: {},
    ("ec2", "RunInstances"): lambda w, f: {"ImageId": "ami-0c02fb55956c7d316", "MinCount": 1, "MaxCount": 1},
    ("ec2", "StopInstances"): lambda w, f: {"InstanceIds": [f["web"]]},
    ("ec2", "StartInstances"): lambda w, f: {"InstanceIds": [f["stopped"]]},
    ("ec2", "TerminateInstances"): lambda w, f: {"InstanceIds": [f["web"]]},
    ("ec2", "AssociateIamInstanceProfile"): lambda w, f: {"InstanceId": f["web"],
                                                          "IamInstanceProfile": {"Name": "Other"}},
    ("ec2", "ReplaceIamInstanceProfileAssociation"): lambda w, f: {"AssociationId": f["association"],
                                                                   "IamInstanceProfile": {"Name": "Other"}},
    ("ec2", "DisassociateIamInstanceProfile"): lambda w, f: {"AssociationId": f["association"]},
    ("ec2", "DescribeIamInstanceProfileAssociations"): lambda w, f: {},
    ("ec2", "ModifyInstanceMetadataOptions"): lambda w, f: {"InstanceId": f["web"], "HttpTokens": "required"},
}
for _kind, _name in (("User", "alice"), ("Group", "Devs"), ("Role", "App")):
    # the 21 operations on users', groups' and roles' policies, all alike
    SAMPLES[("iam", f"Attach{_kind}Policy")] = lambda w, f, k=_kind, n=_name: {f"{k}Name": n, "PolicyArn": SPARE}
    SAMPLES[("iam", f"Detach{_kind}Policy")] = lambda w, f, k=_kind, n=_name: {f"{k}Name": n, "PolicyArn": POLICY}
    SAMPLES[("iam", f"ListAttached{_kind}Policies")] = lambda w, f, k=_kind, n=_name: {f"{k}Name": n}
    SAMPLES[("iam", f"Put{_kind}Policy")] = lambda w, f, k=_kind, n=_name: {
        f"{k}Name": n, "PolicyName": "More", "PolicyDocument": READ_S3}
    SAMPLES[("iam", f"Get{_kind}Policy")] = lambda w, f, k=_kind, n=_name: {f"{k}Name": n, "PolicyName": "Inline"}
    SAMPLES[("iam", f"List{_kind}Policies")] = lambda w, f, k=_kind, n=_name: {f"{k}Name": n}
    SAMPLES[("iam", f"Delete{_kind}Policy")] = lambda w, f, k=_kind, n=_name: {f"{k}Name": n, "PolicyName": "Inline"}
# a role with nothing attached and in no instance profile
SAMPLES[("iam", "DeleteRole")] = lambda w, f: {"RoleName": "Lonely"}
PREPARE = {("iam", "DeleteRole"): [("iam", "RemoveRoleFromInstanceProfile",
                                    {"InstanceProfileName": "Other", "RoleName": "Lonely"})]}
# sts calls that issue credentials: a new session row is all they add (see registry's docstring)
ISSUE_CREDENTIALS = {("sts", "AssumeRole"), ("sts", "GetSessionToken")}


def _key_of(world: World, user: str) -> str:
    return next(k["AccessKeyId"] for k in world["access_keys"].all() if k["UserName"] == user)


def _all_operations() -> dict[tuple[str, str], registry.OperationDef]:
    return {(svc, name): op for svc in registry.SERVICES for name, op in registry.operations(svc).items()}


def _state(world: World) -> dict:
    """The account, without the bookkeeping every call does (keys' and roles' last use)."""
    data = world.dump()
    for table in data.values():
        for row in table.values():
            row.pop("LastUsed", None)
            row.pop("RoleLastUsed", None)
    return data


def _fresh(account) -> tuple[World, dict]:
    dump, facts = account
    world = World()
    with world.transaction():
        world.load(dump)
    return world, facts


OPERATIONS = sorted(_all_operations())


def test_every_registered_operation_has_a_sample_and_every_sample_an_operation():
    assert set(SAMPLES) == set(OPERATIONS)


def test_the_aws_program_offers_exactly_the_registered_operations():
    """``aws iam|sts|s3api|ec2``: each CLI operation has its handler, each handler its CLI operation."""
    offered: dict[str, set[str]] = {}
    for name in spec.service_names():
        service = spec.get_service(name)
        if not service.high_level:  # ``aws s3`` commands are made of s3api operations
            offered.setdefault(service.api_service, set()).update(o.api for o in service.operations.values())
    assert sorted(offered) == sorted(registry.SERVICES)
    for service in registry.SERVICES:
        assert offered[service] == set(registry.operations(service)), service


def test_every_operation_is_registered_under_its_literal_name():
    """``grep -rn PutUserPolicy sandbox/`` finds the handler: no names built at run time."""
    sources = "\n".join(p.read_text() for p in Path(registry.__file__).parent.rglob("*.py"))
    literal = set(re.findall(r'@operation\("(\w+)", "(\w+)"', sources))
    assert literal == set(OPERATIONS)
    assert 'operation("iam", f"' not in sources


@pytest.mark.parametrize("service,name", OPERATIONS)
def test_mutates_says_whether_a_successful_call_changes_the_account(account, service, name):
    world, facts = _fresh(account)
    gw = Gateway(world)
    admin = _caller(world, "admin")
    for svc, op, params in PREPARE.get((service, name), ()):
        gw.call(admin, svc, op, params)
    before = _state(world)
    gw.call(admin, service, name, SAMPLES[(service, name)](world, facts))
    after = _state(world)
    op = registry.lookup(service, name)
    if (service, name) in ISSUE_CREDENTIALS:
        assert not op.mutates
        assert {t for t in after if after[t] != before.get(t)} == {"sessions"}
    elif op.mutates:
        assert after != before, f"{name} is marked as mutating but changed nothing"
    else:
        assert after == before, f"{name} is marked read-only but changed the account"


@pytest.mark.parametrize("service,name", [o for o in OPERATIONS if o[0] == "ec2"])
def test_an_ec2_dry_run_changes_nothing_and_does_not_count_as_a_change(account, service, name):
    world, facts = _fresh(account)
    op = registry.lookup(service, name)
    params = {**SAMPLES[(service, name)](world, facts), "DryRun": True}
    before = _state(world)
    with pytest.raises(AwsError) as caught:
        Gateway(world).call(_caller(world, "admin"), service, name, params)
    assert caught.value.code == "DryRunOperation"
    assert _state(world) == before and not op.changes(params)
    assert op.changes({"DryRun": False}) == op.mutates


@pytest.mark.parametrize("service,name", [o for o in OPERATIONS if not registry.lookup(*o).public])
def test_every_non_public_handler_authorizes_before_it_changes_anything(account, service, name, monkeypatch):
    """A user with no permissions gets AWS's access denied, a denied decision is published,
    and the handler wrote nothing to the account before asking."""
    world, facts = _fresh(account)
    params = SAMPLES[(service, name)](world, facts)
    writes: list[str] = []
    for method in ("put", "delete", "clear"):
        original = getattr(Table, method)
        monkeypatch.setattr(Table, method, lambda self, *a, _o=original, _m=method: (
            writes.append(f"{self.name}.{_m}"), _o(self, *a))[1])
    original_meta = World.set_meta
    monkeypatch.setattr(World, "set_meta", lambda self, **kw: (writes.append("meta"), original_meta(self, **kw))[1])
    nobody = Caller(principals.user_principal(world, world["users"].get("nobody")), "user",
                    user=world["users"].get("nobody"))
    last = world.events.last_seq()
    with pytest.raises(AwsError) as caught:
        Gateway(world).call(nobody, service, name, params)
    if name.startswith("Head"):
        # a HEAD response has no body: the CLI can only say "(403) Forbidden" (S3 API Reference, HeadObject)
        assert (caught.value.code, caught.value.message) == ("403", "Forbidden")
    else:
        assert caught.value.code in ("AccessDenied", "UnauthorizedOperation")
        assert "nobody is not authorized to perform" in caught.value.message
    assert writes == []
    (event,) = [e for e in events.since(world, last) if not e.allowed]
    assert (event.kind, event.operation, event.principal) == ("decision", name, f"arn:aws:iam::{ACCOUNT}:user/nobody")
    assert event.denied and event.message and event.explain["steps"]


@pytest.mark.parametrize("service,name", [o for o in OPERATIONS if registry.lookup(*o).public])
def test_public_operations_answer_a_user_with_no_permissions(account, service, name):
    """GetCallerIdentity and GetSessionToken need no permission (STS API Reference)."""
    world, facts = _fresh(account)
    nobody_row = world["users"].get("nobody")
    nobody = Caller(principals.user_principal(world, nobody_row), "user", user=nobody_row,
                    access_key_id=_key_of(world, "nobody"))
    Gateway(world).call(nobody, service, name, SAMPLES[(service, name)](world, facts))
