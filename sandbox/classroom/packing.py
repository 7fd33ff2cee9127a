"""Class packs: a lab handed to another instructor as one ``.tar.gz`` file holding
``class.toml``, ``scenarios/*.toml`` and ``quiz/*.toml`` (never learners' files).

A pack from someone else is untrusted. Unpacking reads each member's header before its
content and refuses the whole pack on the first member that is not a regular file (links,
devices, folders named oddly), whose name is not one of the three shapes above (so no
absolute path, no ``..``, nothing outside the new folder), that is larger than a data file
may be, or when there are too many members or bytes in all; then it checks the class the
files make, as ``class validate`` does. Nothing is written to the folder asked for until the
whole pack has been checked, and then only into a folder that did not exist or is empty.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tarfile
import tempfile
from pathlib import Path

from sandbox.classroom.config import CLASS_FILE
from sandbox.classroom.folder import QUIZ, SCENARIOS, validate
from sandbox.quiz.untrusted import MAX_FILE_BYTES
from sandbox.text import one_line as visible

MAX_MEMBERS = 400
MAX_TOTAL_BYTES = 16 * 1024 * 1024
MAX_PACK_BYTES = 16 * 1024 * 1024  # the compressed file itself
_MEMBER = re.compile(rf"^(?:{re.escape(CLASS_FILE)}|(?:{SCENARIOS}|{QUIZ})/[A-Za-z0-9][A-Za-z0-9._-]{{0,99}}\.toml)$")


class PackError(Exception):
    """The pack (or the folder to pack) cannot be used; the message says which file and why."""


def _members_of(folder: Path) -> list[tuple[str, Path]]:
    if not (folder / CLASS_FILE).is_file():
        raise PackError(f"{folder} has no {CLASS_FILE} (iam-sandbox class init DIR writes one)")
    found = [(CLASS_FILE, folder / CLASS_FILE)]
    for sub in (SCENARIOS, QUIZ):
        if (folder / sub).is_dir():
            found += [(f"{sub}/{p.name}", p) for p in sorted((folder / sub).glob("*.toml"))]
    for name, path in found:
        if path.is_symlink() or not path.is_file():
            raise PackError(f"{path} is not a regular file (a link is not packed)")
        if not _MEMBER.match(name):
            raise PackError(f"{path}: a packed file's name uses letters, digits, dots, hyphens and underscores")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PackError(f"{path} is larger than {MAX_FILE_BYTES // 1024} KiB")
    return found


def pack(folder: Path, out: Path) -> list[str]:
    """Write the class in ``folder`` to ``out``; returns the names packed."""
    members = _members_of(folder)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, path in members:
            data = path.read_bytes()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = int(path.stat().st_mtime)
            tar.addfile(info, io.BytesIO(data))
    out.write_bytes(buffer.getvalue())
    return [name for name, _ in members]


def read_pack(pack_file: Path) -> dict[str, bytes]:
    """Every member of a pack, checked; ``PackError`` names the first one refused."""
    try:
        size = pack_file.stat().st_size
    except OSError as exc:
        raise PackError(f"{pack_file} cannot be read: {exc.strerror or exc}") from None
    if size > MAX_PACK_BYTES:
        raise PackError(f"{pack_file} is larger than {MAX_PACK_BYTES // (1024 * 1024)} MiB; a class pack is small")
    files: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(pack_file, mode="r:gz") as tar:
            for count, member in enumerate(tar, start=1):
                name = visible(member.name)
                if count > MAX_MEMBERS:
                    raise PackError(f"{pack_file} has more than {MAX_MEMBERS} files")
                if not member.isreg():
                    kind = "a link" if member.issym() or member.islnk() else "not a regular file"
                    raise PackError(f"{pack_file}: {name} is {kind}; a class pack holds only TOML files")
                if not _MEMBER.match(member.name):
                    raise PackError(f"{pack_file}: {name} is not a class file (class.toml, scenarios/NAME.toml "
                                    "or quiz/NAME.toml)")
                if member.name in files:
                    raise PackError(f"{pack_file}: {name} appears twice")
                if member.size > MAX_FILE_BYTES:
                    raise PackError(f"{pack_file}: {name} is larger than {MAX_FILE_BYTES // 1024} KiB")
                total += member.size
                if total > MAX_TOTAL_BYTES:
                    raise PackError(f"{pack_file} unpacks to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MiB")
                handle = tar.extractfile(member)
                data = handle.read(MAX_FILE_BYTES + 1) if handle is not None else b""
                if len(data) != member.size:
                    raise PackError(f"{pack_file}: {name} is truncated")
                files[member.name] = data
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise PackError(f"{pack_file} is not a class pack (a .tar.gz file): {visible(str(exc))}") from None
    if CLASS_FILE not in files:
        raise PackError(f"{pack_file} has no {CLASS_FILE}")
    return files


class PackProblems(PackError):
    """The pack's files were read, but the class they make does not validate: nothing was written."""

    def __init__(self, pack_file: Path, problems: list[str]):
        super().__init__(f"{pack_file} holds a class with problems; nothing was written")
        self.problems = problems


def unpack(pack_file: Path, folder: Path, replay_solutions: bool = True) -> list[str]:
    """Check the whole pack (its members, then the class they make, as ``class validate`` does),
    then write it into ``folder`` (new or empty); returns the names written. The class is checked
    in a hidden folder beside ``folder`` that becomes ``folder`` only when it is valid."""
    files = read_pack(pack_file)
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise PackError(f"{folder} already exists and is not empty; choose a new folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.unpacking-", dir=folder.parent))
    try:
        for sub in (SCENARIOS, QUIZ):
            (staging / sub).mkdir()
        for name, data in files.items():
            (staging / name).write_bytes(data)
        result = validate(staging, replay_solutions)
        if not result.ok:  # named as in the pack: class.toml:3, scenarios/x.toml
            raise PackProblems(pack_file, [p.replace(f"{staging}{os.sep}", "").replace(str(staging), "the pack")
                                           for p in result.problems])
        if folder.exists():
            folder.rmdir()  # empty, as checked above
        staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return sorted(files)
