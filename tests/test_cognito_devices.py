"""The sandbox's phones and tablets and the mobile app on them: Cognito brokers a Facebook
sign-in to temporary credentials used and forgotten per call (no AWS keys on the device),
the user's own S3 prefix, and datasets kept in sync on every device by silent pushes."""

from __future__ import annotations

import json

from cognitohelp import ACCOUNT
from sandbox import idp
from sandbox.services import devices
from sandbox.world import fs
from shellhelp import Term
from test_cognito_sync import PUBLISH, PUSH_TRUST

S3 = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"],
     "Resource": ["arn:aws:s3:::photos-app/users/${cognito-identity.amazonaws.com:sub}/*",
                  "arn:aws:s3:::photos-app/private/${cognito-identity.amazonaws.com:sub}/*"]},
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::photos-app",
     "Condition": {"StringLike": {"s3:prefix": "private/${cognito-identity.amazonaws.com:sub}/*"}}},
    {"Effect": "Allow", "Action": "cognito-sync:*", "Resource": "*"}]}


def _app(cognito) -> dict:
    """A Facebook app, an identity pool trusting it, the role its users get, push sync."""
    c = cognito
    with c.world.transaction():
        facebook = idp.register_app(c.world, idp.FACEBOOK, "photos")["ClientId"]
    pool = c.as_admin("CreateIdentityPool", {"IdentityPoolName": "photos", "AllowUnauthenticatedIdentities": False,
                                             "SupportedLoginProviders": {"graph.facebook.com": facebook}},
                      "cognito-identity")["IdentityPoolId"]
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool},
                      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "graph.facebook.com"}}}]}
    c.as_admin("CreateRole", {"RoleName": "PhotosUsers", "AssumeRolePolicyDocument": json.dumps(trust)}, "iam")
    c.as_admin("PutRolePolicy", {"RoleName": "PhotosUsers", "PolicyName": "own", "PolicyDocument": json.dumps(S3)},
               "iam")
    c.as_admin("SetIdentityPoolRoles", {"IdentityPoolId": pool, "Roles": {
        "authenticated": f"arn:aws:iam::{ACCOUNT}:role/PhotosUsers"}}, "cognito-identity")
    c.as_admin("CreateBucket", {"Bucket": "photos-app"}, "s3")
    c.as_admin("CreateRole", {"RoleName": "SyncPush", "AssumeRolePolicyDocument": json.dumps(PUSH_TRUST)}, "iam")
    c.as_admin("PutRolePolicy", {"RoleName": "SyncPush", "PolicyName": "sns", "PolicyDocument": json.dumps(PUBLISH)},
               "iam")
    app = c.as_admin("CreatePlatformApplication", {"Name": "photos", "Platform": "GCM",
                                                   "Attributes": {"PlatformCredential": "key"}}, "sns")
    c.as_admin("SetIdentityPoolConfiguration", {"IdentityPoolId": pool, "PushSync": {
        "ApplicationArns": [app["PlatformApplicationArn"]], "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/SyncPush"}},
        "cognito-sync")
    return {"pool": pool, "facebook": facebook}


def _phone(term: Term, name: str, setup: dict, kind: str = "") -> None:
    term.ok(f"device add {name}{kind}")
    term.ok(f"device open {name}")
    term.ok(f"app config identity-pool {setup['pool']}")
    term.ok(f"app config facebook-app-id {setup['facebook']}")
    term.ok("app config bucket photos-app")


def test_devices_are_machines_with_their_own_terminal_and_the_app(cognito):
    term = Term(cognito.world)
    assert term.run("app").status == 1  # not installed on the laptop
    term.ok("device add ana-phone")
    term.ok("device add ana-tablet --tablet --ios")
    listing = term.ok("device list").out
    assert "ana-phone" in listing and "tablet  APNS" in listing
    term.ok("device open ana-tablet")
    assert term.session.prompt().startswith("mobile@ana-tablet")
    assert "Nobody is signed in." in term.ok("app").out
    term.ok("exit")
    assert term.machine == "laptop"


def test_facebook_sign_in_brokered_by_cognito_leaves_no_aws_keys_on_the_phone(cognito):
    setup = _app(cognito)
    term = Term(cognito.world)
    _phone(term, "ana-phone", setup)
    signed = term.ok("app sign-in facebook ana@example.com").out
    identity = signed.strip().rsplit(" ", 1)[-1].rstrip(".")
    who = term.ok("app whoami").out
    assert "assumed-role/PhotosUsers/CognitoIdentityCredentials" in who
    term.ok(f"app s3 put users/{identity}/cat.jpg meow")
    assert term.ok(f"app s3 get users/{identity}/cat.jpg").out == "meow\n"
    assert term.run("app s3 put users/someone-else/x y").status == 1
    world = cognito.world
    files = [f for f in world["files"].all() if f["Machine"] == "ana-phone" and f["Type"] == "file"]
    everything = "".join(f.get("Content", "") for f in files)
    keys = [s["AccessKeyId"] for s in world["sessions"].all()]
    assert keys and not any(k in everything for k in keys)
    assert "ASIA" not in everything and "AKIA" not in everything
    session = json.loads(fs.read(world, "ana-phone", devices.app_path("session.json")))
    assert session["identityId"] == identity and session["provider"] == "graph.facebook.com"


def test_a_change_on_one_device_reaches_the_other_two_by_silent_push(cognito):
    setup = _app(cognito)
    term = Term(cognito.world)
    for name, kind in (("ana-phone", ""), ("ana-tablet", " --tablet"), ("ana-old-phone", "")):
        _phone(term, name, setup, kind)
        term.ok("app sign-in facebook ana@example.com")
        if name == "ana-phone":
            term.ok("app set settings theme dark")
        term.ok("app push settings")
        term.ok("exit")
    term.ok("device open ana-phone")
    assert "SyncCount 2" in term.ok("app set settings theme light").out
    world = cognito.world
    for name in ("ana-tablet", "ana-old-phone"):
        assert devices.local_dataset(world, name, "settings")["records"] == {"theme": "light"}
        (note,) = devices.notifications(world, name)
        assert note["synced"] == {"dataset": "settings", "syncCount": 2}
    assert devices.notifications(world, "ana-phone") == []
    term.ok("exit")
    term.ok("device open ana-tablet")
    assert term.ok("app get settings theme").out == "light\n"
    assert "SyncTrigger" in term.ok("app notifications").out


def test_one_command_runs_on_a_device_from_the_laptop_and_uploads_go_to_the_users_prefix(cognito):
    setup = _app(cognito)
    term = Term(cognito.world)
    term.ok("device add ana-phone")
    term.ok(f"POOL={setup['pool']}")
    term.ok("device open ana-phone app config identity-pool $POOL")
    term.ok(f"device open ana-phone app config facebook-app-id {setup['facebook']}")
    term.ok("device open ana-phone app config bucket photos-app")
    assert term.machine == "laptop"
    term.ok("device open ana-phone app sign-in facebook ana@example.com")
    out = term.ok("device open ana-phone app upload cat.jpg meow").out
    identity = json.loads(fs.read(cognito.world, "ana-phone", devices.app_path("session.json")))["identityId"]
    assert f"s3://photos-app/private/{identity}/cat.jpg" in out
    assert "cat.jpg" in term.ok("device open ana-phone app photos").out


def test_a_scenario_can_start_with_devices_signed_in_to_a_mobile_app(cognito):
    from sandbox.scenarios.setup import SetupError, apply_setup, check_setup
    setup = {"devices": [{"name": "ana-phone"}, {"name": "ana-tablet", "kind": "tablet"}],
             "mobile_apps": [{"name": "notes", "role": "NotesUsers", "user": "ana@example.com",
                              "devices": ["ana-phone", "ana-tablet"]}],
             "user_pools": [{"name": "board", "client": "web",
                             "users": [{"name": "ana", "email": "ana@example.com", "password": "Photo-board-1"}]}]}
    check_setup(setup)
    apply_setup(cognito.gateway, setup)
    term = Term(cognito.world)
    term.ok("device open ana-phone app set settings theme dark")
    assert term.ok("device open ana-tablet app sync settings").out == "settings: SyncCount 1, 1 records\n"
    assert term.ok("device open ana-tablet app get settings theme").out == "dark\n"
    pool = next(p for p in cognito.world["cognito_user_pools"].all() if p["Name"] == "board")
    client = next(c for c in cognito.world["cognito_user_pool_clients"].all() if c["UserPoolId"] == pool["Id"])
    assert "IdToken" in cognito.sign_in(client["ClientId"], "ana", "Photo-board-1")["AuthenticationResult"]
    for bad, field in (({"devices": [{"name": "x", "kind": "watch"}]}, "devices[0].kind"),
                       ({"mobile_apps": [{"name": "n"}]}, "mobile_apps[0].role")):
        try:
            check_setup(bad)
        except SetupError as exc:
            assert exc.field == field
        else:
            raise AssertionError(bad)


def test_an_fcm_token_never_reads_as_an_option():
    """An FCM registration token starts with the app instance's id, whose first character is
    c, d, e or f (Firebase's installation ids: ``^[cdef][\\w-]{21}$``). One of our tokens in 32
    started with "-", and ``aws cognito-sync register-device --token TOKEN`` then failed as
    the real CLI fails on an option it does not know (it broke the oracle tests' set-up)."""
    import re

    from sandbox.world import ids

    ids.seed(11)
    try:
        tokens = [devices.push_token("GCM") for _ in range(2000)]
    finally:
        ids.seed(None)
    assert all(re.fullmatch(r"[cdef][\w-]{10}:APA91b[\w-]{134}", t) for t in tokens)
    assert {t[0] for t in tokens} == set("cdef")

