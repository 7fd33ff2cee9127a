"""An allowed request can still fail: authorization allowed it, then the service refused it
for a reason of its own (a malformed policy, a user that still has policies, a name already
taken). CloudTrail records the failure on the call's event as ``errorCode`` and
``errorMessage`` ("CloudTrail record contents": errorCode, "The AWS service error if the
request returns an error"; https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
The sandbox's decision events carry the same, and every place that shows a decision says so.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from sandbox.cli.events_cmd import format_event
from sandbox.errors import AwsError
from sandbox.scenarios.checks import Context, evaluate, parse_check
from sandbox.services import events, principals
from sandbox.services.callers import Caller, Credentials
from sandbox.services.events import DecisionEvent
from sandbox.services.gateway import Gateway
from shellhelp import Term, doc, fresh_world, make_ec2_role, q

AMI = "ami-0c02fb55956c7d316"
BAD_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",}]}'
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def requests_since(world, seq: int) -> list[DecisionEvent]:
    return [e for e in events.since(world, seq) if e.is_request]


def one_request(term: Term, line: str) -> DecisionEvent:
    """The one request event of a command typed in the terminal."""
    seq = term.world.events.last_seq()
    term.run(line)
    (event,) = requests_since(term.world, seq)
    return event


# -- the event carries the outcome ------------------------------------------------------------------

def test_an_allowed_call_that_fails_carries_its_error_code_and_message_through_the_log(tmp_path):
    world = fresh_world(path=tmp_path / "world.json")
    term = Term(world)
    code, _, message = term.aws_error(f"aws iam create-policy --policy-name Bad --policy-document {q(BAD_POLICY)}")
    assert code == "MalformedPolicyDocument"
    (event,) = requests_since(world, world.events.last_seq() - 1)
    assert (event.action, event.decision, event.allowed) == ("iam:CreatePolicy", "allowed", True)
    assert (event.call_failed, event.error_code, event.error_message) == (True, code, message)
    # as stored, under CloudTrail's names, and read back by another process as it was made
    line = json.loads(world.events.path.read_text().splitlines()[-1])
    assert (line["v"], line["errorCode"], line["errorMessage"]) == (events.FORMAT, code, message)
    assert DecisionEvent.from_dict(line) == event
    (again,) = [e for e in events.typed(type(world)(world.path).events.tail(1))]
    assert again == event


@pytest.mark.parametrize("setup, line, code", [
    ([], "aws iam get-user --user-name nobody", "NoSuchEntity"),
    ([], "aws iam create-user --user-name admin", "EntityAlreadyExists"),
    (["aws iam create-user --user-name bob", f"aws iam attach-user-policy --user-name bob --policy-arn {READ_ONLY}"],
     "aws iam delete-user --user-name bob", "DeleteConflict"),
])
def test_the_service_refusals_of_allowed_calls_are_recorded(world, lap, setup, line, code):
    for step in setup:
        lap.ok(step)
    event = one_request(lap, line)
    assert lap.last.status == 254
    assert event.allowed and event.error_code == code
    assert event.error_message and event.error_message in lap.run(line).err


def test_a_successful_call_is_recorded_as_one_and_shows_no_failure(world, lap):
    event = one_request(lap, "aws iam list-users")
    assert event.allowed and event.outcome_recorded
    assert (event.call_failed, event.error_code, event.error_message, event.failure) == (False, None, None, "")
    stored = event.to_dict()
    assert stored["errorCode"] is None and stored["errorMessage"] is None  # recorded: no error
    assert "failed" not in format_event(event)
    from sandbox.tui.decisions import event_label, event_line

    assert "failed" not in event_label(event).plain and "failed" not in event_line(event).plain
    assert len(event_label(event).plain.split("\n")) == 2


def test_a_denied_decision_is_not_marked_again_but_an_allowed_one_of_the_same_call_is(world, lap):
    """RunInstances with an instance profile: ec2:RunInstances is allowed, iam:PassRole is not;
    the call fails with the denial. The denial is its own failure; the allowed decision
    says the call it was part of failed."""
    make_ec2_role(lap, "S3Admin")
    lap.ok("aws iam create-user --user-name dev")
    lap.ok(f"aws iam put-user-policy --user-name dev --policy-name p --policy-document "
           f"{q(doc({'Effect': 'Allow', 'Action': 'ec2:*', 'Resource': '*'}))}")
    key = lap.json("aws iam create-access-key --user-name dev")["AccessKey"]
    dev = Term(world)
    dev.ok(f"export AWS_ACCESS_KEY_ID={key['AccessKeyId']} AWS_SECRET_ACCESS_KEY={key['SecretAccessKey']}")
    seq = world.events.last_seq()
    code, _, message = dev.aws_error(f"aws ec2 run-instances --image-id {AMI} --iam-instance-profile Name=S3Admin")
    by_action = {e.action: e for e in requests_since(world, seq)}
    run, pass_role = by_action["ec2:RunInstances"], by_action["iam:PassRole"]
    assert pass_role.denied and not pass_role.outcome_recorded and pass_role.error_code is None
    assert "errorCode" not in pass_role.to_dict()
    assert run.allowed and (run.error_code, run.error_message) == (code, message)


def test_a_dry_run_that_would_have_succeeded_is_not_a_failure(world, lap):
    code, _, _ = lap.aws_error("aws ec2 describe-instances --dry-run")
    assert code == "DryRunOperation"
    (event,) = [e for e in events.typed(world.events.tail(1))]
    assert event.dry_run and event.allowed and event.outcome_recorded and not event.call_failed


def test_a_call_whose_change_cannot_be_saved_is_recorded_as_failed(tmp_path, monkeypatch):
    """A full disk: the world file cannot be written (the learner reads why); the event says
    the allowed call failed, in the sandbox's words, not with a made-up AWS error."""
    import errno
    import os

    from sandbox.world import storage

    world = fresh_world(path=tmp_path / "world.json")
    term = Term(world)

    def full(path, text):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(storage, "atomic_write", full)
    seq = world.events.last_seq()
    ran = term.run("aws iam create-user --user-name lost")
    assert ran.status != 0 and "No space left on device" in ran.err
    (event,) = requests_since(world, seq)
    assert event.allowed and event.error_code == "InternalFailure"
    assert "No space left on device" in event.error_message


def test_the_events_of_a_call_reach_a_subscriber_once_with_the_outcome(world):
    seen: list[dict] = []
    world.events.subscribe(seen.append)
    gateway = Gateway(world)
    row = world["users"].get("admin")
    caller = Caller(principals.user_principal(world, row), "user", user=row)
    with pytest.raises(AwsError):
        gateway.call(caller, "iam", "DeleteUser", {"UserName": "nobody"})
    gateway.call(caller, "iam", "ListUsers", {})
    assert [(e["action"], e["errorCode"]) for e in seen] == [("iam:DeleteUser", "NoSuchEntity"),
                                                             ("iam:ListUsers", None)]
    assert [e["seq"] for e in seen] == sorted({e["seq"] for e in seen})


# -- the stored form -----------------------------------------------------------------------------------

def test_an_old_log_line_without_the_outcome_still_reads_as_not_recorded():
    v2 = {"seq": 9, "v": 2, "kind": "decision", "time": "2026-11-27T12:00:00+00:00", "machine": "laptop",
          "source": "cli", "service": "iam", "operation": "CreatePolicy", "principal": "arn:aws:iam::1:user/a",
          "principalType": "User", "accessKeyId": "AKIA", "action": "iam:CreatePolicy",
          "resource": "arn:aws:iam::1:policy/Bad", "decision": "allowed", "message": "", "context": {}}
    event = DecisionEvent.from_dict(v2)
    assert (event.seq, event.allowed, event.outcome_recorded, event.call_failed) == (9, True, False, False)
    assert "errorCode" not in event.to_dict()  # written again, it does not claim a success it never recorded
    # damaged outcomes read as no error rather than failing
    odd = DecisionEvent.from_dict({**v2, "v": 3, "errorCode": 5, "errorMessage": ["x"]})
    assert (odd.outcome_recorded, odd.error_code, odd.error_message) == (True, None, None)
    odd = DecisionEvent.from_dict({**v2, "v": 3, "errorCode": "NoSuchEntity", "errorMessage": None})
    assert (odd.error_code, odd.error_message, odd.failure) == ("NoSuchEntity", "", "failed: NoSuchEntity")


# -- where decisions are shown ---------------------------------------------------------------------

def _failed_event(world, lap) -> DecisionEvent:
    lap.aws_error(f"aws iam create-policy --policy-name Bad --policy-document {q(BAD_POLICY)}")
    (event,) = [e for e in events.typed(world.events.tail(1))]
    assert event.call_failed
    return event


def test_iam_sandbox_events_says_the_allowed_call_failed_and_why(world, lap, tmp_path, capsys):
    event = _failed_event(world, lap)
    lines = format_event(event).splitlines()
    assert lines[0].endswith("iam:CreatePolicy  arn:aws:iam::123456789012:policy/Bad  allowed"
                             " — failed: MalformedPolicyDocument")
    assert lines[-1] == ("    Authorization allowed the request; the call then failed: MalformedPolicyDocument: "
                         + event.error_message)


def test_iam_sandbox_events_json_carries_the_error_code(tmp_path, capsys):
    from sandbox.cli.main import main

    path = tmp_path / "world.json"
    fresh_world(path=path)
    args = ["--world", str(path)]
    assert main([*args, "aws", "iam", "delete-user", "--user-name", "nobody"]) == 254
    assert main([*args, "aws", "iam", "list-users", "--query", "Users[0].UserName"]) == 0
    capsys.readouterr()
    assert main([*args, "events", "--tail", "2", "--json"]) == 0
    failed, ok = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert (failed["action"], failed["decision"], failed["errorCode"]) == ("iam:DeleteUser", "allowed", "NoSuchEntity")
    assert failed["errorMessage"] == "The user with name nobody cannot be found."
    assert (ok["action"], ok["errorCode"], ok["errorMessage"]) == ("iam:ListUsers", None, None)
    assert main([*args, "events", "--tail", "2"]) == 0
    text = capsys.readouterr().out
    assert "iam:DeleteUser  arn:aws:iam::" in text and "allowed — failed: NoSuchEntity" in text
    assert text.count("failed") == 2  # the head and the sentence of the failed call; nothing for ListUsers


def test_the_pane_label_gives_a_failed_call_a_line_of_its_own(world, lap):
    from sandbox.tui.decisions import event_label, event_line

    event = _failed_event(world, lap)
    head, body, failure = event_label(event).plain.split("\n")
    assert "ALLOW" in head and "iam:CreatePolicy" in body
    assert failure.strip() == "failed: MalformedPolicyDocument"
    one = event_line(event).plain  # the folded strip: the failure before what a narrow strip cuts
    assert one.index("ALLOW") < one.index("failed: MalformedPolicyDocument") < one.index("iam:CreatePolicy")


# -- scenario checks ---------------------------------------------------------------------------------

def _check(world, seq: int, table: dict) -> bool:
    return evaluate(parse_check(table), Context(Gateway(world), since_seq=seq))


def test_a_check_for_an_allowed_call_is_not_satisfied_by_one_that_failed(world, lap):
    """"The phone saved Ana's photo", "you ran the policy simulator": a step that asks for an
    allowed call means one that did what was asked."""
    seq = world.events.last_seq()
    allowed = {"event": {"action": "iam:CreatePolicy", "decision": "allowed"}}
    lap.aws_error(f"aws iam create-policy --policy-name Bad --policy-document {q(BAD_POLICY)}")
    assert not _check(world, seq, allowed)
    assert _check(world, seq, {"event": {"action": "iam:CreatePolicy"}})  # a request was made
    assert _check(world, seq, {"event": {"action": "iam:CreatePolicy", "code": "MalformedPolicyDocument"}})
    assert not _check(world, seq, {"event": {"action": "iam:CreatePolicy", "code": "EntityAlreadyExists"}})
    lap.ok(f"aws iam create-policy --policy-name Good --policy-document "
           f"{q(doc({'Effect': 'Allow', 'Action': 's3:*', 'Resource': '*'}))}")
    assert _check(world, seq, allowed)


def test_a_check_for_a_refusal_code_still_matches_an_authentication_refusal(world):
    seq = world.events.last_seq()
    with pytest.raises(AwsError):
        Gateway(world).call(Credentials("AKIAIOSFODNN7EXAMPLE", "wrong"), "iam", "ListUsers", {})
    assert _check(world, seq, {"event": {"code": "InvalidClientTokenId"}})


# -- the app -------------------------------------------------------------------------------------------

@pytest.mark.tui
@pytest.mark.parametrize("size", [(80, 24), (140, 45)])
def test_the_pane_and_the_explanation_say_an_allowed_call_failed_within_their_widths(size):
    from rich.cells import cell_len
    from textual.widgets import OptionList, Static

    from sandbox.tui.explain_view import ExplainScreen
    from tuihelp import console, decisions, make_app, run_terminal, settle, until

    async def go():
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await run_terminal(pilot, "aws iam list-users",
                               f"aws iam create-policy --policy-name Bad --policy-document {q(BAD_POLICY)}")
            await settle(pilot)
            pane = decisions(app)
            ok, failed = (e for e in (pane.events[k] for k in pane.order)
                          if e.action in ("iam:CreatePolicy", "iam:ListUsers") and e.source == "cli")
            assert failed.error_code == "MalformedPolicyDocument" and not ok.call_failed
            screen = console(app)
            if size[0] < 100:  # the pane is folded: the strip names the failure before it cuts the line
                assert pane.newest() == failed
                strip = screen.query_one("#decision-strip", Static)
                shown = str(strip.render())
                assert shown.startswith("F7 all decisions · newest: ")
                end = shown.index("failed: MalformedPolicyDocument") + len("failed: MalformedPolicyDocument")
                assert cell_len(shown[:end]) <= strip.content_region.width
                await pilot.press("f7")
                await settle(pilot)
            table = screen.query_one("#decision-table", OptionList)
            width = table.scrollable_content_region.width
            index = pane.order.index(str(failed.seq))
            lines = table.get_option_at_index(index).prompt.plain.split("\n")
            assert lines[-1].strip() == "failed: MalformedPolicyDocument"
            assert all(cell_len(line) <= width for line in lines[:1] + lines[2:]), (width, lines)
            assert "failed" not in table.get_option_at_index(pane.order.index(str(ok.seq))).prompt.plain
            # Enter: why?
            table.focus()
            table.highlighted = index
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ExplainScreen), what="the explanation")
            message = str(app.screen.query_one("#explain-message", Static).render())
            assert message.startswith("allowed: ")
            assert ("Authorization allowed the request; the call then failed: MalformedPolicyDocument: Syntax "
                    "errors in policy.") in " ".join(message.split())  # (the message wraps in its box)

    asyncio.run(go())
