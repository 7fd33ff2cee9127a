"""The Federation view's brokered flow: a (mobile) app signs a person in with Facebook, or
lets a guest in, and a Cognito identity pool gives the identity and the credentials of the
role it chooses (GetId, GetCredentialsForIdentity); the app names no role and holds no key.
In the enhanced flow a guest is scoped down to no S3 at all."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, Select

from sandbox import idp
from sandbox.world import ids
from test_tui_federation import lit, sh, text
from tuihelp import ACCOUNT, SIZE, make_app, make_world, run, settle, until

pytestmark = pytest.mark.tui


def _trust(pool: str, amr: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool},
                      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr}}}]})


def brokered_world():
    """A Facebook app snapshots, an identity pool snapshots that trusts it and lets guests
    in, roles SnapshotsUsers and SnapshotsGuests reading public/ of experimenting-aws."""
    world = make_world()
    ids.seed(3)  # the same ids every time (the snapshot shows them)
    try:
        with world.transaction():
            facebook = idp.register_app(world, idp.FACEBOOK, "snapshots")["ClientId"]
        pool = json.loads(sh(world, "aws cognito-identity create-identity-pool --identity-pool-name snapshots "
                                    "--allow-unauthenticated-identities --supported-login-providers "
                                    f"graph.facebook.com={facebook}"))["IdentityPoolId"]
        read = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::experimenting-aws/public/*"}]})
        for role, amr in (("SnapshotsUsers", "authenticated"), ("SnapshotsGuests", "unauthenticated")):
            sh(world, f"aws iam create-role --role-name {role} --assume-role-policy-document '{_trust(pool, amr)}'")
            sh(world, f"aws iam put-role-policy --role-name {role} --policy-name read --policy-document '{read}'")
        sh(world, f"aws cognito-identity set-identity-pool-roles --identity-pool-id {pool} --roles "
                  f"authenticated=arn:aws:iam::{ACCOUNT}:role/SnapshotsUsers,"
                  f"unauthenticated=arn:aws:iam::{ACCOUNT}:role/SnapshotsGuests")
        sh(world, "echo 'Welcome!' > welcome.txt && aws s3 cp welcome.txt s3://experimenting-aws/public/welcome.txt")
        return world, pool
    finally:
        ids.seed(None)


async def open_brokered(pilot, app_label: str):
    await pilot.press("f10")
    await until(pilot, lambda: pilot.app.current_mode == "federation", what="the federation view")
    await settle(pilot)
    screen = pilot.app.screen
    screen.query_one("#fed-mode", Select).value = "brokered"
    await until(pilot, lambda: screen.query_one("#fed-pool", Select).display, what="the identity pool choice")
    await settle(pilot)
    apps = screen.query_one("#fed-app", Select)
    apps.value = next(v for label, v in apps._options if str(label).startswith(app_label))
    await pilot.pause()
    return screen


HOPS = ("app", "provider", "token", "cognito", "sts", "credentials", "s3")


def test_facebook_through_the_identity_pool_gets_the_role_the_pool_chooses():
    world, pool = brokered_world()

    async def go_():
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_brokered(pilot, "Facebook: snapshots")
            assert not screen.query_one("#fed-role", Select).display  # the app names no role
            assert screen.query_one("#fed-pool", Select).value == pool
            await pilot.press("ctrl+r")
            await until(pilot, lambda: lit(screen, "credentials") == "hop-ok", what="the credentials hop")
            assert [lit(screen, h) for h in HOPS] == ["hop-ok"] * 6 + ["hop-waiting"]
            assert screen.flow.identity_id.startswith("us-east-1:")
            token = text(screen, "#fed-token")
            assert screen.flow.identity_id in token and '"iss": "https://www.facebook.com"' in token
            trust = text(screen, "#fed-trust")
            assert trust.startswith("allowed") and "trust policy of role SnapshotsUsers" in trust
            creds = text(screen, "#fed-creds")
            assert "assumed-role/SnapshotsUsers/CognitoIdentityCredentials" in creds and pool in creds
            screen.query_one("#fed-s3", Input).value = "s3://experimenting-aws/public/welcome.txt"
            await pilot.click("#fed-s3-go")
            await until(pilot, lambda: lit(screen, "s3") == "hop-ok", what="the S3 hop")
            assert "Welcome!" in text(screen, "#fed-log")
    run(go_())


def test_a_guest_gets_credentials_but_the_enhanced_flow_allows_no_s3():
    world, pool = brokered_world()

    async def go_():
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_brokered(pilot, "Guest")
            await pilot.press("ctrl+r")
            await until(pilot, lambda: lit(screen, "credentials") == "hop-ok", what="the credentials hop")
            assert "AmazonCognitoUnAuthedIdentitiesSessionPolicy" in text(screen, "#fed-log")
            assert "unauthenticated" in text(screen, "#fed-token")
            screen.query_one("#fed-s3", Input).value = "s3://experimenting-aws/public/welcome.txt"
            await pilot.click("#fed-s3-go")
            await until(pilot, lambda: lit(screen, "s3") == "hop-failed", what="S3 refused")
            assert "AccessDenied" in text(screen, "#fed-log") and "session policy" in text(screen, "#fed-log")
            # back to the direct flow: its own boxes, nothing lit
            screen.query_one("#fed-mode", Select).value = "direct"
            await until(pilot, lambda: not screen.query_one("#hop-cognito").display, what="the direct flow")
            assert screen.query_one("#fed-role", Select).display and lit(screen, "app") == "hop-waiting"
    run(go_())


def test_a_user_pool_user_signs_in_through_the_identity_pool():
    """device -> user pool -> identity pool -> STS: the user pool's ID token is the login
    (the app client has a secret: the view's app sends SECRET_HASH)."""
    from sandbox.services import mailbox
    from sandbox.services.cognito_idp.common import secret_hash

    world, pool = brokered_world()
    user_pool = json.loads(sh(world, "aws cognito-idp create-user-pool --pool-name snapshots-users "
                                     "--auto-verified-attributes email"))["UserPool"]["Id"]
    made = json.loads(sh(world, f"aws cognito-idp create-user-pool-client --user-pool-id {user_pool} --client-name "
                                "mobile --generate-secret --explicit-auth-flows ALLOW_USER_PASSWORD_AUTH "
                                "ALLOW_REFRESH_TOKEN_AUTH"))["UserPoolClient"]
    client, hashed = made["ClientId"], secret_hash(made["ClientSecret"], "bo", made["ClientId"])
    sh(world, f"aws cognito-idp sign-up --client-id {client} --secret-hash {hashed} --username bo "
              "--password Corr3ct-horse --user-attributes Name=email,Value=bo@example.com")
    code = mailbox.code_in(mailbox.messages(world, "bo@example.com")[-1]["Body"])
    sh(world, f"aws cognito-idp confirm-sign-up --client-id {client} --secret-hash {hashed} --username bo "
              f"--confirmation-code {code}")
    provider = f"cognito-idp.us-east-1.amazonaws.com/{user_pool}"
    sh(world, f"aws cognito-identity update-identity-pool --identity-pool-id {pool} --identity-pool-name snapshots "
              f"--allow-unauthenticated-identities --cognito-identity-providers ProviderName={provider},"
              f"ClientId={client}")

    async def go_():
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_brokered(pilot, "User pool: snapshots-users (mobile)")
            screen.query_one("#fed-user", Input).value = "bo"
            screen.query_one("#fed-password", Input).value = "wrong"
            await pilot.press("ctrl+r")
            await until(pilot, lambda: lit(screen, "provider") == "hop-failed", what="a refused password")
            assert "NotAuthorizedException: Incorrect username or password." in text(screen, "#fed-status")
            screen.query_one("#fed-password", Input).value = "Corr3ct-horse"
            await pilot.press("ctrl+r")
            await until(pilot, lambda: lit(screen, "credentials") == "hop-ok", what="the credentials hop")
            token = text(screen, "#fed-token")
            assert '"token_use": "id"' in token and '"cognito:username": "bo"' in token
            assert "assumed-role/SnapshotsUsers/CognitoIdentityCredentials" in text(screen, "#fed-creds")
    run(go_())


def test_facebook_straight_to_sts_for_a_role_that_trusts_the_pool_explains_the_principal_mismatch():
    """The walkthrough's case: the direct flow, Facebook's token, a role whose trust names
    cognito-identity.amazonaws.com. The trust box says first that the Principal does not
    name Facebook (the pool's aud and amr conditions are beside the point), and the Why?
    flow chart marks the denial at the trust policy, not "names you ► ALLOWED"."""
    from sandbox.tui.explain_view import ExplainScreen

    world, _ = brokered_world()

    async def go_():
        app = make_app(world)
        async with app.run_test(size=(140, 45)) as pilot:
            await pilot.press("f10")
            await until(pilot, lambda: app.current_mode == "federation", what="the federation view")
            await settle(pilot)
            screen = app.screen
            assert screen.query_one("#fed-mode", Select).value == "direct"
            assert str(screen.query_one("#fed-app", Select).selection.label) == "Facebook: snapshots"
            screen.query_one("#fed-role", Select).value = f"arn:aws:iam::{ACCOUNT}:role/SnapshotsUsers"
            await pilot.pause()
            await pilot.press("ctrl+r")
            await until(pilot, lambda: lit(screen, "sts") == "hop-failed", what="the refused trust check")
            trust = text(screen, "#fed-trust").splitlines()
            assert trust[0] == "implicitDeny"
            assert trust[1] == ("Principal mismatch: Principal names Federated cognito-identity.amazonaws.com, "
                                "not Federated graph.facebook.com")
            assert not any(line.startswith("Condition failed") for line in trust)
            await pilot.press("ctrl+e")
            await until(pilot, lambda: isinstance(app.screen, ExplainScreen), what="the explanation")
            chart = str(app.screen.query_one("#explain-flow-text").render())
            assert "├─no─► DENIED (implicit)  ◄ this request" in chart and "ALLOWED  ◄" not in chart
    run(go_())
