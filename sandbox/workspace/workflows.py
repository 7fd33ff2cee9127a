"""Console workflows: what one console form does, as the IAM console does it, with the
same operations ``aws iam ...`` calls, through the gateway as the signed-in principal.

Each workflow is one change of the workspace (one undo point, one progress report). A
workflow whose first call succeeded and a later one failed returns what is left to do
rather than raising: the console closes the form, the user exists.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from sandbox import crypto
from sandbox.awscli import configure
from sandbox.awscli.session import Session
from sandbox.errors import AwsError
from sandbox.services.iam import passwords
from sandbox.shell.machines import SandboxMachine
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


@dataclass
class UserCreated:
    problem: str | None = None  # what failed after the user was created (the rest was not done)
    access_key: dict | None = None  # the new key (AccessKeyId, SecretAccessKey): shown once
    user_name: str = ""  # the user made (a form selects it afterwards)


def create_user(ws: Workspace, name: str, group: str | None = None, password: str = "",
                reset: bool = False, access_key: bool = False) -> UserCreated:
    """Create a user, optionally in a group, with a console password and an access key
    (the old console's "programmatic access"; today's console adds keys afterwards, on the
    user's Security credentials tab: here both ways work).

    The password is checked against the account's policy before anything is created, as
    the console does."""
    if password:
        with ws.world.reading():
            passwords.enforce(ws.world, password)
    done = UserCreated(user_name=name)
    with ws.change("console", f"Create user {name}"):
        ws.call("iam", "CreateUser", {"UserName": name})
        steps = []
        if group:
            steps.append(("AddUserToGroup", {"UserName": name, "GroupName": group}))
        if password:
            steps.append(("CreateLoginProfile", {"UserName": name, "Password": password,
                                                 "PasswordResetRequired": reset}))
        if access_key:
            steps.append(("CreateAccessKey", {"UserName": name}))
        for operation, params in steps:
            try:
                out = ws.call("iam", operation, params)
            except AwsError as exc:
                done.problem = f"User {name} was created, but {operation} failed: {exc.code}: {exc.message}"
                return done
            if operation == "CreateAccessKey":
                done.access_key = out["AccessKey"]
    return done


def configure_laptop_profile(ws: Workspace, profile: str, key_id: str, secret: str) -> str:
    """Put an access key in a profile of the laptop's ``~/.aws/credentials``, as
    ``aws configure --profile PROFILE`` does when its prompts are answered (the region and
    output format are kept). Returns how to use it."""
    profile = need(profile.strip(), "Give the profile a name.")
    answers = iter([key_id, secret, "", ""])
    with ws.world.reading():
        laptop = ws.world["machines"].get("laptop")
    machine = SandboxMachine(ws.gateway, laptop, ask=lambda prompt: next(answers, ""))
    out, err = io.StringIO(), io.StringIO()
    with ws.change("console", f"Configure the profile {profile} on the laptop"):
        status = configure.run(Session(machine), {"profile": profile}, [], out, err)
    if status:
        raise ValueError(err.getvalue().strip() or f"aws configure failed ({status})")
    return f"The laptop's profile {profile} has the key: try aws sts get-caller-identity --profile {profile}"


def create_group(ws: Workspace, name: str, policies: list[str] | None = None,
                 users: list[str] | None = None) -> str | None:
    """Create a group, attach managed policies to it and add users to it, as the console's
    Create user group page does in one go. Returns what failed after the group was
    created, or None."""
    with ws.change("console", f"Create user group {name}"):
        ws.call("iam", "CreateGroup", {"GroupName": name})
        steps = [("AttachGroupPolicy", {"GroupName": name, "PolicyArn": arn}) for arn in policies or []]
        steps += [("AddUserToGroup", {"GroupName": name, "UserName": user}) for user in users or []]
        for operation, params in steps:
            try:
                ws.call("iam", operation, params)
            except AwsError as exc:
                return f"Group {name} was created, but {operation} failed: {exc.code}: {exc.message}"
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


def audience_key(provider: str) -> str:
    """The condition key holding the audience of a provider's tokens: ``accounts.google.com:aud``,
    ``www.amazon.com:app_id``...; for an IAM OIDC provider (its ARN), ``HOST/PATH:aud``."""
    if ":oidc-provider/" in provider:
        return provider.split(":oidc-provider/", 1)[1] + ":aud"
    return AUDIENCE_KEYS.get(provider, f"{provider}:aud")


def web_identity_providers(world) -> list[str]:
    """What a role for web identity may trust: the built-in providers and the account's IAM OIDC providers."""
    return PROVIDERS + sorted(p["Arn"] for p in world["oidc_providers"].all())


def create_oidc_provider(ws: Workspace, url: str, audiences: str, thumbprint: str = "") -> None:
    """The console's Add provider (OpenID Connect): the URL, the audiences (comma separated),
    and a thumbprint only when given (IAM retrieves the certificate authority's otherwise)."""
    params: dict = {"Url": need(url.strip(), "Give the provider URL (https://...)."),
                    "ClientIDList": [a.strip() for a in audiences.split(",") if a.strip()]}
    if thumbprint.strip():
        params["ThumbprintList"] = [thumbprint.strip()]
    with ws.change("console", f"Add identity provider {url}"):
        ws.call("iam", "CreateOpenIDConnectProvider", params)


def trust_for(kind: str, value: str, audience: str = "") -> str:
    """A trust policy for a trusted entity: an AWS service, another account, a web identity
    provider (with the audience its tokens must carry), or a Cognito identity pool (``value``
    its id, ``audience`` authenticated or unauthenticated)."""
    if kind == "service":
        statement = {"Effect": "Allow", "Principal": {"Service": value}, "Action": "sts:AssumeRole"}
    elif kind == "account":
        statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{value}:root"}, "Action": "sts:AssumeRole"}
    elif kind == "cognito":
        # the IAM console's template for an identity pool: its id as the audience, and signed-in
        # users or guests by the token's amr (Amazon Cognito Developer Guide, "Role trust and permissions")
        statement = {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                     "Action": "sts:AssumeRoleWithWebIdentity",
                     "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": value},
                                   "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr":
                                                              audience or "authenticated"}}}
    else:
        statement = {"Effect": "Allow", "Principal": {"Federated": value}, "Action": "sts:AssumeRoleWithWebIdentity"}
        if audience:
            statement["Condition"] = {"StringEquals": {audience_key(value): audience}}
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


# -- virtual MFA devices ----------------------------------------------------------------------------


def mfa_device_name(user: str | None) -> str:
    """The name the console suggests for a new virtual MFA device (``user`` None: root)."""
    return f"{user}-mfa" if user else "root-account-mfa-device"


def unfinished_mfa_devices(ws: Workspace) -> list[str]:
    """Virtual MFA devices created but never enabled (an assignment left half-way), as the
    console lists them: ``ListVirtualMFADevices`` with ``AssignmentStatus=Unassigned``."""
    out = ws.call("iam", "ListVirtualMFADevices", {"AssignmentStatus": "Unassigned"})
    return [d["SerialNumber"] for d in out["VirtualMFADevices"]]


def authenticator_seed(ws: Workspace, serial: str) -> str | None:
    """The secret an authenticator app was given when the device was created (the sandbox's
    authenticator remembers it, as ``iam-sandbox mfa code`` does); None if it is gone."""
    with ws.world.reading():
        device = ws.world["mfa_devices"].get(serial)
    return device["Seed"] if device else None


def authenticator_codes(ws: Workspace, seed: str) -> tuple[str, str, int]:
    """What an authenticator app shows now: this code, the next one, and the seconds the
    current one has left (RFC 6238, 30-second steps)."""
    now = ws.world.now()
    step = crypto.window(now)
    left = crypto.STEP - int(now.timestamp()) % crypto.STEP
    return crypto.code_at(seed, step), crypto.code_at(seed, step + 1), left


def enable_mfa_device(ws: Workspace, user: str | None, serial: str, code1: str, code2: str) -> None:
    """Enable a virtual MFA device for a user, or for the root user signed in to the console
    (``user`` None), with two consecutive codes."""
    params = {"SerialNumber": serial, "AuthenticationCode1": need(code1.strip(), "Type the first code."),
              "AuthenticationCode2": need(code2.strip(), "Type the next code.")}
    if user:
        params["UserName"] = user
    ws.call("iam", "EnableMFADevice", params)
