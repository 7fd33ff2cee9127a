"""The workspace every front end shares: one change scope for every mutation (terminal,
console forms, another process), the scenario's undo point taken only by changes that
mutate, progress reported after each change, and events followed across processes."""

from __future__ import annotations

import io
import threading

import pytest

from sandbox.errors import AwsError
from sandbox.scenarios.loader import find
from sandbox.workspace import Workspace
from sandbox.world import World
from workspacehelp import fresh_workspace, signed_in


@pytest.fixture
def playing(ws) -> Workspace:
    """The workspace with the "groups" scenario started (users ann, ben, cat)."""
    ws.start_scenario(find("groups"))
    return ws


def typed(ws: Workspace, *lines: str) -> str:
    term = ws.terminals[0] if ws.terminals else ws.terminal()
    out, err = io.StringIO(), io.StringIO()
    for line in lines:
        term.run(line, out, err)
    return out.getvalue() + err.getvalue()


def groups(ws: Workspace) -> set[str]:
    return {g["GroupName"] for g in ws.world["groups"].all()}


# -- the change scope ---------------------------------------------------------------------------------


def test_a_change_lists_the_calls_that_mutated_and_only_those(ws):
    with ws.change("console") as change:
        ws.call("iam", "ListUsers", {})
        ws.call("iam", "CreateUser", {"UserName": "bob"})
        ws.call("iam", "GetUser", {"UserName": "bob"})
    assert change.calls == ["iam:CreateUser bob"]
    assert change.mutated and change.label == "iam:CreateUser bob (from the console)"


def test_a_failed_call_is_not_a_change(ws):
    with pytest.raises(AwsError), ws.change("console") as change:
        ws.call("iam", "CreateUser", {"UserName": "admin"})  # EntityAlreadyExists
    assert change.calls == [] and not change.mutated


def test_a_change_inside_a_change_is_part_of_it(ws):
    with ws.change("console", "Create user bob") as outer:
        with ws.change("terminal") as inner:
            ws.call("iam", "CreateUser", {"UserName": "bob"})
    assert inner is outer and outer.label == "Create user bob (from the console)"


def test_changes_on_two_threads_are_kept_apart(ws):
    """The app's terminal runs on a worker thread while a form submits on the main one."""
    started, release = threading.Event(), threading.Event()
    seen = {}

    def worker():
        with ws.change("terminal") as change:
            started.set()
            release.wait(5)
            ws.call("iam", "CreateGroup", {"GroupName": "FromTerminal"})
        seen["terminal"] = change.calls

    thread = threading.Thread(target=worker)
    thread.start()
    started.wait(5)
    with ws.change("console") as change:
        ws.call("iam", "CreateUser", {"UserName": "bob"})
    release.set()
    thread.join(5)
    assert change.calls == ["iam:CreateUser bob"]
    assert seen["terminal"] == ["iam:CreateGroup FromTerminal"]


def test_without_a_scenario_no_undo_point_is_taken(ws):
    with ws.change("console") as change:
        ws.call("iam", "CreateUser", {"UserName": "bob"})
    assert change.undo_snapshot is None and ws.undo_point() is None and ws.world.snapshots() == []


def test_labels_make_control_characters_visible(ws):
    from sandbox.workspace.change import describe_call

    assert describe_call("s3", "PutObject", {"Bucket": "b", "Key": "evil\x1b[2Jname"}) == \
        "s3:PutObject b evil\\x1b[2Jname"


# -- undo ---------------------------------------------------------------------------------------------


def test_undo_reverts_only_the_last_change_whatever_front_end_made_it(playing):
    """A tester's bug: a change in the terminal plus one through a form, then Undo reverted both."""
    typed(playing, "aws iam create-group --group-name Developers")
    with playing.change("console"):
        playing.call("iam", "CreateGroup", {"GroupName": "Testers"})
    assert playing.undo_point().label == "iam:CreateGroup Testers (from the console)"
    playing.undo()
    assert {"Developers"} <= groups(playing) and "Testers" not in groups(playing)


def test_the_terminal_change_is_undone_when_it_was_the_last(playing):
    with playing.change("console"):
        playing.call("iam", "CreateGroup", {"GroupName": "Testers"})
    typed(playing, "aws iam create-group --group-name Developers")
    assert playing.undo_point().label == "iam:CreateGroup Developers (from the terminal)"
    playing.undo()
    assert "Testers" in groups(playing) and "Developers" not in groups(playing)


def test_a_read_only_command_does_not_move_the_undo_point(playing):
    """A tester's bug: after a read-only command, Undo silently did nothing."""
    typed(playing, "aws iam create-group --group-name Developers", "aws iam list-groups", "aws sts get-caller-identity")
    assert playing.undo_point().label == "iam:CreateGroup Developers (from the terminal)"
    assert playing.undo() is not None
    assert "Developers" not in groups(playing)


def test_a_refused_change_does_not_move_the_undo_point(playing):
    typed(playing, "aws iam create-group --group-name Developers")
    out = typed(playing, "aws iam create-group --group-name Developers")
    assert "EntityAlreadyExists" in out
    assert playing.undo_point().label == "iam:CreateGroup Developers (from the terminal)"
    playing.undo()
    assert "Developers" not in groups(playing)


def test_starting_a_scenario_leaves_nothing_to_undo(playing):
    """A tester's bug: after starting a second scenario, Undo restored the previous scenario's world."""
    typed(playing, "aws iam create-group --group-name Developers")
    playing.start_scenario(find("new-users-no-permissions"))
    users = {u["UserName"] for u in playing.world["users"].all()}
    assert playing.undo_point() is None and playing.undo() is None
    assert {u["UserName"] for u in playing.world["users"].all()} == users
    assert "Developers" not in groups(playing)


def test_resetting_leaves_nothing_to_undo(playing):
    from sandbox.scenarios import engine

    typed(playing, "aws iam create-group --group-name Developers")
    engine.reset(playing.world, find("groups"), step_only=True)
    assert playing.undo_point() is None
    typed(playing, "aws iam create-group --group-name Developers")
    engine.reset(playing.world, find("groups"))
    assert playing.undo_point() is None and playing.undo() is None


def test_undo_is_one_level(playing):
    typed(playing, "aws iam create-group --group-name A", "aws iam create-group --group-name B")
    assert playing.undo().label == "iam:CreateGroup B (from the terminal)"
    assert playing.undo() is None
    assert "A" in groups(playing) and "B" not in groups(playing)


def test_one_typed_line_is_one_change(playing):
    typed(playing, "aws iam create-group --group-name A && aws iam create-group --group-name B")
    assert playing.undo_point().label == "iam:CreateGroup A, iam:CreateGroup B (from the terminal)"
    playing.undo()
    assert not {"A", "B"} & groups(playing)


def test_undo_keeps_the_files_on_the_laptop(playing):
    typed(playing, "echo '{}' > policy.json", "aws iam create-group --group-name Developers", "echo more >> notes.txt")
    playing.undo()
    assert "Developers" not in groups(playing)
    assert typed(playing, "cat policy.json notes.txt") == "{}\nmore\n"


def test_undo_takes_the_scenario_back_to_its_step(playing):
    out = typed(playing, "aws iam create-group --group-name Developers",
                "aws iam attach-group-policy --group-name Developers "
                "--policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess")
    assert "✓ Step 1 done" in out
    assert playing.world.meta["scenario"]["step"] == 1
    playing.undo()
    assert playing.world.meta["scenario"]["step"] == 0


def test_progress_is_reported_after_each_change(playing):
    with playing.change("console") as change:
        playing.call("iam", "CreateGroup", {"GroupName": "Developers"})
    assert change.progress == []
    with playing.change("console") as change:
        playing.call("iam", "AttachGroupPolicy", {"GroupName": "Developers",
                                                  "PolicyArn": "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"})
    assert change.progress == ["✓ Step 1 done: A group for the developers", "Next, step 2: Put ann and ben in it"]


def test_a_change_that_fails_half_way_still_counts(playing):
    with pytest.raises(AwsError), playing.change("console", "Set up Developers") as change:
        playing.call("iam", "CreateGroup", {"GroupName": "Developers"})
        playing.call("iam", "AttachGroupPolicy", {"GroupName": "Developers",
                                                  "PolicyArn": "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"})
        playing.call("iam", "AddUserToGroup", {"GroupName": "Developers", "UserName": "nobody"})
    assert change.progress[0] == "✓ Step 1 done: A group for the developers"
    assert playing.undo_point().label == "Set up Developers (from the console)"


def test_a_step_can_be_done_by_a_read_only_command():
    ws = fresh_workspace()
    ws.start_scenario(find("new-users-no-permissions"))
    out = typed(ws, "aws s3 ls --profile carol")
    assert "✓ Step 1 done: Try it as carol" in out
    assert ws.undo_point() is None


def test_the_console_stays_signed_in_when_a_scenario_starts(playing):
    assert playing.console.caller.arn == "arn:aws:iam::123456789012:user/admin"
    with playing.change("console"):
        playing.call("iam", "CreateGroup", {"GroupName": "Developers"})
    assert "Developers" in groups(playing)


# -- events -------------------------------------------------------------------------------------------


def test_follow_gives_new_events_from_this_process_and_others(tmp_path):
    path = tmp_path / "world.json"
    ws = fresh_workspace(path)
    start = ws.newest_event
    ws.call("iam", "ListUsers", {})
    mine = ws.follow(start)
    assert [e.action for e in mine] == ["iam:ListUsers"]
    assert ws.follow(mine[-1].seq) == []
    other = signed_in(World(path))  # another process on the same world file
    other.call("iam", "ListGroups", {})
    theirs = ws.follow(mine[-1].seq)
    assert [e.action for e in theirs][-1] == "iam:ListGroups"
    assert all(e.seq > mine[-1].seq for e in theirs)


def test_refresh_says_when_another_process_changed_the_world(tmp_path):
    path = tmp_path / "world.json"
    ws = fresh_workspace(path)
    ws.refresh()
    assert ws.refresh() is False
    other = signed_in(World(path))
    other.call("iam", "CreateUser", {"UserName": "bob"})
    assert ws.refresh() is True and ws.world["users"].get("bob") is not None


def test_refresh_does_not_report_this_workspace_s_own_changes(tmp_path):
    ws = fresh_workspace(tmp_path / "world.json")
    ws.refresh()
    ws.call("iam", "CreateUser", {"UserName": "bob"})
    typed(ws, "aws iam create-group --group-name Developers")
    assert ws.refresh() is False


def test_issuing_credentials_and_dry_runs_do_not_move_the_undo_point(playing):
    typed(playing, "aws iam create-group --group-name Developers")
    (web1,) = playing.world["instances"].all()
    out = typed(playing, "aws sts get-session-token",
                f"aws ec2 stop-instances --instance-ids {web1['InstanceId']} --dry-run")
    assert "DryRunOperation" in out
    assert playing.undo_point().label == "iam:CreateGroup Developers (from the terminal)"
