"""What scenarios teach, outside the app: a step's instructions as blocks and example
commands, the lesson and exam tips (the scenario's own and the notes', with "then and now"
where AWS changed), ``scenario show``, the password policy in words, ``iam-sandbox world
info`` in the sandbox terminal, and the console signed in again when a scenario starts."""

from __future__ import annotations

import io

import pytest

from sandbox.cli.main import main
from sandbox.scenarios.instructions import blocks, examples, first_sentence, joined
from sandbox.scenarios.loader import ScenarioError, find, load_text
from sandbox.workspace.lessons import lesson, own_tip, reference
from sandbox.workspace.password_policy_text import describe
from test_scenarios import MINIMAL
from workspacehelp import fresh_workspace

INSTRUCTIONS = """
Create the group `Readers` and run:

    aws iam create-group --group-name Readers
    aws iam update-account-password-policy --minimum-password-length 12 \\
        --require-symbols

Then look: `aws iam list-groups`, `aws iam get-policy-version ...` and `Readers`.
"""


def test_instructions_split_into_paragraphs_and_commands():
    parts = blocks(INSTRUCTIONS)
    assert [b.kind for b in parts] == ["text", "code", "text"]
    assert parts[1].text.splitlines()[0] == "aws iam create-group --group-name Readers"


def test_examples_are_the_commands_shown_whole_and_in_order():
    """A line ending in a backslash goes on with the next; inline code counts when it is a
    command; an elided command (``...``) and a plain name do not."""
    assert examples(INSTRUCTIONS) == [
        "aws iam create-group --group-name Readers",
        "aws iam update-account-password-policy --minimum-password-length 12 --require-symbols",
        "aws iam list-groups"]


def test_every_shipped_step_with_a_command_block_offers_it_as_an_example():
    for scenario_id in ("iam-tour", "explicit-deny-conditions", "secure-root"):
        scenario = find(scenario_id)
        for step in scenario.steps:
            for block in blocks(step.instructions):
                if block.kind == "code":
                    assert block.text.splitlines()[0].rstrip("\\ ") in " ".join(examples(step.instructions))


def test_prose_is_joined_and_a_first_sentence_is_whole():
    text = "A new IAM user can do nothing until a policy allows it: by\ndefault every request is denied. Groups help."
    assert joined(text) == ("A new IAM user can do nothing until a policy allows it: by default every request "
                            "is denied. Groups help.")
    assert first_sentence(text) == ("A new IAM user can do nothing until a policy allows it: by default every request "
                                    "is denied.")


def test_a_lesson_has_its_own_tip_then_the_notes_tips_on_its_topics():
    ec2 = lesson(find("ec2-role-s3"))
    assert ec2.tips[0].source == "" and "preferred from a security perspective" in ec2.tips[0].text
    notes = [t for t in ec2.tips if t.source == "Roles"]
    assert notes and any("Modify IAM role" in t.then_and_now for t in notes)
    assert "\n" not in ec2.text and ec2.text.startswith("Roles let applications on EC2")


def test_then_and_now_corrects_the_notes_where_aws_changed():
    """Keys are no longer created with a user; Cognito Sync gave way to AppSync; root MFA is required."""
    keys = lesson(find("access-keys")).tips[0].then_and_now
    assert "Programmatic access" in keys and "create-access-key" in keys
    assert "May 2024" in lesson(find("secure-root")).tips[0].then_and_now
    notes = reference([find("access-keys")]).tips
    assert "AppSync" in notes["cognito-sync-devices"].then_and_now
    assert "AppSync" in notes["cognito-push-sync"].then_and_now
    assert own_tip(find("access-keys")).then_and_now == keys
    assert own_tip(find("groups")).then_and_now == ""  # a tip that AWS has not changed


@pytest.mark.parametrize("lesson_table, field, words", [
    ('[lesson]\ntext = "Learned."\nthen_and_now = 3\n', "lesson.then_and_now", "must be a string"),
    ('[lesson]\ntext = "Learned."\nthen = "x"\n', "lesson.then", "unknown field"),
])
def test_a_lesson_table_is_checked_field_by_field(lesson_table, field, words):
    text = MINIMAL.replace('lesson = "Learned."\n', "") + "\n" + lesson_table
    with pytest.raises(ScenarioError) as info:
        load_text(text, "mini.toml")
    assert info.value.field == field and words in info.value.message


def test_scenario_show_prints_the_lesson_tips_and_then_and_now_wrapped(capsys):
    assert main(["scenario", "show", "access-keys"]) == 0
    out = capsys.readouterr().out
    assert "What it teaches:" in out and "Exam tip: You only get to view the secret access key once" in out
    assert "Then and now: The notes say new users are given keys when created." in out
    assert max(len(line) for line in out.splitlines()) <= 100
    flat = " ".join(out.split())
    assert "which shows the secret once, as before." in flat  # nothing cut


def test_the_password_policy_reads_as_words():
    lines = dict(describe({"MinimumPasswordLength": 12, "RequireSymbols": True, "RequireNumbers": False,
                           "MaxPasswordAge": 90, "PasswordReusePrevention": 5, "HardExpiry": False}))
    assert lines["Minimum length"] == "12 characters"
    assert lines["Number (0-9)"] == "not required" and lines["Password expiry"] == "after 90 days"
    assert lines["Password reuse"] == "the last 5 passwords cannot be used again"
    assert not any(value in ("True", "False") for value in lines.values())
    assert not any(key.startswith("Require") for key in lines)


def test_world_info_in_the_sandbox_terminal():
    ws = fresh_workspace()
    shell = ws.terminal()
    out, err = io.StringIO(), io.StringIO()
    shell.run("iam-sandbox world info", out, err)
    assert f"password: {ws.world.meta['root']['Password']}" in out.getvalue() and not err.getvalue()
    shell.run("iam-sandbox world reset", out, err)
    assert "world info" in err.getvalue()  # the rest runs in the learner's own terminal


def test_a_new_scenario_signs_the_console_in_again_without_the_old_session():
    """Root signed in with MFA before: after the start, root of the new world, without MFA;
    a setup's ``signed_in`` names who is signed in."""
    from sandbox.services import principals
    from sandbox.services.gateway import Caller

    ws = fresh_workspace()
    ws.sign_in_as(Caller(principals.root_principal(ws.world), "root", console=True, mfa_present=True))
    ws.start_scenario(find("secure-root"))
    assert ws.console.caller.kind == "root" and ws.console.caller.mfa_present is False
    scenario = find("new-users-no-permissions")
    scenario.setup = {**scenario.setup, "signed_in": "carol"}
    ws.start_scenario(scenario)
    assert ws.console.who == "carol" and ws.console.caller.kind == "user"


def test_a_finished_scenario_says_its_lesson_in_a_whole_sentence():
    ws = fresh_workspace()
    scenario = find("new-users-no-permissions")
    ws.start_scenario(scenario)
    said: list[str] = []
    ws.watchers.append(lambda change: said.extend(change.progress))
    shell = ws.terminal()
    for step in scenario.steps:
        for line in step.solution:
            shell.run(line, io.StringIO(), io.StringIO())
    done = [line for line in said if "Scenario complete" in line]
    assert done == [f"🎉 Scenario complete: {scenario.title}. Lesson: A new IAM user can do nothing until a policy "
                    "allows it: by default every request is implicitly denied."]
