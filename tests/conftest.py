"""Fixtures shared by the test files, and the rule that keeps the fast loop fast: every test
that drives the Textual app (a Pilot or a snapshot) carries the ``tui`` marker, so that
``pytest -m "not tui"`` leaves them all out."""

import os
import tempfile

import pytest

from sandbox.workspace import Workspace
from sandbox.world import World
from shellhelp import Term, fresh_world, instance_id
from tuirule import pytest_runtest_setup  # noqa: F401  (the rule for app tests, a hook)
from workspacehelp import fresh_workspace

# Tests never touch a real home directory or real AWS configuration.
os.environ.pop("AWS_PROFILE", None)
# Commands run without --world use a throwaway data directory, never the learner's.
os.environ["IAM_SANDBOX_DATA"] = tempfile.mkdtemp(prefix="iam-sandbox-tests-")


@pytest.fixture
def sb(tmp_path, capsys, monkeypatch):
    """A fresh world in a temporary folder, driven as ``iam-sandbox --world PATH ...``."""
    from sandboxhelp import Sandbox

    monkeypatch.delenv("IAM_SANDBOX_WORLD", raising=False)
    return Sandbox(tmp_path, capsys, monkeypatch)


@pytest.fixture(scope="session")
def real():
    """The real AWS CLI (v1, from PyPI) in-process, one per test session: it takes about a
    second to start."""
    from awsoracle import RealCli

    return RealCli()


@pytest.fixture
def world() -> World:
    """The default world, in memory (account 123456789012)."""
    return fresh_world()


@pytest.fixture
def lap(world) -> Term:
    """A terminal on the laptop of ``world``, as the learner (admin's keys in the default profile)."""
    return Term(world)


@pytest.fixture
def iid(world) -> str:
    """The instance id of web-1, the default world's instance."""
    return instance_id(world)


@pytest.fixture
def ws() -> Workspace:
    """A workspace on a fresh default world, signed in to the console as admin."""
    return fresh_workspace()


@pytest.fixture
def cognito():
    """A Cognito driver (tests/cognitohelp.py) on a seeded world with ids seeded."""
    from cognitohelp import cognito_session

    yield from cognito_session()
