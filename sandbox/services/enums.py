"""Enumerated request parameters, checked at the service's front door.

The AWS CLI sends any value it is given for an enumerated parameter (botocore does not
check enumerations); the service rejects one outside its set before it looks at
permissions. The wording is each service's: IAM and STS answer ``ValidationError``
("Member must satisfy enum value set"), EC2 ``InvalidParameterValue`` and S3
``InvalidArgument``.
"""

from __future__ import annotations

from sandbox.errors import AwsError

_POLICY_USAGE = ("PermissionsPolicy", "PermissionsBoundary")

ENUMS: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("iam", "ListPolicies"): {"Scope": ("All", "AWS", "Local"), "PolicyUsageFilter": _POLICY_USAGE},
    ("iam", "ListEntitiesForPolicy"): {
        "EntityFilter": ("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"),
        "PolicyUsageFilter": _POLICY_USAGE},
    ("iam", "ListVirtualMFADevices"): {"AssignmentStatus": ("Assigned", "Unassigned", "Any")},
    # statusType, shared with service-specific credentials (which can expire); UpdateAccessKey
    # itself refuses Expired (access_keys.update_access_key)
    ("iam", "UpdateAccessKey"): {"Status": ("Active", "Inactive", "Expired")},
    ("ec2", "ModifyInstanceMetadataOptions"): {"HttpTokens": ("optional", "required"),
                                               "HttpEndpoint": ("enabled", "disabled")},
    ("s3", "PutObject"): {"ServerSideEncryption": ("AES256", "aws:kms", "aws:kms:dsse")},
}

# S3's message for a value it does not know, by header
_S3_MESSAGES = {"ServerSideEncryption": "The encryption method specified is not supported"}


def check(service: str, operation: str, params: dict) -> None:
    """Raise the service's error when enumerated parameters have values outside their sets."""
    wrong = [(member, str(params[member]), allowed) for member, allowed in ENUMS.get((service, operation), {}).items()
             if params.get(member) is not None and params[member] not in allowed]
    if not wrong:
        return
    member, value, allowed = wrong[0]
    if service == "ec2":
        raise AwsError("InvalidParameterValue", f"Value ({value}) for parameter {member} is invalid.")
    if service == "s3":
        raise AwsError("InvalidArgument", _S3_MESSAGES[member])
    # IAM and STS (query APIs) report every member that fails, named in camel case
    problems = [f"Value '{v}' at '{m[0].lower() + m[1:]}' failed to satisfy constraint: Member must satisfy enum "
                f"value set: [{', '.join(a)}]" for m, v, a in wrong]
    count = f"{len(problems)} validation error{'s' if len(problems) > 1 else ''} detected"
    raise AwsError("ValidationError", f"{count}: {'; '.join(problems)}")
