"""Console workflows: what one console form does, as the IAM console does it, with the
same operations ``aws iam ...`` calls, through the gateway as the signed-in principal.

Each workflow is one change of the workspace (one undo point, one progress report). A
workflow whose first call succeeded and a later one failed returns what is left to do
rather than raising: the console closes the form, the user exists.
"""

from __future__ import annotations

import json

from sandbox.errors import AwsError
from sandbox.services.iam import passwords
from sandbox.workspace.workspace import Workspace

SERVICES = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "s3.amazonaws.com"]
PROVIDERS = ["cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"]
# the condition key that names the audience (the app) of each provider's tokens
AUDIENCE_KEYS = {"cognito-identity.amazonaws.com": "cognito-identity.amazonaws.com:aud",
                 "accounts.google.com": "accounts.google.com:aud", "graph.facebook.com": "graph.facebook.com:app_id",
                 "www.amazon.com": "www.amazon.com:app_id"}
PASSWORD_POLICY_FLAGS = ("RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
                         "RequireLowercaseCharacters", "AllowUsersToChangePassword", "HardExpiry")
PASSWORD_POLICY_NUMBERS = ("MinimumPasswordLength", "MaxPasswordAge", "PasswordReusePrevention")


def need(value, message: str):
    """A form value that must be given (``ValueError`` with the message otherwise)."""
    if value in (None, ""):
        raise ValueError(message)
    return value


def _cap(kind: str) -> str:
    return kind.capitalize()


# -- users ------------------------------------------------------------------------------------------------


def create_user(ws: Workspace, name: str, group: str | None = None, password: str = "",
                reset: bool = False) -> str | None:
    """Create a user, optionally in a group and with a console password.

    The password is checked against the account's policy before anything is created, as
    the console does. Returns what failed after the user was created, or None."""
    if password:
        with ws.world.reading():
            passwords.enforce(ws.world, password)
    with ws.change("console", f"Create user {name}"):
        ws.call("iam", "CreateUser", {"UserName": name})
        steps = []
        if group:
            steps.append(("AddUserToGroup", {"UserName": name, "GroupName": group}))
        if password:
            steps.append(("CreateLoginProfile", {"UserName": name, "Password": password,
                                                 "PasswordResetRequired": reset}))
        for operation, params in steps:
            try:
                ws.call("iam", operation, params)
            except AwsError as exc:
                return f"User {name} was created, but {operation} failed: {exc.code}: {exc.message}"
    return None


def delete_user(ws: Workspace, name: str) -> None:
    """The console's Delete user: every dependent item first (group memberships, managed
    and inline policies, access keys, MFA devices, the console password), then the user."""
    user = ws.world["users"].get(name)
    if user is None:
        raise AwsError("NoSuchEntity", f"The user with name {name} cannot be found.", 404)
    with ws.change("console", f"Delete user {name}"):
        for group in list(user.get("Groups", [])):
            ws.call("iam", "RemoveUserFromGroup", {"UserName": name, "GroupName": group})
        for arn in list(user.get("AttachedPolicies", [])):
            ws.call("iam", "DetachUserPolicy", {"UserName": name, "PolicyArn": arn})
        for policy in list(user.get("InlinePolicies", {})):
            ws.call("iam", "DeleteUserPolicy", {"UserName": name, "PolicyName": policy})
        for key in [k["AccessKeyId"] for k in ws.world["access_keys"].all() if k.get("UserName") == name]:
            ws.call("iam", "DeleteAccessKey", {"UserName": name, "AccessKeyId": key})
        for serial in list(user.get("MFADevices", [])):
            ws.call("iam", "DeactivateMFADevice", {"UserName": name, "SerialNumber": serial})
            ws.call("iam", "DeleteVirtualMFADevice", {"SerialNumber": serial})
        if user.get("LoginProfile"):
            ws.call("iam", "DeleteLoginProfile", {"UserName": name})
        ws.call("iam", "DeleteUser", {"UserName": name})


def set_console_password(ws: Workspace, user: str, password: str, reset: bool) -> None:
    """Enable console sign-in, or change the password when it is enabled."""
    row = ws.world["users"].get(user) or {}
    operation = "UpdateLoginProfile" if row.get("LoginProfile") else "CreateLoginProfile"
    ws.call("iam", operation, {"UserName": user, "Password": password, "PasswordResetRequired": reset})


def switch_access_key(ws: Workspace, user: str, key_id: str) -> str:
    """Deactivate an active key or activate an inactive one; returns the new status."""
    key = ws.world["access_keys"].get(key_id)
    if key is None:
        raise AwsError("NoSuchEntity", f"The Access Key with id {key_id} cannot be found.", 404)
    status = "Inactive" if key["Status"] == "Active" else "Active"
    ws.call("iam", "UpdateAccessKey", {"UserName": user, "AccessKeyId": key_id, "Status": status})
    return status


def set_boundary(ws: Workspace, kind: str, name: str, arn: str | None) -> None:
    """Set the permissions boundary of a user or role, or remove it (``arn`` empty)."""
    cap = _cap(kind)
    if arn:
        ws.call("iam", f"Put{cap}PermissionsBoundary", {f"{cap}Name": name, "PermissionsBoundary": arn})
    else:
        ws.call("iam", f"Delete{cap}PermissionsBoundary", {f"{cap}Name": name})


# -- roles and instances ------------------------------------------------------------------------------


def trust_for(kind: str, value: str, audience: str = "") -> str:
    """A trust policy for a trusted entity: an AWS service, another account, or a web
    identity provider (with the audience its tokens must carry)."""
    if kind == "service":
        statement = {"Effect": "Allow", "Principal": {"Service": value}, "Action": "sts:AssumeRole"}
    elif kind == "account":
        statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{value}:root"}, "Action": "sts:AssumeRole"}
    else:
        statement = {"Effect": "Allow", "Principal": {"Federated": value}, "Action": "sts:AssumeRoleWithWebIdentity"}
        if audience:
            statement["Condition"] = {"StringEquals": {AUDIENCE_KEYS.get(value, f"{value}:aud"): audience}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=4)


def create_role(ws: Workspace, name: str, kind: str, trusted: str, audience: str = "", description: str = "",
                policy: str | None = None) -> None:
    """Create a role trusting ``trusted`` (a service, an account id or a provider), with an
    optional permissions policy; a role for EC2 gets an instance profile of its name, as
    the console creates one."""
    with ws.change("console", f"Create role {name}"):
        ws.call("iam", "CreateRole", {"RoleName": name, "Description": description,
                                      "AssumeRolePolicyDocument": trust_for(kind, trusted, audience)})
        if policy:
            ws.call("iam", "AttachRolePolicy", {"RoleName": name, "PolicyArn": policy})
        if kind == "service" and trusted == "ec2.amazonaws.com":
            add_instance_profile(ws, name, name)


def add_instance_profile(ws: Workspace, role: str, profile: str) -> None:
    """An instance profile holding ``role`` (the way a role reaches an EC2 instance)."""
    with ws.change("console", f"Create instance profile {profile} for {role}"):
        ws.call("iam", "CreateInstanceProfile", {"InstanceProfileName": profile})
        ws.call("iam", "AddRoleToInstanceProfile", {"InstanceProfileName": profile, "RoleName": role})


def set_instance_role(ws: Workspace, instance_id: str, profile: str) -> None:
    """The console's Modify IAM role: attach an instance profile, or replace the one the
    instance has, without stopping it."""
    instance = ws.world["instances"].get(instance_id)
    if instance is None:
        raise AwsError("InvalidInstanceID.NotFound", f"The instance ID '{instance_id}' does not exist", 400)
    if instance.get("AssociationId"):
        ws.call("ec2", "ReplaceIamInstanceProfileAssociation", {"AssociationId": instance["AssociationId"],
                                                                "IamInstanceProfile": {"Name": profile}})
    else:
        ws.call("ec2", "AssociateIamInstanceProfile", {"InstanceId": instance_id,
                                                       "IamInstanceProfile": {"Name": profile}})


# -- the account --------------------------------------------------------------------------------------


def update_password_policy(ws: Workspace, values: dict) -> None:
    """The account password policy from the form: checkboxes, and numbers given as text
    (an empty number keeps AWS's default)."""
    params = {k: bool(values.get(k)) for k in PASSWORD_POLICY_FLAGS}
    for k in PASSWORD_POLICY_NUMBERS:
        text = str(values.get(k) or "").strip()
        if text:
            try:
                params[k] = int(text)
            except ValueError:
                raise ValueError(f"{k} must be a whole number") from None
    ws.call("iam", "UpdateAccountPasswordPolicy", params)
