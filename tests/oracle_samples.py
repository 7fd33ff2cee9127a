"""Command lines for the oracle tests: an account where every supported operation can
succeed (``build_account``), one command line per operation (``SAMPLES``), the pagination
cases and the client-side errors.

A sample is a list of arguments; ``{name}`` in an argument is filled from the account's
facts (``Account.facts``), and a callable argument is called with the account.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sandbox import crypto

ACCOUNT_ID = "123456789012"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
     "Action": ["sts:AssumeRole", "sts:TagSession"]}]})
READ_S3 = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
BUCKET_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:user/admin"}, "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::learner-bucket/*"}]})
POLICY = f"arn:aws:iam::{ACCOUNT_ID}:policy/Custom"
SPARE = f"arn:aws:iam::{ACCOUNT_ID}:policy/Spare"
MFA = f"arn:aws:iam::{ACCOUNT_ID}:mfa/"
OIDC = f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/login.example.edu"
AMI = "ami-0c02fb55956c7d316"


@dataclass
class Account:
    folder: Path
    facts: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)  # carol's keys, for the operations on one's own user

    def file(self, name: str, text: str) -> str:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)


def build_account(cli, world, folder: Path) -> Account:
    """Users, groups, roles, policies, keys, MFA devices, buckets and instances, made with
    the sandbox's own ``aws`` (``cli``: a ``ProjectCli``). Input files are the host's, in
    ``folder`` (absolute paths); files written (``out.txt``, ``mfa.txt``) are relative: the
    sandbox laptop's home for ``iam-sandbox aws``, ``folder`` for the real CLI."""
    account = Account(folder)

    def ok(*argv):
        outcome = cli.run(list(argv))
        assert outcome.rc == 0, (argv, outcome.err)
        return json.loads(outcome.out) if outcome.out.strip() else {}

    for user in ("alice", "bob", "carol", "dave"):
        ok("iam", "create-user", "--user-name", user)
    account.facts["alice_key"] = ok("iam", "create-access-key", "--user-name", "alice")["AccessKey"]["AccessKeyId"]
    key = ok("iam", "create-access-key", "--user-name", "carol")["AccessKey"]
    account.env = {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}
    ok("iam", "create-login-profile", "--user-name", "carol", "--password", "Passw0rd!Passw0rd")
    ok("iam", "create-login-profile", "--user-name", "alice", "--password", "Passw0rd!Passw0rd")
    ok("iam", "tag-user", "--user-name", "alice", "--tags", "Key=team,Value=blue", "Key=cost,Value=1")
    ok("iam", "create-policy", "--policy-name", "Custom", "--policy-document", READ_S3)
    ok("iam", "create-policy-version", "--policy-arn", POLICY, "--policy-document", READ_S3)
    ok("iam", "create-policy", "--policy-name", "Spare", "--policy-document", READ_S3)
    ok("iam", "create-group", "--group-name", "Devs")
    ok("iam", "add-user-to-group", "--group-name", "Devs", "--user-name", "alice")
    ok("iam", "add-user-to-group", "--group-name", "Devs", "--user-name", "bob")
    ok("iam", "create-group", "--group-name", "Empty")
    ok("iam", "create-role", "--role-name", "App", "--assume-role-policy-document", TRUST)
    ok("iam", "tag-role", "--role-name", "App", "--tags", "Key=team,Value=blue")
    ok("iam", "create-role", "--role-name", "Lonely", "--assume-role-policy-document", TRUST)
    for kind, name in (("user", "alice"), ("group", "Devs"), ("role", "App")):
        ok("iam", f"attach-{kind}-policy", f"--{kind}-name", name, "--policy-arn", POLICY)
        ok("iam", f"put-{kind}-policy", f"--{kind}-name", name, "--policy-name", "Inline", "--policy-document",
           READ_S3)
    ok("iam", "put-user-permissions-boundary", "--user-name", "alice", "--permissions-boundary", POLICY)
    ok("iam", "put-role-permissions-boundary", "--role-name", "App", "--permissions-boundary", POLICY)
    ok("iam", "create-instance-profile", "--instance-profile-name", "AppProfile")
    ok("iam", "add-role-to-instance-profile", "--instance-profile-name", "AppProfile", "--role-name", "App")
    ok("iam", "create-instance-profile", "--instance-profile-name", "Spare")
    for name in ("alice-phone", "spare-phone"):
        ok("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", name, "--outfile", f"{name}.txt",
           "--bootstrap-method", "Base32StringSeed")
    code1, code2 = mfa_codes(world, MFA + "alice-phone")
    ok("iam", "enable-mfa-device", "--user-name", "alice", "--serial-number", MFA + "alice-phone",
       "--authentication-code1", code1, "--authentication-code2", code2)
    ok("iam", "update-account-password-policy", "--minimum-password-length", "8",
       "--allow-users-to-change-password")
    ok("iam", "create-account-alias", "--account-alias", "my-alias")
    ok("s3api", "create-bucket", "--bucket", "learner-bucket")
    body = account.file("body.txt", "hello\n")
    for key in ("docs/a.txt", "docs/b.txt", "top.txt"):
        ok("s3api", "put-object", "--bucket", "learner-bucket", "--key", key, "--body", body)
    ok("s3api", "put-bucket-policy", "--bucket", "learner-bucket", "--policy", BUCKET_POLICY)
    ok("s3api", "create-bucket", "--bucket", "empty-bucket")
    launched = ok("ec2", "run-instances", "--image-id", AMI, "--count", "2", "--iam-instance-profile",
                  "Name=AppProfile")
    with_role, stopped = (i["InstanceId"] for i in launched["Instances"])
    ok("ec2", "stop-instances", "--instance-ids", stopped)
    account.facts.update(
        with_role=with_role, stopped=stopped, association=world["instances"].get(with_role)["AssociationId"],
        web=next(i["InstanceId"] for i in world["instances"].all() if i["InstanceId"] not in (with_role, stopped)),
        body=body, out="out.txt", mfa_out="mfa.txt", policy_file=account.file(
            "policy.json", READ_S3), list_file=account.file("list.json", json.dumps([READ_S3, READ_S3])))
    _web_identity(ok, world, account)
    _cognito(ok, world, account)
    return account


def _web_identity(ok, world, account: Account) -> None:
    """An IAM OIDC provider, and a role a Google user's token may assume (the token saved)."""
    from sandbox import idp

    ok("iam", "create-open-id-connect-provider", "--url", "https://login.example.edu", "--client-id-list", "app",
       "--thumbprint-list", "a" * 40, "--tags", "Key=team,Value=blue")
    google = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "accounts.google.com"},
        "Action": "sts:AssumeRoleWithWebIdentity"}]})
    ok("iam", "create-role", "--role-name", "WebApp", "--assume-role-policy-document", google)
    with world.transaction():
        client = idp.register_app(world, idp.GOOGLE, "photos")["ClientId"]
        token = idp.sign_in(world, idp.GOOGLE, "ana@example.com", client).token
    account.facts["google_token"] = account.file("google.jwt", token)


def _cognito(ok, world, account: Account) -> None:
    """A user pool (a Google provider, an app client, a group, a signed-in member, a pending
    sign-up, an invited user), an identity pool with a guest role and a guest, push sync with
    a device and a dataset."""
    from sandbox.services import devices, mailbox

    pool = ok("cognito-idp", "create-user-pool", "--pool-name", "app", "--auto-verified-attributes",
              "email")["UserPool"]["Id"]
    ok("cognito-idp", "create-identity-provider", "--user-pool-id", pool, "--provider-name", "Google",
       "--provider-type", "Google", "--provider-details",
       "client_id=1-abc.apps.googleusercontent.com,client_secret=s,authorize_scopes=openid")
    client = ok("cognito-idp", "create-user-pool-client", "--user-pool-id", pool, "--client-name", "web",
                "--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                "ALLOW_REFRESH_TOKEN_AUTH")["UserPoolClient"]["ClientId"]
    for user in ("member", "pending"):
        ok("cognito-idp", "sign-up", "--client-id", client, "--username", user, "--password", "Corr3ct-horse",
           "--user-attributes", f"Name=email,Value={user}@example.com")
    code = mailbox.code_in(mailbox.messages(world, "member@example.com")[-1]["Body"])
    ok("cognito-idp", "confirm-sign-up", "--client-id", client, "--username", "member", "--confirmation-code", code)
    ok("cognito-idp", "admin-create-user", "--user-pool-id", pool, "--username", "invited", "--temporary-password",
       "Corr3ct-horse", "--message-action", "SUPPRESS")
    ok("cognito-idp", "create-group", "--user-pool-id", pool, "--group-name", "team")
    tokens = ok("cognito-idp", "initiate-auth", "--client-id", client, "--auth-flow", "USER_PASSWORD_AUTH",
                "--auth-parameters", "USERNAME=member,PASSWORD=Corr3ct-horse")["AuthenticationResult"]
    provider = f"cognito-idp.us-east-1.amazonaws.com/{pool}"
    id_pool = ok("cognito-identity", "create-identity-pool", "--identity-pool-name", "app",
                 "--allow-unauthenticated-identities", "--allow-classic-flow", "--cognito-identity-providers",
                 f"ProviderName={provider},ClientId={client}")["IdentityPoolId"]
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": id_pool}}}]})
    ok("iam", "create-role", "--role-name", "Guests", "--assume-role-policy-document", trust)
    guests = f"arn:aws:iam::{ACCOUNT_ID}:role/Guests"
    ok("cognito-identity", "set-identity-pool-roles", "--identity-pool-id", id_pool, "--roles",
       f"unauthenticated={guests}")
    guest = ok("cognito-identity", "get-id", "--identity-pool-id", id_pool)["IdentityId"]
    push_trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "cognito-sync.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    ok("iam", "create-role", "--role-name", "SyncPush", "--assume-role-policy-document", push_trust)
    app = ok("sns", "create-platform-application", "--name", "app", "--platform", "GCM", "--attributes",
             "PlatformCredential=key")["PlatformApplicationArn"]
    ok("cognito-sync", "set-identity-pool-configuration", "--identity-pool-id", id_pool, "--push-sync",
       f"ApplicationArns={app},RoleArn=arn:aws:iam::{ACCOUNT_ID}:role/SyncPush")
    with world.transaction():
        phone = devices.add_device(world, "phone")
    device = ok("cognito-sync", "register-device", "--identity-pool-id", id_pool, "--identity-id", guest,
                "--platform", "GCM", "--token", phone["PushToken"])["DeviceId"]
    sync_token = ok("cognito-sync", "list-records", "--identity-pool-id", id_pool, "--identity-id", guest,
                    "--dataset-name", "notes")["SyncSessionToken"]
    ok("cognito-sync", "update-records", "--identity-pool-id", id_pool, "--identity-id", guest, "--dataset-name",
       "notes", "--sync-session-token", sync_token, "--record-patches", "Op=replace,Key=k,Value=v,SyncCount=0")
    endpoint = ok("sns", "list-endpoints-by-platform-application", "--platform-application-arn",
                  app)["Endpoints"][0]["EndpointArn"]
    account.facts.update(
        pool=pool, client=client, pending_code=mailbox.code_in(mailbox.messages(world, "pending@example.com")[-1][
            "Body"]), access_token=tokens["AccessToken"], refresh_token=tokens["RefreshToken"],
        id_pool=id_pool, guest=guest,
        guests=guests, platform_app=app, device=device, sync_token=sync_token, endpoint=endpoint)


def mfa_codes(world, serial: str) -> tuple[str, str]:
    seed = world["mfa_devices"].get(serial)["Seed"]
    step = crypto.window(world.now())
    return crypto.code_at(seed, step - 1), crypto.code_at(seed, step)


# one command line per supported operation, by its AWS name
SAMPLES: dict[str, list] = {
    # users
    "CreateUser": ["iam", "create-user", "--user-name", "erin", "--path", "/staff/", "--tags", "Key=a,Value=b"],
    "GetUser": ["iam", "get-user", "--user-name", "alice"],
    "ListUsers": ["iam", "list-users"],
    "UpdateUser": ["iam", "update-user", "--user-name", "carol", "--new-user-name", "caroline"],
    "DeleteUser": ["iam", "delete-user", "--user-name", "dave"],
    "ListGroupsForUser": ["iam", "list-groups-for-user", "--user-name", "alice"],
    "TagUser": ["iam", "tag-user", "--user-name", "bob", "--tags", "Key=a,Value=b", "Key=c,Value=d"],
    "UntagUser": ["iam", "untag-user", "--user-name", "alice", "--tag-keys", "team"],
    "ListUserTags": ["iam", "list-user-tags", "--user-name", "alice"],
    "PutUserPermissionsBoundary": ["iam", "put-user-permissions-boundary", "--user-name", "bob",
                                   "--permissions-boundary", SPARE],
    "DeleteUserPermissionsBoundary": ["iam", "delete-user-permissions-boundary", "--user-name", "alice"],
    # groups
    "CreateGroup": ["iam", "create-group", "--group-name", "Ops"],
    "GetGroup": ["iam", "get-group", "--group-name", "Devs"],
    "ListGroups": ["iam", "list-groups", "--path-prefix", "/"],
    "UpdateGroup": ["iam", "update-group", "--group-name", "Empty", "--new-path", "/x/"],
    "DeleteGroup": ["iam", "delete-group", "--group-name", "Empty"],
    "AddUserToGroup": ["iam", "add-user-to-group", "--group-name", "Devs", "--user-name", "carol"],
    "RemoveUserFromGroup": ["iam", "remove-user-from-group", "--group-name", "Devs", "--user-name", "bob"],
    # roles
    "CreateRole": ["iam", "create-role", "--role-name", "Web", "--assume-role-policy-document", TRUST,
                   "--description", "web servers", "--max-session-duration", "7200"],
    "GetRole": ["iam", "get-role", "--role-name", "App"],
    "ListRoles": ["iam", "list-roles"],
    "UpdateRole": ["iam", "update-role", "--role-name", "App", "--description", "the app"],
    "UpdateRoleDescription": ["iam", "update-role-description", "--role-name", "App", "--description", "d"],
    "UpdateAssumeRolePolicy": ["iam", "update-assume-role-policy", "--role-name", "Lonely", "--policy-document",
                               TRUST],
    "DeleteRole": ["iam", "delete-role", "--role-name", "Lonely"],
    "TagRole": ["iam", "tag-role", "--role-name", "Lonely", "--tags", "Key=a,Value=b"],
    "UntagRole": ["iam", "untag-role", "--role-name", "App", "--tag-keys", "team"],
    "ListRoleTags": ["iam", "list-role-tags", "--role-name", "App"],
    "PutRolePermissionsBoundary": ["iam", "put-role-permissions-boundary", "--role-name", "Lonely",
                                   "--permissions-boundary", SPARE],
    "DeleteRolePermissionsBoundary": ["iam", "delete-role-permissions-boundary", "--role-name", "App"],
    # managed policies
    "CreatePolicy": ["iam", "create-policy", "--policy-name", "New", "--policy-document", "file://{policy_file}",
                     "--description", "new"],
    "GetPolicy": ["iam", "get-policy", "--policy-arn", POLICY],
    "ListPolicies": ["iam", "list-policies", "--scope", "Local"],
    "DeletePolicy": ["iam", "delete-policy", "--policy-arn", SPARE],
    "CreatePolicyVersion": ["iam", "create-policy-version", "--policy-arn", POLICY, "--policy-document", READ_S3,
                            "--set-as-default"],
    "GetPolicyVersion": ["iam", "get-policy-version", "--policy-arn", POLICY, "--version-id", "v2"],
    "ListPolicyVersions": ["iam", "list-policy-versions", "--policy-arn", POLICY],
    "SetDefaultPolicyVersion": ["iam", "set-default-policy-version", "--policy-arn", POLICY, "--version-id", "v2"],
    "DeletePolicyVersion": ["iam", "delete-policy-version", "--policy-arn", POLICY, "--version-id", "v2"],
    "ListEntitiesForPolicy": ["iam", "list-entities-for-policy", "--policy-arn", POLICY],
    # user, group and role policies
    "AttachUserPolicy": ["iam", "attach-user-policy", "--user-name", "bob", "--policy-arn", POLICY],
    "DetachUserPolicy": ["iam", "detach-user-policy", "--user-name", "alice", "--policy-arn", POLICY],
    "ListAttachedUserPolicies": ["iam", "list-attached-user-policies", "--user-name", "alice"],
    "PutUserPolicy": ["iam", "put-user-policy", "--user-name", "bob", "--policy-name", "P", "--policy-document",
                      READ_S3],
    "GetUserPolicy": ["iam", "get-user-policy", "--user-name", "alice", "--policy-name", "Inline"],
    "ListUserPolicies": ["iam", "list-user-policies", "--user-name", "alice"],
    "DeleteUserPolicy": ["iam", "delete-user-policy", "--user-name", "alice", "--policy-name", "Inline"],
    "AttachGroupPolicy": ["iam", "attach-group-policy", "--group-name", "Empty", "--policy-arn", POLICY],
    "DetachGroupPolicy": ["iam", "detach-group-policy", "--group-name", "Devs", "--policy-arn", POLICY],
    "ListAttachedGroupPolicies": ["iam", "list-attached-group-policies", "--group-name", "Devs"],
    "PutGroupPolicy": ["iam", "put-group-policy", "--group-name", "Devs", "--policy-name", "P", "--policy-document",
                       READ_S3],
    "GetGroupPolicy": ["iam", "get-group-policy", "--group-name", "Devs", "--policy-name", "Inline"],
    "ListGroupPolicies": ["iam", "list-group-policies", "--group-name", "Devs"],
    "DeleteGroupPolicy": ["iam", "delete-group-policy", "--group-name", "Devs", "--policy-name", "Inline"],
    "AttachRolePolicy": ["iam", "attach-role-policy", "--role-name", "Lonely", "--policy-arn", POLICY],
    "DetachRolePolicy": ["iam", "detach-role-policy", "--role-name", "App", "--policy-arn", POLICY],
    "ListAttachedRolePolicies": ["iam", "list-attached-role-policies", "--role-name", "App"],
    "PutRolePolicy": ["iam", "put-role-policy", "--role-name", "App", "--policy-name", "P", "--policy-document",
                      READ_S3],
    "GetRolePolicy": ["iam", "get-role-policy", "--role-name", "App", "--policy-name", "Inline"],
    "ListRolePolicies": ["iam", "list-role-policies", "--role-name", "App"],
    "DeleteRolePolicy": ["iam", "delete-role-policy", "--role-name", "App", "--policy-name", "Inline"],
    # access keys, passwords, MFA
    "CreateAccessKey": ["iam", "create-access-key", "--user-name", "bob"],
    "ListAccessKeys": ["iam", "list-access-keys", "--user-name", "alice"],
    "UpdateAccessKey": ["iam", "update-access-key", "--user-name", "alice", "--access-key-id", "{alice_key}",
                        "--status", "Inactive"],
    "DeleteAccessKey": ["iam", "delete-access-key", "--user-name", "alice", "--access-key-id", "{alice_key}"],
    "GetAccessKeyLastUsed": ["iam", "get-access-key-last-used", "--access-key-id", "{alice_key}"],
    "CreateLoginProfile": ["iam", "create-login-profile", "--user-name", "bob", "--password", "Passw0rd!Passw0rd",
                           "--password-reset-required"],
    "GetLoginProfile": ["iam", "get-login-profile", "--user-name", "alice"],
    "UpdateLoginProfile": ["iam", "update-login-profile", "--user-name", "alice", "--no-password-reset-required"],
    "DeleteLoginProfile": ["iam", "delete-login-profile", "--user-name", "alice"],
    "ChangePassword": ["iam", "change-password", "--old-password", "Passw0rd!Passw0rd", "--new-password",
                       "N3w-Passw0rd!x"],  # as carol (AS_USER)
    "UpdateAccountPasswordPolicy": ["iam", "update-account-password-policy", "--minimum-password-length", "12",
                                    "--require-symbols", "--no-allow-users-to-change-password",
                                    "--max-password-age", "90"],
    "GetAccountPasswordPolicy": ["iam", "get-account-password-policy"],
    "DeleteAccountPasswordPolicy": ["iam", "delete-account-password-policy"],
    "CreateVirtualMFADevice": ["iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "new-phone",
                               "--outfile", "{mfa_out}", "--bootstrap-method", "Base32StringSeed"],
    "EnableMFADevice": ["iam", "enable-mfa-device", "--user-name", "bob", "--serial-number", MFA + "spare-phone",
                        "--authentication-code1", "{spare_code1}", "--authentication-code2", "{spare_code2}"],
    "ListMFADevices": ["iam", "list-mfa-devices", "--user-name", "alice"],
    "ListVirtualMFADevices": ["iam", "list-virtual-mfa-devices", "--assignment-status", "Any"],
    "DeactivateMFADevice": ["iam", "deactivate-mfa-device", "--user-name", "alice", "--serial-number",
                            MFA + "alice-phone"],
    "DeleteVirtualMFADevice": ["iam", "delete-virtual-mfa-device", "--serial-number", MFA + "spare-phone"],
    "ResyncMFADevice": ["iam", "resync-mfa-device", "--user-name", "alice", "--serial-number", MFA + "alice-phone",
                        "--authentication-code1", "{alice_code1}", "--authentication-code2", "{alice_code2}"],
    # instance profiles
    "CreateInstanceProfile": ["iam", "create-instance-profile", "--instance-profile-name", "Web", "--path", "/w/"],
    "GetInstanceProfile": ["iam", "get-instance-profile", "--instance-profile-name", "AppProfile"],
    "ListInstanceProfiles": ["iam", "list-instance-profiles"],
    "ListInstanceProfilesForRole": ["iam", "list-instance-profiles-for-role", "--role-name", "App"],
    "DeleteInstanceProfile": ["iam", "delete-instance-profile", "--instance-profile-name", "Spare"],
    "AddRoleToInstanceProfile": ["iam", "add-role-to-instance-profile", "--instance-profile-name", "Spare",
                                 "--role-name", "Lonely"],
    "RemoveRoleFromInstanceProfile": ["iam", "remove-role-from-instance-profile", "--instance-profile-name",
                                      "AppProfile", "--role-name", "App"],
    # the account
    "GetAccountSummary": ["iam", "get-account-summary"],
    "CreateAccountAlias": ["iam", "create-account-alias", "--account-alias", "other-alias"],
    "DeleteAccountAlias": ["iam", "delete-account-alias", "--account-alias", "my-alias"],
    "ListAccountAliases": ["iam", "list-account-aliases"],
    # the policy simulator
    "SimulateCustomPolicy": ["iam", "simulate-custom-policy", "--policy-input-list", "file://{list_file}",
                             "--action-names", "s3:GetObject", "s3:PutObject", "--context-entries",
                             "ContextKeyName=aws:SourceIp,ContextKeyValues=10.0.0.1,ContextKeyType=ip"],
    "SimulatePrincipalPolicy": ["iam", "simulate-principal-policy", "--policy-source-arn",
                                f"arn:aws:iam::{ACCOUNT_ID}:user/alice", "--action-names", "s3:GetObject",
                                "iam:GetUser"],
    "GetContextKeysForCustomPolicy": ["iam", "get-context-keys-for-custom-policy", "--policy-input-list", READ_S3],
    "GetContextKeysForPrincipalPolicy": ["iam", "get-context-keys-for-principal-policy", "--policy-source-arn",
                                         f"arn:aws:iam::{ACCOUNT_ID}:user/alice"],
    # sts
    "GetCallerIdentity": ["sts", "get-caller-identity"],
    "AssumeRole": ["sts", "assume-role", "--role-arn", f"arn:aws:iam::{ACCOUNT_ID}:role/App", "--role-session-name",
                   "s1", "--duration-seconds", "900", "--tags", "Key=a,Value=b"],
    "GetSessionToken": ["sts", "get-session-token", "--duration-seconds", "900"],
    "AssumeRoleWithWebIdentity": ["sts", "assume-role-with-web-identity", "--role-arn",
                                  f"arn:aws:iam::{ACCOUNT_ID}:role/WebApp", "--role-session-name", "ana",
                                  "--web-identity-token", "file://{google_token}"],
    # OpenID Connect identity providers
    "CreateOpenIDConnectProvider": ["iam", "create-open-id-connect-provider", "--url", "https://other.example.com",
                                    "--client-id-list", "app", "web", "--thumbprint-list", "b" * 40],
    "GetOpenIDConnectProvider": ["iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", OIDC],
    "ListOpenIDConnectProviders": ["iam", "list-open-id-connect-providers"],
    "DeleteOpenIDConnectProvider": ["iam", "delete-open-id-connect-provider", "--open-id-connect-provider-arn",
                                    OIDC],
    "AddClientIDToOpenIDConnectProvider": ["iam", "add-client-id-to-open-id-connect-provider",
                                           "--open-id-connect-provider-arn", OIDC, "--client-id", "another-app"],
    "RemoveClientIDFromOpenIDConnectProvider": ["iam", "remove-client-id-from-open-id-connect-provider",
                                                "--open-id-connect-provider-arn", OIDC, "--client-id", "app"],
    "UpdateOpenIDConnectProviderThumbprint": ["iam", "update-open-id-connect-provider-thumbprint",
                                              "--open-id-connect-provider-arn", OIDC, "--thumbprint-list", "c" * 40],
    "TagOpenIDConnectProvider": ["iam", "tag-open-id-connect-provider", "--open-id-connect-provider-arn", OIDC,
                                 "--tags", "Key=cost,Value=1"],
    "UntagOpenIDConnectProvider": ["iam", "untag-open-id-connect-provider", "--open-id-connect-provider-arn", OIDC,
                                   "--tag-keys", "team"],
    "ListOpenIDConnectProviderTags": ["iam", "list-open-id-connect-provider-tags", "--open-id-connect-provider-arn",
                                      OIDC],
    # s3
    "ListBuckets": ["s3api", "list-buckets"],
    "CreateBucket": ["s3api", "create-bucket", "--bucket", "another-bucket-1"],
    "DeleteBucket": ["s3api", "delete-bucket", "--bucket", "empty-bucket"],
    "HeadBucket": ["s3api", "head-bucket", "--bucket", "learner-bucket"],
    "GetBucketLocation": ["s3api", "get-bucket-location", "--bucket", "learner-bucket"],
    "PutBucketPolicy": ["s3api", "put-bucket-policy", "--bucket", "empty-bucket", "--policy",
                        BUCKET_POLICY.replace("learner-bucket", "empty-bucket")],
    "GetBucketPolicy": ["s3api", "get-bucket-policy", "--bucket", "learner-bucket"],
    "DeleteBucketPolicy": ["s3api", "delete-bucket-policy", "--bucket", "learner-bucket"],
    "PutObject": ["s3api", "put-object", "--bucket", "learner-bucket", "--key", "new.txt", "--body", "{body}",
                  "--content-type", "text/plain", "--acl", "private"],
    "GetObject": ["s3api", "get-object", "--bucket", "learner-bucket", "--key", "top.txt", "{out}"],
    "HeadObject": ["s3api", "head-object", "--bucket", "learner-bucket", "--key", "top.txt"],
    "DeleteObject": ["s3api", "delete-object", "--bucket", "learner-bucket", "--key", "top.txt"],
    "CopyObject": ["s3api", "copy-object", "--bucket", "learner-bucket", "--copy-source", "learner-bucket/top.txt",
                   "--key", "copy.txt"],
    "ListObjectsV2": ["s3api", "list-objects-v2", "--bucket", "learner-bucket", "--prefix", "docs/"],
    # ec2
    "DescribeInstances": ["ec2", "describe-instances", "--filters", "Name=instance-state-name,Values=running"],
    "RunInstances": ["ec2", "run-instances", "--image-id", AMI, "--instance-type", "t2.micro", "--tag-specifications",
                     "ResourceType=instance,Tags=[{Key=Name,Value=web-2}]"],
    "StartInstances": ["ec2", "start-instances", "--instance-ids", "{stopped}"],
    "StopInstances": ["ec2", "stop-instances", "--instance-ids", "{web}"],
    "TerminateInstances": ["ec2", "terminate-instances", "--instance-ids", "{stopped}"],
    "AssociateIamInstanceProfile": ["ec2", "associate-iam-instance-profile", "--instance-id", "{web}",
                                    "--iam-instance-profile", "Name=AppProfile"],
    "ReplaceIamInstanceProfileAssociation": ["ec2", "replace-iam-instance-profile-association", "--association-id",
                                             "{association}", "--iam-instance-profile", "Name=AppProfile"],
    "DisassociateIamInstanceProfile": ["ec2", "disassociate-iam-instance-profile", "--association-id",
                                       "{association}"],
    "DescribeIamInstanceProfileAssociations": ["ec2", "describe-iam-instance-profile-associations"],
    "ModifyInstanceMetadataOptions": ["ec2", "modify-instance-metadata-options", "--instance-id", "{web}",
                                      "--http-tokens", "required"],
    # cognito-idp (user pools)
    "cognito-idp:CreateUserPool": ["cognito-idp", "create-user-pool", "--pool-name", "another", "--policies",
                                   "PasswordPolicy={MinimumLength=10,RequireSymbols=false}", "--mfa-configuration",
                                   "OPTIONAL", "--user-pool-tags", "team=blue"],
    "cognito-idp:DescribeUserPool": ["cognito-idp", "describe-user-pool", "--user-pool-id", "{pool}"],
    "cognito-idp:ListUserPools": ["cognito-idp", "list-user-pools", "--max-results", "10"],
    "cognito-idp:DeleteUserPool": ["cognito-idp", "delete-user-pool", "--user-pool-id", "{pool}"],
    "cognito-idp:CreateUserPoolClient": ["cognito-idp", "create-user-pool-client", "--user-pool-id", "{pool}",
                                         "--client-name", "mobile", "--generate-secret"],
    "cognito-idp:DescribeUserPoolClient": ["cognito-idp", "describe-user-pool-client", "--user-pool-id", "{pool}",
                                           "--client-id", "{client}"],
    "cognito-idp:ListUserPoolClients": ["cognito-idp", "list-user-pool-clients", "--user-pool-id", "{pool}"],
    "cognito-idp:SignUp": ["cognito-idp", "sign-up", "--client-id", "{client}", "--username", "newcomer",
                           "--password", "Corr3ct-horse", "--user-attributes", "Name=email,Value=n@example.com"],
    "cognito-idp:ConfirmSignUp": ["cognito-idp", "confirm-sign-up", "--client-id", "{client}", "--username",
                                  "pending", "--confirmation-code", "{pending_code}"],
    "cognito-idp:ResendConfirmationCode": ["cognito-idp", "resend-confirmation-code", "--client-id", "{client}",
                                           "--username", "pending"],
    "cognito-idp:InitiateAuth": ["cognito-idp", "initiate-auth", "--client-id", "{client}", "--auth-flow",
                                 "USER_PASSWORD_AUTH", "--auth-parameters", "USERNAME=member,PASSWORD=Corr3ct-horse"],
    "cognito-idp:AdminInitiateAuth": ["cognito-idp", "admin-initiate-auth", "--user-pool-id", "{pool}",
                                      "--client-id", "{client}", "--auth-flow", "REFRESH_TOKEN_AUTH",
                                      "--auth-parameters", "REFRESH_TOKEN={refresh_token}"],
    "cognito-idp:AdminCreateUser": ["cognito-idp", "admin-create-user", "--user-pool-id", "{pool}", "--username",
                                    "made", "--user-attributes", "Name=email,Value=made@example.com",
                                    "--desired-delivery-mediums", "EMAIL"],
    "cognito-idp:RespondToAuthChallenge": ["cognito-idp", "respond-to-auth-challenge", "--client-id", "{client}",
                                           "--challenge-name", "NEW_PASSWORD_REQUIRED", "--session", "{session}",
                                           "--challenge-responses", "USERNAME=invited,NEW_PASSWORD=N3w-password!"],
    "cognito-idp:GetUser": ["cognito-idp", "get-user", "--access-token", "{access_token}"],
    "cognito-idp:ListUsers": ["cognito-idp", "list-users", "--user-pool-id", "{pool}", "--filter",
                              'cognito:user_status = "CONFIRMED"'],
    "cognito-idp:GlobalSignOut": ["cognito-idp", "global-sign-out", "--access-token", "{access_token}"],
    "cognito-idp:CreateGroup": ["cognito-idp", "create-group", "--user-pool-id", "{pool}", "--group-name", "editors",
                                "--precedence", "1", "--role-arn", f"arn:aws:iam::{ACCOUNT_ID}:role/App",
                                "--description", "can edit"],
    "cognito-idp:AdminAddUserToGroup": ["cognito-idp", "admin-add-user-to-group", "--user-pool-id", "{pool}",
                                        "--username", "member", "--group-name", "team"],
    "cognito-idp:ListGroups": ["cognito-idp", "list-groups", "--user-pool-id", "{pool}"],
    "cognito-idp:AdminListGroupsForUser": ["cognito-idp", "admin-list-groups-for-user", "--user-pool-id", "{pool}",
                                           "--username", "member"],
    "cognito-idp:CreateIdentityProvider": ["cognito-idp", "create-identity-provider", "--user-pool-id", "{pool}",
                                           "--provider-name", "Facebook", "--provider-type", "Facebook",
                                           "--provider-details",
                                           "client_id=1234567890123456,client_secret=s,authorize_scopes=email",
                                           "--attribute-mapping", "email=email"],
    "cognito-idp:DescribeIdentityProvider": ["cognito-idp", "describe-identity-provider", "--user-pool-id", "{pool}",
                                             "--provider-name", "Google"],
    "cognito-idp:ListIdentityProviders": ["cognito-idp", "list-identity-providers", "--user-pool-id", "{pool}"],
    # cognito-identity (identity pools)
    "cognito-identity:CreateIdentityPool": ["cognito-identity", "create-identity-pool", "--identity-pool-name",
                                            "more", "--no-allow-unauthenticated-identities",
                                            "--supported-login-providers", "graph.facebook.com=1234567890123456"],
    "cognito-identity:DescribeIdentityPool": ["cognito-identity", "describe-identity-pool", "--identity-pool-id",
                                              "{id_pool}"],
    "cognito-identity:ListIdentityPools": ["cognito-identity", "list-identity-pools", "--max-results", "10"],
    "cognito-identity:UpdateIdentityPool": ["cognito-identity", "update-identity-pool", "--identity-pool-id",
                                            "{id_pool}", "--identity-pool-name", "renamed",
                                            "--allow-unauthenticated-identities"],
    "cognito-identity:DeleteIdentityPool": ["cognito-identity", "delete-identity-pool", "--identity-pool-id",
                                            "{id_pool}"],
    "cognito-identity:SetIdentityPoolRoles": ["cognito-identity", "set-identity-pool-roles", "--identity-pool-id",
                                              "{id_pool}", "--roles",
                                              "unauthenticated={guests},authenticated={guests}"],
    "cognito-identity:GetIdentityPoolRoles": ["cognito-identity", "get-identity-pool-roles", "--identity-pool-id",
                                              "{id_pool}"],
    "cognito-identity:GetId": ["cognito-identity", "get-id", "--identity-pool-id", "{id_pool}"],
    "cognito-identity:GetCredentialsForIdentity": ["cognito-identity", "get-credentials-for-identity",
                                                   "--identity-id", "{guest}"],
    "cognito-identity:GetOpenIdToken": ["cognito-identity", "get-open-id-token", "--identity-id", "{guest}"],
    "cognito-identity:DescribeIdentity": ["cognito-identity", "describe-identity", "--identity-id", "{guest}"],
    "cognito-identity:ListIdentities": ["cognito-identity", "list-identities", "--identity-pool-id", "{id_pool}",
                                        "--max-results", "10"],
    # cognito-sync
    "cognito-sync:SetIdentityPoolConfiguration": ["cognito-sync", "set-identity-pool-configuration",
                                                  "--identity-pool-id", "{id_pool}"],
    "cognito-sync:GetIdentityPoolConfiguration": ["cognito-sync", "get-identity-pool-configuration",
                                                  "--identity-pool-id", "{id_pool}"],
    "cognito-sync:ListDatasets": ["cognito-sync", "list-datasets", "--identity-pool-id", "{id_pool}",
                                  "--identity-id", "{guest}"],
    "cognito-sync:ListRecords": ["cognito-sync", "list-records", "--identity-pool-id", "{id_pool}", "--identity-id",
                                 "{guest}", "--dataset-name", "notes"],
    "cognito-sync:UpdateRecords": ["cognito-sync", "update-records", "--identity-pool-id", "{id_pool}",
                                   "--identity-id", "{guest}", "--dataset-name", "notes", "--sync-session-token",
                                   "{sync_token}", "--record-patches", "Op=replace,Key=k,Value=w,SyncCount=1",
                                   "Op=replace,Key=n,Value=x,SyncCount=0"],
    "cognito-sync:RegisterDevice": ["cognito-sync", "register-device", "--identity-pool-id", "{id_pool}",
                                    "--identity-id", "{guest}", "--platform", "GCM", "--token", "another-token"],
    "cognito-sync:SubscribeToDataset": ["cognito-sync", "subscribe-to-dataset", "--identity-pool-id", "{id_pool}",
                                        "--identity-id", "{guest}", "--dataset-name", "notes", "--device-id",
                                        "{device}"],
    # sns
    "sns:CreatePlatformApplication": ["sns", "create-platform-application", "--name", "other", "--platform", "GCM",
                                      "--attributes", "PlatformCredential=key"],
    "sns:CreatePlatformEndpoint": ["sns", "create-platform-endpoint", "--platform-application-arn",
                                   "{platform_app}", "--token", "a-new-token", "--custom-user-data", "ana"],
    "sns:ListEndpointsByPlatformApplication": ["sns", "list-endpoints-by-platform-application",
                                               "--platform-application-arn", "{platform_app}"],
    "sns:Publish": ["sns", "publish", "--target-arn", "{endpoint}", "--message", "hello"],
}

# the services whose samples are named SERVICE:Operation (their operation names repeat IAM's)
QUALIFIED = ("cognito-idp", "cognito-identity", "cognito-sync", "sns")


def sample_key(service: str, operation: str) -> str:
    return f"{service}:{operation}" if service in QUALIFIED else operation


def api_name(key: str) -> str:
    return key.split(":", 1)[-1]


AS_USER = {"ChangePassword"}


def command(sample: list, account: Account, world) -> list[str]:
    """A sample's arguments with the account's facts filled in, and what expires made now: MFA
    codes, and a challenge's Session (valid three minutes: a loaded run can take longer
    between building the account and the sample that uses it)."""
    from sandbox.services.cognito_idp.tokens import challenge_session

    facts = dict(account.facts)
    facts["alice_code1"], facts["alice_code2"] = mfa_codes(world, MFA + "alice-phone")
    facts["spare_code1"], facts["spare_code2"] = mfa_codes(world, MFA + "spare-phone")
    facts["session"] = challenge_session(world, facts["pool"], "invited", "NEW_PASSWORD_REQUIRED")
    return [_PLACEHOLDER.sub(lambda m: str(facts[m.group(1)]), arg) for arg in sample]


_PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")
