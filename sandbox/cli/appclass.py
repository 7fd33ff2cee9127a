"""What the app opens with: the scenario folders and, for a learner of a served class, the class."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from sandbox.classroom import config, folder
from sandbox.classroom.config import ClassConfig
from sandbox.cli.worldopen import scenario_dirs


@dataclass(frozen=True)
class AppClass:
    scenario_dirs: list[Path]
    config: ClassConfig | None  # None: the app is not a served class's


def app_class(opts: dict) -> AppClass | None:
    """The scenario folders (--scenarios) and, when ``serve`` runs the app for a learner
    ($IAM_SANDBOX_CLASS), the class: its scenarios in order, its quizzes, whether solutions may be
    shown, and its own scenario folder. None after printing why the class cannot be read: the app
    does not open without the class's rules."""
    dirs = scenario_dirs(opts)
    if not opts.get("class"):
        return AppClass(dirs, None)
    class_dir = Path(opts["class"])
    try:
        cfg = config.load(class_dir)
    except config.ClassFileError as exc:
        sys.stderr.write(f"iam-sandbox: {exc}\n")
        return None
    return AppClass(dirs + [d for d in folder.scenario_dirs(class_dir) if d not in dirs], cfg)
