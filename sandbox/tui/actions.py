"""The console's Actions menu for the selected item, and the form or confirmation each
entry opens. What a form does is a workspace workflow (``sandbox.workspace.workflows``)
or one operation, called as the signed-in principal: only menus and forms live here."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from sandbox.errors import AwsError, SandboxError, error_text
from sandbox.services import managed_catalog
from sandbox.tui import cognito_actions
from sandbox.tui.forms import ConfirmScreen, Field, FormScreen, SecretScreen
from sandbox.tui.messages import EditPolicy, RunInTerminal, SimulatePolicy
from sandbox.tui.mfa_dialog import MfaScreen
from sandbox.workspace import Workspace, choices, workflows
from sandbox.workspace.policy_documents import managed_document
from sandbox.workspace.workflows import SERVICES, need

Action = tuple[str, Callable[[], None]]


class Actions:
    def __init__(self, screen: Screen, workspace: Workspace):
        self.screen = screen
        self.ws = workspace

    @property
    def world(self):
        return self.ws.world

    def call(self, service: str, operation: str, params: dict) -> dict:
        return self.ws.call(service, operation, params)

    def form(self, title, fields, submit, label="Create", note="", after: Callable | None = None) -> None:
        def done(result):
            if result and after:
                after(result)

        self.screen.app.push_screen(FormScreen(title, fields, submit, label, note), done)

    def confirm(self, question: str, fn: Callable[[], object], label: str = "Delete") -> None:
        self.screen.app.push_screen(ConfirmScreen(question, fn, label))

    def edit(self, kind: str, key: str = "") -> None:
        self.screen.post_message(EditPolicy(kind, key))

    # -- per section ------------------------------------------------------------------------------

    def for_selection(self, section: str, key: str | None) -> list[Action]:
        cognito = {"user-pools": cognito_actions.user_pool_actions,
                   "identity-pools": cognito_actions.identity_pool_actions,
                   "devices": cognito_actions.device_actions}.get(section)
        if cognito is not None:
            return cognito(self, key)
        fn = getattr(self, f"_{section}", None)
        return fn(key) if fn else []

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
                    lambda: workflows.delete_user(self.ws, key))),
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
                (f"Edit the trust policy of {key}", lambda: self.edit("trust", key)),
                (f"Add or edit an inline policy of {key}", lambda: self.inline("role", key)),
                (f"Delete an inline policy of {key}", lambda: self.delete_inline("role", key)),
                (f"Create an instance profile holding {key}", lambda: self.profile_for_role(key)),
                (f"Set the permissions boundary of {key}", lambda: self.boundary("role", key)),
                (f"Delete role {key}", lambda: self.confirm(f"Delete role {key}?", lambda: self.call(
                    "iam", "DeleteRole", {"RoleName": key}))),
            ]
        return acts

    def _policies(self, key):
        acts: list[Action] = [("Create a customer managed policy", lambda: self.edit("new-policy"))]
        if key:
            name = key.rsplit("/", 1)[-1]
            acts += [(f"Edit {name} (a new default version)", lambda: self.edit("managed", key)),
                     (f"Copy {name} into a new customer managed policy", lambda: self.edit("copy-policy", key)),
                     (f"Simulate {name} in the policy simulator", lambda: self.screen.post_message(
                         SimulatePolicy(managed_document(self.world, key))))]
            if not managed_catalog.is_aws_managed(key):
                acts.append((f"Delete {name}", lambda: self.confirm(
                    f"Delete the policy {name}? (It must be detached and have only its default version.)",
                    lambda: self.call("iam", "DeletePolicy", {"PolicyArn": key}))))
        return acts

    def _instances(self, key):
        acts: list[Action] = []
        if key:
            inst = self.world["instances"].get(key)
            if inst and inst.get("AssociationId"):
                acts += [("Modify IAM role: replace the role (no stop needed)", lambda: self.instance_role(key)),
                         ("Detach the IAM role", lambda: self.confirm(
                             "Remove the instance profile (and its role) from this instance?", lambda: self.call(
                                 "ec2", "DisassociateIamInstanceProfile", {"AssociationId": inst["AssociationId"]}),
                             "Detach"))]
            elif inst and inst["State"] != "terminated":
                acts.append(("Modify IAM role: attach a role (no stop needed)", lambda: self.instance_role(key)))
            if inst and inst["State"] == "running":
                acts += [("Open a terminal on this instance (ssh)",
                          lambda: self.screen.post_message(RunInTerminal(f"ssh {key}"))),
                         ("Stop instance", lambda: self.call_and_say("ec2", "StopInstances", {"InstanceIds": [key]}))]
            elif inst and inst["State"] == "stopped":
                acts.append(("Start instance", lambda: self.call_and_say("ec2", "StartInstances",
                                                                         {"InstanceIds": [key]})))
        return acts

    def _buckets(self, key):
        acts: list[Action] = [("Create bucket", self.create_bucket)]
        if key:
            acts += [(f"Edit the bucket policy of {key}", lambda: self.edit("bucket", key)),
                     (f"Delete the bucket policy of {key}", lambda: self.confirm(
                         f"Delete the bucket policy of {key}?", lambda: self.call("s3", "DeleteBucketPolicy",
                                                                                  {"Bucket": key}))),
                     (f"Delete bucket {key}", lambda: self.confirm(f"Delete the bucket {key}? (It must be empty.)",
                                                                   lambda: self.call("s3", "DeleteBucket",
                                                                                     {"Bucket": key})))]
        return acts

    def _providers(self, key):
        acts: list[Action] = [("Add an OpenID Connect identity provider", self.create_provider)]
        if key:
            row = self.world["oidc_providers"].get(key) or {}
            name = row.get("Url", key)
            acts += [(f"Add an audience to {name}", lambda: self.provider_audience(key, add=True)),
                     (f"Remove an audience from {name}", lambda: self.provider_audience(key, add=False)),
                     (f"Delete the identity provider {name}", lambda: self.confirm(
                         f"Delete the identity provider {name}? Roles that trust it keep their trust policy, but no "
                         "token from it is accepted any more.",
                         lambda: self.call("iam", "DeleteOpenIDConnectProvider", {"OpenIDConnectProviderArn": key})))]
        return acts

    def _account(self, key):
        acts: list[Action] = [("Edit the account password policy", self.password_policy),
                              ("Set the account alias", self.alias)]
        caller = self.ws.console.caller
        if caller is not None and caller.kind == "root":
            acts.append(("Assign a virtual MFA device to the root user", lambda: self.assign_mfa(None)))
        else:
            acts.append(("Assign a virtual MFA device to the root user (needs root: F5)", lambda: self.screen.notify(
                "Only the root user can assign its own MFA device, signed in to the console as root: press F5 "
                "and sign in as the root user (the sign-in screen shows the sandbox's root password).",
                title="Sign in as root first", timeout=12)))
        return acts

    def call_and_say(self, service: str, operation: str, params: dict) -> None:
        """One operation with no form: an error is a notification."""
        try:
            self.call(service, operation, params)
        except (AwsError, SandboxError) as exc:
            self.screen.notify(error_text(exc), severity="error", timeout=8, markup=False)

    # -- forms -------------------------------------------------------------------------------------

    def create_user(self):
        def submit(v):
            done = workflows.create_user(self.ws, v["name"], v["group"], v["password"], v["reset"], v["key"])
            if done.problem:  # the user exists now: close the form and say what is left to do
                self.screen.notify(done.problem, severity="error", timeout=10, markup=False)
            return done

        def created(done):
            self.screen.select_section("users", done.user_name)  # the new user's page, as the console opens it
            if done.access_key:
                self.show_key(done.access_key)
        self.form("Create user", [
            Field("name", "User name", placeholder="required: letters, digits and +=,.@_-",
                  required="Give the user a name."),
            Field("group", "Add to group", "select", choices.names(self.world, "groups"), placeholder="(no group)"),
            Field("password", "Console password", "password", placeholder="optional: empty means no console access",
                  hint="Must follow the account password policy."),
            Field("reset", "User must create a new password at next sign-in", "checkbox", value=True),
            Field("key", "Create an access key too (CLI and API access)", "checkbox",
                  hint="The secret is shown once. Today's console adds keys later, on the user's Security "
                       "credentials tab; older consoles made them here."),
        ], submit, note="A new user has no permissions until a policy grants some (directly or through a group).",
            after=created)

    def create_group(self):
        self.form("Create user group", [
            Field("name", "Group name", placeholder="required: letters, digits and +=,.@_-",
                  required="Give the group a name."),
            Field("policies", "Attach permissions policies", "multi", choices.policies(self.world),
                  hint="Space ticks a policy. Up to 10 managed policies per group."),
            Field("users", "Add users", "multi", choices.names(self.world, "users"), placeholder="(no users yet)"),
        ], lambda v: self._group_created(workflows.create_group(self.ws, v["name"], v["policies"], v["users"])),
            note="Groups give their members policies collectively. A group is not a principal.")

    def _group_created(self, problem: str | None) -> bool:
        if problem:  # the group exists now: close the form and say what is left to do
            self.screen.notify(problem, severity="error", timeout=10, markup=False)
        return True

    def membership(self, user: str, add: bool):
        groups = choices.names(self.world, "groups") if add else choices.groups_of(self.world, user)
        self.form(f"{'Add' if add else 'Remove'} {user} {'to' if add else 'from'} a group",
                  [Field("group", "Group", "select", groups)],
                  lambda v: self.call("iam", "AddUserToGroup" if add else "RemoveUserFromGroup",
                                      {"UserName": user, "GroupName": need(v["group"], "Choose a group.")}),
                  "Add" if add else "Remove")

    def group_member(self, group: str, add: bool):
        users = choices.names(self.world, "users") if add else choices.members_of(self.world, group)
        self.form(f"{'Add a user to' if add else 'Remove a user from'} {group}",
                  [Field("user", "User", "select", users)],
                  lambda v: self.call("iam", "AddUserToGroup" if add else "RemoveUserFromGroup",
                                      {"UserName": need(v["user"], "Choose a user."), "GroupName": group}),
                  "Add" if add else "Remove")

    def attach(self, kind: str, name: str):
        cap = kind.capitalize()
        self.form(f"Attach a managed policy to {kind} {name}",
                  [Field("arn", "Policy", "select", choices.policies(self.world))],
                  lambda v: self.call("iam", f"Attach{cap}Policy", {f"{cap}Name": name,
                                                                      "PolicyArn": need(v["arn"], "Choose a policy.")}),
                  "Attach", note="AWS managed policies are written by AWS for common jobs and can be attached "
                                 "anywhere; customer managed policies are yours.")

    def detach(self, kind: str, name: str):
        cap = kind.capitalize()
        self.form(f"Detach a managed policy from {kind} {name}",
                  [Field("arn", "Policy", "select", choices.attached(self.world, kind, name))],
                  lambda v: self.call("iam", f"Detach{cap}Policy", {f"{cap}Name": name,
                                                                      "PolicyArn": need(v["arn"], "Choose a policy.")}),
                  "Detach")

    def inline(self, kind: str, name: str):
        self.form(f"Inline policy of {kind} {name}", [
            Field("existing", "Edit an existing one, or start a new one", "select",
                  [("(new inline policy)", "")] + choices.inline(self.world, kind, name), value=""),
            Field("policy", "Name for a new policy", placeholder="required for a new one: letters, digits, +=,.@_-")],
            lambda v: (v.get("existing") or need(v["policy"], "Give the new policy a name.")),
            "Open editor",
            note="An inline policy is embedded in exactly one user, group or role and is deleted with it.",
            after=lambda policy_name: self.edit("inline", f"{kind}:{name}:{policy_name}"))

    def delete_inline(self, kind: str, name: str):
        cap = kind.capitalize()
        self.form(f"Delete an inline policy of {kind} {name}",
                  [Field("policy", "Policy", "select", choices.inline(self.world, kind, name))],
                  lambda v: self.call("iam", f"Delete{cap}Policy", {f"{cap}Name": name,
                                                                      "PolicyName": need(v["policy"], "Choose one.")}),
                  "Delete")

    def create_key(self, user: str):
        try:
            out = self.call("iam", "CreateAccessKey", {"UserName": user})["AccessKey"]
        except (AwsError, SandboxError) as exc:
            self.screen.notify(error_text(exc), severity="error", timeout=10, markup=False)
            return
        self.show_key(out)

    def show_key(self, key: dict) -> None:
        """The new key, shown this once, with one key to put it in a profile on the laptop."""
        user, key_id, secret = key["UserName"], key["AccessKeyId"], key["SecretAccessKey"]
        self.screen.app.push_screen(SecretScreen(
            f"Access key for {user}",
            [("Access key ID", key_id), ("Secret access key", secret)],
            "This is the only time the secret access key is shown. Copy it now: if you lose it, create a new "
            "key. Access keys are for the CLI and API; they cannot be used to sign in to the console.",
            [("p", f"Configure the profile {user} on the laptop",
              lambda: workflows.configure_laptop_profile(self.ws, user, key_id, secret))]))

    def toggle_key(self, user: str):
        self.form(f"Activate or deactivate an access key of {user}",
                  [Field("key", "Access key", "select", choices.access_keys(self.world, user))],
                  lambda v: workflows.switch_access_key(self.ws, user, need(v["key"], "Choose a key.")), "Switch")

    def delete_key(self, user: str):
        self.form(f"Delete an access key of {user}",
                  [Field("key", "Access key", "select", choices.access_keys(self.world, user))],
                  lambda v: self.call("iam", "DeleteAccessKey", {"UserName": user,
                                                                 "AccessKeyId": need(v["key"], "Choose a key.")}),
                  "Delete", note="Rotate safely: create the second key, switch to it, deactivate the old one, then "
                                 "delete it.")

    def password(self, user: str):
        self.form(f"Console password of {user}", [Field("password", "Password", "password",
                                                        required="Type the new password."),
                                                  Field("reset", "Must change it at next sign-in", "checkbox",
                                                        value=True)],
                  lambda v: workflows.set_console_password(self.ws, user, v["password"], v["reset"]), "Save",
                  note="The password must follow the account password policy.")

    def assign_mfa(self, user: str | None):
        self.screen.app.push_screen(MfaScreen(self.ws, user))

    def boundary(self, kind: str, name: str):
        self.form(f"Permissions boundary of {kind} {name}",
                  [Field("arn", "Boundary policy", "select",
                         [("(remove the boundary)", "")] + choices.policies(self.world))],
                  lambda v: workflows.set_boundary(self.ws, kind, name, v["arn"]), "Save",
                  note="A boundary caps what identity-based policies can grant: the effective permissions are the "
                       "intersection.")

    def create_role(self):
        def submit(v):
            kind = need(v["kind"], "Choose the trusted entity type.")
            trusted = need({"service": v["service"], "account": v["account"], "web": v["provider"],
                            "cognito": v["identity_pool"]}[kind], "Fill in the trusted entity.")
            audience = v["who"] if kind == "cognito" else v["audience"]
            workflows.create_role(self.ws, v["name"], kind, trusted, audience, v["description"], v["policy"])
        self.form("Create role", [
            Field("kind", "Trusted entity type", "select", [("AWS service", "service"), ("Another AWS account",
                                                                                         "account"),
                                                             ("Web identity", "web"),
                                                             ("Amazon Cognito identity pool", "cognito")],
                  value="service"),
            Field("service", "AWS service", "select", [(s, s) for s in SERVICES], value="ec2.amazonaws.com",
                  when=("kind", ("service",))),
            Field("account", "Account ID", placeholder="required: the other account's 12 digits",
                  when=("kind", ("account",)), required="Type the other account's 12-digit ID."),
            Field("provider", "Identity provider", "select",
                  [(p, p) for p in workflows.web_identity_providers(self.world)], when=("kind", ("web",))),
            Field("audience", "Audience: the app's client id (iam-sandbox idp list shows them)",
                  placeholder="NNNN-xxxx.apps.googleusercontent.com, an app id, or a pool id",
                  when=("kind", ("web",))),
            Field("identity_pool", "Identity pool", "select", choices.identity_pools(self.world),
                  when=("kind", ("cognito",))),
            Field("who", "For", "select", [("Signed-in users (authenticated)", "authenticated"),
                                           ("Guests (unauthenticated)", "unauthenticated")], value="authenticated",
                  when=("kind", ("cognito",))),
            Field("name", "Role name", placeholder="required: letters, digits and +=,.@_-",
                  required="Give the role a name."),
            Field("description", "Description"),
            Field("policy", "Permissions policy (optional)", "select", choices.policies(self.world)),
        ], submit, note="Roles give temporary credentials to whoever the trust policy allows: no long-term keys. "
                        "For EC2 an instance profile of the same name is created too.")

    def create_provider(self):
        self.form("Add an identity provider (OpenID Connect)", [
            Field("url", "Provider URL", placeholder="https://login.example.edu"),
            Field("audiences", "Audiences: client ids, comma separated", placeholder="the app's client id"),
            Field("thumbprint", "Thumbprint (optional: IAM retrieves the certificate authority's)"),
        ], lambda v: workflows.create_oidc_provider(self.ws, v["url"], v["audiences"], v["thumbprint"]), "Add",
            note="Google, Facebook, Login with Amazon and Cognito are built into AWS: they need no provider here. "
                 "Any other OpenID Connect issuer does, before a role can trust it.")

    def provider_audience(self, arn: str, add: bool):
        row = self.world["oidc_providers"].get(arn) or {}
        field = (Field("client", "Client id", placeholder="the app's client id") if add else
                 Field("client", "Client id", "select", [(c, c) for c in row.get("ClientIDList", [])]))
        operation = "AddClientIDToOpenIDConnectProvider" if add else "RemoveClientIDFromOpenIDConnectProvider"
        self.form(f"{'Add an audience to' if add else 'Remove an audience from'} {row.get('Url', arn)}", [field],
                  lambda v: self.call("iam", operation, {"OpenIDConnectProviderArn": arn,
                                                         "ClientID": need(v["client"], "Give a client id.")}),
                  "Add" if add else "Remove")

    def profile_for_role(self, role: str):
        self.form(f"Instance profile for {role}", [Field("name", "Instance profile name", value=role)],
                  lambda v: workflows.add_instance_profile(self.ws, role, v["name"]))

    def instance_role(self, instance_id: str):
        profiles = choices.names(self.world, "instance_profiles")
        inst = self.world["instances"].get(instance_id) or {}
        note = "The instance keeps running; its next `aws` call gets credentials for the new role."
        if not profiles:
            note = ("There are no instance profiles yet: a role reaches an instance through one. Create a role for "
                    "EC2 (Roles, a: an instance profile of the same name comes with it), or give an existing role "
                    "one (Roles, select the role, a: Create an instance profile holding it).")
        self.form(f"Modify IAM role of {inst.get('Name') or instance_id}",
                  [Field("profile", "Instance profile (role)", "select", profiles)],
                  lambda v: workflows.set_instance_role(self.ws, instance_id,
                                                        need(v["profile"], "Choose an instance profile.")),
                  "Update IAM role", note=note)

    def create_bucket(self):
        self.form("Create bucket", [Field("name", "Bucket name (global across all accounts)",
                                          placeholder="required: 3-63 lowercase letters, digits, dots, hyphens",
                                          required="Give the bucket a name.")],
                  lambda v: self.call("s3", "CreateBucket", {"Bucket": v["name"]}))

    def password_policy(self):
        current = self.world.meta.get("password_policy") or {}
        self.form("Account password policy", [
            Field("MinimumPasswordLength", "Minimum length (6-128)",
                  value=str(current.get("MinimumPasswordLength", 8))),
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
        ], lambda v: workflows.update_password_policy(self.ws, v), "Save")

    def alias(self):
        self.form("Account alias", [Field("alias", "Alias (lowercase letters, digits, hyphens)",
                                          required="Type the alias.")],
                  lambda v: self.call("iam", "CreateAccountAlias", {"AccountAlias": v["alias"]}), "Save")
