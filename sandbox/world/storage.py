"""The world's file: TinyDB storage that writes atomically, under a lock, and never
overwrites what it cannot read.

- Writes go to a temporary file in the same folder, are fsynced, then renamed over the
  world file, so a crash leaves either the old or the new world, never half of one.
- A lock file (``flock``) serialises processes: the app and ``iam-sandbox aws`` in another
  terminal can change one world without losing an update. Each transaction re-reads the
  file if another process changed it since.
- A file that is not valid JSON, or was written by a newer schema, raises ``WorldError``
  with a clear message; the file is copied to a backup and left untouched.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

SCHEMA_VERSION = 1


class WorldError(Exception):
    """The world file cannot be used; ``message`` says why and how to recover."""

    def __init__(self, message: str, backup: Path | None = None):
        super().__init__(message)
        self.message = message
        self.backup = backup


def backup_copy(path: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{stamp}.bak")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{stamp}-{n}.bak")
        n += 1
    shutil.copy2(path, target)
    return target


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def load_world_text(path: Path, text: str) -> dict:
    """Parse and check a world file's text; raise ``WorldError`` (with a backup) if unusable."""
    reset_hint = f"To start over, run: iam-sandbox --world {path} world reset"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        backup = backup_copy(path)
        raise WorldError(
            f"The world file {path} is damaged (not valid JSON: {exc.msg} at line {exc.lineno}, column "
            f"{exc.colno}). It was left as it is; a copy is at {backup}.\n{reset_hint}", backup) from None
    if not isinstance(data, dict) or not isinstance(data.get("meta", {}), dict):
        backup = backup_copy(path)
        raise WorldError(f"The world file {path} does not hold an IAM Sandbox world. It was left as it is; a copy "
                         f"is at {backup}.\n{reset_hint}", backup)
    schema = _schema_of(data)
    if schema is not None and schema > SCHEMA_VERSION:
        backup = backup_copy(path)
        raise WorldError(
            f"The world file {path} was written by a newer IAM Sandbox (schema {schema}; this one reads up to "
            f"{SCHEMA_VERSION}). Upgrade IAM Sandbox to open it. It was left as it is; a copy is at {backup}.",
            backup)
    return data


def _schema_of(data: dict) -> int | None:
    meta = data.get("meta") or {}
    for doc in meta.values():
        if isinstance(doc, dict) and "schema" in doc:
            try:
                return int(doc["schema"])
            except (TypeError, ValueError):
                return None
    return None


class WorldStorage(Storage):
    """TinyDB storage over one JSON file, cached in memory, written atomically.

    Writing re-serialises only what changed: each row's JSON text is cached, rows that
    ``Table.put``/``delete`` touched are marked, and a table nobody touched keeps its
    text. A change through TinyDB's own API (``write``) marks everything, to be safe.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._data: dict | None = None
        self._stamp: tuple | None = None
        self.dirty = False
        self._rows: dict[str, dict[str, str]] = {}  # table -> doc id -> JSON text
        self._tables: dict[str, str] = {}  # table -> JSON text of the whole table
        self._touched: dict[str, set] = {}  # table -> doc ids changed since the last flush
        self._all_touched = True

    def _file_stamp(self) -> tuple | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def refresh(self) -> bool:
        """Re-read the file if another process changed it; True if it did."""
        stamp = self._file_stamp()
        if stamp == self._stamp and self._data is not None:
            return False
        if stamp is None:
            self._data = {}
        else:
            text = self.path.read_text(encoding="utf-8")
            self._data = load_world_text(self.path, text)
        self._stamp = stamp
        self._forget_cache()
        return True

    def _forget_cache(self) -> None:
        self._rows.clear()
        self._tables.clear()
        self._touched.clear()
        self._all_touched = True

    def begin(self) -> bool:
        return self.refresh()

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None:
            self.refresh()
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self.dirty = True
        self._all_touched = True

    def touch(self, table: str, doc_id: str) -> None:
        """A row changed (``Table.put``/``delete``): only it is serialised again."""
        self.dirty = True
        self._touched.setdefault(table, set()).add(doc_id)

    def _text(self) -> str:
        if self._all_touched:
            self._rows.clear()
            self._tables.clear()
        dumps = json.dumps
        parts = []
        for name, rows in self._data.items():
            touched = self._touched.get(name)
            cached_table = self._tables.get(name)
            if cached_table is None or touched:
                cache = self._rows.setdefault(name, {})
                for doc_id in touched or ():
                    cache.pop(doc_id, None)
                items = []
                for doc_id, doc in rows.items():
                    text = cache.get(doc_id)
                    if text is None:
                        text = cache[doc_id] = dumps(doc, separators=(",", ":"), ensure_ascii=False)
                    items.append(f'"{doc_id}":{text}')
                cached_table = self._tables[name] = "{" + ",".join(items) + "}"
            parts.append(f"{dumps(name)}:{cached_table}")
        self._touched.clear()
        self._all_touched = False
        return "{" + ",".join(parts) + "}"

    def flush(self) -> None:
        if not self.dirty:
            return
        atomic_write(self.path, self._text())
        self._stamp = self._file_stamp()
        self.dirty = False

    def discard(self) -> None:
        """Forget unflushed changes (a failed transaction)."""
        self._data = None
        self._stamp = None
        self.dirty = False
        self._forget_cache()

    def close(self) -> None:
        pass


class FileLock:
    """An exclusive ``flock`` on ``PATH.lock`` plus a thread lock; re-entrant per thread."""

    def __init__(self, path: Path):
        self.path = path
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fh = None

    @contextmanager
    def hold(self):
        with self._thread_lock:
            if self._depth == 0:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fh = open(self.path, "a+")
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
                    self._fh.close()
                    self._fh = None
