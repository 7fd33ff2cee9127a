"""``aws iam``: the IAM operations the sandbox supports, named as the AWS CLI names them."""

from sandbox.awscli.spec import (
    BOOLEAN,
    INTEGER,
    JSON_DOC,
    LIST,
    STRING,
    STRUCTURE_LIST,
    TAGS,
    P,
    Param,
    Service,
    op,
    ops,
)

CONTEXT_ENTRY = {"ContextKeyName": STRING, "ContextKeyValues": LIST, "ContextKeyType": STRING}

USER = P("UserName", required=True, help="The IAM user's name.", completes="user")
USER_OPT = P("UserName", help="The IAM user's name (default: the caller).", completes="user")
GROUP = P("GroupName", required=True, help="The group's name.", completes="group")
ROLE = P("RoleName", required=True, help="The role's name.", completes="role")
POLICY_ARN = P("PolicyArn", required=True, help="ARN of a managed policy.", completes="policy-arn")
POLICY_NAME = P("PolicyName", required=True, help="Name of the inline policy.")
DOCUMENT = P("PolicyDocument", JSON_DOC, required=True, help="The policy document: JSON text, or file://path.")
PATH = P("Path", help="Path of the entity, such as /division/ (default /).")
PATH_PREFIX = P("PathPrefix", help="Only entities whose path starts with this.")
PROFILE = P("InstanceProfileName", required=True, help="The instance profile's name.", completes="instance-profile")
BOUNDARY = P("PermissionsBoundary", help="ARN of the managed policy to use as permissions boundary.",
             completes="policy-arn")
REQUIRED_TAGS = Param("tags", "Tags", STRUCTURE_LIST, True, "Tags as Key=string,Value=string.",
                      members={"Key": STRING, "Value": STRING})

_SIMULATION = (
    P("PermissionsBoundaryPolicyInputList", LIST,
      help="Permissions boundary policies (JSON strings) to apply to the simulated identity."),
    P("ActionNames", LIST, required=True, help="API actions to simulate, such as s3:GetObject (no wildcards)."),
    P("ResourceArns", LIST, help="Resource ARNs to simulate against; default *."),
    P("ResourcePolicy", JSON_DOC, help="A resource-based policy (JSON) to include."),
    P("ResourceOwner", help="Account that owns the simulated resources, as arn:aws:iam::ACCOUNT:root."),
    P("CallerArn", help="ARN of the IAM user to simulate as the caller."),
    P("ContextEntries", STRUCTURE_LIST, members=CONTEXT_ENTRY,
      help="Context keys and values, e.g. ContextKeyName=aws:SourceIp,ContextKeyValues=10.0.0.1,ContextKeyType=ip."),
    P("ResourceHandlingOption"),
)


OPERATIONS = [
    # users
    op("CreateUser", "Create an IAM user. A new user has no permissions until a policy grants some.",
       PATH, P("UserName", required=True), BOUNDARY, TAGS),
    op("GetUser", "Show a user (default: the caller).", USER_OPT),
    op("ListUsers", "List the account's IAM users.", PATH_PREFIX, paginated="Users"),
    op("UpdateUser", "Rename a user or change its path.", USER, P("NewPath"), P("NewUserName")),
    op("DeleteUser", "Delete a user (its keys, password, MFA, policies and group memberships must go first).", USER),
    op("ListGroupsForUser", "List the groups a user belongs to.", USER, paginated="Groups"),
    op("TagUser", "Add tags to a user.", USER, REQUIRED_TAGS),
    op("UntagUser", "Remove tags from a user.", USER, P("TagKeys", LIST, required=True)),
    op("ListUserTags", "List a user's tags.", USER, paginated="Tags"),
    op("PutUserPermissionsBoundary", "Set a user's permissions boundary.", USER,
       P("PermissionsBoundary", required=True, completes="policy-arn")),
    op("DeleteUserPermissionsBoundary", "Remove a user's permissions boundary.", USER),
    # groups
    op("CreateGroup", "Create a group. Groups give their members policies collectively; they are not principals.",
       PATH, P("GroupName", required=True)),
    op("GetGroup", "Show a group and its members.", GROUP, paginated="Users"),
    op("ListGroups", "List the account's groups.", PATH_PREFIX, paginated="Groups"),
    op("UpdateGroup", "Rename a group or change its path.", GROUP, P("NewPath"), P("NewGroupName")),
    op("DeleteGroup", "Delete an empty group with no policies.", GROUP),
    op("AddUserToGroup", "Add a user to a group (at most 10 groups per user).", GROUP, USER),
    op("RemoveUserFromGroup", "Remove a user from a group.", GROUP, USER),
    # roles
    op("CreateRole", "Create a role with a trust policy saying who may assume it.",
       PATH, P("RoleName", required=True),
       P("AssumeRolePolicyDocument", JSON_DOC, required=True, help="The trust policy: JSON text or file://path."),
       P("Description"), P("MaxSessionDuration", INTEGER, help="3600 to 43200 seconds."), BOUNDARY, TAGS),
    op("GetRole", "Show a role, its trust policy and when it was last used.", ROLE),
    op("ListRoles", "List the account's roles.", PATH_PREFIX, paginated="Roles"),
    op("UpdateRole", "Change a role's description or maximum session duration.", ROLE, P("Description"),
       P("MaxSessionDuration", INTEGER)),
    op("UpdateRoleDescription", "Change a role's description.", ROLE, P("Description", required=True)),
    op("UpdateAssumeRolePolicy", "Replace a role's trust policy.", ROLE, DOCUMENT),
    op("DeleteRole", "Delete a role (detach its policies and remove it from instance profiles first).", ROLE),
    op("TagRole", "Add tags to a role.", ROLE, REQUIRED_TAGS),
    op("UntagRole", "Remove tags from a role.", ROLE, P("TagKeys", LIST, required=True)),
    op("ListRoleTags", "List a role's tags.", ROLE, paginated="Tags"),
    op("PutRolePermissionsBoundary", "Set a role's permissions boundary.", ROLE,
       P("PermissionsBoundary", required=True, completes="policy-arn")),
    op("DeleteRolePermissionsBoundary", "Remove a role's permissions boundary.", ROLE),
    # managed policies
    op("CreatePolicy", "Create a customer managed policy (version v1).", P("PolicyName", required=True), PATH,
       DOCUMENT, P("Description"), TAGS),
    op("GetPolicy", "Show a managed policy (AWS or customer).", POLICY_ARN),
    op("ListPolicies", "List managed policies.", P("Scope", choices=("All", "AWS", "Local")),
       P("OnlyAttached", BOOLEAN), PATH_PREFIX,
       P("PolicyUsageFilter", choices=("PermissionsPolicy", "PermissionsBoundary")), paginated="Policies"),
    op("DeletePolicy", "Delete a customer managed policy.", POLICY_ARN),
    op("CreatePolicyVersion", "Add a version to a customer managed policy (at most 5).", POLICY_ARN, DOCUMENT,
       P("SetAsDefault", BOOLEAN)),
    op("GetPolicyVersion", "Show one version of a managed policy, with its document.", POLICY_ARN,
       P("VersionId", required=True)),
    op("ListPolicyVersions", "List the versions of a managed policy.", POLICY_ARN, paginated="Versions"),
    op("SetDefaultPolicyVersion", "Make a version the one in effect.", POLICY_ARN, P("VersionId", required=True)),
    op("DeletePolicyVersion", "Delete a non-default version.", POLICY_ARN, P("VersionId", required=True)),
    op("ListEntitiesForPolicy", "List the users, groups and roles a managed policy is attached to.", POLICY_ARN,
       P("EntityFilter", choices=("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy")), PATH_PREFIX,
       P("PolicyUsageFilter", choices=("PermissionsPolicy", "PermissionsBoundary")), paginated="PolicyGroups"),
    # user policies
    op("AttachUserPolicy", "Attach a managed policy to a user.", USER, POLICY_ARN),
    op("DetachUserPolicy", "Detach a managed policy from a user.", USER, POLICY_ARN),
    op("ListAttachedUserPolicies", "List the managed policies attached to a user.", USER, PATH_PREFIX,
       paginated="AttachedPolicies"),
    op("PutUserPolicy", "Add or replace an inline policy embedded in a user.", USER, POLICY_NAME, DOCUMENT),
    op("GetUserPolicy", "Show an inline policy of a user.", USER, POLICY_NAME),
    op("ListUserPolicies", "List the names of a user's inline policies.", USER, paginated="PolicyNames"),
    op("DeleteUserPolicy", "Delete an inline policy of a user.", USER, POLICY_NAME),
    # group policies
    op("AttachGroupPolicy", "Attach a managed policy to a group.", GROUP, POLICY_ARN),
    op("DetachGroupPolicy", "Detach a managed policy from a group.", GROUP, POLICY_ARN),
    op("ListAttachedGroupPolicies", "List the managed policies attached to a group.", GROUP, PATH_PREFIX,
       paginated="AttachedPolicies"),
    op("PutGroupPolicy", "Add or replace an inline policy embedded in a group.", GROUP, POLICY_NAME, DOCUMENT),
    op("GetGroupPolicy", "Show an inline policy of a group.", GROUP, POLICY_NAME),
    op("ListGroupPolicies", "List the names of a group's inline policies.", GROUP, paginated="PolicyNames"),
    op("DeleteGroupPolicy", "Delete an inline policy of a group.", GROUP, POLICY_NAME),
    # role policies
    op("AttachRolePolicy", "Attach a managed policy to a role.", ROLE, POLICY_ARN),
    op("DetachRolePolicy", "Detach a managed policy from a role.", ROLE, POLICY_ARN),
    op("ListAttachedRolePolicies", "List the managed policies attached to a role.", ROLE, PATH_PREFIX,
       paginated="AttachedPolicies"),
    op("PutRolePolicy", "Add or replace an inline policy embedded in a role.", ROLE, POLICY_NAME, DOCUMENT),
    op("GetRolePolicy", "Show an inline policy of a role.", ROLE, POLICY_NAME),
    op("ListRolePolicies", "List the names of a role's inline policies.", ROLE, paginated="PolicyNames"),
    op("DeleteRolePolicy", "Delete an inline policy of a role.", ROLE, POLICY_NAME),
    # access keys
    op("CreateAccessKey", "Create an access key. The secret is shown now and never again.", USER_OPT),
    op("ListAccessKeys", "List access keys (ids and status; never the secrets).", USER_OPT,
       paginated="AccessKeyMetadata"),
    op("UpdateAccessKey", "Make an access key Active or Inactive.", USER_OPT, P("AccessKeyId", required=True),
       P("Status", required=True, choices=("Active", "Inactive"))),
    op("DeleteAccessKey", "Delete an access key.", USER_OPT, P("AccessKeyId", required=True)),
    op("GetAccessKeyLastUsed", "When and where an access key was last used.", P("AccessKeyId", required=True)),
    # console passwords
    op("CreateLoginProfile", "Give a user a console password.", USER, P("Password", required=True),
       P("PasswordResetRequired", BOOLEAN)),
    op("GetLoginProfile", "Show whether a user has a console password.", USER),
    op("UpdateLoginProfile", "Change a user's console password.", USER, P("Password"),
       P("PasswordResetRequired", BOOLEAN)),
    op("DeleteLoginProfile", "Remove a user's console password.", USER),
    op("ChangePassword", "Change your own console password.", P("OldPassword", required=True),
       P("NewPassword", required=True)),
    op("UpdateAccountPasswordPolicy", "Set the account's password policy (length, character classes, rotation).",
       P("MinimumPasswordLength", INTEGER), P("RequireSymbols", BOOLEAN), P("RequireNumbers", BOOLEAN),
       P("RequireUppercaseCharacters", BOOLEAN), P("RequireLowercaseCharacters", BOOLEAN),
       P("AllowUsersToChangePassword", BOOLEAN), P("MaxPasswordAge", INTEGER),
       P("PasswordReusePrevention", INTEGER), P("HardExpiry", BOOLEAN)),
    op("GetAccountPasswordPolicy", "Show the account's password policy."),
    op("DeleteAccountPasswordPolicy", "Delete the account's password policy."),
    # MFA
    op("CreateVirtualMFADevice", "Create a virtual MFA device and write its seed to a file.",
       PATH, P("VirtualMFADeviceName", required=True), TAGS,
       P("Outfile", required=True, help="File to write the bootstrap information to."),
       P("BootstrapMethod", required=True, choices=("QRCodePNG", "Base32StringSeed"), client_choices=True,
         help="Base32StringSeed writes the seed; QRCodePNG writes the otpauth:// URI a QR code would encode.")),
    op("EnableMFADevice", "Assign an MFA device to a user, proving it with two consecutive codes.", USER,
       P("SerialNumber", required=True, completes="mfa"), P("AuthenticationCode1", required=True),
       P("AuthenticationCode2", required=True)),
    op("ListMFADevices", "List a user's MFA devices.", USER_OPT, paginated="MFADevices"),
    op("ListVirtualMFADevices", "List the account's virtual MFA devices.",
       P("AssignmentStatus", choices=("Assigned", "Unassigned", "Any")), paginated="VirtualMFADevices"),
    op("DeactivateMFADevice", "Remove an MFA device from a user.", USER, P("SerialNumber", required=True,
                                                                             completes="mfa")),
    op("DeleteVirtualMFADevice", "Delete a virtual MFA device (deactivate it first).",
       P("SerialNumber", required=True, completes="mfa")),
    op("ResyncMFADevice", "Resynchronise an MFA device with two consecutive codes.", USER,
       P("SerialNumber", required=True, completes="mfa"), P("AuthenticationCode1", required=True),
       P("AuthenticationCode2", required=True)),
    # instance profiles
    op("CreateInstanceProfile", "Create an instance profile (the container that carries a role to EC2).",
       P("InstanceProfileName", required=True), PATH, TAGS),
    op("GetInstanceProfile", "Show an instance profile and its role.", PROFILE),
    op("ListInstanceProfiles", "List instance profiles.", PATH_PREFIX, paginated="InstanceProfiles"),
    op("ListInstanceProfilesForRole", "List the instance profiles holding a role.", ROLE,
       paginated="InstanceProfiles"),
    op("DeleteInstanceProfile", "Delete an instance profile.", PROFILE),
    op("AddRoleToInstanceProfile", "Put a role in an instance profile (one role per profile).", PROFILE, ROLE),
    op("RemoveRoleFromInstanceProfile", "Take the role out of an instance profile.", PROFILE, ROLE),
    # account
    op("GetAccountSummary", "Counts and quotas of the account's IAM entities."),
    op("CreateAccountAlias", "Give the account a friendly alias.", P("AccountAlias", required=True)),
    op("DeleteAccountAlias", "Remove the account alias.", P("AccountAlias", required=True)),
    op("ListAccountAliases", "Show the account alias.", paginated="AccountAliases"),
    # the policy simulator
    op("SimulateCustomPolicy", "Simulate how policies you give decide API actions on resources. Nothing changes.",
       P("PolicyInputList", LIST, required=True, help="Identity-based policies (JSON strings) to simulate."),
       *_SIMULATION, paginated="EvaluationResults"),
    op("SimulatePrincipalPolicy", "Simulate the live policies of a user, group or role (groups included, boundary "
                                  "applied), optionally with extra policies.",
       P("PolicySourceArn", required=True, help="ARN of the user, group or role."),
       P("PolicyInputList", LIST, help="More identity-based policies to include."), *_SIMULATION,
       paginated="EvaluationResults"),
    op("GetContextKeysForCustomPolicy", "List the condition keys the given policies test.",
       P("PolicyInputList", LIST, required=True)),
    op("GetContextKeysForPrincipalPolicy", "List the condition keys a principal's policies test.",
       P("PolicySourceArn", required=True), P("PolicyInputList", LIST)),
]

# the IAM API's minimum lengths (and minimum values of integers), from its service model
# (IAM API Reference: each parameter's "Length Constraints: Minimum length of ...")
MINIMUMS = {
    "UserName": 1, "NewUserName": 1, "GroupName": 1, "NewGroupName": 1, "RoleName": 1, "PolicyName": 1,
    "InstanceProfileName": 1, "VirtualMFADeviceName": 1, "Path": 1, "NewPath": 1, "PathPrefix": 1,
    "PolicyArn": 20, "PermissionsBoundary": 20, "PolicySourceArn": 20,
    "PolicyDocument": 1, "AssumeRolePolicyDocument": 1, "ResourcePolicy": 1,
    "AccessKeyId": 16, "SerialNumber": 9, "AuthenticationCode1": 6, "AuthenticationCode2": 6,
    "Password": 1, "OldPassword": 1, "NewPassword": 1, "AccountAlias": 3,
    "MaxSessionDuration": 3600, "MinimumPasswordLength": 6, "MaxPasswordAge": 1, "PasswordReusePrevention": 1,
    "PolicyInputList": 1, "PermissionsBoundaryPolicyInputList": 1, "ActionNames": 3, "ResourceArns": 1,
    "ResourceOwner": 1, "CallerArn": 1, "ResourceHandlingOption": 1, "TagKeys": 1,
    "Tags.Key": 1, "ContextEntries.ContextKeyName": 5,
}

SERVICE = Service("iam", "AWS Identity and Access Management (global: no region)", ops(*OPERATIONS),
                  minimums=MINIMUMS, required_members={"Tags": ("Key", "Value")})
