"""The operations the ``aws`` program offers: those the sandbox's services handle, by their
literal AWS names, per service (the model's name: ``s3`` is ``aws s3api``).

Their arguments, types and documentation come from the generated service models
(``models/``, ``tools/gen_cli_models.py``): offering an operation of those is a matter of
listing it here once its handler exists (a test holds the two sets equal).
"""

OFFERED: dict[str, tuple[str, ...]] = {
    "iam": (
        # users
        "CreateUser", "GetUser", "ListUsers", "UpdateUser", "DeleteUser", "ListGroupsForUser", "TagUser",
        "UntagUser", "ListUserTags", "PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary",
        # groups
        "CreateGroup", "GetGroup", "ListGroups", "UpdateGroup", "DeleteGroup", "AddUserToGroup",
        "RemoveUserFromGroup",
        # roles
        "CreateRole", "GetRole", "ListRoles", "UpdateRole", "UpdateRoleDescription", "UpdateAssumeRolePolicy",
        "DeleteRole", "TagRole", "UntagRole", "ListRoleTags", "PutRolePermissionsBoundary",
        "DeleteRolePermissionsBoundary",
        # managed policies
        "CreatePolicy", "GetPolicy", "ListPolicies", "DeletePolicy", "CreatePolicyVersion", "GetPolicyVersion",
        "ListPolicyVersions", "SetDefaultPolicyVersion", "DeletePolicyVersion", "ListEntitiesForPolicy",
        # user, group and role policies
        "AttachUserPolicy", "DetachUserPolicy", "ListAttachedUserPolicies", "PutUserPolicy", "GetUserPolicy",
        "ListUserPolicies", "DeleteUserPolicy",
        "AttachGroupPolicy", "DetachGroupPolicy", "ListAttachedGroupPolicies", "PutGroupPolicy", "GetGroupPolicy",
        "ListGroupPolicies", "DeleteGroupPolicy",
        "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies", "PutRolePolicy", "GetRolePolicy",
        "ListRolePolicies", "DeleteRolePolicy",
        # access keys, passwords, MFA
        "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey", "GetAccessKeyLastUsed",
        "CreateLoginProfile", "GetLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "ChangePassword",
        "UpdateAccountPasswordPolicy", "GetAccountPasswordPolicy", "DeleteAccountPasswordPolicy",
        "CreateVirtualMFADevice", "EnableMFADevice", "ListMFADevices", "ListVirtualMFADevices",
        "DeactivateMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice",
        # instance profiles
        "CreateInstanceProfile", "GetInstanceProfile", "ListInstanceProfiles", "ListInstanceProfilesForRole",
        "DeleteInstanceProfile", "AddRoleToInstanceProfile", "RemoveRoleFromInstanceProfile",
        # the account
        "GetAccountSummary", "CreateAccountAlias", "DeleteAccountAlias", "ListAccountAliases",
        # the policy simulator
        "SimulateCustomPolicy", "SimulatePrincipalPolicy", "GetContextKeysForCustomPolicy",
        "GetContextKeysForPrincipalPolicy",
        # OpenID Connect identity providers
        "CreateOpenIDConnectProvider", "GetOpenIDConnectProvider", "ListOpenIDConnectProviders",
        "DeleteOpenIDConnectProvider", "AddClientIDToOpenIDConnectProvider",
        "RemoveClientIDFromOpenIDConnectProvider", "UpdateOpenIDConnectProviderThumbprint",
        "TagOpenIDConnectProvider", "UntagOpenIDConnectProvider", "ListOpenIDConnectProviderTags",
    ),
    "sts": ("GetCallerIdentity", "AssumeRole", "AssumeRoleWithWebIdentity", "GetSessionToken"),
    "s3": (
        "ListBuckets", "CreateBucket", "DeleteBucket", "HeadBucket", "GetBucketLocation", "PutBucketPolicy",
        "GetBucketPolicy", "DeleteBucketPolicy", "PutObject", "GetObject", "HeadObject", "DeleteObject",
        "CopyObject", "ListObjectsV2",
    ),
    "ec2": (
        "DescribeInstances", "RunInstances", "StartInstances", "StopInstances", "TerminateInstances",
        "AssociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation", "DisassociateIamInstanceProfile",
        "DescribeIamInstanceProfileAssociations", "ModifyInstanceMetadataOptions",
    ),
    "cognito-idp": (
        "CreateUserPool", "DescribeUserPool", "ListUserPools", "DeleteUserPool", "CreateUserPoolClient",
        "DescribeUserPoolClient", "ListUserPoolClients", "SignUp", "ConfirmSignUp", "ResendConfirmationCode",
        "InitiateAuth", "AdminCreateUser", "RespondToAuthChallenge", "AdminInitiateAuth", "GetUser", "ListUsers",
        "GlobalSignOut", "CreateGroup", "ListGroups", "AdminAddUserToGroup", "AdminListGroupsForUser",
        "CreateIdentityProvider", "DescribeIdentityProvider", "ListIdentityProviders",
    ),
    "cognito-identity": (
        "CreateIdentityPool", "DescribeIdentityPool", "ListIdentityPools", "UpdateIdentityPool",
        "DeleteIdentityPool", "SetIdentityPoolRoles", "GetIdentityPoolRoles", "GetId", "GetCredentialsForIdentity",
        "GetOpenIdToken", "DescribeIdentity", "ListIdentities",
    ),
    "cognito-sync": (
        "ListDatasets", "ListRecords", "UpdateRecords", "RegisterDevice", "SubscribeToDataset",
        "SetIdentityPoolConfiguration", "GetIdentityPoolConfiguration",
    ),
    "sns": ("CreatePlatformApplication", "CreatePlatformEndpoint", "ListEndpointsByPlatformApplication", "Publish"),
}
