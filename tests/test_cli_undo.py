"""Undo from the command line, across processes: a change made by ``iam-sandbox aws`` in
one process is undone by ``iam-sandbox scenario undo`` in another; read-only commands
and other terminals in between do not move the undo point; a new scenario clears it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))
    return tmp_path / "world.json"


def sandbox(world, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """``iam-sandbox --world WORLD ARGS``, in its own process."""
    env = {**os.environ, "IAM_SANDBOX_DATA": str(world.parent / "data")}
    env.pop("IAM_SANDBOX_WORLD", None)
    return subprocess.run([sys.executable, "-m", "sandbox", "--world", str(world), *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=60)


def groups(world) -> str:
    return sandbox(world, "aws", "iam", "list-groups", "--query", "Groups[].GroupName", "--output", "text").stdout


def test_undo_across_processes(world):
    assert sandbox(world, "scenario", "start", "groups").returncode == 0
    made = sandbox(world, "aws", "iam", "create-group", "--group-name", "Developers")
    assert made.returncode == 0, made.stderr
    # a read-only command, in the terminal of another process, does not move the undo point
    shell = sandbox(world, "shell", stdin="aws iam get-group --group-name Developers\naws sts get-caller-identity\n")
    assert shell.returncode == 0 and '"GroupName": "Developers"' in shell.stdout
    status = sandbox(world, "scenario", "status")
    assert "Undo (iam-sandbox scenario undo) would revert: iam:CreateGroup Developers (from iam-sandbox aws)" \
        in status.stdout
    undone = sandbox(world, "scenario", "undo")
    assert undone.returncode == 0
    assert undone.stdout == "Undone: iam:CreateGroup Developers (from iam-sandbox aws).\n"
    assert "Developers" not in groups(world)
    again = sandbox(world, "scenario", "undo")
    assert again.returncode == 1 and again.stdout.startswith("Nothing to undo")


def test_the_last_of_two_processes_changes_is_undone(world):
    sandbox(world, "scenario", "start", "groups")
    sandbox(world, "aws", "iam", "create-group", "--group-name", "Developers")
    sandbox(world, "shell", stdin="aws iam create-group --group-name Testers\n")
    undone = sandbox(world, "scenario", "undo")
    assert undone.stdout == "Undone: iam:CreateGroup Testers (from iam-sandbox shell).\n"
    listed = groups(world)
    assert "Developers" in listed and "Testers" not in listed


def test_a_new_scenario_leaves_nothing_to_undo(world):
    sandbox(world, "scenario", "start", "groups")
    sandbox(world, "aws", "iam", "create-group", "--group-name", "Developers")
    sandbox(world, "scenario", "start", "new-users-no-permissions", "--yes")  # the learner made a group
    undone = sandbox(world, "scenario", "undo")
    assert undone.returncode == 1 and undone.stdout.startswith("Nothing to undo")
    users = sandbox(world, "aws", "iam", "list-users", "--query", "Users[].UserName", "--output", "text").stdout
    assert "carol" in users and "ann" not in users
