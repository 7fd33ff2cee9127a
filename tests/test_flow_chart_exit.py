"""The "Why?" flow chart marks the branch the decision took: a denied request is never
marked ALLOWED, an allowed one never DENIED, across the Federation view's flows (a provider
straight to STS, Cognito's enhanced and basic flows) and plain AssumeRole.

A role trust policy is a resource-based policy that must allow explicitly: for
AssumeRoleWithWebIdentity nothing on an identity side can make up for it, so a trust
policy that does not allow the federated principal (or whose conditions fail) denies at
the resource-based policy's step (IAM User Guide, "Policy evaluation logic" and
id_roles_providers_oidc.html; STS API Reference, AssumeRoleWithWebIdentity)."""

from __future__ import annotations

import io
import json

import pytest

from sandbox import idp
from sandbox.policy.explain import flow_exit
from sandbox.shell.session import ShellSession
from sandbox.tui.explain_view import flow_drawing
from sandbox.workspace import federation as fed
from workspacehelp import ACCOUNT, fresh_workspace

MARK = "◄ this request"


def sh(ws, line: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    result = ShellSession(ws.gateway, "laptop", via="cli").run(line, out, err)
    assert result.status == 0, err.getvalue()
    return out.getvalue()


def _trust(statements: list[dict]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _role(ws, name: str, statements: list[dict]) -> str:
    sh(ws, f"aws iam create-role --role-name {name} --assume-role-policy-document '{_trust(statements)}'")
    return f"arn:aws:iam::{ACCOUNT}:role/{name}"


def _web(federated: str, condition: dict | None = None, effect: str = "Allow") -> dict:
    st = {"Effect": effect, "Principal": {"Federated": federated}, "Action": "sts:AssumeRoleWithWebIdentity"}
    if condition:
        st["Condition"] = condition
    return st


def _aws(principal: str) -> dict:
    return {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}


def marked(explain: dict) -> list[str]:
    return [line.strip() for line in flow_drawing(explain).plain.splitlines() if MARK in line]


def assert_marker_follows(event) -> str:
    """The one marked line says what the decision says; returns it."""
    assert event is not None and event.explain, "no explained decision"
    lines = marked(event.explain)
    assert len(lines) == 1, lines
    line = lines[0]
    if event.decision == "allowed":
        assert "ALLOWED" in line and "DENIED" not in line, (event.decision, line)
    elif event.decision == "explicitDeny":
        assert "DENIED (explicit)" in line, (event.decision, line)
    else:
        assert "DENIED (implicit)" in line and "ALLOWED" not in line, (event.decision, line)
    return line


@pytest.fixture(scope="module")
def world():
    """Google (photo-share, other-app) and Facebook (snapshots) apps; an identity pool
    snapshots trusting Facebook and guests; roles trusting Google, the pool (Facebook
    sign-ins; guests), the account, a user by name, and one that trusts nobody here."""
    ws = fresh_workspace()
    with ws.world.transaction():
        google = idp.register_app(ws.world, idp.GOOGLE, "photo-share")["ClientId"]
        idp.register_app(ws.world, idp.GOOGLE, "other-app")
        facebook = idp.register_app(ws.world, idp.FACEBOOK, "snapshots")["ClientId"]
    pool = json.loads(sh(ws, "aws cognito-identity create-identity-pool --identity-pool-name snapshots "
                             "--allow-unauthenticated-identities --allow-classic-flow "
                             f"--supported-login-providers graph.facebook.com={facebook}"))["IdentityPoolId"]
    cognito = {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool}}
    roles = {
        "google": _role(ws, "GoogleUsers", [_web("accounts.google.com",
                                                 {"StringEquals": {"accounts.google.com:aud": google}})]),
        "google-denied": _role(ws, "GoogleDenied", [
            _web("accounts.google.com"), _web("accounts.google.com", effect="Deny")]),
        "users": _role(ws, "SnapshotsUsers", [_web("cognito-identity.amazonaws.com", {
            **cognito, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "graph.facebook.com"}})]),
        "guests": _role(ws, "SnapshotsGuests", [_web("cognito-identity.amazonaws.com", {
            **cognito, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}})]),
        "account": _role(ws, "AccountTrust", [_aws(f"arn:aws:iam::{ACCOUNT}:root")]),
        "admin": _role(ws, "AdminTrust", [_aws(f"arn:aws:iam::{ACCOUNT}:user/admin")]),
        "nobody": _role(ws, "TrustsNobody", [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                              "Action": "sts:AssumeRole"}]),
    }
    sh(ws, f"aws cognito-identity set-identity-pool-roles --identity-pool-id {pool} --roles "
           f"authenticated={roles['users']},unauthenticated={roles['guests']}")
    return ws, pool, roles


def _app(ws, label: str) -> fed.AppChoice:
    return next(a for a in fed.app_choices(ws.world) if a.label == label)


DIRECT = [  # (app, role, decision): the Federation view's direct flow
    ("Facebook: snapshots", "users", "implicitDeny"),  # the trust names Cognito, not Facebook
    ("Google: photo-share", "google", "allowed"),
    ("Google: other-app", "google", "implicitDeny"),  # the audience condition fails
    ("Google: photo-share", "users", "implicitDeny"),
    ("Google: photo-share", "google-denied", "explicitDeny"),
]


@pytest.mark.parametrize(("app", "role", "decision"), DIRECT, ids=lambda v: str(v))
def test_the_direct_flows_mark_the_branch_of_their_decision(world, app, role, decision):
    ws, _, roles = world
    flow = fed.sign_in_and_assume(ws, _app(ws, app), "ana@example.com", roles[role], "ana")
    assert flow.trust.decision == decision
    line = assert_marker_follows(flow.trust)
    if decision == "implicitDeny":
        assert line.startswith("├─no─► DENIED (implicit)")  # at the trust policy's own step


def test_facebook_straight_to_a_role_that_trusts_cognito_is_denied_at_the_trust_policy(world):
    """The walkthrough's case: the chart showed "names you ─► ALLOWED ◄ this request"."""
    ws, _, roles = world
    flow = fed.sign_in_and_assume(ws, _app(ws, "Facebook: snapshots"), "ana@example.com", roles["users"], "ana")
    chart = flow_drawing(flow.trust.explain).plain
    assert "├─names you─► ALLOWED\n" in chart  # the branch is drawn, not taken
    assert "├─no─► DENIED (implicit)  ◄ this request\n   │   (a role trust policy must allow explicitly)" in chart
    assert " ALLOWED  (not reached)" in chart


@pytest.mark.parametrize("app", ["Facebook: snapshots", fed.GUEST])
def test_the_enhanced_flow_marks_its_allowed_trust_decision(world, app):
    ws, pool, _ = world
    flow = fed.sign_in_through_pool(ws, pool, _app(ws, app) if app != fed.GUEST else app, "ana@example.com")
    assert flow.trust.decision == "allowed"
    assert assert_marker_follows(flow.trust) == "├─names you─► ALLOWED  ◄ this request"


def test_the_enhanced_flow_marks_a_refused_trust_decision(world):
    """The pool's authenticated role is swapped for the guests' role: its amr condition fails."""
    ws, pool, roles = world
    sh(ws, f"aws cognito-identity set-identity-pool-roles --identity-pool-id {pool} --roles "
           f"authenticated={roles['guests']},unauthenticated={roles['guests']}")
    try:
        flow = fed.sign_in_through_pool(ws, pool, _app(ws, "Facebook: snapshots"), "ana@example.com")
    finally:
        sh(ws, f"aws cognito-identity set-identity-pool-roles --identity-pool-id {pool} --roles "
               f"authenticated={roles['users']},unauthenticated={roles['guests']}")
    assert flow.trust.decision == "implicitDeny"
    assert assert_marker_follows(flow.trust).startswith("├─no─► DENIED (implicit)")


@pytest.mark.parametrize(("role", "decision"), [("guests", "allowed"), ("users", "implicitDeny")])
def test_the_basic_flow_marks_its_trust_decision(world, role, decision):
    """GetId, GetOpenIdToken, then AssumeRoleWithWebIdentity with the pool's token."""
    ws, pool, roles = world
    guest = json.loads(sh(ws, f"aws cognito-identity get-id --identity-pool-id {pool}"))["IdentityId"]
    token = json.loads(sh(ws, f"aws cognito-identity get-open-id-token --identity-id {guest}"))["Token"]
    seq = ws.newest_event
    out, err = io.StringIO(), io.StringIO()
    ShellSession(ws.gateway, "laptop", via="cli").run(
        f"aws sts assume-role-with-web-identity --role-arn {roles[role]} --role-session-name guest "
        f"--web-identity-token {token}", out, err)
    event = next((e for e in reversed(ws.follow(seq)) if e.action == "sts:AssumeRoleWithWebIdentity"), None)
    assert event is not None, err.getvalue()
    assert event.decision == decision
    assert_marker_follows(event)


@pytest.mark.parametrize(("role", "decision", "exit_line"), [
    ("admin", "allowed", "├─names you─► ALLOWED  ◄ this request"),  # names the user: enough on its own
    ("account", "allowed", "ALLOWED   ◄ this request"),  # names the account: the identity side decides
    ("nobody", "implicitDeny", "├─no─► DENIED (implicit)  ◄ this request"),
])
def test_plain_assume_role_marks_its_decision(world, role, decision, exit_line):
    ws, _, roles = world
    seq = ws.newest_event
    out, err = io.StringIO(), io.StringIO()
    ShellSession(ws.gateway, "laptop", via="cli").run(
        f"aws sts assume-role --role-arn {roles[role]} --role-session-name someone", out, err)
    event = next(e for e in reversed(ws.follow(seq)) if e.action == "sts:AssumeRole")
    assert event.decision == decision
    assert assert_marker_follows(event) == exit_line


@pytest.mark.parametrize(("end", "deciding", "steps", "expected"), [
    ("explicit-deny", "identity-based policy", [("deny", "yes")], ("deny", False)),
    ("implicit-deny", "role trust policy", [("deny", "no"), ("resource", "no")], ("resource", False)),
    # cross-account: the identity side allowed, the resource's account did not
    ("implicit-deny", "resource-based policy", [("deny", "no"), ("resource", "no"), ("identity", "yes")],
     ("resource", False)),
    ("implicit-deny", "identity-based policy", [("deny", "no"), ("resource", "not present"), ("identity", "no")],
     ("identity", False)),
    ("implicit-deny", "permissions boundary", [("deny", "no"), ("identity", "yes"), ("boundary", "no")],
     ("boundary", False)),
    ("allow", "role trust policy", [("deny", "no"), ("resource", "yes"), ("identity", "skipped")],
     ("resource", True)),
    # the trust names the role ARN: the boundary still had its say, so the request reaches the end
    ("allow", "resource-based policy", [("deny", "no"), ("resource", "yes"), ("identity", "skipped"),
                                        ("boundary", "yes")], None),
    ("allow", "identity-based policy", [("deny", "no"), ("resource", "yes"), ("identity", "yes")], None),
])
def test_flow_exit_is_where_the_decision_was_made(end, deciding, steps, expected):
    assert flow_exit(end, deciding, steps) == expected


def test_a_principal_that_is_not_named_is_explained_with_what_the_policy_names(world):
    """The tree's principal line says whom the trust policy names instead (the caller for
    a web identity is its provider: the trust policy's Federated names the provider)."""
    ws, _, roles = world
    flow = fed.sign_in_and_assume(ws, _app(ws, "Facebook: snapshots"), "ana@example.com", roles["users"], "ana")
    (st,) = flow.trust.explain["policies"][0]["statements"]
    assert st["principal"] == {"matched": False, "detail": "Principal names Federated "
                                                           "cognito-identity.amazonaws.com, not Federated "
                                                           "graph.facebook.com"}
    seq = ws.newest_event
    ShellSession(ws.gateway, "laptop", via="cli").run(
        f"aws sts assume-role --role-arn {roles['nobody']} --role-session-name someone", io.StringIO(), io.StringIO())
    event = next(e for e in reversed(ws.follow(seq)) if e.action == "sts:AssumeRole")
    (st,) = event.explain["policies"][0]["statements"]
    assert st["principal"]["detail"] == ("Principal names Service ec2.amazonaws.com, "
                                         f"not arn:aws:iam::{ACCOUNT}:user/admin")


def test_an_identity_allow_that_is_not_enough_says_which_policy_was_missing(world):
    """Admin's identity policy allows iam:CreatePolicyVersion on an AWS managed policy, and
    the request is still denied: AWS managed policies belong to AWS's account, which grants
    nothing (cross-account: both sides must allow). The outcome must not say that nothing
    allowed it."""
    ws, _, _ = world
    seq = ws.newest_event
    out, err = io.StringIO(), io.StringIO()
    doc = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
    ShellSession(ws.gateway, "laptop", via="cli").run(
        "aws iam create-policy-version --policy-arn arn:aws:iam::aws:policy/AdministratorAccess "
        f"--policy-document '{doc}'", out, err)
    event = next(e for e in reversed(ws.follow(seq)) if e.action == "iam:CreatePolicyVersion")
    assert event.decision == "implicitDeny"
    shown = flow_drawing(event.explain).plain
    assert "Identity-based policies allowed it, but no resource-based policy did" in shown
    assert "nothing allowed" not in shown and "No policy allowed" not in shown
    assert assert_marker_follows(event) == "├─no─► DENIED (implicit)  ◄ this request"
