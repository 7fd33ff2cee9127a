"""The world's file: TinyDB storage that writes atomically, under a lock, and never
overwrites what it cannot read.

- Writes go to a temporary file in the same folder, are fsynced, then renamed over the
  world file, so a crash leaves either the old or the new world, never half of one.
- A lock file (``flock``) serialises processes: the app and ``iam-sandbox aws`` in another
  terminal can change one world without losing an update. Each transaction re-reads the
  file if another process changed it since.
- A file that is not a usable world (``worldfile``: not UTF-8, not JSON, not shaped like a
  world, or written by a newer schema) raises ``WorldError`` with a clear message; the file
  is copied to a backup and left untouched. The same file is not read again until it
  changes, so a watcher polling a damaged file costs one ``stat``.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from sandbox.world.worldfile import SCHEMA_VERSION, WorldError, WorldWriteError, read_world

__all__ = ["SCHEMA_VERSION", "FileLock", "WorldError", "WorldStorage", "WorldWriteError", "atomic_write",
           "stale_temporaries", "write_problem"]


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # start-up time: a command that only reads the world never writes one

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # a lone surrogate (from a "\\udcff" escape in a JSON file read) is written back as that
        # escape, which is what it is inside a JSON string, instead of failing the write
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
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


def write_problem(path: Path) -> str | None:
    """Why the file at ``path`` must not be written, or None: it was set read-only (a
    learner's way of saying "keep this world"; renaming a new file over it would ignore
    that), its disk is read-only, or there is no permission to write in its folder."""
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        return exc.strerror or str(exc)
    if st is not None and not st.st_mode & 0o222:
        return f"the file is read-only (make it writable to change this world: chmod u+w {path})"
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "its disk is read-only"
    except OSError:
        pass
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"no permission to write in {folder}"
    if st is not None and not os.access(path, os.W_OK):
        return "no permission to write it"
    return None


def stale_temporaries(path: Path) -> list[Path]:
    """Temporary copies ``atomic_write`` left beside ``path`` (and in its snapshot folder)
    when a process was killed mid-write. Call with the world's lock held: every writer of
    these files holds it, so none of them is being written now."""
    found = []
    for folder in (path.parent, path.with_name(path.name + ".snapshots")):
        try:
            found.extend(p for p in folder.glob(f".{path.name}*.tmp") if p.is_file())
            if folder != path.parent:
                found.extend(p for p in folder.glob(".*.json.*.tmp") if p.is_file())
        except OSError:
            continue
    return found


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
        self._damaged: tuple[tuple, str, Path | None] | None = None  # (stamp, message, backup) of a bad file
        self._known = False  # whether the file was read (or written) once: a first read is a change

    def _file_stamp(self) -> tuple | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def refresh(self) -> bool:
        """Re-read the file if another process changed it; True if it did. After ``discard``
        the file is read again too, but it is the world as this process last saw it: no change
        (a failed request is no change, and must not make every view read the world again)."""
        stamp = self._file_stamp()
        if stamp == self._stamp and self._data is not None:
            return False
        changed = not self._known or stamp != self._stamp
        if stamp is None:
            self._data = {}
        else:
            if self._damaged is not None and self._damaged[0] == stamp:
                raise WorldError(self._damaged[1], self._damaged[2])
            try:
                self._data = read_world(self.path, self.path.read_bytes())
            except WorldError as exc:
                self._damaged = (stamp, exc.message, exc.backup)
                raise
        self._damaged = None
        self._stamp = stamp
        self._known = True
        self._forget_cache()
        return changed

    def _forget_cache(self) -> None:
        self._rows.clear()
        self._tables.clear()
        self._touched.clear()
        self._all_touched = True

    def start_over(self) -> None:
        """Take an unreadable file for an empty world, so that a reset, restore or import can
        replace it (its backup copy was kept). A later change to the file is read as usual."""
        self._data = {}
        self._stamp = self._file_stamp()
        self._damaged = None
        self.dirty = False
        self._forget_cache()

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
        """Write the changes; on failure forget them (the file keeps the world as it was) and
        raise ``WorldWriteError`` naming the file and the cause."""
        if not self.dirty:
            return
        problem = write_problem(self.path)
        try:
            if problem is not None:
                raise WorldWriteError(f"Cannot save the world to {self.path}: {problem}. Nothing was changed.")
            atomic_write(self.path, self._text())
        except OSError as exc:
            self.discard()
            raise WorldWriteError(f"Cannot save the world to {self.path}: {exc.strerror or exc}. "
                                  "Nothing was changed.") from None
        except BaseException:
            self.discard()
            raise
        self._stamp = self._file_stamp()
        self.dirty = False

    def discard(self) -> None:
        """Forget unflushed changes (a failed transaction): the next read takes the file again,
        which still holds the world as last read or written (``_stamp`` says which file that was)."""
        self._data = None
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
                self._fh = self._open()
                if self._fh is not None:
                    fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._fh is not None:
                    fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
                    self._fh.close()
                    self._fh = None

    def try_hold(self) -> bool:
        """Take the lock if no other process holds it, without waiting (release with
        ``release``); False if another process holds it or it cannot be opened."""
        with self._thread_lock:
            if self._depth:
                return False
            fh = self._open()
            if fh is None:
                return False
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                fh.close()
                return False
            self._fh, self._depth = fh, 1
            return True

    def release(self) -> None:
        with self._thread_lock:
            self._depth = 0
            if self._fh is not None:
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
                self._fh.close()
                self._fh = None

    def _open(self):
        """The lock file, opened to lock it; None on a disk nobody can write to (then no one
        can change the world either, and readers need no lock)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return open(self.path, "a+")
        except (PermissionError, OSError) as exc:
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise
        try:
            return open(self.path)
        except OSError:
            return None
