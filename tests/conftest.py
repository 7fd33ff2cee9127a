import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

# Tests never touch a real home directory or real AWS configuration.
os.environ.pop("AWS_PROFILE", None)
# Commands run without --world use a throwaway data directory, never the learner's.
import tempfile

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
def world():
    """The default world, in memory (a test file may define its own)."""
    from shellhelp import fresh_world

    return fresh_world()


@pytest.fixture
def lap(world):
    """A terminal on the laptop of ``world``, with admin's profile."""
    from shellhelp import Term

    return Term(world)
