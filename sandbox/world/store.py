"""The simulated AWS account over TinyDB: tables of entities, transactions, the clock,
snapshots. Pure data: it knows nothing about policies or permissions.

Every change happens inside ``World.transaction()``: the file lock is held, the file is
re-read if another process changed it, and the whole world is written once, atomically,
at the end (or nothing, if the transaction raised).
"""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from sandbox.world import baseline
from sandbox.world.events import EventLog
from sandbox.world.schema import TABLES, YEARS_100
from sandbox.world.storage import FileLock, WorldError, WorldStorage, WorldWriteError, atomic_write, stale_temporaries
from sandbox.world.worldfile import read_export, snapshot_dir, snapshot_names

_SNAPSHOT_NAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# writes that do not move ``World.version``: the machines' files (``aws configure set``,
# ``echo > notes``), which no view of the account shows
_UNVERSIONED = frozenset({"files"})


class _Memory(MemoryStorage):
    """In-memory storage with the same transaction hooks (rollback by copy)."""

    _backup = None

    def refresh(self) -> bool:
        return False

    def touch(self, table: str, doc_id: str) -> None:
        pass

    def begin(self) -> bool:
        self._backup = copy.deepcopy(self.memory)
        return False

    def flush(self) -> None:
        self._backup = None

    def discard(self) -> None:
        if self._backup is not None:
            self.memory = self._backup
            self._backup = None
            return True


class Table:
    """A TinyDB table addressed by a natural key (case-insensitive).

    Reads go straight to the storage's rows. Writes change the row in place and tell the
    storage which row changed, so a world of thousands of rows costs a write of one row,
    not a re-encoding of every row (TinyDB's own update path re-keys the whole table).
    """

    def __init__(self, world: World, name: str):
        self.world = world
        self.name = name
        self.key = TABLES[name]
        self._t = world.db.table(name)

    def _raw(self) -> dict:
        data = self.world.db.storage.read()
        if data is None:
            return {}
        return data.get(self.name, {})

    def _raw_for_write(self) -> dict:
        storage = self.world.db.storage
        data = storage.read()
        if data is None:
            data = {}
            storage.write(data)
        if self.name not in data:
            data[self.name] = {}
        return data[self.name]

    def all(self) -> list[dict]:
        return list(self._raw().values())

    def __len__(self) -> int:
        return len(self._raw())

    def _index(self) -> dict[str, str]:
        cache = self.world._index_cache
        raw = self._raw()
        entry = cache.get(self.name)
        if entry is None or entry[0] is not raw or entry[1] != len(raw):
            # [rows, count, {lowercased key: row id}, the rows in key order (made on first use)]
            entry = [raw, len(raw), {str(doc.get(self.key, "")).lower(): doc_id for doc_id, doc in raw.items()}, None]
            cache[self.name] = entry
        return entry[2]

    def in_key_order(self) -> list[dict]:
        """Every row, ordered by its key without regard to case (IAM's list order). The list
        is kept until a row is written or removed, so a long list read page by page is sorted
        once, not once a page. Callers must not change it."""
        index = self._index()
        entry = self.world._index_cache[self.name]
        if entry[3] is None:
            raw = self._raw()
            entry[3] = [raw[doc_id] for _key, doc_id in sorted(index.items())]
        return entry[3]

    def _rows_changed(self, count: int) -> None:
        """After a write: the index (already updated) stays; the key order is made again."""
        entry = self.world._index_cache[self.name]
        entry[1], entry[3] = count, None

    def get(self, key: str) -> dict | None:
        doc_id = self._index().get(str(key).lower())
        if doc_id is None:
            return None
        return self._raw().get(doc_id)

    def exists(self, key: str) -> bool:
        return str(key).lower() in self._index()

    def where(self, predicate: Callable[[dict], bool]) -> list[dict]:
        return [d for d in self._raw().values() if predicate(d)]

    def _next_id(self, raw: dict) -> str:
        ids = self.world._next_ids
        nxt = ids.get(self.name)
        if nxt is None:
            nxt = max((int(i) for i in raw), default=0) + 1
        ids[self.name] = nxt + 1
        return str(nxt)

    def put(self, doc: dict) -> None:
        """Insert or replace the row named by ``doc[key]``."""
        self.world._require_tx(self.name)
        doc = copy.deepcopy(doc)
        raw = self._raw_for_write()
        index = self._index()
        key = str(doc[self.key]).lower()
        doc_id = index.get(key)
        if doc_id is None:
            doc_id = self._next_id(raw)
        raw[doc_id] = doc
        index[key] = doc_id
        self._rows_changed(len(raw))
        self.world.db.storage.touch(self.name, doc_id)

    def delete(self, key: str) -> bool:
        self.world._require_tx(self.name)
        index = self._index()
        doc_id = index.pop(str(key).lower(), None)
        if doc_id is None:
            return False
        raw = self._raw_for_write()
        raw.pop(doc_id, None)
        self._rows_changed(len(raw))
        self.world.db.storage.touch(self.name, doc_id)
        return True

    def delete_where(self, predicate: Callable[[dict], bool]) -> int:
        self.world._require_tx(self.name)
        keys = [d[self.key] for d in self._raw().values() if predicate(d)]
        for key in keys:
            self.delete(key)
        return len(keys)

    def clear(self) -> None:
        self.world._require_tx(self.name)
        self._t.truncate()
        self.world._index_cache.pop(self.name, None)
        self.world._next_ids.pop(self.name, None)


class World:
    """One AWS account. ``path=None`` keeps it in memory (tests, scenario validation).

    ``replace_unreadable=True`` opens a damaged or newer file as an empty world instead of
    raising (``unreadable`` keeps the error): for the commands that replace the whole world
    (reset, restore, import). The file's backup copy is made before that.
    """

    def __init__(self, path: str | Path | None = None, replace_unreadable: bool = False):
        self.path = Path(path).expanduser() if path is not None else None
        if self.path is None:
            self.db = TinyDB(storage=_Memory)
            self._lock = None
        else:
            self.db = TinyDB(self.path, storage=WorldStorage)
            self._lock = FileLock(self.path.with_name(self.path.name + ".lock"))
        self._tx_depth = 0
        self._writes = 0  # see ``version``
        self._wrote = False  # the open transaction has written
        self._bookkeeping = 0  # inside ``bookkeeping()``: writes that do not move ``version``
        self._tx_thread: int | None = None
        self._index_cache: dict = {}
        self._next_ids: dict[str, int] = {}
        self._rlock = threading.RLock()
        self._memory_snapshots: dict[str, str] = {}
        self.tables = {name: Table(self, name) for name in TABLES}
        self.events = EventLog(self)
        self.unreadable: WorldError | None = None
        if self.path is not None:
            self._remove_stale_temporaries()
            try:
                self.db.storage.refresh()  # raises WorldError for a damaged or newer file
            except WorldError as exc:
                if not (replace_unreadable and exc.backup is not None and exc.backup.exists()):
                    raise
                self.unreadable = exc
                self.db.storage.start_over()

    def _remove_stale_temporaries(self) -> None:
        """Temporary copies left by a process killed mid-write, removed when no other
        process holds the lock (so none is being written)."""
        if not self._lock.try_hold():
            return
        try:
            for tmp in stale_temporaries(self.path):
                try:
                    tmp.unlink()
                except OSError:
                    pass
        finally:
            self._lock.release()

    # -- transactions -----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[World]:
        with self._rlock:
            outer = self._tx_depth == 0
            if outer:
                ctx = self._lock.hold() if self._lock else _null()
                ctx.__enter__()
                try:
                    reloaded = self.db.storage.begin()
                except BaseException:
                    ctx.__exit__(None, None, None)
                    raise
                if reloaded:
                    self._reset_table_caches()
                    self._writes += 1
            self._tx_depth += 1
            try:
                yield self
            except BaseException:
                self._tx_depth -= 1
                if outer:
                    self._wrote = False  # nothing it wrote is kept
                    self.db.storage.discard()
                    self._reset_table_caches()
                    ctx.__exit__(None, None, None)
                raise
            self._tx_depth -= 1
            if outer:
                try:
                    self.db.storage.flush()  # on failure the storage forgets the change
                    if self._wrote:
                        self._writes += 1
                except BaseException:
                    self._reset_table_caches()
                    raise
                finally:
                    self._wrote = False
                    ctx.__exit__(None, None, None)

    def _reset_table_caches(self) -> None:
        """Another process may have added rows: TinyDB must recompute its next ids."""
        self._index_cache.clear()
        self._next_ids.clear()
        for table in self.tables.values():
            table._t._next_id = None
            table._t.clear_cache()

    def _require_tx(self, table: str | None = None) -> None:
        """Every write passes here first (a transaction that wrote moves ``version``)."""
        if self._tx_depth == 0:
            raise RuntimeError("world changes must happen inside World.transaction()")
        if not self._bookkeeping and table not in _UNVERSIONED:
            self._wrote = True

    @contextmanager
    def bookkeeping(self) -> Iterator[None]:
        """Writes that record a use rather than change anything (when an access key or a
        role was last used): kept like any write, but they do not move ``version``."""
        if self._tx_depth == 0:
            raise RuntimeError("world changes must happen inside World.transaction()")
        self._bookkeeping += 1
        try:
            yield
        finally:
            self._bookkeeping -= 1

    @property
    def version(self) -> int:
        """A number that grows whenever the account changed: a transaction of this process
        that wrote (one that failed changed nothing; bookkeeping and the machines' files do
        not count), or another process's change read in. Front ends re-read what they show
        only when it moved (a console read is a request: it is not repeated for nothing,
        nor after each read-only command of the terminal)."""
        return self._writes

    @contextmanager
    def reading(self) -> Iterator[World]:
        """Hold the world still while a front end reads it (other threads may be writing)."""
        with self._rlock:
            yield self

    def refresh(self) -> None:
        """See changes made by other processes (read-only use)."""
        with self._rlock:
            if self._tx_depth == 0 and self.db.storage.refresh():
                self._reset_table_caches()
                self._writes += 1

    def stamp(self) -> tuple | None:
        """Changes whenever the world file changes (for watchers)."""
        if self.path is None:
            return None
        return self.db.storage._file_stamp()

    # -- rows ---------------------------------------------------------------------------------

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    @property
    def meta(self) -> dict:
        rows = (self.db.storage.read() or {}).get("meta", {})
        for doc in rows.values():
            return doc
        return {}

    def set_meta(self, **fields: Any) -> None:
        self._require_tx()
        meta = copy.deepcopy(self.meta)
        meta.update(fields)
        table = self.db.table("meta")
        table.truncate()
        table.insert(meta)

    @property
    def account_id(self) -> str:
        return self.meta.get("account_id", "")

    @property
    def initialized(self) -> bool:
        return bool(self.meta.get("account_id"))

    def build_once(self, build: Callable[[World], object]) -> bool:
        """Run ``build`` (which fills the world) if the world is empty; True if it ran.

        Checked again under the lock, so two processes starting on a new world build it once.
        The builder comes from above (``sandbox.services.seed``): the world only stores.
        """
        if self.initialized:
            return False
        with self.transaction():
            if self.initialized:
                return False
            build(self)
        return True

    # -- the clock ------------------------------------------------------------------------------

    def now(self) -> datetime:
        """Wall-clock time plus the world's offset (``world advance`` moves time forward).

        A world with ``clock_frozen_at`` (tests, screenshots) stands still at that moment
        plus the offset.
        """
        meta = self.meta
        offset = meta.get("clock_offset_seconds", 0)
        frozen = meta.get("clock_frozen_at")
        base = datetime.fromisoformat(frozen) if frozen else datetime.now(UTC).replace(microsecond=0)
        return base + timedelta(seconds=offset)

    def advance_clock(self, seconds: int) -> None:
        offset = self.meta.get("clock_offset_seconds", 0) + int(seconds)
        if abs(offset) > YEARS_100:
            raise WorldError("The world's clock moves at most 100 years from the real time.")
        self.set_meta(clock_offset_seconds=offset)

    # -- whole-world copies (export, import, snapshots) -----------------------------------------

    def dump(self) -> dict:
        data = self.db.storage.read() or {}
        return copy.deepcopy({k: v for k, v in data.items()})

    def load(self, data: dict) -> None:
        self._require_tx()
        self.db.storage.write(copy.deepcopy(data))
        self._reset_table_caches()

    def export_text(self) -> str:
        return json.dumps(self.dump(), indent=1, ensure_ascii=False)

    def import_text(self, text: str | bytes, source: str = "import", keep_as: str | None = None) -> None:
        """Replace the world with an export (see ``replace``)."""
        self.replace(read_export(text, source), keep_as)

    def replace(self, data: dict, keep_as: str | None = None) -> None:
        """Replace the whole world with ``data`` in one write, after keeping the world as it
        was as the snapshot ``keep_as`` (when there is one to keep); ``data`` becomes the
        baseline that later changes are measured from."""
        if keep_as and self.initialized and self.unreadable is None:
            self.snapshot(keep_as)
        with self.transaction():
            self.load(data)
            baseline.mark(self)

    def _snapshot_dir(self) -> Path:
        assert self.path is not None
        return snapshot_dir(self.path)

    def snapshot(self, name: str) -> None:
        if not _SNAPSHOT_NAME.match(name):
            raise WorldError(f"Snapshot names use letters, digits, '.', '_' and '-' (at most 64): {name!r}")
        with self.transaction():
            text = json.dumps(self.dump(), separators=(",", ":"))
        if self.path is None:
            self._memory_snapshots[name] = text
        else:
            target = self._snapshot_dir() / f"{name}.json"
            try:
                with self._lock.hold():  # every temporary copy is written under the lock (see open)
                    atomic_write(target, text)
            except OSError as exc:
                raise WorldWriteError(f"Cannot save the snapshot {name} to {target}: {exc.strerror or exc}.") from None

    def restore(self, name: str, keep_as: str | None = None) -> None:
        """Go back to the snapshot ``name``. With ``keep_as`` (a learner's restore), the world
        as it was is kept first and the restored one becomes the baseline; without (a
        scenario's step reset, undo), it is a step inside a scenario."""
        if self.path is None:
            text = self._memory_snapshots.get(name)
        else:
            file = self._snapshot_dir() / f"{name}.json"
            text = file.read_bytes() if _SNAPSHOT_NAME.match(name) and file.exists() else None
        if text is None:
            names = ", ".join(self.snapshots()) or "none"
            raise WorldError(f"There is no snapshot named {name!r}. Snapshots: {names}.")
        data = read_export(text, f"The snapshot {name}" + (f" ({file})" if self.path is not None else ""))
        if keep_as is not None:
            self.replace(data, keep_as if keep_as != name else None)
            return
        with self.transaction():
            self.load(data)

    def snapshots(self) -> list[str]:
        if self.path is None:
            return sorted(self._memory_snapshots)
        return snapshot_names(self.path)

    def has_snapshot(self, name: str) -> bool:
        return name in self.snapshots()

    def wipe(self) -> None:
        self._require_tx()
        self.db.storage.write({})
        self._reset_table_caches()


@contextmanager
def _null():
    yield

