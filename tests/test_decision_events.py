"""``DecisionEvent``: built in one place by the gateway, stored as versioned JSON (older logs
still read), with explanations kept compact; and a stored policy that no longer parses is
reported in the decision, not silently dropped."""

from __future__ import annotations

import asyncio
import json

import pytest

from sandbox.cli.events_cmd import format_event
from sandbox.errors import AwsError
from sandbox.policy import Authorization, PolicyRef, Principal, RequestContext, evaluate, parse_policy
from sandbox.services import events, principals
from sandbox.services.events import DecidingStatement, DecisionEvent, compact_explain
from sandbox.services.gateway import Caller, Credentials, Gateway, Origin
from sandbox.services.seed import build_default_world
from sandbox.workspace import Workspace
from sandbox.world import World

ACCOUNT = "123456789012"
FROZEN = "2026-11-27T12:00:00+00:00"


@pytest.fixture
def world():
    world = World()
    build_default_world(world, ACCOUNT, FROZEN, seed=3)
    return world


def _as(world: World, user: str) -> Caller:
    row = world["users"].get(user)
    return Caller(principals.user_principal(world, row), "user", user=row)


def _admin_call(world, service, operation, params):
    return Gateway(world).call(_as(world, "admin"), service, operation, params)


def _statements(n: int, action: str = "s3:GetObject") -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": f"S{i}", "Effect": "Allow", "Action": [f"{action}{i}", f"ec2:Describe{i}*"],
         "Resource": f"arn:aws:s3:::bucket-{i}/*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": f"team{i}"},
                       "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}
        for i in range(n)]})


def _explain(policy_text: str, action: str = "s3:ListAllMyBuckets"):
    ref = PolicyRef(parse_policy(policy_text), "P", "user-managed", "customer managed policy P")
    auth = Authorization(principal=Principal(f"arn:aws:iam::{ACCOUNT}:user/bob", "user", ACCOUNT, "AIDAX"),
                         action=action, resource="*", context=RequestContext.from_mapping({}), identity=[ref])
    return evaluate(auth, explain=True).explain


# -- the event -------------------------------------------------------------------------------------

def test_a_denied_request_publishes_one_typed_event(world):
    _admin_call(world, "iam", "CreateUser", {"UserName": "bob"})
    last = world.events.last_seq()
    with pytest.raises(AwsError):
        Gateway(world).call(_as(world, "bob"), "iam", "ListUsers", {},
                            Origin(machine="laptop", region="eu-west-1", via="cli"))
    (event,) = events.since(world, last)
    assert (event.kind, event.service, event.operation, event.action) == \
        ("decision", "iam", "ListUsers", "iam:ListUsers")
    assert (event.principal, event.principal_type) == (f"arn:aws:iam::{ACCOUNT}:user/bob", "User")
    assert (event.decision, event.denied, event.allowed) == ("implicitDeny", True, False)
    assert event.message.startswith(f"User: arn:aws:iam::{ACCOUNT}:user/bob is not authorized to perform")
    assert (event.machine, event.via, event.region, event.seq) == ("laptop", "cli", "eu-west-1", last + 1)
    assert event.context["aws:username"] == "bob" and event.context["aws:RequestedRegion"] == "eu-west-1"
    assert event.explain["steps"] and "context" not in event.explain
    assert event.deciding_policy is None and event.notes == ()


def test_an_allowed_request_names_the_deciding_statement(world):
    last = world.events.last_seq()
    _admin_call(world, "iam", "ListUsers", {})
    (event,) = events.since(world, last)
    assert event.allowed and event.deciding_type == "identity-based policy"
    assert event.deciding_policy.startswith("AWS managed policy AdministratorAccess")
    assert event.deciding_statement == DecidingStatement(None, 0) and event.deciding_statement.label == "statement 1"


def test_public_calls_failed_keys_and_sign_ins_are_events_of_their_kind(world):
    gw = Gateway(world)
    last = world.events.last_seq()
    gw.call(_as(world, "admin"), "sts", "GetCallerIdentity", {})
    with pytest.raises(AwsError):
        gw.call(Credentials("AKIAIOSFODNN7EXAMPLE", "wrong"), "iam", "ListUsers", {})
    kinds = [(e.kind, e.decision, e.is_request) for e in events.since(world, last)]
    assert kinds == [("public", "allowed", True), ("authentication", "failed", False)]


def test_a_front_end_follows_the_events_of_another_process(tmp_path):
    path = tmp_path / "world.json"
    writer = World(path)
    build_default_world(writer, ACCOUNT, FROZEN, seed=3)
    app = Workspace(World(path))  # the app, in another process
    seen = app.newest_event
    assert app.follow(seen) == []
    _admin_call(writer, "iam", "ListUsers", {})
    with pytest.raises(AwsError):
        Gateway(writer).call(Credentials("AKIAIOSFODNN7EXAMPLE", "x"), "iam", "ListUsers", {})
    new = app.follow(seen)
    assert [(e.kind, e.operation or e.message[:20]) for e in new] == [
        ("decision", "ListUsers"), ("authentication", "InvalidClientTokenId")]
    assert app.follow(new[-1].seq) == []


def test_the_stored_form_round_trips_and_is_versioned(world):
    event = DecisionEvent(kind="decision", time=FROZEN, machine="laptop", source="cli", service="s3",
                          operation="GetObject", principal="arn:aws:iam::123456789012:user/bob",
                          principal_type="User", access_key_id="AKIA...", action="s3:GetObject",
                          resource="arn:aws:s3:::b/k", decision="explicitDeny", message="denied",
                          region="us-east-1", deciding_type="resource-based policy",
                          deciding_policy="bucket policy of b",
                          deciding_statement=DecidingStatement("DenyAll", 2), context={"aws:SourceIp": "10.0.0.1"},
                          explain={"steps": []}, dry_run=True, notes=("a note",), seq=7)
    stored = event.to_dict()
    assert list(stored)[:2] == ["seq", "v"] and stored["v"] == events.FORMAT
    assert stored["decidingStatement"] == {"sid": "DenyAll", "index": 2} and stored["dryRun"] is True
    assert DecisionEvent.from_dict(json.loads(json.dumps(stored))) == event


def test_events_written_before_the_format_was_versioned_still_read():
    old_public = {"seq": 3, "kind": "decision", "time": FROZEN, "machine": "laptop", "source": "cli",
                  "service": "sts", "operation": "GetCallerIdentity", "principal": "arn:aws:iam::1:user/a",
                  "principalType": "User", "accessKeyId": "AKIA", "action": "sts:GetCallerIdentity", "resource": "*",
                  "decision": "allowed", "decidingType": None, "decidingPolicy": None, "decidingStatement": None,
                  "message": "GetCallerIdentity needs no permission", "explain": None}
    old_decision = {**old_public, "seq": 4, "operation": "ListUsers", "action": "iam:ListUsers",
                    "decision": "implicitDeny",
                    "explain": {"steps": [], "policies": [], "context": {"aws:username": "a"}}}
    public, decision = events.typed([old_public, old_decision])
    assert (public.kind, public.seq, public.allowed) == ("public", 3, True)
    assert (decision.kind, decision.context, decision.denied) == ("decision", {"aws:username": "a"}, True)
    # and damaged fields read as empty rather than failing
    odd = DecisionEvent.from_dict({"seq": "x", "kind": 5, "notes": "not a list", "decidingStatement": {"index": "1"}})
    assert (odd.seq, odd.kind, odd.notes, odd.deciding_statement) == (0, "decision", (), None)


def test_the_cli_prints_an_event_with_its_deciding_statement_and_notes():
    event = DecisionEvent.from_dict({
        "v": 2, "kind": "decision", "time": FROZEN, "machine": "laptop", "principal": "arn:aws:iam::1:user/a",
        "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "decision": "allowed",
        "decidingType": "identity-based policy", "decidingPolicy": "inline policy P of user a",
        "decidingStatement": {"sid": "Read", "index": 0}, "message": "", "notes": ["something to know"]})
    assert format_event(event).splitlines() == [
        "12:00:00 laptop   arn:aws:iam::1:user/a  s3:GetObject  arn:aws:s3:::b/k  allowed",
        "    decided by Sid 'Read' of inline policy P of user a (identity-based policy)",
        "    note: something to know"]


# -- compact explanations --------------------------------------------------------------------------

def test_a_normal_policy_keeps_its_whole_explanation():
    explain = _explain(_statements(5))
    full = explain.to_dict()
    full.pop("context")
    full["decidingStatement"] = None
    assert compact_explain(explain) == full


def test_a_forty_statement_policy_gives_a_small_event_that_still_says_why():
    explain = _explain(_statements(40))
    assert len(json.dumps(explain.to_dict())) > 30_000  # what it would cost in full
    compact = compact_explain(explain)
    assert len(json.dumps(compact, separators=(",", ":"))) <= events.EXPLAIN_BUDGET
    (policy,) = compact["policies"]
    # each statement that does not apply still says what did not match (here, the action)
    kept = policy["statements"]
    assert compact["compacted"] and len(kept) + policy.get("omitted", 0) == 40
    assert all(st["applies"] is False and st["action"]["matched"] is False for st in kept)
    assert all("resource" not in st and "variables" not in st for st in kept)
    assert compact["steps"] == explain.to_dict()["steps"] and compact["decision"] == "implicitDeny"


def test_statements_that_apply_keep_their_whole_trace_at_any_size():
    document = json.loads(_statements(40, action="s3:ListAllMyBuckets"))
    document["Statement"][0].update(Resource="*", Condition={"Null": {"aws:SourceVpc": "true"}})
    explain = _explain(json.dumps(document), action="s3:ListAllMyBuckets0")
    assert explain.decision == "allowed"
    compact = compact_explain(explain, budget=500)
    (policy,) = compact["policies"]
    assert policy["omitted"] == 39
    (st,) = policy["statements"]
    assert st["sid"] == "S0" and st["applies"] and st["action"]["matched"] is True
    assert st["conditions"][0]["key"] == "aws:SourceVpc" and st["resource"]["matched"] is True


def test_an_event_for_a_forty_statement_policy_is_small(world):
    """Issue 10: a 40-statement policy gave 23 KB events."""
    _admin_call(world, "iam", "CreateUser", {"UserName": "bob"})
    for k in range(4):
        arn = _admin_call(world, "iam", "CreatePolicy", {"PolicyName": f"P{k}", "PolicyDocument": json.dumps({
            "Version": "2012-10-17", "Statement": json.loads(_statements(40))["Statement"][k * 10:(k + 1) * 10]})})
        _admin_call(world, "iam", "AttachUserPolicy", {"UserName": "bob", "PolicyArn": arn["Policy"]["Arn"]})
    last = world.events.last_seq()
    with pytest.raises(AwsError):
        Gateway(world).call(_as(world, "bob"), "s3", "ListBuckets", {})
    (stored,) = world.events.since(last)
    assert len(json.dumps(stored)) < 10_000
    assert sum(len(p["statements"]) + p.get("omitted", 0) for p in stored["explain"]["policies"]) == 40


# -- stored policies that no longer parse ------------------------------------------------------------

def _break(world, table: str, key: str, **fields):
    with world.transaction():
        world[table].put({**world[table].get(key), **fields})


def test_an_inline_policy_that_no_longer_parses_is_reported_in_the_decision(world):
    _admin_call(world, "iam", "CreateUser", {"UserName": "bob"})
    _admin_call(world, "iam", "PutUserPolicy", {"UserName": "bob", "PolicyName": "Read", "PolicyDocument": json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]})})
    # hand-edited in the world file: a trailing comma
    _break(world, "users", "bob", InlinePolicies={"Read": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                                                           '"Action":"iam:ListUsers","Resource":"*",}]}'})
    last = world.events.last_seq()
    with pytest.raises(AwsError) as caught:
        Gateway(world).call(_as(world, "bob"), "iam", "ListUsers", {})
    assert caught.value.code == "AccessDenied"
    (event,) = events.since(world, last)
    (note,) = event.notes
    assert note.startswith("The inline policy Read of user bob in the world file cannot be read (line 1")
    assert "left out" in note
    labels = [p["label"] for p in event.explain["policies"]]
    assert "inline policy Read of user bob (unreadable, left out)" in labels
    assert "note: The inline policy Read of user bob" in format_event(event)


def test_a_boundary_that_no_longer_parses_allows_nothing_and_says_so(world):
    _admin_call(world, "iam", "CreateUser", {"UserName": "bob"})
    _admin_call(world, "iam", "AttachUserPolicy", {"UserName": "bob",
                                                   "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})
    fence = json.dumps({"Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]})
    arn = _admin_call(world, "iam", "CreatePolicy", {"PolicyName": "Fence", "PolicyDocument": fence})["Policy"]["Arn"]
    _admin_call(world, "iam", "PutUserPermissionsBoundary", {"UserName": "bob", "PermissionsBoundary": arn})
    Gateway(world).call(_as(world, "bob"), "iam", "ListUsers", {})  # the boundary allows IAM
    row = world["policies"].get(arn)
    _break(world, "policies", arn, Versions=[{**v, "Document": "{not json"} for v in row["Versions"]])
    last = world.events.last_seq()
    with pytest.raises(AwsError):
        Gateway(world).call(_as(world, "bob"), "iam", "ListUsers", {})
    (event,) = events.since(world, last)
    assert event.denied and event.deciding_type == "permissions boundary"
    assert event.notes and "permissions boundary Fence" in event.notes[0]


def test_a_trust_policy_that_no_longer_parses_refuses_assume_role_and_says_so(world):
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})
    _admin_call(world, "iam", "CreateRole", {"RoleName": "App", "AssumeRolePolicyDocument": trust})
    _break(world, "roles", "App", AssumeRolePolicyDocument='{"Statement": 7}')
    last = world.events.last_seq()
    with pytest.raises(AwsError) as caught:
        _admin_call(world, "sts", "AssumeRole", {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/App",
                                                 "RoleSessionName": "s1"})
    assert caught.value.code == "AccessDenied"  # not MalformedPolicyDocument: the learner sent nothing wrong
    (event,) = events.since(world, last)
    assert event.notes and event.notes[0].startswith("The trust policy of role App in the world file cannot be read")


@pytest.mark.tui
def test_the_explanation_view_shows_notes_and_what_was_left_out():
    """The app's "Why?" dialog on a compacted explanation of an event with a note."""
    from textual.app import App  # here: the rest of this file runs without Textual
    from textual.widgets import Static, Tree

    from sandbox.tui.explain_view import ExplainScreen

    explain = compact_explain(_explain(_statements(40)), budget=500)
    event = DecisionEvent.from_dict({"v": 2, "kind": "decision", "action": "s3:ListAllMyBuckets", "resource": "*",
                                     "decision": "implicitDeny", "message": "denied", "explain": explain,
                                     "notes": ["The inline policy X cannot be read."]})

    class Host(App):
        def on_mount(self):
            self.push_screen(ExplainScreen(event))

    async def go():
        async with Host().run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = pilot.app.screen
            message = str(screen.query_one("#explain-message", Static).render())
            assert "Note: The inline policy X cannot be read." in message
            labels = []

            def walk(node):
                labels.append(node.label.plain)
                for child in node.children:
                    walk(child)

            walk(screen.query_one("#explain-tree", Tree).root)
            assert "40 more statements that do not apply (not kept in the log)" in labels

    asyncio.run(go())


def test_events_follow_prints_the_decisions_of_another_process_as_they_come(tmp_path):
    """``iam-sandbox events --follow`` in one terminal, ``iam-sandbox aws`` in another: each new
    decision printed once, in order; Ctrl+C ends it with status 130 and no traceback."""
    import os
    import signal
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from sandbox.cli.main import main

    reader = ThreadPoolExecutor(1)

    def line() -> dict:
        """The next line the follower prints, as JSON (waits 60 s at most: a loaded machine)."""
        return json.loads(reader.submit(follow.stdout.readline).result(timeout=60))

    path = tmp_path / "world.json"
    build_default_world(World(path), ACCOUNT, FROZEN, seed=3)
    aws = ["--world", str(path), "aws", "iam"]
    assert main([*aws, "get-user", "--query", "User.UserName"]) == 0
    env = {**os.environ, "IAM_SANDBOX_DATA": str(tmp_path / "data")}
    def as_from_a_terminal() -> None:
        """Ctrl+C as a terminal delivers it: a test worker may run with SIGINT ignored or
        blocked, and a child inherits both (then it would never see the signal)."""
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    follow = subprocess.Popen([sys.executable, "-m", "sandbox", "--world", str(path), "events", "--tail", "1",
                               "--follow", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env, preexec_fn=as_from_a_terminal)
    try:
        assert line()["action"] == "iam:GetUser"  # the tail: it follows from here
        assert main([*aws, "list-users", "--query", "Users[0].UserName"]) == 0
        assert main([*aws, "delete-user", "--user-name", "nobody"]) == 254
        new = [line(), line()]
    finally:
        follow.send_signal(signal.SIGINT)
        try:
            follow.wait(timeout=60)
        except subprocess.TimeoutExpired:
            follow.kill()
            follow.wait()
            raise AssertionError("iam-sandbox events --follow did not end on Ctrl+C: "
                                 + follow.stderr.read()[-2000:]) from None
        rest, err = reader.submit(follow.stdout.read).result(timeout=60), follow.stderr.read()
        reader.shutdown()
    assert [(e["action"], e["decision"]) for e in new] == [("iam:ListUsers", "allowed"), ("iam:DeleteUser", "allowed")]
    assert rest == ""  # each event once
    assert follow.returncode == 130 and "Traceback" not in err
