"""The app's web identity federation: the Federation view (the flow as boxes lit hop by
hop, the decoded token, the trust decision, the credentials with the secret shown once),
the Identity providers page (add, audiences, delete) and the Create role form's web
identity choice with its audience condition."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, Select, Static

from sandbox import idp
from sandbox.idp import seed as idp_seed
from sandbox.services.gateway import Gateway
from sandbox.shell.session import ShellSession
from sandbox.world import ids
from tuihelp import ACCOUNT, SIZE, console, decisions, go, make_app, make_world, press_button, run, settle, until

pytestmark = pytest.mark.tui

ROLE = f"arn:aws:iam::{ACCOUNT}:role/PhotoShareUsers"


def sh(world, line: str) -> str:
    import io

    out, err = io.StringIO(), io.StringIO()
    result = ShellSession(Gateway(world)).run(line, out, err)
    assert result.status == 0, err.getvalue()
    return out.getvalue()


def federation_world():
    """The snapshot world with Google apps photo-share and other-app, role PhotoShareUsers
    trusting photo-share's audience (reading its own prefix of experimenting-aws), and a note
    in Ana's prefix."""
    world = make_world()
    ids.seed(2)  # the role's id is the same every time (the snapshot shows it)
    try:
        return _federation_setup(world)
    finally:
        ids.seed(None)


def _federation_setup(world):
    with world.transaction():
        client = idp.register_app(world, idp.GOOGLE, "photo-share")["ClientId"]
        idp.register_app(world, idp.GOOGLE, "other-app")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"accounts.google.com:aud": client}}}]}
    sh(world, f"aws iam create-role --role-name PhotoShareUsers --assume-role-policy-document '{json.dumps(trust)}'")
    own = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                   "Resource": "arn:aws:s3:::experimenting-aws/"
                                                               "${accounts.google.com:sub}/*"}]}
    sh(world, "aws iam put-role-policy --role-name PhotoShareUsers --policy-name own "
              f"--policy-document '{json.dumps(own)}'")
    sub = idp_seed.subject(world, "google", "accounts.google.com", "ana@example.com")
    sh(world, f"echo 'Ana at the beach' > note.txt && aws s3 cp note.txt s3://experimenting-aws/{sub}/note.txt")
    return world, client, sub


async def open_federation(pilot, app_name: str = "photo-share") -> object:
    await pilot.press("f10")
    await until(pilot, lambda: pilot.app.current_mode == "federation", what="the federation view")
    await settle(pilot)
    screen = pilot.app.screen
    apps = screen.query_one("#fed-app", Select)
    apps.value = next(v for _, v in apps._options if v is not Select.NULL and v.label.endswith(app_name))
    await pilot.pause()
    return screen


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def lit(screen, hop: str) -> str:
    box = screen.query_one(f"#hop-{hop}", Static)
    return next((c for c in ("hop-ok", "hop-failed", "hop-waiting") if box.has_class(c)), "")


def test_the_flow_lights_hop_by_hop_and_shows_token_trust_and_credentials():
    world, client, sub = federation_world()

    async def go_():
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_federation(pilot)
            assert [lit(screen, h) for h in ("app", "sts", "s3")] == ["hop-waiting"] * 3
            assert screen.query_one("#fed-role", Select).value == ROLE
            await pilot.press("ctrl+r")
            await until(pilot, lambda: lit(screen, "credentials") == "hop-ok", what="the credentials hop")
            assert [lit(screen, h) for h in ("app", "provider", "token", "sts", "credentials", "s3")] == \
                ["hop-ok"] * 5 + ["hop-waiting"]
            assert f'"aud": "{client}"' in text(screen, "#fed-token")
            trust = text(screen, "#fed-trust")
            assert trust.startswith("allowed") and "trust policy of role PhotoShareUsers" in trust
            creds = text(screen, "#fed-creds")
            secret = screen.flow.response["Credentials"]["SecretAccessKey"]
            assert secret in creds and "assumed-role/PhotoShareUsers/ana" in creds and sub in creds
            # S3 with the session: Ana's own prefix; the secret is not shown again
            screen.query_one("#fed-s3", Input).value = f"s3://experimenting-aws/{sub}/note.txt"
            await press_button(pilot, "#fed-s3-go")
            await until(pilot, lambda: lit(screen, "s3") == "hop-ok", what="the S3 hop")
            assert "Ana at the beach" in text(screen, "#fed-log")
            assert secret not in text(screen, "#fed-creds") and "shown once" in text(screen, "#fed-creds")
            screen.query_one("#fed-s3", Input).value = "s3://experimenting-aws/hello.txt"
            await press_button(pilot, "#fed-s3-go")
            await until(pilot, lambda: lit(screen, "s3") == "hop-failed", what="S3 refused")
            assert "AccessDenied" in text(screen, "#fed-log")
            # the console's decisions pane has the trust decision like any other
            await pilot.press("f2")
            await until(pilot, lambda: app.current_mode == "console", what="the console")
            await settle(pilot)
            shown = [e for e in decisions(app).events.values() if e.action == "sts:AssumeRoleWithWebIdentity"]
            assert shown and shown[-1].allowed
    run(go_())


def test_a_refused_audience_lights_the_trust_check_red_with_the_failed_condition():
    world, client, sub = federation_world()

    async def go_():
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_federation(pilot, "other-app")
            await pilot.click("#fed-go")
            await until(pilot, lambda: lit(screen, "sts") == "hop-failed", what="the refused trust check")
            assert lit(screen, "token") == "hop-ok" and lit(screen, "credentials") == "hop-waiting"
            assert "Not authorized to perform sts:AssumeRoleWithWebIdentity" in text(screen, "#fed-status")
            trust = text(screen, "#fed-trust")
            assert trust.startswith("implicitDeny") and "Condition failed: accounts.google.com:aud" in trust
            assert text(screen, "#fed-creds") == "None yet."
            await pilot.press("ctrl+e")
            from sandbox.tui.explain_view import ExplainScreen

            await until(pilot, lambda: isinstance(app.screen, ExplainScreen), what="the explanation")
    run(go_())


def test_identity_providers_page_adds_audiences_and_deletes():
    world = make_world()

    async def go_():
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = console(app)
            actions = dict(screen._actions().for_selection("providers", None))
            actions["Add an OpenID Connect identity provider"]()
            await until(pilot, lambda: app.screen.query("#field-url"), what="the form")
            form = app.screen
            form.query_one("#field-url", Input).value = "https://login.example.edu"
            form.query_one("#field-audiences", Input).value = "portal, kiosk"
            form.query_one("#field-thumbprint", Input).value = "a" * 40
            await pilot.click("#form-submit-button")
            arn = f"arn:aws:iam::{ACCOUNT}:oidc-provider/login.example.edu"
            await until(pilot, lambda: world["oidc_providers"].get(arn) is not None, what="the provider")
            assert world["oidc_providers"].get(arn)["ClientIDList"] == ["portal", "kiosk"]
            await go(pilot, "providers", arn)
            dict(screen._actions().for_selection("providers", arn))["Remove an audience from login.example.edu"]()
            await until(pilot, lambda: app.screen.query("#field-client"), what="the form")
            app.screen.query_one("#field-client", Select).value = "kiosk"
            await pilot.click("#form-submit-button")
            await until(pilot, lambda: world["oidc_providers"].get(arn)["ClientIDList"] == ["portal"],
                        what="the audience removed")
            dict(screen._actions().for_selection("providers", arn))["Delete the identity provider login.example.edu"]()
            await until(pilot, lambda: app.screen.query("#confirm-yes"), what="the confirmation")
            await pilot.click("#confirm-yes")
            await until(pilot, lambda: world["oidc_providers"].get(arn) is None, what="the provider deleted")
    run(go_())


def test_create_role_for_web_identity_builds_the_audience_condition():
    world = make_world()
    sh(world, "aws iam create-open-id-connect-provider --url https://login.example.edu --client-id-list portal "
              f"--thumbprint-list {'a' * 40}")
    arn = f"arn:aws:iam::{ACCOUNT}:oidc-provider/login.example.edu"

    async def go_():
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            console(app).open_form("create_role")
            await until(pilot, lambda: app.screen.query("#field-kind"), what="the form")
            form = app.screen
            form.query_one("#field-kind", Select).value = "web"
            await pilot.pause()
            provider = form.query_one("#field-provider", Select)
            assert any(v == arn for _, v in provider._options)
            provider.value = arn
            form.query_one("#field-audience", Input).value = "portal"
            form.query_one("#field-name", Input).value = "CampusUsers"
            await pilot.click("#form-submit-button")
            await until(pilot, lambda: world["roles"].get("CampusUsers") is not None, what="the role")
    run(go_())
    statement = json.loads(world["roles"].get("CampusUsers")["AssumeRolePolicyDocument"])["Statement"][0]
    assert statement == {"Effect": "Allow", "Principal": {"Federated": arn}, "Action": "sts:AssumeRoleWithWebIdentity",
                         "Condition": {"StringEquals": {"login.example.edu:aud": "portal"}}}


def test_the_decisions_pane_names_web_identity_callers():
    from sandbox.services.events import DecisionEvent
    from sandbox.tui.decisions import event_label

    base = {"v": 2, "time": "2026-11-27T12:00:00+00:00", "machine": "laptop", "source": "cli", "service": "sts",
            "operation": "AssumeRoleWithWebIdentity", "action": "sts:AssumeRoleWithWebIdentity",
            "resource": ROLE, "principalType": "WebIdentityUser"}
    trust = DecisionEvent.from_dict({**base, "kind": "decision", "decision": "implicitDeny",
                                     "principal": "accounts.google.com:123-abc.apps.googleusercontent.com:10987"})
    assert "accounts.google.com user 10987" in event_label(trust).plain
    refused = DecisionEvent.from_dict({**base, "kind": "authentication", "decision": "failed", "principal": "",
                                       "message": "ExpiredTokenException: Token expired"})
    assert "web identity token: authentication: ExpiredTokenException" in event_label(refused).plain


def test_at_80_columns_each_hop_keeps_its_title_and_mark_inside_its_box():
    """A narrow screen cuts a hop's title and text to its box: the mark (✓ ✗) stays visible."""
    world, client, sub = federation_world()

    async def go_():
        app = make_app(world)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_federation(pilot)
            await pilot.press("ctrl+r")
            await until(pilot, lambda: lit(screen, "credentials") == "hop-ok", what="the credentials hop")
            await settle(pilot)
            for hop in ("app", "provider", "token", "sts", "credentials"):
                box = screen.query_one(f"#hop-{hop}", Static)
                lines = text(screen, f"#hop-{hop}").split("\n")
                assert len(lines) == 2 and lines[1].startswith("✓"), (hop, lines)
                assert all(len(line) <= box.content_size.width for line in lines), (hop, lines)
    run(go_())


def test_apps_made_while_the_view_was_away_are_offered_when_it_comes_back():
    """The App and Role lists were read only while the view showed: an app registered after
    leaving it (a scenario's set-up, the terminal) was not offered on return."""
    async def go_():
        world, _client, _sub = federation_world()
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_federation(pilot)
            await pilot.press("f2")
            await until(pilot, lambda: app.current_mode == "console", what="the console")
            with world.transaction():
                idp.register_app(world, idp.GOOGLE, "made-meanwhile")
            await pilot.press("f10")
            await until(pilot, lambda: app.current_mode == "federation", what="the federation view")
            await settle(pilot)
            labels = [v.label for _, v in screen.query_one("#fed-app", Select)._options if v is not Select.NULL]
            assert any(label.endswith("made-meanwhile") for label in labels), labels

    run(go_())
