"""Where worlds and learner progress live by default (XDG data directory)."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    override = os.environ.get("IAM_SANDBOX_DATA")
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "iam-sandbox"


def default_world_path() -> Path:
    env = os.environ.get("IAM_SANDBOX_WORLD")
    if env:
        return Path(env).expanduser()
    return data_dir() / "world.json"


def progress_path() -> Path:
    return data_dir() / "progress.json"
