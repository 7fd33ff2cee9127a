"""Scenarios: every shipped scenario validates and is solved by its own solution; broken
files get clear errors; the engine's hint ladder, resets, undo and progress."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from sandbox.cli.main import main
from sandbox.paths import scenarios_dir
from sandbox.scenarios.loader import ScenarioError, catalogue, files_in, load_file, load_text
from sandbox.workspace.replay import replay
from sandbox.world import World

REQUIRED_TOPICS = [f"T{n:02d}" for n in range(1, 32)]  # every topic of the study notes
SHIPPED = files_in(scenarios_dir())


def test_there_are_at_least_ten_scenarios():
    assert len(SHIPPED) >= 10


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_is_solved_by_its_own_solution(path):
    scenario = load_file(path)
    result = replay(scenario, lambda: World(None))
    assert result.ok, "\n".join(result.lines)
    # every step was unsatisfied before its solution and satisfied after it
    assert all(line.startswith("✓") for line in result.lines if not line.startswith("    "))


def test_every_required_topic_is_taught():
    scenarios, errors = catalogue()
    assert not errors
    missing = [t for t in REQUIRED_TOPICS if not any(t in s.topics for s in scenarios)]
    assert missing == []


def test_coverage_command_prints_topic_to_scenarios(capsys):
    assert main(["scenario", "coverage"]) == 0
    out = capsys.readouterr().out
    assert "T11" in out and "ec2-role-s3" in out
    lines = out.splitlines()
    assert len(lines) == 31 and [line.split()[0] for line in lines] == REQUIRED_TOPICS
    assert not [line for line in lines if line.endswith("—")]  # no topic without a scenario


MINIMAL = textwrap.dedent('''\
    id = "mini"
    title = "Mini"
    summary = "A small scenario."
    level = "beginner"
    topics = ["T05"]
    minutes = 5
    lesson = "Learned."

    [[steps]]
    title = "Make bob"
    instructions = "Create bob."
    hints = ["create-user"]
    solution = ["aws iam create-user --user-name bob"]
    check = { user_exists = "bob" }
''')


def _error(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_text(text, "mini.toml")
    return info.value


def test_minimal_scenario_loads():
    assert load_text(MINIMAL, "mini.toml").steps[0].check.kind == "user_exists"


@pytest.mark.parametrize("change, field, words", [
    (lambda t: t.replace('minutes = 5', 'minutes = 5\ncolour = "red"'), "colour", "unknown field"),
    (lambda t: t.replace('id = "mini"\n', ''), "id", "is required"),
    (lambda t: t.replace('"beginner"', '"expert"'), "level", "must be one of"),
    (lambda t: t.replace('["T05"]', '["X5"]'), "topics", "topic ids"),
    (lambda t: t.replace('{ user_exists = "bob" }', '{ user_exist = "bob" }'), "steps[0].check.user_exist",
     "unknown predicate"),
    (lambda t: t.replace('{ user_exists = "bob" }', '{ member = { user = "bob" } }'), "steps[0].check.member.group",
     "is required"),
    (lambda t: t.replace('{ user_exists = "bob" }',
                         '{ decision = { principal = "user:bob", action = "s3:GetObject", expect = "maybe" } }'),
     "steps[0].check.decision.expect", "must be one of allowed"),
    (lambda t: t.replace('hints = ["create-user"]', 'hints = []'), "steps[0].hints", "at least one hint"),
    (lambda t: t + '\n[setup]\nwizards = 3\n', "setup.wizards", "unknown field"),
    (lambda t: t.replace('title = "Make bob"', 'title = "Make bob"\nspeed = 1'), "steps[0].speed", "unknown field"),
    (lambda t: t + '\n[setup]\ntokens = [{ provider = "google", user = "a@b.com", path = "~/t.jwt" }]\n',
     "setup.tokens[0].app", "is required"),
    (lambda t: t + '\n[setup]\nissuers = [3]\n', "setup.issuers[0]", "must be a string"),
    (lambda t: t + '\n[setup]\nroles = [{ name = "R" }]\n', "setup.roles[0].trust", "is required"),
    (lambda t: t + '\n[setup]\napps = [{ provider = "google", name = "x", colour = "red" }]\n',
     "setup.apps[0].colour", "unknown field"),
    (lambda t: t.replace('{ user_exists = "bob" }', '{ idp_app = { provider = "google" } }'),
     "steps[0].check.idp_app.name", "is required"),
    (lambda t: t.replace('{ user_exists = "bob" }', '{ event = { operation = "X", colour = "red" } }'),
     "steps[0].check.event.colour", "unknown field"),
])
def test_broken_file_errors_name_the_field_and_line(change, field, words):
    err = _error(change(MINIMAL))
    assert err.field == field
    assert words in err.message
    assert err.line is not None and err.line >= 1
    assert str(err).startswith("mini.toml:")


def test_toml_syntax_error_has_a_line():
    err = _error(MINIMAL.replace('title = "Mini"', 'title = "Mini'))
    assert "not valid TOML" in err.message and err.line == 2


def test_validate_reports_checks_already_satisfied_and_failing_solutions(tmp_path, capsys):
    already = MINIMAL.replace('user_exists = "bob"', 'user_exists = "admin"').replace('id = "mini"', 'id = "already"')
    failing = MINIMAL.replace("--user-name bob", "--user-name robert").replace('id = "mini"', 'id = "failing"')
    (tmp_path / "a.toml").write_text(already)
    (tmp_path / "b.toml").write_text(failing)
    (tmp_path / "c.toml").write_text(MINIMAL)
    (tmp_path / "d.toml").write_text(MINIMAL)  # duplicate id
    assert main(["scenario", "validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "already satisfied before its solution ran" in out
    assert "the solution does not satisfy: user bob exists" in out
    assert "is also used by" in out
    assert f"✓ {tmp_path / 'c.toml'} (mini)" in out


def test_instructor_folder_is_added_with_scenarios_option(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "mini.toml").write_text(MINIMAL)
    assert main(["--scenarios", str(folder), "scenario", "list"]) == 0
    out = capsys.readouterr().out
    assert "mini" in out and "ec2-role-s3" in out
    assert main(["--scenarios", str(folder), "--world", str(tmp_path / "w.json"), "scenario", "solve", "mini"]) == 0
    assert "solved" in capsys.readouterr().out


def test_solve_shipped_scenario_from_the_command_line(capsys):
    assert main(["scenario", "solve", "ec2-role-s3"]) == 0
    out = capsys.readouterr().out
    assert "✓ step 4 (Use S3 from the instance)" in out and out.strip().endswith("solved")


# -- playing a scenario --------------------------------------------------------------------------

@pytest.fixture
def world_path(tmp_path, monkeypatch):
    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))
    return str(tmp_path / "world.json")


def run(capsys, world_path, *argv):
    rc = main(["--world", world_path, *argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_play_with_hints_solution_progress_and_export(capsys, world_path):
    rc, out, _ = run(capsys, world_path, "scenario", "start", "new-users-no-permissions", "--learner", "sam")
    assert rc == 0 and "→ 1. Try it as carol" in out
    rc, out, err = run(capsys, world_path, "aws", "s3", "ls", "--profile", "carol")
    assert rc == 254 and "✓ Step 1 done: Try it as carol" in err
    rc, out, _ = run(capsys, world_path, "scenario", "hint")
    assert out.startswith("Hint 1/3: create-group, attach-group-policy, add-user-to-group.")
    run(capsys, world_path, "scenario", "hint")
    run(capsys, world_path, "scenario", "hint")
    rc, out, _ = run(capsys, world_path, "scenario", "hint")
    assert "No more hints" in out
    rc, out, _ = run(capsys, world_path, "scenario", "solution")
    assert "--yes" in out and "aws iam" not in out
    rc, out, _ = run(capsys, world_path, "scenario", "solution", "--yes")
    assert "aws iam create-group --group-name Readers" in out
    for line in out.splitlines()[1:]:
        run(capsys, world_path, "aws", *__import__("shlex").split(line.strip())[1:])
    rc, out, _ = run(capsys, world_path, "scenario", "status")
    assert "✓ 2. Give access through a group" in out
    rc, out, err = run(capsys, world_path, "aws", "s3", "ls", "--profile", "carol")
    assert rc == 0 and "Scenario complete" in err
    rc, out, _ = run(capsys, world_path, "scenario", "progress", "--format", "json")
    record = json.loads(out)["learners"]["sam"]["new-users-no-permissions"]
    assert record["steps_done"] == 3 and record["finished"] and record["hints_used"] == 3
    assert record["solutions_used"] == [2]
    rc, out, _ = run(capsys, world_path, "scenario", "progress", "--format", "csv")
    assert out.splitlines()[0].startswith("learner,scenario,attempts")
    assert "sam,new-users-no-permissions,1,3,3,2," in out
    # progress survives a world reset
    run(capsys, world_path, "world", "reset")
    rc, out, _ = run(capsys, world_path, "scenario", "progress")
    assert "finished" in out


def test_another_valid_route_passes_a_step(capsys, world_path):
    # the step suggests a profile named after the role; any profile holding the role will do
    run(capsys, world_path, "scenario", "start", "ec2-role-s3")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                                "Principal": {"Service": "ec2.amazonaws.com"}}]})
    run(capsys, world_path, "aws", "iam", "create-role", "--role-name", "S3AccessForEC2",
        "--assume-role-policy-document", trust)
    rc, _, err = run(capsys, world_path, "aws", "iam", "attach-role-policy", "--role-name", "S3AccessForEC2",
                     "--policy-arn", "arn:aws:iam::aws:policy/AmazonS3FullAccess")
    assert "✓ Step 1 done" in err
    run(capsys, world_path, "aws", "iam", "create-instance-profile", "--instance-profile-name", "MyProfile")
    rc, _, err = run(capsys, world_path, "aws", "iam", "add-role-to-instance-profile",
                     "--instance-profile-name", "MyProfile", "--role-name", "S3AccessForEC2")
    assert rc == 0 and "✓ Step 2 done: An instance profile" in err


def test_reset_step_and_undo(capsys, world_path):
    run(capsys, world_path, "scenario", "start", "groups")
    run(capsys, world_path, "aws", "iam", "create-group", "--group-name", "Developers")
    rc, out, _ = run(capsys, world_path, "scenario", "undo")
    assert rc == 0
    rc, out, err = run(capsys, world_path, "aws", "iam", "get-group", "--group-name", "Developers")
    assert rc == 254 and "NoSuchEntity" in err
    run(capsys, world_path, "aws", "iam", "create-group", "--group-name", "Developers")
    run(capsys, world_path, "aws", "iam", "create-group", "--group-name", "Extra")
    rc, out, _ = run(capsys, world_path, "scenario", "reset", "--step")
    assert "starts over" in out
    rc, out, err = run(capsys, world_path, "aws", "iam", "get-group", "--group-name", "Extra")
    assert "NoSuchEntity" in err


def test_status_without_a_scenario_says_how_to_start(capsys, world_path):
    rc, out, err = run(capsys, world_path, "scenario", "status")
    assert rc == 1 and "scenario start" in err


def test_a_broken_instructor_file_does_not_hide_the_others(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "broken.toml").write_text("id = ")
    assert main(["--scenarios", str(folder), "scenario", "list"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    listed = out.splitlines()
    assert any("ec2-role-s3" in line for line in listed)
    invalid = [line for line in listed if "broken.toml" in line]  # listed, as invalid, with its error
    assert len(invalid) == 1 and "✗" in invalid[0] and "invalid" in invalid[0] and "not valid TOML" in invalid[0]


def test_scenario_files_are_data_only():
    """Nothing in a scenario file is executed: a TOML file cannot carry code, and solution
    commands run in the sandbox terminal, where only sandbox commands exist."""
    from sandbox.shell.builtins import BUILTINS

    for path in SHIPPED:
        for step in load_file(path).steps:
            for command in step.solution:
                words = command.split()
                while len(words) > 1 and re.match(r"^[A-Za-z_]\w*=(?!\$\()", words[0]):
                    words = words[1:]  # NAME=value command: the command with that environment
                assignment = re.match(r"^[A-Za-z_]\w*=(?:\$\()?(.*)$", words[0])
                first = assignment.group(1) if assignment else words[0]  # NAME=$(command ...): a variable set
                assert first in BUILTINS, command                          # from a sandbox command


def test_shipped_files_are_in_the_package_data():
    assert Path(scenarios_dir(), "06-ec2-role-s3.toml").is_file()


@pytest.mark.parametrize("setup, field, words", [
    ({"apps": [{"provider": "myspace", "name": "x"}]}, "apps[0].provider", "no identity provider 'myspace'"),
    ({"roles": [{"name": "R", "trust": "accounts.google.com", "audience": "nope"}]}, "roles[0].audience",
     "Google has no app 'nope'"),
    ({"apps": [{"provider": "google", "name": "a"}],
      "tokens": [{"provider": "google", "app": "a", "user": "not-an-email", "path": "~/t.jwt"}]}, "tokens[0]",
     "not an email address"),
    ({"issuers": ["http://login.example.edu"]}, "issuers/apps", "must begin with https://"),
])
def test_identity_provider_setup_errors_name_the_field(setup, field, words):
    from sandbox.scenarios.setup import SetupError, apply_setup
    from sandbox.services.gateway import Gateway

    with pytest.raises(SetupError) as info:
        apply_setup(Gateway(World(None)), setup)
    assert info.value.field == field and words in info.value.message


def test_setup_hands_out_an_expired_token_and_a_role_with_the_audience_condition():
    from sandbox import idp
    from sandbox.scenarios.setup import apply_setup
    from sandbox.services.gateway import Gateway
    from sandbox.world import fs

    world = World(None)
    apply_setup(Gateway(world), {
        "apps": [{"provider": "google", "name": "photo-share"}],
        "roles": [{"name": "R", "trust": "accounts.google.com", "audience": "photo-share"}],
        "tokens": [{"provider": "google", "app": "photo-share", "user": "ana@example.com", "path": "~/old.jwt",
                    "issued": -7200, "lifetime": 3600}]})
    client_id = idp.apps(world, idp.GOOGLE)[0]["ClientId"]
    trust = json.loads(world["roles"].get("R")["AssumeRolePolicyDocument"])["Statement"][0]
    assert trust["Condition"] == {"StringEquals": {"accounts.google.com:aud": client_id}}
    token = fs.read(world, "laptop", "/home/learner/old.jwt").strip()
    with pytest.raises(idp.ExpiredToken):
        idp.verify_web_identity_token(world, token)
