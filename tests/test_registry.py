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

from sandbox import crypto, idp
from sandbox.awscli import catalog
from sandbox.errors import AwsError
from sandbox.services import events, principals, registry
from sandbox.services.cognito_idp.tokens import challenge_session
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
OIDC = f"arn:aws:iam::{ACCOUNT}:oidc-provider/login.example.edu"


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
    call("iam", "CreateOpenIDConnectProvider", {"Url": "https://login.example.edu", "ClientIDList": ["app"],
                                                "ThumbprintList": ["a" * 40],
                                                "Tags": [{"Key": "team", "Value": "blue"}]})
    call("s3", "CreateBucket", {"Bucket": "empty-bucket"})
    call("s3", "PutBucketPolicy", {"Bucket": "experimenting-aws", "Policy": json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                                                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/admin"},
                                                "Action": "s3:GetObject",
                                                "Resource": "arn:aws:s3:::experimenting-aws/*"}]})})
    with world.transaction():
        client_id = idp.register_app(world, idp.GOOGLE, "photos")["ClientId"]
        token = idp.sign_in(world, idp.GOOGLE, "ana@example.com", client_id).token
    call("iam", "CreateRole", {"RoleName": "WebApp", "AssumeRolePolicyDocument": json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"},
                                                "Action": "sts:AssumeRoleWithWebIdentity"}]})})
    web = world["instances"].all()[0]["InstanceId"]
    launched = call("ec2", "RunInstances", {"ImageId": "ami-0c02fb55956c7d316", "MinCount": 2, "MaxCount": 2,
                                            "IamInstanceProfile": {"Name": "AppProfile"}})
    with_role, stopped = (i["InstanceId"] for i in launched["Instances"])
    call("ec2", "StopInstances", {"InstanceIds": [stopped]})
    association = world["instances"].get(with_role)["AssociationId"]
    facts = {"web": web, "with_role": with_role, "stopped": stopped, "association": association, "token": token,
             "admin_password": secrets["admin_password"], **_user_pool(world, call)}
    return world.dump(), facts


def _user_pool(world: World, call) -> dict:
    """A user pool with a Google provider, an app client, a group, a confirmed user who is
    signed in, one who has signed up but not confirmed yet and one an administrator invited."""
    from sandbox.services import mailbox

    pool = call("cognito-idp", "CreateUserPool", {"PoolName": "app", "AutoVerifiedAttributes": ["email"]})["UserPool"]
    call("cognito-idp", "CreateIdentityProvider", {
        "UserPoolId": pool["Id"], "ProviderName": "Google", "ProviderType": "Google",
        "ProviderDetails": {"client_id": "1-abc.apps.googleusercontent.com", "client_secret": "s",
                            "authorize_scopes": "openid"}})
    client = call("cognito-idp", "CreateUserPoolClient", {
        "UserPoolId": pool["Id"], "ClientName": "web",
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                              "ALLOW_REFRESH_TOKEN_AUTH"]})["UserPoolClient"]["ClientId"]
    anonymous = Gateway(world).anonymous()
    for user in ("member", "pending"):
        Gateway(world).call(anonymous, "cognito-idp", "SignUp", {
            "ClientId": client, "Username": user, "Password": COGNITO_PASSWORD,
            "UserAttributes": [{"Name": "email", "Value": f"{user}@example.com"}]})
    code = mailbox.code_in(mailbox.messages(world, "member@example.com")[-1]["Body"])
    Gateway(world).call(anonymous, "cognito-idp", "ConfirmSignUp", {"ClientId": client, "Username": "member",
                                                                   "ConfirmationCode": code})
    call("cognito-idp", "AdminCreateUser", {"UserPoolId": pool["Id"], "Username": "invited",
                                            "TemporaryPassword": COGNITO_PASSWORD, "MessageAction": "SUPPRESS"})
    call("cognito-idp", "CreateGroup", {"UserPoolId": pool["Id"], "GroupName": "team"})
    signed_in = Gateway(world).call(anonymous, "cognito-idp", "InitiateAuth", {
        "ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "member", "PASSWORD": COGNITO_PASSWORD}})["AuthenticationResult"]
    identity_pool = call("cognito-identity", "CreateIdentityPool", {
        "IdentityPoolName": "app", "AllowUnauthenticatedIdentities": True, "AllowClassicFlow": True,
        "CognitoIdentityProviders": [{"ProviderName": f"cognito-idp.us-east-1.amazonaws.com/{pool['Id']}",
                                      "ClientId": client}]})["IdentityPoolId"]
    call("iam", "CreateRole", {"RoleName": "Guests", "AssumeRolePolicyDocument": json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": identity_pool}}}]})})
    call("cognito-identity", "SetIdentityPoolRoles", {"IdentityPoolId": identity_pool, "Roles": {
        "unauthenticated": f"arn:aws:iam::{ACCOUNT}:role/Guests"}})
    guest = Gateway(world).call(anonymous, "cognito-identity", "GetId", {"IdentityPoolId": identity_pool})
    Gateway(world).call(anonymous, "cognito-identity", "GetOpenIdToken", {"IdentityId": guest["IdentityId"]})
    return {"pool": pool["Id"], "client": client, "access_token": signed_in["AccessToken"],
            "pending_code": mailbox.code_in(mailbox.messages(world, "pending@example.com")[-1]["Body"]),
            "identity_pool": identity_pool, "guest": guest["IdentityId"],
            **_push_sync(world, call, identity_pool, guest["IdentityId"])}


def _push_sync(world: World, call, identity_pool: str, identity: str) -> dict:
    """Push sync for the identity pool: a platform application, the push role, a device with a dataset."""
    from sandbox.services import devices

    call("iam", "CreateRole", {"RoleName": "SyncPush", "AssumeRolePolicyDocument": json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                                                "Principal": {"Service": "cognito-sync.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]})})
    app = call("sns", "CreatePlatformApplication", {"Name": "app", "Platform": "GCM",
                                                    "Attributes": {"PlatformCredential": "key"}})
    app = app["PlatformApplicationArn"]
    call("cognito-sync", "SetIdentityPoolConfiguration", {"IdentityPoolId": identity_pool, "PushSync": {
        "ApplicationArns": [app], "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/SyncPush"}})
    with world.transaction():
        phone = devices.add_device(world, "phone")
    mine = {"IdentityPoolId": identity_pool, "IdentityId": identity}
    device = call("cognito-sync", "RegisterDevice", {**mine, "Platform": "GCM", "Token": phone["PushToken"]})
    token = call("cognito-sync", "ListRecords", {**mine, "DatasetName": "notes"})["SyncSessionToken"]
    call("cognito-sync", "UpdateRecords", {**mine, "DatasetName": "notes", "SyncSessionToken": token,
                                           "RecordPatches": [{"Op": "replace", "Key": "k", "Value": "v",
                                                              "SyncCount": 0}]})
    endpoint = call("sns", "ListEndpointsByPlatformApplication", {"PlatformApplicationArn": app})
    return {"platform_app": app, "device": device["DeviceId"], "sync_token": token,
            "endpoint": endpoint["Endpoints"][0]["EndpointArn"]}


COGNITO_PASSWORD = "Corr3ct-horse"


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
    ("iam", "CreateOpenIDConnectProvider"): lambda w, f: {"Url": "https://other.example.com",
                                                          "ThumbprintList": ["b" * 40]},
    ("iam", "GetOpenIDConnectProvider"): lambda w, f: {"OpenIDConnectProviderArn": OIDC},
    ("iam", "ListOpenIDConnectProviders"): lambda w, f: {},
    ("iam", "DeleteOpenIDConnectProvider"): lambda w, f: {"OpenIDConnectProviderArn": OIDC},
    ("iam", "AddClientIDToOpenIDConnectProvider"): lambda w, f: {"OpenIDConnectProviderArn": OIDC,
                                                                 "ClientID": "another-app"},
    ("iam", "RemoveClientIDFromOpenIDConnectProvider"): lambda w, f: {"OpenIDConnectProviderArn": OIDC,
                                                                      "ClientID": "app"},
    ("iam", "UpdateOpenIDConnectProviderThumbprint"): lambda w, f: {"OpenIDConnectProviderArn": OIDC,
                                                                    "ThumbprintList": ["c" * 40]},
    ("iam", "TagOpenIDConnectProvider"): lambda w, f: {"OpenIDConnectProviderArn": OIDC,
                                                       "Tags": [{"Key": "cost", "Value": "1"}]},
    ("iam", "UntagOpenIDConnectProvider"): lambda w, f: {"OpenIDConnectProviderArn": OIDC, "TagKeys": ["team"]},
    ("iam", "ListOpenIDConnectProviderTags"): lambda w, f: {"OpenIDConnectProviderArn": OIDC},
    ("sts", "GetCallerIdentity"): lambda w, f: {},
    ("sts", "AssumeRole"): lambda w, f: {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/App", "RoleSessionName": "session"},
    ("sts", "GetSessionToken"): lambda w, f: {},
    ("sts", "AssumeRoleWithWebIdentity"): lambda w, f: {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/WebApp",
                                                        "RoleSessionName": "ana", "WebIdentityToken": f["token"]},
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
    # cognito-idp
    ("cognito-idp", "CreateUserPool"): lambda w, f: {"PoolName": "another"},
    ("cognito-idp", "DescribeUserPool"): lambda w, f: {"UserPoolId": f["pool"]},
    ("cognito-idp", "ListUserPools"): lambda w, f: {"MaxResults": 10},
    ("cognito-idp", "DeleteUserPool"): lambda w, f: {"UserPoolId": f["pool"]},
    ("cognito-idp", "CreateUserPoolClient"): lambda w, f: {"UserPoolId": f["pool"], "ClientName": "mobile"},
    ("cognito-idp", "DescribeUserPoolClient"): lambda w, f: {"UserPoolId": f["pool"], "ClientId": f["client"]},
    ("cognito-idp", "ListUserPoolClients"): lambda w, f: {"UserPoolId": f["pool"]},
    ("cognito-idp", "SignUp"): lambda w, f: {"ClientId": f["client"], "Username": "newcomer",
                                             "Password": COGNITO_PASSWORD},
    ("cognito-idp", "ConfirmSignUp"): lambda w, f: {"ClientId": f["client"], "Username": "pending",
                                                    "ConfirmationCode": f["pending_code"]},
    ("cognito-idp", "ResendConfirmationCode"): lambda w, f: {"ClientId": f["client"], "Username": "pending"},
    ("cognito-idp", "InitiateAuth"): lambda w, f: {"ClientId": f["client"], "AuthFlow": "USER_PASSWORD_AUTH",
                                                   "AuthParameters": {"USERNAME": "member",
                                                                      "PASSWORD": COGNITO_PASSWORD}},
    ("cognito-idp", "AdminInitiateAuth"): lambda w, f: {"UserPoolId": f["pool"], "ClientId": f["client"],
                                                        "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                                                        "AuthParameters": {"USERNAME": "member",
                                                                           "PASSWORD": COGNITO_PASSWORD}},
    ("cognito-idp", "AdminCreateUser"): lambda w, f: {"UserPoolId": f["pool"], "Username": "made",
                                                      "MessageAction": "SUPPRESS"},
    ("cognito-idp", "RespondToAuthChallenge"): lambda w, f: {
        "ClientId": f["client"], "ChallengeName": "NEW_PASSWORD_REQUIRED",
        "Session": challenge_session(w, f["pool"], "invited", "NEW_PASSWORD_REQUIRED"),
        "ChallengeResponses": {"USERNAME": "invited", "NEW_PASSWORD": "N3w-password!"}},
    ("cognito-idp", "GetUser"): lambda w, f: {"AccessToken": f["access_token"]},
    ("cognito-idp", "ListUsers"): lambda w, f: {"UserPoolId": f["pool"]},
    ("cognito-idp", "GlobalSignOut"): lambda w, f: {"AccessToken": f["access_token"]},
    ("cognito-idp", "CreateGroup"): lambda w, f: {"UserPoolId": f["pool"], "GroupName": "another"},
    ("cognito-idp", "AdminAddUserToGroup"): lambda w, f: {"UserPoolId": f["pool"], "Username": "member",
                                                          "GroupName": "team"},
    ("cognito-idp", "ListGroups"): lambda w, f: {"UserPoolId": f["pool"]},
    ("cognito-idp", "AdminListGroupsForUser"): lambda w, f: {"UserPoolId": f["pool"], "Username": "member"},
    ("cognito-idp", "CreateIdentityProvider"): lambda w, f: {
        "UserPoolId": f["pool"], "ProviderName": "Facebook", "ProviderType": "Facebook",
        "ProviderDetails": {"client_id": "1234567890123456", "client_secret": "s", "authorize_scopes": "email"}},
    ("cognito-idp", "DescribeIdentityProvider"): lambda w, f: {"UserPoolId": f["pool"], "ProviderName": "Google"},
    ("cognito-idp", "ListIdentityProviders"): lambda w, f: {"UserPoolId": f["pool"]},
    # cognito-identity
    ("cognito-identity", "CreateIdentityPool"): lambda w, f: {"IdentityPoolName": "more",
                                                              "AllowUnauthenticatedIdentities": False},
    ("cognito-identity", "DescribeIdentityPool"): lambda w, f: {"IdentityPoolId": f["identity_pool"]},
    ("cognito-identity", "ListIdentityPools"): lambda w, f: {"MaxResults": 10},
    ("cognito-identity", "UpdateIdentityPool"): lambda w, f: {"IdentityPoolId": f["identity_pool"],
                                                              "IdentityPoolName": "renamed",
                                                              "AllowUnauthenticatedIdentities": True},
    ("cognito-identity", "DeleteIdentityPool"): lambda w, f: {"IdentityPoolId": f["identity_pool"]},
    ("cognito-identity", "SetIdentityPoolRoles"): lambda w, f: {
        "IdentityPoolId": f["identity_pool"], "Roles": {"unauthenticated": f"arn:aws:iam::{ACCOUNT}:role/App"}},
    ("cognito-identity", "GetIdentityPoolRoles"): lambda w, f: {"IdentityPoolId": f["identity_pool"]},
    ("cognito-identity", "GetId"): lambda w, f: {"IdentityPoolId": f["identity_pool"]},
    ("cognito-identity", "GetOpenIdToken"): lambda w, f: {"IdentityId": f["guest"]},
    ("cognito-identity", "GetCredentialsForIdentity"): lambda w, f: {"IdentityId": f["guest"]},
    ("cognito-identity", "DescribeIdentity"): lambda w, f: {"IdentityId": f["guest"]},
    ("cognito-identity", "ListIdentities"): lambda w, f: {"IdentityPoolId": f["identity_pool"], "MaxResults": 10},
    # cognito-sync
    ("cognito-sync", "SetIdentityPoolConfiguration"): lambda w, f: {"IdentityPoolId": f["identity_pool"]},
    ("cognito-sync", "GetIdentityPoolConfiguration"): lambda w, f: {"IdentityPoolId": f["identity_pool"]},
    ("cognito-sync", "ListDatasets"): lambda w, f: {"IdentityPoolId": f["identity_pool"], "IdentityId": f["guest"]},
    ("cognito-sync", "ListRecords"): lambda w, f: {"IdentityPoolId": f["identity_pool"], "IdentityId": f["guest"],
                                                   "DatasetName": "notes"},
    ("cognito-sync", "UpdateRecords"): lambda w, f: {
        "IdentityPoolId": f["identity_pool"], "IdentityId": f["guest"], "DatasetName": "notes",
        "SyncSessionToken": f["sync_token"], "RecordPatches": [{"Op": "replace", "Key": "k", "Value": "w",
                                                                "SyncCount": 1}]},
    ("cognito-sync", "RegisterDevice"): lambda w, f: {"IdentityPoolId": f["identity_pool"], "IdentityId": f["guest"],
                                                      "Platform": "GCM", "Token": "another-device-token"},
    ("cognito-sync", "SubscribeToDataset"): lambda w, f: {"IdentityPoolId": f["identity_pool"],
                                                          "IdentityId": f["guest"], "DatasetName": "notes",
                                                          "DeviceId": f["device"]},
    # sns
    ("sns", "CreatePlatformApplication"): lambda w, f: {"Name": "other", "Platform": "GCM",
                                                        "Attributes": {"PlatformCredential": "key"}},
    ("sns", "CreatePlatformEndpoint"): lambda w, f: {"PlatformApplicationArn": f["platform_app"],
                                                     "Token": "a-new-token"},
    ("sns", "ListEndpointsByPlatformApplication"): lambda w, f: {"PlatformApplicationArn": f["platform_app"]},
    ("sns", "Publish"): lambda w, f: {"TargetArn": f["endpoint"], "Message": "hello"},
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
ISSUE_CREDENTIALS = {("sts", "AssumeRole"): {"sessions"}, ("sts", "GetSessionToken"): {"sessions"},
                     ("sts", "AssumeRoleWithWebIdentity"): {"sessions"},
                     # a user pool's sign-in: a row for its refresh token, and the pool's keys at its first token
                     ("cognito-idp", "InitiateAuth"): {"cognito_auth_sessions", "idp_providers"},
                     ("cognito-idp", "AdminInitiateAuth"): {"cognito_auth_sessions", "idp_providers"},
                     # an identity pool's token: its keys at the first, and the logins it links
                     ("cognito-identity", "GetOpenIdToken"): {"idp_providers", "cognito_identities"},
                     ("cognito-identity", "GetCredentialsForIdentity"): {"idp_providers", "cognito_identities",
                                                                         "sessions"}}


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
    for name in catalog.service_names():  # ``aws s3`` (high-level) is made of s3api operations
        service = catalog.get_service(name)
        offered.setdefault(service.api_service, set()).update(o.api for o in service.operations.values())
    assert sorted(offered) == sorted(registry.SERVICES)
    for service in registry.SERVICES:
        assert offered[service] == set(registry.operations(service)), service


def test_every_operation_is_registered_under_its_literal_name():
    """``grep -rn PutUserPolicy sandbox/`` finds the handler: no names built at run time."""
    sources = "\n".join(p.read_text() for p in Path(registry.__file__).parent.rglob("*.py"))
    literal = set(re.findall(r'@operation\("([\w-]+)", "(\w+)"', sources))
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
        assert {t for t in after if after[t] != before.get(t)} <= ISSUE_CREDENTIALS[(service, name)]
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
        assert caught.value.code in ("AccessDenied", "UnauthorizedOperation", "AccessDeniedException",
                                     "AuthorizationError")
        assert "nobody is not authorized to perform" in caught.value.message
    assert writes == []
    (event,) = [e for e in events.since(world, last) if not e.allowed]
    assert (event.kind, event.operation, event.principal) == ("decision", name, f"arn:aws:iam::{ACCOUNT}:user/nobody")
    assert event.denied and event.message and event.explain["steps"]


@pytest.mark.parametrize("service,name", [o for o in OPERATIONS if registry.lookup(*o).public])
def test_public_operations_answer_a_user_with_no_permissions(account, service, name):
    """GetCallerIdentity, GetSessionToken and AssumeRoleWithWebIdentity need no permission of the
    caller (STS API Reference)."""
    world, facts = _fresh(account)
    nobody_row = world["users"].get("nobody")
    nobody = Caller(principals.user_principal(world, nobody_row), "user", user=nobody_row,
                    access_key_id=_key_of(world, "nobody"))
    Gateway(world).call(nobody, service, name, SAMPLES[(service, name)](world, facts))
