"""Reading a world file's bytes, and what to say when they are not a usable world.

A file that is not UTF-8, not JSON, or not shaped like a world (``schema.problem``) is
damaged: it is copied to ``NAME.TIME.bak`` once (a copy with the same bytes is reused, so
repeated commands do not pile up copies), left untouched, and ``WorldError`` says how to
recover: restore a snapshot, or reset. A file from a newer schema is refused the same way,
with advice to upgrade instead.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from sandbox.errors import SandboxError
from sandbox.world import schema

SCHEMA_VERSION = 1
SNAPSHOTS_LISTED = 8


class WorldError(SandboxError):
    """The world file cannot be used; ``message`` says why and how to recover."""

    def __init__(self, message: str, backup: Path | None = None):
        super().__init__(message)
        self.backup = backup


class WorldWriteError(WorldError):
    """The world could not be saved (a full or read-only disk, no permission, a file set
    read-only). The change was dropped, in memory too: the file still holds the world as it
    was, and a later write cannot save the failed change by accident."""


class Damaged(ValueError):
    """Text that is not a usable world; ``reason`` says what is wrong, for a message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Newer(ValueError):
    def __init__(self, schema: int):
        super().__init__(schema)
        self.schema = schema


def parse(raw: bytes | str) -> dict:
    """Decode and check a world file's contents; raise ``Damaged`` or ``Newer``."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Damaged(f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at position {exc.start} cannot be "
                          "decoded") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise Damaged(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise Damaged("not valid JSON: nested too deeply") from None
    version = schema.schema_of(data)
    if version is not None and version > SCHEMA_VERSION:
        raise Newer(version)
    reason = schema.problem(data)
    if reason:
        raise Damaged(reason)
    return data


def snapshot_dir(path: Path) -> Path:
    return path.with_name(path.name + ".snapshots")


def snapshot_names(path: Path) -> list[str]:
    folder = snapshot_dir(path)
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def backup_copy(path: Path, raw: bytes) -> Path:
    """``raw`` (the file's bytes as read) in ``PATH.TIME.bak``; an existing copy of the same bytes is reused."""
    for existing in sorted(path.parent.glob(path.name + ".*.bak")):
        try:
            if existing.stat().st_size == len(raw) and existing.read_bytes() == raw:
                return existing
        except OSError:
            continue
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{stamp}.bak")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{stamp}-{n}.bak")
        n += 1
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target


def recovery_hint(path: Path) -> str:
    """How to get a usable world back: a snapshot if there is one, else a fresh world."""
    lines = []
    names = snapshot_names(path)
    if names:
        shown = ", ".join(names[:SNAPSHOTS_LISTED])
        if len(names) > SNAPSHOTS_LISTED:
            shown += f" and {len(names) - SNAPSHOTS_LISTED} more (iam-sandbox --world {path} world snapshots)"
        lines.append(f"To go back to a snapshot, run: iam-sandbox --world {path} world restore NAME "
                     f"(snapshots: {shown})")
    lines.append(f"To start over, run: iam-sandbox --world {path} world reset")
    return "\n".join(lines)


def read_world(path: Path, raw: bytes) -> dict:
    """The world in ``raw`` (the bytes of the file at ``path``), or ``WorldError`` with a backup made."""
    try:
        return parse(raw)
    except Damaged as exc:
        backup = backup_copy(path, raw)
        raise WorldError(f"The world file {path} is damaged ({exc.reason}). It was left as it is; a copy is at "
                         f"{backup}.\n{recovery_hint(path)}", backup) from None
    except Newer as exc:
        backup = backup_copy(path, raw)
        raise WorldError(
            f"The world file {path} was written by a newer IAM Sandbox (schema {exc.schema}; this one reads up to "
            f"{SCHEMA_VERSION}). Upgrade IAM Sandbox to open it. It was left as it is; a copy is at {backup}.",
            backup) from None


def read_export(raw: bytes | str, source: str) -> dict:
    """A world export (``world import``, a snapshot), or ``WorldError`` saying why it cannot be used."""
    try:
        return parse(raw)
    except Damaged as exc:
        if exc.reason.startswith(("not UTF-8", "not valid JSON")):
            raise WorldError(f"{source} is not a world export ({exc.reason}).") from None
        raise WorldError(f"{source} is not an IAM Sandbox world export ({exc.reason}).") from None
    except Newer as exc:
        raise WorldError(f"{source} was exported by a newer IAM Sandbox (schema {exc.schema}).") from None
