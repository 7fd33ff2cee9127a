"""IAM operations through ``iam-sandbox aws iam ...``: managed and inline policies,
DeleteConflict rules, quotas and name rules, instance profiles, permissions boundaries,
tags, the account summary and the policy simulator."""

from __future__ import annotations

import json

import pytest

from sandboxhelp import allow, doc

AWS_READ_ONLY = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
AWS_POLICIES = [f"arn:aws:iam::aws:policy/{n}" for n in (
    "AmazonS3ReadOnlyAccess", "AmazonS3FullAccess", "AmazonEC2ReadOnlyAccess", "AmazonEC2FullAccess",
    "IAMReadOnlyAccess", "IAMFullAccess", "ReadOnlyAccess", "SecurityAudit", "job-function/ViewOnlyAccess",
    "AmazonSNSReadOnlyAccess", "AmazonSNSFullAccess")]


# -- managed policies: AWS's cannot be edited, a customer copy can ---------------------------------------

def test_aws_managed_policy_cannot_be_edited(sb):
    document = doc(allow("iam:Get*"))
    code, op, message = sb.aws("iam", "create-policy-version", "--policy-arn", AWS_READ_ONLY,
                               "--policy-document", document, "--set-as-default").error()
    assert (code, op) == ("AccessDenied", "CreatePolicyVersion")
    assert message.startswith(f"User: {sb.arn('user', 'admin')} is not authorized to perform: "
                              f"iam:CreatePolicyVersion on resource: {AWS_READ_ONLY}")
    for argv in (("delete-policy", "--policy-arn", AWS_READ_ONLY),
                 ("set-default-policy-version", "--policy-arn", AWS_READ_ONLY, "--version-id", "v1"),
                 ("delete-policy-version", "--policy-arn", AWS_READ_ONLY, "--version-id", "v1")):
        assert sb.aws("iam", *argv).error()[0] == "AccessDenied", argv
    policy = sb.ok("iam", "get-policy", "--policy-arn", AWS_READ_ONLY)["Policy"]
    assert policy["DefaultVersionId"] == "v4" and policy["Arn"] == AWS_READ_ONLY


def test_customer_managed_copy_versions_and_deletion(sb):
    original = sb.ok("iam", "get-policy-version", "--policy-arn", AWS_READ_ONLY, "--version-id", "v4",
                     "--query", "PolicyVersion.Document")
    assert original["Version"] == "2012-10-17"
    created = sb.ok("iam", "create-policy", "--policy-name", "MyIAMRead",
                    "--policy-document", sb.file("copy.json", original))["Policy"]
    arn = created["Arn"]
    assert arn == sb.arn("policy", "MyIAMRead") and created["DefaultVersionId"] == "v1"
    assert created["PolicyId"].startswith("ANPA") and created["AttachmentCount"] == 0

    narrower = doc(allow(["iam:GetUser", "iam:ListUsers"]))
    v2 = sb.ok("iam", "create-policy-version", "--policy-arn", arn, "--policy-document", narrower,
               "--set-as-default")["PolicyVersion"]
    assert v2["VersionId"] == "v2" and v2["IsDefaultVersion"] is True
    got = sb.ok("iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v2")["PolicyVersion"]
    assert got["Document"] == json.loads(narrower)
    for _ in range(3):
        sb.ok("iam", "create-policy-version", "--policy-arn", arn, "--policy-document", narrower)
    versions = sb.ok("iam", "list-policy-versions", "--policy-arn", arn, "--query",
                     "Versions[].[VersionId,IsDefaultVersion]")
    assert versions == [["v5", False], ["v4", False], ["v3", False], ["v2", True], ["v1", False]]
    message = sb.fails("LimitExceeded", "CreatePolicyVersion", "iam", "create-policy-version", "--policy-arn", arn,
                       "--policy-document", narrower)
    assert message == ("A managed policy can have up to 5 versions. Before you create a new version, you must "
                       "delete an existing version.")

    message = sb.fails("DeleteConflict", "DeletePolicyVersion", "iam", "delete-policy-version", "--policy-arn", arn,
                       "--version-id", "v2")
    assert message == "Cannot delete the default version of a policy."

    sb.ok("iam", "attach-user-policy", "--user-name", "admin", "--policy-arn", arn)
    assert sb.ok("iam", "get-policy", "--policy-arn", arn)["Policy"]["AttachmentCount"] == 1
    message = sb.fails("DeleteConflict", "DeletePolicy", "iam", "delete-policy", "--policy-arn", arn)
    assert message == "Cannot delete a policy attached to entities."
    sb.ok("iam", "detach-user-policy", "--user-name", "admin", "--policy-arn", arn)
    message = sb.fails("DeleteConflict", "DeletePolicy", "iam", "delete-policy", "--policy-arn", arn)
    assert message == ("This policy has more than one version. Before you delete a policy, you must delete the "
                       "policy's versions. The default version is deleted with the policy.")
    for v in ("v1", "v3", "v4", "v5"):
        sb.ok("iam", "delete-policy-version", "--policy-arn", arn, "--version-id", v)
    sb.ok("iam", "delete-policy", "--policy-arn", arn)
    message = sb.fails("NoSuchEntity", "GetPolicy", "iam", "get-policy", "--policy-arn", arn)
    assert message == f"Policy {arn} was not found."


def test_list_policies_and_entities_for_policy(sb):
    sb.ok("iam", "create-policy", "--policy-name", "Mine", "--policy-document", doc(allow("s3:List*")))
    local = sb.ok("iam", "list-policies", "--scope", "Local", "--query", "Policies[].PolicyName")
    assert local == ["Mine"]
    aws = sb.ok("iam", "list-policies", "--scope", "AWS", "--query", "Policies[].Arn")
    assert ADMIN in aws and AWS_READ_ONLY in aws and all(a.startswith("arn:aws:iam::aws:policy/") for a in aws)
    attached = sb.ok("iam", "list-policies", "--only-attached", "--query", "Policies[].[PolicyName,AttachmentCount]")
    assert attached == [["AdministratorAccess", 1]]
    entities = sb.ok("iam", "list-entities-for-policy", "--policy-arn", ADMIN)
    group_id = sb.world()["groups"].get("Admins")["GroupId"]
    assert entities == {"PolicyGroups": [{"GroupName": "Admins", "GroupId": group_id}], "PolicyUsers": [],
                        "PolicyRoles": []}


def test_a_new_default_version_takes_effect_at_once(sb):
    sb.new_user("bob")
    arn = sb.ok("iam", "create-policy", "--policy-name", "P", "--policy-document",
                doc(allow("iam:ListUsers")))["Policy"]["Arn"]
    sb.ok("iam", "attach-user-policy", "--user-name", "bob", "--policy-arn", arn)
    sb.ok("iam", "list-users", profile="bob")
    sb.ok("iam", "create-policy-version", "--policy-arn", arn, "--policy-document", doc(allow("iam:ListRoles")),
          "--set-as-default")
    assert sb.aws("iam", "list-users", profile="bob").error()[0] == "AccessDenied"
    sb.ok("iam", "set-default-policy-version", "--policy-arn", arn, "--version-id", "v1")
    sb.ok("iam", "list-users", profile="bob")


def test_duplicate_and_malformed_policies(sb):
    sb.ok("iam", "create-policy", "--policy-name", "Pol", "--policy-document", doc(allow()))
    message = sb.fails("EntityAlreadyExists", "CreatePolicy", "iam", "create-policy", "--policy-name", "Pol",
                       "--policy-document", doc(allow()))
    assert message == "A policy called Pol already exists. Duplicate names are not allowed."
    message = sb.fails("MalformedPolicyDocument", "CreatePolicy", "iam", "create-policy", "--policy-name", "Bad",
                       "--policy-document", '{"Version": "2012-10-17", "Statement": {"Effect": "Allow"')
    assert message.startswith("Syntax errors in policy.")
    message = sb.fails("MalformedPolicyDocument", "PutUserPolicy", "iam", "put-user-policy", "--user-name", "admin",
                       "--policy-name", "P", "--policy-document",
                       doc({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}))
    assert message == "Policy document should not specify a principal."
    message = sb.fails("NoSuchEntity", "AttachUserPolicy", "iam", "attach-user-policy", "--user-name", "admin",
                       "--policy-arn", "arn:aws:iam::aws:policy/NoSuchPolicy")
    assert message == "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable."


# -- inline policies belong to their principal ---------------------------------------------------------

def test_inline_policy_disappears_with_its_user(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    sb.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "Mine",
          "--policy-document", sb.file("mine.json", doc(allow("s3:ListAllMyBuckets"))))
    assert sb.ok("iam", "list-user-policies", "--user-name", "bob")["PolicyNames"] == ["Mine"]
    got = sb.ok("iam", "get-user-policy", "--user-name", "bob", "--policy-name", "Mine")
    assert got == {"UserName": "bob", "PolicyName": "Mine",
                   "PolicyDocument": json.loads(doc(allow("s3:ListAllMyBuckets")))}

    message = sb.fails("DeleteConflict", "DeleteUser", "iam", "delete-user", "--user-name", "bob")
    assert message == "Cannot delete entity, must delete policies first."
    sb.ok("iam", "delete-user-policy", "--user-name", "bob", "--policy-name", "Mine")
    sb.ok("iam", "delete-user", "--user-name", "bob")
    assert sb.fails("NoSuchEntity", "GetUser", "iam", "get-user", "--user-name", "bob") == \
        "The user with name bob cannot be found."
    # a new bob does not get the old inline policy back
    sb.ok("iam", "create-user", "--user-name", "bob")
    assert sb.ok("iam", "list-user-policies", "--user-name", "bob")["PolicyNames"] == []
    message = sb.fails("NoSuchEntity", "GetUserPolicy", "iam", "get-user-policy", "--user-name", "bob",
                       "--policy-name", "Mine")
    assert message == "The user policy with name Mine cannot be found."


def test_delete_user_conflicts_one_by_one(sb):
    key = sb.new_user("bob", password="Bob-Pass-123!", group="Admins")
    sb.ok("iam", "attach-user-policy", "--user-name", "bob", "--policy-arn", AWS_READ_ONLY)

    def conflict() -> str:
        return sb.fails("DeleteConflict", "DeleteUser", "iam", "delete-user", "--user-name", "bob")

    assert conflict() == "Cannot delete entity, must delete login profile first."
    sb.ok("iam", "delete-login-profile", "--user-name", "bob")
    assert conflict() == "Cannot delete entity, must delete access keys first."
    sb.ok("iam", "delete-access-key", "--user-name", "bob", "--access-key-id", key.id)
    assert conflict() == "Cannot delete entity, must detach all policies first."
    sb.ok("iam", "detach-user-policy", "--user-name", "bob", "--policy-arn", AWS_READ_ONLY)
    assert conflict() == "Cannot delete entity, must remove users from group first."
    sb.ok("iam", "remove-user-from-group", "--group-name", "Admins", "--user-name", "bob")
    sb.ok("iam", "delete-user", "--user-name", "bob")
    assert sb.aws("sts", "get-caller-identity", profile="bob").error()[0] == "InvalidClientTokenId"


def test_delete_group_and_role_conflicts(sb):
    sb.ok("iam", "create-group", "--group-name", "Devs")
    sb.ok("iam", "create-user", "--user-name", "bob")
    sb.ok("iam", "add-user-to-group", "--group-name", "Devs", "--user-name", "bob")
    sb.ok("iam", "put-group-policy", "--group-name", "Devs", "--policy-name", "G", "--policy-document", doc(allow()))
    sb.ok("iam", "attach-group-policy", "--group-name", "Devs", "--policy-arn", AWS_READ_ONLY)
    message = sb.fails("DeleteConflict", "DeleteGroup", "iam", "delete-group", "--group-name", "Devs")
    assert message == "Cannot delete entity, must remove users from group first."
    sb.ok("iam", "remove-user-from-group", "--group-name", "Devs", "--user-name", "bob")
    message = sb.fails("DeleteConflict", "DeleteGroup", "iam", "delete-group", "--group-name", "Devs")
    assert message == "Cannot delete entity, must delete policies first."
    sb.ok("iam", "delete-group-policy", "--group-name", "Devs", "--policy-name", "G")
    message = sb.fails("DeleteConflict", "DeleteGroup", "iam", "delete-group", "--group-name", "Devs")
    assert message == "Cannot delete entity, must detach all policies first."
    sb.ok("iam", "detach-group-policy", "--group-name", "Devs", "--policy-arn", AWS_READ_ONLY)
    sb.ok("iam", "delete-group", "--group-name", "Devs")
    assert sb.fails("NoSuchEntity", "GetGroup", "iam", "get-group", "--group-name", "Devs") == \
        "The group with name Devs cannot be found."

    sb.ok("iam", "create-role", "--role-name", "App", "--assume-role-policy-document",
          doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}))
    sb.ok("iam", "put-role-policy", "--role-name", "App", "--policy-name", "R", "--policy-document", doc(allow()))
    assert sb.fails("DeleteConflict", "DeleteRole", "iam", "delete-role", "--role-name", "App") == \
        "Cannot delete entity, must delete policies first."
    sb.ok("iam", "delete-role-policy", "--role-name", "App", "--policy-name", "R")
    sb.ok("iam", "delete-role", "--role-name", "App")
    assert sb.fails("NoSuchEntity", "GetRole", "iam", "get-role", "--role-name", "App") == \
        "The role with name App cannot be found."


def test_inline_policy_size_limits(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    actions = [f"s3:GetObjectVersionTagging{i:04d}" for i in range(80)]  # about 2,600 characters
    big = doc(allow(actions))
    message = sb.fails("LimitExceeded", "PutUserPolicy", "iam", "put-user-policy", "--user-name", "bob",
                       "--policy-name", "Big", "--policy-document", big)
    assert message == "Maximum policy size of 2048 bytes exceeded for user bob"
    # white space does not count: the same document pretty-printed with the first 60 actions fits
    fits = json.dumps(json.loads(doc(allow(actions[:55]))), indent=8)
    assert len(fits) > 2048
    sb.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "Fits", "--policy-document", fits)
    # the total of all inline policies of the user counts
    message = sb.fails("LimitExceeded", "PutUserPolicy", "iam", "put-user-policy", "--user-name", "bob",
                       "--policy-name", "More", "--policy-document", doc(allow(actions[:20])))
    assert message == "Maximum policy size of 2048 bytes exceeded for user bob"
    # a group allows 5,120, a role 10,240
    sb.ok("iam", "create-group", "--group-name", "G")
    sb.ok("iam", "put-group-policy", "--group-name", "G", "--policy-name", "Big", "--policy-document", big)
    huge = doc(allow([f"s3:GetObjectVersionTagging{i:04d}" for i in range(170)]))
    message = sb.fails("LimitExceeded", "PutGroupPolicy", "iam", "put-group-policy", "--group-name", "G",
                       "--policy-name", "Huge", "--policy-document", huge)
    assert message == "Maximum policy size of 5120 bytes exceeded for group G"
    sb.ok("iam", "create-role", "--role-name", "R", "--assume-role-policy-document",
          doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}))
    sb.ok("iam", "put-role-policy", "--role-name", "R", "--policy-name", "Huge", "--policy-document", huge)
    message = sb.fails("LimitExceeded", "PutRolePolicy", "iam", "put-role-policy", "--role-name", "R",
                       "--policy-name", "Huge2", "--policy-document", huge)
    assert message == "Maximum policy size of 10240 bytes exceeded for role R"


def test_managed_and_trust_policy_size_limits(sb):
    huge = doc(allow([f"s3:GetObjectVersionTagging{i:04d}" for i in range(200)]))
    message = sb.fails("LimitExceeded", "CreatePolicy", "iam", "create-policy", "--policy-name", "Huge",
                       "--policy-document", huge)
    assert message == "Cannot exceed quota for PolicySize: 6144"
    principals = [f"arn:aws:iam::{sb.account}:root"] * 60
    trust = doc({"Effect": "Allow", "Principal": {"AWS": principals}, "Action": "sts:AssumeRole"})
    message = sb.fails("LimitExceeded", "CreateRole", "iam", "create-role", "--role-name", "R",
                       "--assume-role-policy-document", trust)
    assert message == "Cannot exceed quota for ACLSizePerRole: 2048"


# -- quotas and name rules -----------------------------------------------------------------------------

def test_ten_managed_policies_per_user_group_and_role(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    sb.ok("iam", "create-group", "--group-name", "G")
    sb.ok("iam", "create-role", "--role-name", "R", "--assume-role-policy-document",
          doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}))
    for kind, flag, name, quota in (("user", "--user-name", "bob", "PoliciesPerUser"),
                                    ("group", "--group-name", "G", "PoliciesPerGroup"),
                                    ("role", "--role-name", "R", "PoliciesPerRole")):
        for arn in AWS_POLICIES[:10]:
            sb.ok("iam", f"attach-{kind}-policy", flag, name, "--policy-arn", arn)
        # attaching one already attached changes nothing
        sb.ok("iam", f"attach-{kind}-policy", flag, name, "--policy-arn", AWS_POLICIES[0])
        message = sb.fails("LimitExceeded", f"Attach{kind.capitalize()}Policy", "iam", f"attach-{kind}-policy", flag,
                           name, "--policy-arn", AWS_POLICIES[10])
        assert message == f"Cannot exceed quota for {quota}: 10"
        listed = sb.ok("iam", f"list-attached-{kind}-policies", flag, name, "--query", "AttachedPolicies[].PolicyArn")
        assert listed == AWS_POLICIES[:10]


def test_ten_groups_per_user(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    for i in range(11):
        sb.ok("iam", "create-group", "--group-name", f"g{i}")
    for i in range(10):
        sb.ok("iam", "add-user-to-group", "--group-name", f"g{i}", "--user-name", "bob")
    message = sb.fails("LimitExceeded", "AddUserToGroup", "iam", "add-user-to-group", "--group-name", "g10",
                       "--user-name", "bob")
    assert message == "Cannot exceed quota for GroupsPerUser: 10"
    assert len(sb.ok("iam", "list-groups-for-user", "--user-name", "bob")["Groups"]) == 10


@pytest.mark.parametrize("argv, member", [
    (("create-user", "--user-name", "bad name"), "userName"),
    (("create-group", "--group-name", "bad name"), "groupName"),
    (("create-role", "--role-name", "bad name", "--assume-role-policy-document", "{}"), "roleName"),
    (("create-policy", "--policy-name", "bad name", "--policy-document", doc(allow())), "policyName"),
    (("create-instance-profile", "--instance-profile-name", "bad name"), "instanceProfileName"),
])
def test_invalid_names(sb, argv, member):
    code, _, message = sb.aws("iam", *argv).error()
    assert code == "ValidationError"
    assert message == (f"1 validation error detected: Value 'bad name' at '{member}' failed to satisfy constraint: "
                       "Member must satisfy regular expression pattern: [\\w+=,.@-]+")


def test_name_length_and_path_rules(sb):
    message = sb.fails("ValidationError", "CreateUser", "iam", "create-user", "--user-name", "u" * 65)
    assert message == (f"1 validation error detected: Value '{'u' * 65}' at 'userName' failed to satisfy constraint: "
                       "Member must have length less than or equal to 64")
    sb.ok("iam", "create-user", "--user-name", "u" * 64)
    message = sb.fails("ValidationError", "CreateUser", "iam", "create-user", "--user-name", "p1", "--path", "nope")
    assert message.startswith("The specified value for path is invalid.")
    user = sb.ok("iam", "create-user", "--user-name", "p1", "--path", "/division/")["User"]
    assert user["Arn"] == sb.arn("user", "division/p1")
    assert sb.ok("iam", "list-users", "--path-prefix", "/division/", "--query", "Users[].UserName") == ["p1"]


def test_names_are_unique_ignoring_case(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    message = sb.fails("EntityAlreadyExists", "CreateUser", "iam", "create-user", "--user-name", "Bob")
    assert message == "User with name Bob already exists."
    sb.ok("iam", "create-group", "--group-name", "devs")
    assert sb.fails("EntityAlreadyExists", "CreateGroup", "iam", "create-group", "--group-name", "DEVS") == \
        "Group with name DEVS already exists."
    # and found ignoring case, as IAM does
    assert sb.ok("iam", "get-user", "--user-name", "BOB")["User"]["UserName"] == "bob"


def test_region_changes_nothing_for_iam(sb):
    sb.ok("iam", "create-user", "--user-name", "bob", "--region", "eu-west-1")
    users = sb.ok("iam", "list-users", "--region", "ap-southeast-2", "--query", "Users[].Arn")
    assert sb.arn("user", "bob") in users
    assert all(":iam::" in arn for arn in users)  # IAM ARNs carry no region
    assert sb.ok("iam", "get-user", "--user-name", "bob") == sb.ok("iam", "get-user", "--user-name", "bob",
                                                                    "--region", "eu-west-1")


def test_rename_user_keeps_keys(sb):
    key = sb.new_user("bob")
    sb.ok("iam", "update-user", "--user-name", "bob", "--new-user-name", "robert")
    assert sb.ok("sts", "get-caller-identity", profile="bob")["Arn"] == sb.arn("user", "robert")
    keys = sb.ok("iam", "list-access-keys", "--user-name", "robert", "--query", "AccessKeyMetadata[].AccessKeyId")
    assert keys == [key.id]


# -- instance profiles ------------------------------------------------------------------------------------

def test_instance_profiles(sb):
    ec2_trust = doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
    for role in ("WebRole", "OtherRole"):
        sb.ok("iam", "create-role", "--role-name", role, "--assume-role-policy-document", ec2_trust)
    profile = sb.ok("iam", "create-instance-profile", "--instance-profile-name", "Web")["InstanceProfile"]
    assert profile["InstanceProfileId"].startswith("AIPA") and profile["Roles"] == []
    assert profile["Arn"] == sb.arn("instance-profile", "Web")
    assert sb.fails("EntityAlreadyExists", "CreateInstanceProfile", "iam", "create-instance-profile",
                    "--instance-profile-name", "Web") == "Instance Profile Web already exists."

    sb.ok("iam", "add-role-to-instance-profile", "--instance-profile-name", "Web", "--role-name", "WebRole")
    message = sb.fails("LimitExceeded", "AddRoleToInstanceProfile", "iam", "add-role-to-instance-profile",
                       "--instance-profile-name", "Web", "--role-name", "OtherRole")
    assert message == "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"

    listed = sb.ok("iam", "list-instance-profiles", "--query",
                   "InstanceProfiles[].[InstanceProfileName,Roles[0].RoleName]")
    assert listed == [["Web", "WebRole"]]
    for_role = sb.ok("iam", "list-instance-profiles-for-role", "--role-name", "WebRole",
                     "--query", "InstanceProfiles[].InstanceProfileName")
    assert for_role == ["Web"]

    message = sb.fails("DeleteConflict", "DeleteRole", "iam", "delete-role", "--role-name", "WebRole")
    assert message == "Cannot delete entity, must remove roles from instance profile first."
    message = sb.fails("DeleteConflict", "DeleteInstanceProfile", "iam", "delete-instance-profile",
                       "--instance-profile-name", "Web")
    assert message == "Cannot delete entity, must remove roles from instance profile first."
    sb.ok("iam", "remove-role-from-instance-profile", "--instance-profile-name", "Web", "--role-name", "WebRole")
    sb.ok("iam", "delete-instance-profile", "--instance-profile-name", "Web")
    sb.ok("iam", "delete-role", "--role-name", "WebRole")
    assert sb.fails("NoSuchEntity", "GetInstanceProfile", "iam", "get-instance-profile", "--instance-profile-name",
                    "Web") == "Instance Profile Web cannot be found."


def test_adding_a_role_to_an_instance_profile_needs_pass_role(sb):
    sb.new_user("bob")
    sb.ok("iam", "create-role", "--role-name", "WebRole", "--assume-role-policy-document",
          doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}))
    sb.ok("iam", "create-instance-profile", "--instance-profile-name", "Web")
    sb.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "Profiles",
          "--policy-document", doc(allow("iam:AddRoleToInstanceProfile")))
    message = sb.fails("AccessDenied", "AddRoleToInstanceProfile", "iam", "add-role-to-instance-profile",
                       "--instance-profile-name", "Web", "--role-name", "WebRole", profile="bob")
    assert "iam:PassRole" in message and sb.arn("role", "WebRole") in message


# -- permissions boundaries ---------------------------------------------------------------------------------

def test_permissions_boundary_limits_an_admin_granted_user(sb):
    sb.new_user("bob", group="Admins")
    sb.ok("iam", "list-roles", profile="bob")
    sb.ok("sts", "get-caller-identity", profile="bob")
    boundary = sb.ok("iam", "create-policy", "--policy-name", "OnlyIAMRead",
                     "--policy-document", doc(allow(["iam:Get*", "iam:List*"])))["Policy"]["Arn"]
    sb.ok("iam", "put-user-permissions-boundary", "--user-name", "bob", "--permissions-boundary", boundary)
    assert sb.ok("iam", "get-user", "--user-name", "bob")["User"]["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": boundary}

    sb.ok("iam", "list-roles", profile="bob")  # in both
    message = sb.fails("AccessDenied", "CreateUser", "iam", "create-user", "--user-name", "eve", profile="bob")
    assert message == (f"User: {sb.arn('user', 'bob')} is not authorized to perform: iam:CreateUser on resource: "
                       f"{sb.arn('user', 'eve')} because no permissions boundary allows the iam:CreateUser action")
    assert sb.ok("iam", "get-policy", "--policy-arn", boundary)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    message = sb.fails("DeleteConflict", "DeletePolicy", "iam", "delete-policy", "--policy-arn", boundary)
    assert message == "Cannot delete a policy attached to entities."

    sb.ok("iam", "delete-user-permissions-boundary", "--user-name", "bob")
    sb.ok("iam", "create-user", "--user-name", "eve", profile="bob")


# -- tags ---------------------------------------------------------------------------------------------------

def test_tags_on_users_and_roles(sb):
    sb.ok("iam", "create-user", "--user-name", "bob", "--tags", "Key=team,Value=blue", "Key=env,Value=dev")
    sb.ok("iam", "tag-user", "--user-name", "bob", "--tags", "Key=team,Value=red")
    tags = sb.ok("iam", "list-user-tags", "--user-name", "bob")["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("env", "dev"), ("team", "red")]
    sb.ok("iam", "untag-user", "--user-name", "bob", "--tag-keys", "env")
    assert sb.ok("iam", "list-user-tags", "--user-name", "bob")["Tags"] == [{"Key": "team", "Value": "red"}]
    message = sb.fails("InvalidInput", "TagUser", "iam", "tag-user", "--user-name", "bob", "--tags",
                       "Key=a,Value=1", "Key=A,Value=2")
    assert message == "Duplicate tag keys found. Please note that Tag keys are case insensitive."

    sb.ok("iam", "create-role", "--role-name", "R", "--assume-role-policy-document",
          doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}))
    sb.ok("iam", "tag-role", "--role-name", "R", "--tags", '[{"Key": "owner", "Value": "bob"}]')
    assert sb.ok("iam", "get-role", "--role-name", "R")["Role"]["Tags"] == [{"Key": "owner", "Value": "bob"}]


def test_tag_based_access_control(sb):
    sb.new_user("bob")
    sb.ok("iam", "create-user", "--user-name", "blue1", "--tags", "Key=team,Value=blue")
    sb.ok("iam", "create-user", "--user-name", "red1", "--tags", "Key=team,Value=red")
    sb.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "BlueOnly", "--policy-document",
          doc(allow("iam:GetUser", Condition={"StringEquals": {"iam:ResourceTag/team": "blue"}})))
    sb.ok("iam", "get-user", "--user-name", "blue1", profile="bob")
    assert sb.aws("iam", "get-user", "--user-name", "red1", profile="bob").error()[0] == "AccessDenied"


# -- the account -------------------------------------------------------------------------------------------

def test_account_summary_counts(sb):
    before = sb.ok("iam", "get-account-summary")["SummaryMap"]
    assert before["Users"] == 1 and before["Groups"] == 1 and before["Roles"] == 0
    assert before["AccountMFAEnabled"] == 0 and before["AccessKeysPerUserQuota"] == 2
    assert before["AttachedPoliciesPerUserQuota"] == 10 and before["GroupsPerUserQuota"] == 10
    assert before["UserPolicySizeQuota"] == 2048 and before["VersionsPerPolicyQuota"] == 5
    sb.ok("iam", "create-user", "--user-name", "bob")
    sb.ok("iam", "create-policy", "--policy-name", "P", "--policy-document", doc(allow()))
    after = sb.ok("iam", "get-account-summary")["SummaryMap"]
    assert after["Users"] == 2 and after["Policies"] == 1
    assert list(after) == sorted(after)


def test_account_alias(sb):
    message = sb.fails("ValidationError", "CreateAccountAlias", "iam", "create-account-alias", "--account-alias",
                       "Bad_Alias")
    assert message.startswith("1 validation error detected: Value 'Bad_Alias' at 'accountAlias'")
    sb.ok("iam", "create-account-alias", "--account-alias", "my-sandbox")
    assert sb.ok("iam", "list-account-aliases")["AccountAliases"] == ["my-sandbox"]
    assert "Account alias:     my-sandbox" in sb.run("world", "info").out


# -- the policy simulator on a live principal -----------------------------------------------------------

def test_simulate_principal_policy_includes_groups_and_applies_the_boundary(sb):
    sb.new_user("bob", key=False, group="Admins")
    boundary = sb.ok("iam", "create-policy", "--policy-name", "OnlyGet",
                     "--policy-document", doc(allow("iam:Get*")))["Policy"]["Arn"]
    sb.ok("iam", "put-user-permissions-boundary", "--user-name", "bob", "--permissions-boundary", boundary)
    out = sb.ok("iam", "simulate-principal-policy", "--policy-source-arn", sb.arn("user", "bob"),
                "--action-names", "iam:GetUser", "iam:ListUsers")
    assert set(out) == {"EvaluationResults"}  # the CLI pages through: no IsTruncated
    get_user, list_users = out["EvaluationResults"]
    assert get_user["EvalActionName"] == "iam:GetUser" and get_user["EvalResourceName"] == "*"
    assert get_user["EvalDecision"] == "allowed"
    matched = get_user["MatchedStatements"][0]
    assert matched["SourcePolicyId"] == "AdministratorAccess"  # through the group Admins
    assert set(matched) >= {"SourcePolicyId", "StartPosition", "EndPosition"}
    assert get_user["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}
    assert list_users["EvalDecision"] == "implicitDeny"
    assert list_users["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}

    text = sb.aws("iam", "simulate-principal-policy", "--policy-source-arn", sb.arn("user", "bob"),
                  "--action-names", "iam:GetUser", "iam:ListUsers", "--query",
                  "EvaluationResults[].[EvalActionName,EvalDecision]", "--output", "text")
    assert text.out == "iam:GetUser\tallowed\niam:ListUsers\timplicitDeny\n"

    message = sb.fails("NoSuchEntity", "SimulatePrincipalPolicy", "iam", "simulate-principal-policy",
                       "--policy-source-arn", sb.arn("user", "ghost"), "--action-names", "iam:GetUser")
    assert message == "The user with name ghost cannot be found."


def test_simulate_principal_policy_is_itself_authorized(sb):
    sb.new_user("bob")
    message = sb.fails("AccessDenied", "SimulatePrincipalPolicy", "iam", "simulate-principal-policy",
                       "--policy-source-arn", sb.arn("user", "admin"), "--action-names", "iam:GetUser",
                       profile="bob")
    assert f"iam:SimulatePrincipalPolicy on resource: {sb.arn('user', 'admin')}" in message
