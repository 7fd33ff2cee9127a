"""What can be done to the selected item, as in the IAM console: each action opens a
form or a confirmation and calls the same operations as ``aws iam ...`` through the
gateway, as the signed-in principal."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Callable

from sandbox.services import managed_catalog
from sandbox.tui.forms import ConfirmScreen, Field, FormScreen, SecretScreen

if TYPE_CHECKING:  # pragma: no cover
    from sandbox.tui.app import SandboxApp

Action = tuple[str, Callable[[], None]]

SERVICES = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "s3.amazonaws.com"]
PROVIDERS = ["cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"]
POLICY_TEMPLATE = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "AllowExample", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": "arn:aws:s3:::experimenting-aws"}
]}, indent=4)


def trust_for(kind: str, value: str, audience: str = "") -> str:
    if kind == "service":
        principal = {"Service": value}
        action = "sts:AssumeRole"
        statement = {"Effect": "Allow", "Principal": principal, "Action": action}
    elif kind == "account":
        statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{value}:root"}, "Action": "sts:AssumeRole"}
    else:
        statement = {"Effect": "Allow", "Principal": {"Federated": value}, "Action": "sts:AssumeRoleWithWebIdentity"}
        if audience:
            key = {"cognito-identity.amazonaws.com": "cognito-identity.amazonaws.com:aud",
                   "accounts.google.com": "accounts.google.com:aud", "graph.facebook.com": "graph.facebook.com:app_id",
                   "www.amazon.com": "www.amazon.com:app_id"}.get(value, f"{value}:aud")
            statement["Condition"] = {"StringEquals": {key: audience}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=4)


class Actions:
    def __init__(self, app: "SandboxApp"):
        self.app = app

    @property
    def s(self):
        return self.app.session

    @property
    def world(self):
        return self.app.session.world

    def call(self, service: str, operation: str, params: dict) -> dict:
        return self.s.call(service, operation, params)

    def form(self, title, fields, submit, label="Create", note="", after: Callable | None = None) -> None:
        def done(result):
            self.app.refresh_views()
            if result and after:
                after(result)

        self.app.push_screen(FormScreen(title, fields, submit, label, note), done)

    def confirm(self, question: str, fn: Callable[[], object], label: str = "Delete") -> None:
        self.app.push_screen(ConfirmScreen(question, fn, label), lambda _: self.app.refresh_views())

    # -- per section ------------------------------------------------------------------------------

    def for_selection(self, section: str, key: str | None) -> list[Action]:
        fn = getattr(self, f"_{section}", None)
        return fn(key) if fn else []

    def _policy_choices(self, scope: str = "All") -> list[tuple[str, str]]:
        rows = [(p["PolicyName"] + " (customer managed)", p["Arn"]) for p in self.world["policies"].all()]
        rows += [(p["PolicyName"] + " (AWS managed)", p["Arn"]) for p in managed_catalog.catalogue().values()]
        return sorted(rows, key=lambda r: r[0].lower())

    def _names(self, table: str, field_name: str) -> list[tuple[str, str]]:
        return sorted(((r[field_name], r[field_name]) for r in self.world[table].all()), key=lambda r: r[0].lower())

    def _users(self, key):
        acts: list[Action] = [("Create user", self.create_user)]
        if key:
            user = self.world["users"].get(key)
            acts += [
                (f"Add {key} to a group", lambda: self.membership(key, add=True)),
                (f"Remove {key} from a group", lambda: self.membership(key, add=False)),
                (f"Attach a managed policy to {key}", lambda: self.attach("user", key)),
                (f"Detach a managed policy from {key}", lambda: self.detach("user", key)),
                (f"Add or edit an inline policy of {key}", lambda: self.inline("user", key)),
                (f"Delete an inline policy of {key}", lambda: self.delete_inline("user", key)),
                (f"Create an access key for {key}", lambda: self.create_key(key)),
                (f"Activate / deactivate an access key of {key}", lambda: self.toggle_key(key)),
                (f"Delete an access key of {key}", lambda: self.delete_key(key)),
                ((f"Change the console password of {key}" if user and user.get("LoginProfile")
                  else f"Enable console sign-in for {key}"), lambda: self.password(key)),
                (f"Assign a virtual MFA device to {key}", lambda: self.assign_mfa(key)),
                (f"Set the permissions boundary of {key}", lambda: self.boundary("user", key)),
                (f"Delete user {key}", lambda: self.confirm(
                    f"Delete user {key}? As in the IAM console, this also removes the user's access keys, console "
                    "password, MFA devices, group memberships and policies (inline policies go with the user).",
                    lambda: self.delete_user_everything(key))),
            ]
        return acts

    def _groups(self, key):
        acts: list[Action] = [("Create group", self.create_group)]
        if key:
            acts += [
                (f"Add a user to {key}", lambda: self.group_member(key, add=True)),
                (f"Remove a user from {key}", lambda: self.group_member(key, add=False)),
                (f"Attach a managed policy to {key}", lambda: self.attach("group", key)),
                (f"Detach a managed policy from {key}", lambda: self.detach("group", key)),
                (f"Add or edit an inline policy of {key}", lambda: self.inline("group", key)),
                (f"Delete an inline policy of {key}", lambda: self.delete_inline("group", key)),
                (f"Delete group {key}", lambda: self.confirm(f"Delete group {key}?", lambda: self.call(
                    "iam", "DeleteGroup", {"GroupName": key}))),
            ]
        return acts

    def _roles(self, key):
        acts: list[Action] = [("Create role", self.create_role)]
        if key:
            acts += [
                (f"Attach a managed policy to {key}", lambda: self.attach("role", key)),
                (f"Detach a managed policy from {key}", lambda: self.detach("role", key)),
                (f"Edit the trust policy of {key}", lambda: self.app.open_editor_for("trust", key)),
                (f"Add or edit an inline policy of {key}", lambda: self.inline("role", key)),
                (f"Delete an inline policy of {key}", lambda: self.delete_inline("role", key)),
                (f"Create an instance profile holding {key}", lambda: self.profile_for_role(key)),
                (f"Set the permissions boundary of {key}", lambda: self.boundary("role", key)),
                (f"Delete role {key}", lambda: self.confirm(f"Delete role {key}?", lambda: self.call(
                    "iam", "DeleteRole", {"RoleName": key}))),
            ]
        return acts

    def _policies(self, key):
        acts: list[Action] = [("Create a customer managed policy", lambda: self.app.open_editor_for("new-policy", ""))]
        if key:
            name = key.rsplit("/", 1)[-1]
            acts += [(f"Edit {name} (a new default version)", lambda: self.app.open_editor_for("managed", key)),
                     (f"Copy {name} into a new customer managed policy",
                      lambda: self.app.open_editor_for("copy-policy", key)),
                     (f"Simulate {name} in the policy simulator", lambda: self.app.simulate_text(
                         self._document(key)))]
            if not managed_catalog.is_aws_managed(key):
                acts.append((f"Delete {name}", lambda: self.confirm(
                    f"Delete the policy {name}? (It must be detached and have only its default version.)",
                    lambda: self.call("iam", "DeletePolicy", {"PolicyArn": key}))))
        return acts

    def _document(self, arn: str) -> str:
        from sandbox.services.principals import managed_policy

        policy = managed_policy(self.world, arn)
        return policy["DocumentText"] if policy else ""

    def _instances(self, key):
        acts: list[Action] = []
        if key:
            inst = self.world["instances"].get(key)
            if inst and inst.get("AssociationId"):
                acts += [("Modify IAM role: replace the role (no stop needed)", lambda: self.instance_role(key, True)),
                         ("Detach the IAM role", lambda: self.confirm(
                             "Remove the instance profile (and its role) from this instance?", lambda: self.call(
                                 "ec2", "DisassociateIamInstanceProfile", {"AssociationId": inst["AssociationId"]}),
                             "Detach"))]
            elif inst and inst["State"] != "terminated":
                acts.append(("Modify IAM role: attach a role (no stop needed)", lambda: self.instance_role(key, False)))
            if inst and inst["State"] == "running":
                acts += [("Open a terminal on this instance (ssh)", lambda: self.app.terminal_run(f"ssh {key}")),
                         ("Stop instance", lambda: self.call_and_refresh("ec2", "StopInstances",
                                                                         {"InstanceIds": [key]}))]
            elif inst and inst["State"] == "stopped":
                acts.append(("Start instance", lambda: self.call_and_refresh("ec2", "StartInstances",
                                                                             {"InstanceIds": [key]})))
        return acts

    def _buckets(self, key):
        acts: list[Action] = [("Create bucket", self.create_bucket)]
        if key:
            acts += [(f"Edit the bucket policy of {key}", lambda: self.app.open_editor_for("bucket", key)),
                     (f"Delete the bucket policy of {key}", lambda: self.confirm(
                         f"Delete the bucket policy of {key}?", lambda: self.call("s3", "DeleteBucketPolicy",
                                                                                  {"Bucket": key}))),
                     (f"Delete bucket {key}", lambda: self.confirm(f"Delete the bucket {key}? (It must be empty.)",
                                                                   lambda: self.call("s3", "DeleteBucket",
                                                                                     {"Bucket": key})))]
        return acts

    def _account(self, key):
        acts: list[Action] = [("Edit the account password policy", self.password_policy),
                              ("Set the account alias", self.alias)]
        if self.s.caller is not None and self.s.caller.kind == "root":
            acts.append(("Assign a virtual MFA device to the root user", lambda: self.assign_mfa(None)))
        return acts

    def delete_user_everything(self, name: str) -> None:
        """The console's Delete user: every dependent item first, each through the gateway."""
        user = self.world["users"].get(name)
        if user is None:
            return
        for group in list(user.get("Groups", [])):
            self.call("iam", "RemoveUserFromGroup", {"UserName": name, "GroupName": group})
        for arn in list(user.get("AttachedPolicies", [])):
            self.call("iam", "DetachUserPolicy", {"UserName": name, "PolicyArn": arn})
        for policy in list(user.get("InlinePolicies", {})):
            self.call("iam", "DeleteUserPolicy", {"UserName": name, "PolicyName": policy})
        for key in [k["AccessKeyId"] for k in self.world["access_keys"].all() if k.get("UserName") == name]:
            self.call("iam", "DeleteAccessKey", {"UserName": name, "AccessKeyId": key})
        for serial in list(user.get("MFADevices", [])):
            self.call("iam", "DeactivateMFADevice", {"UserName": name, "SerialNumber": serial})
            self.call("iam", "DeleteVirtualMFADevice", {"SerialNumber": serial})
        if user.get("LoginProfile"):
            self.call("iam", "DeleteLoginProfile", {"UserName": name})
        self.call("iam", "DeleteUser", {"UserName": name})

    def call_and_refresh(self, service: str, operation: str, params: dict) -> None:
        from sandbox.errors import AwsError, SandboxError, error_text

        try:
            self.call(service, operation, params)
        except (AwsError, SandboxError) as exc:
            self.app.notify(error_text(exc), severity="error", timeout=8, markup=False)
        self.app.refresh_views()

    # -- forms -------------------------------------------------------------------------------------

    def create_user(self):
        def submit(v):
            from sandbox.errors import AwsError
            from sandbox.services.iam import passwords

            if v["password"]:
                # like the console, check the password against the account's policy before creating anything
                with self.world.reading():
                    passwords.enforce(self.world, v["password"])
            self.call("iam", "CreateUser", {"UserName": v["name"]})
            steps = []
            if v["group"]:
                steps.append(("AddUserToGroup", {"UserName": v["name"], "GroupName": v["group"]}))
            if v["password"]:
                steps.append(("CreateLoginProfile", {"UserName": v["name"], "Password": v["password"],
                                                     "PasswordResetRequired": v["reset"]}))
            for operation, params in steps:
                try:
                    self.call("iam", operation, params)
                except AwsError as exc:
                    # the user exists now: close the form and say what is left to do
                    self.app.notify(f"User {v['name']} was created, but {operation} failed: {exc.code}: "
                                    f"{exc.message}", severity="error", timeout=10, markup=False)
                    return True
        self.form("Create user", [
            Field("name", "User name", placeholder="bob"),
            Field("group", "Add to group (optional)", "select", self._names("groups", "GroupName")),
            Field("password", "Console password (optional: leave empty for API/CLI-only users)", "password"),
            Field("reset", "User must create a new password at next sign-in", "checkbox"),
        ], submit, note="A new user has no permissions until a policy grants some (directly or through a group).")

    def create_group(self):
        self.form("Create user group", [Field("name", "Group name", placeholder="Developers")],
                  lambda v: self.call("iam", "CreateGroup", {"GroupName": v["name"]}),
                  note="Groups give their members policies collectively. A group is not a principal.")

    def membership(self, user: str, add: bool):
        groups = self._names("groups", "GroupName")
        if not add:
            row = self.world["users"].get(user) or {}
            groups = [(g, g) for g in row.get("Groups", [])]
        self.form(f"{'Add' if add else 'Remove'} {user} {'to' if add else 'from'} a group",
                  [Field("group", "Group", "select", groups)],
                  lambda v: self.call("iam", "AddUserToGroup" if add else "RemoveUserFromGroup",
                                      {"UserName": user, "GroupName": _need(v["group"], "Choose a group.")}),
                  "Add" if add else "Remove")

    def group_member(self, group: str, add: bool):
        users = self._names("users", "UserName")
        if not add:
            users = [(u["UserName"], u["UserName"]) for u in self.world["users"].all() if group in u.get("Groups", [])]
        self.form(f"{'Add a user to' if add else 'Remove a user from'} {group}",
                  [Field("user", "User", "select", users)],
                  lambda v: self.call("iam", "AddUserToGroup" if add else "RemoveUserFromGroup",
                                      {"UserName": _need(v["user"], "Choose a user."), "GroupName": group}),
                  "Add" if add else "Remove")

    def attach(self, kind: str, name: str):
        cap = kind.capitalize()
        self.form(f"Attach a managed policy to {kind} {name}",
                  [Field("arn", "Policy", "select", self._policy_choices())],
                  lambda v: self.call("iam", f"Attach{cap}Policy", {f"{cap}Name": name,
                                                                      "PolicyArn": _need(v["arn"], "Choose a policy.")}),
                  "Attach", note="AWS managed policies are written by AWS for common jobs and can be attached "
                                 "anywhere; customer managed policies are yours.")

    def detach(self, kind: str, name: str):
        cap = kind.capitalize()
        table = {"user": "users", "group": "groups", "role": "roles"}[kind]
        row = self.world[table].get(name) or {}
        choices = [(a.rsplit("/", 1)[-1], a) for a in row.get("AttachedPolicies", [])]
        self.form(f"Detach a managed policy from {kind} {name}", [Field("arn", "Policy", "select", choices)],
                  lambda v: self.call("iam", f"Detach{cap}Policy", {f"{cap}Name": name,
                                                                      "PolicyArn": _need(v["arn"], "Choose a policy.")}),
                  "Detach")

    def inline(self, kind: str, name: str):
        table = {"user": "users", "group": "groups", "role": "roles"}[kind]
        existing = sorted((self.world[table].get(name) or {}).get("InlinePolicies", {}))
        choices = [("(new inline policy)", "")] + [(n, n) for n in existing]
        self.form(f"Inline policy of {kind} {name}", [
            Field("existing", "Edit an existing one, or start a new one", "select", choices, value=""),
            Field("policy", "Name for a new policy", placeholder="OnlyThisUser")],
            lambda v: (v.get("existing") or _need(v["policy"], "Give the new policy a name.")),
            "Open editor",
            note="An inline policy is embedded in exactly one user, group or role and is deleted with it.",
            after=lambda policy_name: self.app.open_editor_for("inline", f"{kind}:{name}:{policy_name}"))

    def delete_inline(self, kind: str, name: str):
        table = {"user": "users", "group": "groups", "role": "roles"}[kind]
        cap = kind.capitalize()
        existing = sorted((self.world[table].get(name) or {}).get("InlinePolicies", {}))
        self.form(f"Delete an inline policy of {kind} {name}", [Field("policy", "Policy", "select",
                                                                       [(n, n) for n in existing])],
                  lambda v: self.call("iam", f"Delete{cap}Policy", {f"{cap}Name": name,
                                                                      "PolicyName": _need(v["policy"], "Choose one.")}),
                  "Delete")

    def create_key(self, user: str):
        def go():
            from sandbox.errors import AwsError, SandboxError, error_text

            try:
                out = self.call("iam", "CreateAccessKey", {"UserName": user})["AccessKey"]
            except (AwsError, SandboxError) as exc:
                self.app.notify(error_text(exc), severity="error", timeout=10, markup=False)
                return
            self.app.refresh_views()
            self.app.push_screen(SecretScreen(
                f"Access key for {user}",
                [("Access key ID", out["AccessKeyId"]), ("Secret access key", out["SecretAccessKey"])],
                "This is the only time the secret access key is shown. Copy it now: if you lose it, create a new "
                "key. Access keys are for the CLI and API; they cannot be used to sign in to the console."))
        go()

    def _keys(self, user: str) -> list[tuple[str, str]]:
        return [(f"{k['AccessKeyId']} ({k['Status']})", k["AccessKeyId"]) for k in self.world["access_keys"].all()
                if k.get("UserName") == user]

    def toggle_key(self, user: str):
        def submit(v):
            key = self.world["access_keys"].get(_need(v["key"], "Choose a key."))
            status = "Inactive" if key["Status"] == "Active" else "Active"
            self.call("iam", "UpdateAccessKey", {"UserName": user, "AccessKeyId": key["AccessKeyId"], "Status": status})
        self.form(f"Activate or deactivate an access key of {user}", [Field("key", "Access key", "select",
                                                                             self._keys(user))], submit, "Switch")

    def delete_key(self, user: str):
        self.form(f"Delete an access key of {user}", [Field("key", "Access key", "select", self._keys(user))],
                  lambda v: self.call("iam", "DeleteAccessKey", {"UserName": user,
                                                                 "AccessKeyId": _need(v["key"], "Choose a key.")}),
                  "Delete", note="Rotate safely: create the second key, switch to it, deactivate the old one, then "
                                 "delete it.")

    def password(self, user: str):
        row = self.world["users"].get(user) or {}
        op = "UpdateLoginProfile" if row.get("LoginProfile") else "CreateLoginProfile"
        self.form(f"Console password of {user}", [Field("password", "Password", "password"),
                                                  Field("reset", "Must change it at next sign-in", "checkbox")],
                  lambda v: self.call("iam", op, {"UserName": user, "Password": v["password"],
                                                  "PasswordResetRequired": v["reset"]}), "Save",
                  note="The password must follow the account password policy.")

    def assign_mfa(self, user: str | None):
        from sandbox.tui.mfa_dialog import MfaScreen

        self.app.push_screen(MfaScreen(self.app.session, user), lambda _: self.app.refresh_views())

    def boundary(self, kind: str, name: str):
        cap = kind.capitalize()
        choices = [("(remove the boundary)", "")] + self._policy_choices()

        def submit(v):
            if v["arn"]:
                self.call("iam", f"Put{cap}PermissionsBoundary", {f"{cap}Name": name, "PermissionsBoundary": v["arn"]})
            else:
                self.call("iam", f"Delete{cap}PermissionsBoundary", {f"{cap}Name": name})
        self.form(f"Permissions boundary of {kind} {name}", [Field("arn", "Boundary policy", "select", choices)],
                  submit, "Save", note="A boundary caps what identity-based policies can grant: the effective "
                                       "permissions are the intersection.")

    def create_role(self):
        def submit(v):
            kind = _need(v["kind"], "Choose the trusted entity type.")
            value = {"service": v["service"], "account": v["account"], "web": v["provider"]}[kind]
            _need(value, "Fill in the trusted entity.")
            self.call("iam", "CreateRole", {"RoleName": v["name"], "Description": v["description"],
                                            "AssumeRolePolicyDocument": trust_for(kind, value, v["audience"])})
            if v["policy"]:
                self.call("iam", "AttachRolePolicy", {"RoleName": v["name"], "PolicyArn": v["policy"]})
            if kind == "service" and v["service"] == "ec2.amazonaws.com":
                self.call("iam", "CreateInstanceProfile", {"InstanceProfileName": v["name"]})
                self.call("iam", "AddRoleToInstanceProfile", {"InstanceProfileName": v["name"], "RoleName": v["name"]})
        self.form("Create role", [
            Field("kind", "Trusted entity type", "select", [("AWS service", "service"), ("Another AWS account",
                                                                                         "account"),
                                                             ("Web identity", "web")], value="service"),
            Field("service", "AWS service", "select", [(s, s) for s in SERVICES], value="ec2.amazonaws.com",
                  when=("kind", ("service",))),
            Field("account", "Account ID", placeholder="444455556666", when=("kind", ("account",))),
            Field("provider", "Identity provider", "select", [(p, p) for p in PROVIDERS], when=("kind", ("web",))),
            Field("audience", "Audience / app id", placeholder="us-east-1:pool-id or app id",
                  when=("kind", ("web",))),
            Field("name", "Role name", placeholder="S3AccessForEC2"),
            Field("description", "Description"),
            Field("policy", "Permissions policy (optional)", "select", self._policy_choices()),
        ], submit, note="Roles give temporary credentials to whoever the trust policy allows: no long-term keys. "
                        "For EC2 an instance profile of the same name is created too.")

    def profile_for_role(self, role: str):
        def submit(v):
            self.call("iam", "CreateInstanceProfile", {"InstanceProfileName": v["name"]})
            self.call("iam", "AddRoleToInstanceProfile", {"InstanceProfileName": v["name"], "RoleName": role})
        self.form(f"Instance profile for {role}", [Field("name", "Instance profile name", value=role)], submit)

    def instance_role(self, instance_id: str, replace: bool):
        profiles = self._names("instance_profiles", "InstanceProfileName")
        inst = self.world["instances"].get(instance_id)

        def submit(v):
            name = _need(v["profile"], "Choose an instance profile.")
            if replace:
                self.call("ec2", "ReplaceIamInstanceProfileAssociation",
                          {"AssociationId": inst["AssociationId"], "IamInstanceProfile": {"Name": name}})
            else:
                self.call("ec2", "AssociateIamInstanceProfile", {"InstanceId": instance_id,
                                                                 "IamInstanceProfile": {"Name": name}})
        note = "The instance keeps running; its next `aws` call gets credentials for the new role."
        if not profiles:
            note = ("There are no instance profiles yet: a role reaches an instance through one. Create a role for "
                    "EC2 (Roles, a: an instance profile of the same name comes with it), or give an existing role "
                    "one (Roles, select the role, a: Create an instance profile holding it).")
        self.form(f"Modify IAM role of {inst.get('Name') or instance_id}",
                  [Field("profile", "Instance profile (role)", "select", profiles)], submit, "Update IAM role",
                  note=note)

    def create_bucket(self):
        self.form("Create bucket", [Field("name", "Bucket name (global across all accounts)", placeholder="my-notes-123")],
                  lambda v: self.call("s3", "CreateBucket", {"Bucket": v["name"]}))

    def password_policy(self):
        current = self.world.meta.get("password_policy") or {}

        def submit(v):
            params = {k: v[k] for k in ("RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
                                        "RequireLowercaseCharacters", "AllowUsersToChangePassword", "HardExpiry")}
            for k in ("MinimumPasswordLength", "MaxPasswordAge", "PasswordReusePrevention"):
                if v[k]:
                    try:
                        params[k] = int(v[k])
                    except ValueError:
                        raise ValueError(f"{k} must be a whole number") from None
            self.call("iam", "UpdateAccountPasswordPolicy", params)
        self.form("Account password policy", [
            Field("MinimumPasswordLength", "Minimum length (6-128)", value=str(current.get("MinimumPasswordLength", 8))),
            Field("RequireUppercaseCharacters", "Require an uppercase letter", "checkbox",
                  value=current.get("RequireUppercaseCharacters", False)),
            Field("RequireLowercaseCharacters", "Require a lowercase letter", "checkbox",
                  value=current.get("RequireLowercaseCharacters", False)),
            Field("RequireNumbers", "Require a number", "checkbox", value=current.get("RequireNumbers", False)),
            Field("RequireSymbols", "Require a symbol", "checkbox", value=current.get("RequireSymbols", False)),
            Field("MaxPasswordAge", "Expire passwords after N days (1-1095, empty: never)",
                  value=str(current.get("MaxPasswordAge") or "")),
            Field("PasswordReusePrevention", "Remember the last N passwords (1-24, empty: no)",
                  value=str(current.get("PasswordReusePrevention") or "")),
            Field("AllowUsersToChangePassword", "Allow users to change their own password", "checkbox",
                  value=current.get("AllowUsersToChangePassword", False)),
            Field("HardExpiry", "Expired passwords need an administrator (hard expiry)", "checkbox",
                  value=current.get("HardExpiry", False)),
        ], submit, "Save")

    def alias(self):
        self.form("Account alias", [Field("alias", "Alias (lowercase letters, digits, hyphens)")],
                  lambda v: self.call("iam", "CreateAccountAlias", {"AccountAlias": v["alias"]}), "Save")


def _need(value, message: str):
    if value in (None, ""):
        raise ValueError(message)
    return value
