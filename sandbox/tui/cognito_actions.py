"""The console's Actions for Amazon Cognito: user pools (app clients, users, groups), identity
pools (roles) and the sandbox's devices. Each form calls one operation as the signed-in
principal, as the Cognito console does; only menus and forms live here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sandbox.tui.forms import Field, SecretScreen
from sandbox.tui.messages import RunInTerminal
from sandbox.workspace.workflows import need

if TYPE_CHECKING:  # for annotations only: the console's Actions use this module
    from sandbox.tui.actions import Actions


def _pool_of(acts: Actions, key: str) -> dict | None:
    return next((p for p in acts.world["cognito_user_pools"].all() if p["Id"] == key), None)


def user_pool_actions(acts: Actions, key: str | None) -> list:
    out = [("Create user pool", lambda: create_user_pool(acts))]
    pool = _pool_of(acts, key) if key else None
    if pool is not None:
        name = pool["Name"]
        out += [(f"Create an app client in {name}", lambda: create_client(acts, pool["Id"])),
                (f"Create a user in {name} (temporary password)", lambda: create_user(acts, pool["Id"])),
                (f"Create a group in {name}", lambda: create_group(acts, pool["Id"])),
                (f"Add a user of {name} to a group", lambda: add_to_group(acts, pool["Id"])),
                (f"Delete user pool {name}", lambda: acts.confirm(
                    f"Delete the user pool {name} ({pool['Id']}) with its app clients, users and groups?",
                    lambda: acts.call("cognito-idp", "DeleteUserPool", {"UserPoolId": pool["Id"]})))]
    return out


def create_user_pool(acts: Actions) -> None:
    def submit(v):
        params = {"PoolName": v["name"], "AutoVerifiedAttributes": ["email"]}
        if v["email"]:
            params["UsernameAttributes"] = ["email"]
        if v["admin_only"]:
            params["AdminCreateUserConfig"] = {"AllowAdminCreateUserOnly": True}
        acts.call("cognito-idp", "CreateUserPool", params)
    acts.form("Create user pool", [
        Field("name", "User pool name", placeholder="photos-users"),
        Field("email", "Users sign in with their email (not a user name)", "checkbox"),
        Field("admin_only", "Only administrators create users (no self sign-up)", "checkbox"),
    ], submit, note="A user pool is a directory of your app's users: sign-up, sign-in, and JWTs for each sign-in. "
                    "Sign-up codes are sent to the user's email (iam-sandbox inbox).")


def create_client(acts: Actions, pool_id: str) -> None:
    def submit(v):
        flows = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]
        if v["password_auth"]:
            flows.append("ALLOW_USER_PASSWORD_AUTH")
        return acts.call("cognito-idp", "CreateUserPoolClient", {
            "UserPoolId": pool_id, "ClientName": v["name"], "GenerateSecret": bool(v["secret"]),
            "ExplicitAuthFlows": flows})["UserPoolClient"]

    def created(client):
        facts = [("Client ID", client["ClientId"])]
        if client.get("ClientSecret"):
            facts.append(("Client secret", client["ClientSecret"]))
        acts.screen.app.push_screen(SecretScreen(f"App client {client['ClientName']}", facts,
                                                 "The client id goes in the app; with a secret, every request also "
                                                 "carries SECRET_HASH (HMAC-SHA256 of user name + client id)."))
    acts.form("Create app client", [
        Field("name", "App client name", placeholder="web"),
        Field("secret", "Generate a client secret (a server-side app)", "checkbox"),
        Field("password_auth", "Allow sign-in with user name and password (USER_PASSWORD_AUTH)", "checkbox",
              value=True),
    ], submit, after=created)


def create_user(acts: Actions, pool_id: str) -> None:
    def submit(v):
        params = {"UserPoolId": pool_id, "Username": v["username"], "DesiredDeliveryMediums": ["EMAIL"],
                  "UserAttributes": [{"Name": "email", "Value": need(v["email"], "Give the user's email.")}]}
        if v["password"]:
            params["TemporaryPassword"] = v["password"]
        acts.call("cognito-idp", "AdminCreateUser", params)
    acts.form("Create user", [
        Field("username", "User name (or the email, in a pool that signs in with email)"),
        Field("email", "Email"),
        Field("password", "Temporary password (optional: Cognito makes one)", "password"),
    ], submit, note="The invitation with the temporary password goes to the user's email (iam-sandbox inbox); "
                    "the first sign-in must set a new password (NEW_PASSWORD_REQUIRED).")


def create_group(acts: Actions, pool_id: str) -> None:
    def submit(v):
        params = {"UserPoolId": pool_id, "GroupName": v["name"]}
        if v["role"]:
            params["RoleArn"] = v["role"]
        if v["precedence"]:
            if not v["precedence"].isdigit():
                raise ValueError("The precedence is a whole number (0 or more).")
            params["Precedence"] = int(v["precedence"])
        acts.call("cognito-idp", "CreateGroup", params)
    roles = [(r["RoleName"], r["Arn"]) for r in sorted(acts.world["roles"].all(), key=lambda r: r["RoleName"].lower())]
    acts.form("Create group", [
        Field("name", "Group name", placeholder="editors"),
        Field("role", "IAM role (optional)", "select", roles),
        Field("precedence", "Precedence (optional; lower wins)", placeholder="1"),
    ], submit, note="Members get cognito:groups in their tokens; with a role, cognito:roles and "
                    "cognito:preferred_role too.")


def add_to_group(acts: Actions, pool_id: str) -> None:
    world = acts.world
    users = sorted((u["Username"], u["Username"]) for u in world["cognito_users"].all() if u["UserPoolId"] == pool_id)
    groups = sorted((g["GroupName"], g["GroupName"]) for g in world["cognito_groups"].all()
                    if g["UserPoolId"] == pool_id)
    acts.form("Add a user to a group", [Field("user", "User", "select", users),
                                        Field("group", "Group", "select", groups)],
              lambda v: acts.call("cognito-idp", "AdminAddUserToGroup", {
                  "UserPoolId": pool_id, "Username": need(v["user"], "Choose a user."),
                  "GroupName": need(v["group"], "Choose a group.")}), "Add")


# -- identity pools ------------------------------------------------------------------------------

def identity_pool_actions(acts: Actions, key: str | None) -> list:
    out = [("Create identity pool", lambda: create_identity_pool(acts))]
    if key:
        out += [("Set the authenticated and guest roles", lambda: set_roles(acts, key)),
                ("Delete identity pool", lambda: acts.confirm(
                    f"Delete the identity pool {key} with its identities?",
                    lambda: acts.call("cognito-identity", "DeleteIdentityPool", {"IdentityPoolId": key})))]
    return out


def _user_pool_clients(world) -> list[tuple[str, str]]:
    out = []
    for c in world["cognito_user_pool_clients"].all():
        out.append((f"{c['ClientName']} ({c['UserPoolId']})", f"{c['UserPoolId']}|{c['ClientId']}"))
    return sorted(out)


def create_identity_pool(acts: Actions) -> None:
    def submit(v):
        params = {"IdentityPoolName": v["name"], "AllowUnauthenticatedIdentities": bool(v["guests"]),
                  "AllowClassicFlow": bool(v["classic"])}
        if v["client"]:
            pool_id, client_id = v["client"].split("|", 1)
            region = pool_id.split("_", 1)[0]
            params["CognitoIdentityProviders"] = [{"ProviderName": f"cognito-idp.{region}.amazonaws.com/{pool_id}",
                                                   "ClientId": client_id}]
        logins = {provider: v[field] for provider, field in (("graph.facebook.com", "facebook"),
                                                              ("accounts.google.com", "google"),
                                                              ("www.amazon.com", "amazon")) if v[field]}
        if logins:
            params["SupportedLoginProviders"] = logins
        acts.call("cognito-identity", "CreateIdentityPool", params)
    acts.form("Create identity pool", [
        Field("name", "Identity pool name", placeholder="photos"),
        Field("guests", "Guest access (unauthenticated identities)", "checkbox"),
        Field("classic", "Allow the basic (classic) flow", "checkbox"),
        Field("client", "User pool app client (optional)", "select", _user_pool_clients(acts.world)),
        Field("facebook", "Facebook app id (optional)", hint="iam-sandbox idp register facebook --app NAME"),
        Field("google", "Google client id (optional)"),
        Field("amazon", "Login with Amazon client id (optional)"),
    ], submit, note="An identity pool trades a sign-in for temporary AWS credentials of a role: the app stores "
                    "no AWS keys.")


def set_roles(acts: Actions, pool_id: str) -> None:
    roles = [(r["RoleName"], r["Arn"]) for r in sorted(acts.world["roles"].all(), key=lambda r: r["RoleName"].lower())]

    def submit(v):
        chosen = {kind: v[kind] for kind in ("authenticated", "unauthenticated") if v[kind]}
        acts.call("cognito-identity", "SetIdentityPoolRoles", {"IdentityPoolId": pool_id, "Roles": chosen})
    acts.form("Identity pool roles", [Field("authenticated", "Authenticated role", "select", roles),
                                      Field("unauthenticated", "Guest role", "select", roles)],
              submit, "Save", note="Each role must trust cognito-identity.amazonaws.com for this pool "
                                   "(Create role: trusted entity Amazon Cognito identity pool).")


# -- devices -------------------------------------------------------------------------------------

def device_actions(acts: Actions, key: str | None) -> list:
    out = [("Add a phone or tablet", lambda: add_device(acts))]
    if key:
        out.append((f"Open a terminal on {key}", lambda: acts.screen.post_message(RunInTerminal(f"device open {key}"))))
    return out


def add_device(acts: Actions) -> None:
    def submit(v):
        flags = (" --tablet" if v["tablet"] else "") + (" --ios" if v["ios"] else "")
        acts.screen.post_message(RunInTerminal(f"device add {need(v['name'], 'Name the device.')}{flags}"))
    acts.form("Add a device", [Field("name", "Device name", placeholder="ana-phone"),
                               Field("tablet", "A tablet (not a phone)", "checkbox"),
                               Field("ios", "iOS (APNs push) rather than Android (FCM push)", "checkbox")],
              submit, "Add", note="The app is installed on it; open its terminal to sign in and sync.")

