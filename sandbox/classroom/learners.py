"""Each learner's files inside the class folder: ``learners/<folder>/`` holds the world,
the scenario progress and the quiz results of one learner.

A learner's name is typed into a browser, so it is untrusted: it is checked (length,
letters, no control characters) and never used as a path as typed. The folder name is
derived from it (lowercase ASCII letters, digits and hyphens, plus a hash when the name has
other letters), so the same name always finds the same folder and no name can leave
``learners/``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sandbox.text import raw_control
from sandbox.world.storage import atomic_write

MAX_NAME = 40
LEARNERS = "learners"
LEARNER_FILE = "learner.json"
_ALLOWED = re.compile(r"^[\w][\w .'-]*$")  # \w: letters and digits of any script, and _


class LearnerNameError(ValueError):
    """A name that cannot be used; the message says why, for the learner to read."""


def check_name(raw: str) -> str:
    """The learner's name, tidied (NFC, single spaces), or ``LearnerNameError``."""
    if not isinstance(raw, str):
        raise LearnerNameError("Type your name.")
    if raw_control(raw, keep=""):
        raise LearnerNameError("A name is plain text: letters, digits, spaces, hyphens, dots and apostrophes.")
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name:
        raise LearnerNameError("Type your name.")
    if len(name) > MAX_NAME:
        raise LearnerNameError(f"A name has at most {MAX_NAME} characters.")
    if not _ALLOWED.match(name):
        raise LearnerNameError("A name is plain text: letters, digits, spaces, hyphens, dots and apostrophes.")
    return name


def folder_name(name: str) -> str:
    """The folder of a learner: the same for the same name, whatever its case or spacing."""
    key = check_name(name).casefold()
    ascii_part = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_part).strip("-")[:MAX_NAME]
    if not slug or not key.isascii():
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
        slug = f"{slug}-{digest}" if slug else f"learner-{digest}"
    return slug


@dataclass(frozen=True)
class LearnerFiles:
    name: str
    folder: Path

    @property
    def world(self) -> Path:
        return self.folder / "world.json"

    @property
    def progress(self) -> Path:
        return self.folder / "progress.json"

    @property
    def quiz_results(self) -> Path:
        return self.folder / "quiz-results.json"

    def environment(self) -> dict[str, str]:
        """What the app run for this learner is given: its files and the name results go under."""
        return {"IAM_SANDBOX_DATA": str(self.folder), "IAM_SANDBOX_WORLD": str(self.world),
                "IAM_SANDBOX_LEARNER": self.name}


def learner_files(class_dir: Path, name: str) -> LearnerFiles:
    """The files of the learner called ``name`` (checked) in the class folder."""
    name = check_name(name)
    root = (class_dir / LEARNERS).resolve()
    folder = (root / folder_name(name)).resolve()
    if folder.parent != root:  # cannot happen with folder_name's alphabet; checked all the same
        raise LearnerNameError("That name cannot be used.")
    return LearnerFiles(name, folder)


def register(files: LearnerFiles, when: str) -> None:
    """Create the learner's folder and remember the name as typed (for reports)."""
    files.folder.mkdir(parents=True, exist_ok=True)
    record = files.folder / LEARNER_FILE
    if not record.exists():
        atomic_write(record, json.dumps({"name": files.name, "first_seen": when}, indent=1))


def enrolled(class_dir: Path) -> list[LearnerFiles]:
    """Every learner with a folder, by name. A folder whose record cannot be read keeps its folder name."""
    root = class_dir / LEARNERS
    if not root.is_dir():
        return []
    out = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.is_symlink():
            continue
        name = folder.name
        try:
            record = json.loads((folder / LEARNER_FILE).read_text(encoding="utf-8"))
            name = check_name(record["name"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        out.append(LearnerFiles(name, folder))
    return sorted(out, key=lambda f: f.name.casefold())
