"""The world's bounded log of events (one JSON object per line beside the world file), and
in-process subscribers.

The log holds plain JSON objects, each with a sequence number ``seq`` (the first key of
its line); what they mean is the services' business (``services/events.py``).

Costs, whatever the log's size:
- ``append`` knows the next number without reading the log when this process wrote or read
  its end last, and otherwise reads back from the end to the last complete line;
- ``since(seq)`` reads only the events after ``seq``: from where this process last stopped
  if that is where ``seq`` is, otherwise by reading back from the end; when nothing was
  written since, it costs one ``stat``. ``follow`` wraps it for a front end.
- The log is kept under ``MAX_EVENTS`` events and ``MAX_BYTES`` bytes: past either, it is
  rewritten atomically with its newest ``KEEP_EVENTS`` events within ``KEEP_BYTES``.

Appends happen under the world's lock, as one write of whole lines; a reader that finds a
line without its end (another process is writing it) leaves it for its next read. A line
that is not a JSON object with an integer ``seq`` (damage) is skipped.
"""

from __future__ import annotations

import errno
import json
import os
import re
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from sandbox.errors import os_error_text
from sandbox.world.storage import atomic_write

MAX_EVENTS = 20000
KEEP_EVENTS = 10000
MAX_BYTES = 16 * 1024 * 1024
KEEP_BYTES = 8 * 1024 * 1024
_CHUNK = 64 * 1024
_SEQ = re.compile(rb'^\{"seq":(\d+)[,}]')


class _Mark(NamedTuple):
    """The end of the line of event ``seq`` is at byte ``offset`` of the file ``inode``."""

    inode: int
    offset: int
    seq: int


class EventLog:
    def __init__(self, world):
        self.world = world
        self._memory: list[dict] = []
        self._subscribers: list[Callable[[dict], None]] = []
        self._mark: _Mark | None = None
        self._first: tuple[int, int | None] | None = None  # (inode, seq of the file's first event)
        self.unsaved: str | None = None  # why the last event could not be written, if it could not

    @property
    def path(self) -> Path | None:
        if self.world.path is None:
            return None
        return self.world.path.with_name(self.world.path.name + ".events.jsonl")

    def subscribe(self, callback: Callable[[dict], None]) -> Callable[[], None]:
        """Call ``callback`` with each event this process appends; returns the unsubscriber."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    # -- writing ----------------------------------------------------------------------------------

    def append(self, event: dict) -> dict:
        """Store ``event`` with the next sequence number; returns it as stored."""
        if self.path is None:
            seq = (self._memory[-1]["seq"] if self._memory else 0) + 1
            event = {"seq": seq, **{k: v for k, v in event.items() if k != "seq"}}
            self._memory.append(event)
            if len(self._memory) > MAX_EVENTS:
                del self._memory[: len(self._memory) - KEEP_EVENTS]
        else:
            with self.world._lock.hold():
                event = {"seq": self.last_seq() + 1, **{k: v for k, v in event.items() if k != "seq"}}
                try:
                    self._write(event)
                except OSError as exc:
                    # a full or read-only disk: the request still answers (a read works on a
                    # read-only world); the event reaches this process's subscribers only
                    self.unsaved = os_error_text(exc)
                    self._mark = None
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:  # a subscriber's failure must not fail the request
                pass
        return event

    def _write(self, event: dict) -> None:
        line = (json.dumps(event, separators=(",", ":"), ensure_ascii=False, default=str) + "\n").encode(
            "utf-8", "backslashreplace")  # a lone surrogate stays the JSON escape it came from
        if not self._ends_a_line():
            line = b"\n" + line  # a line cut short by a crash stays a (skipped) line of its own
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            start = os.lseek(fd, 0, os.SEEK_END)
            try:
                written = os.write(fd, line)
                if written != len(line):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))
                os.fsync(fd)
            except OSError:
                try:
                    os.ftruncate(fd, start)  # no part of a line that could not be written whole
                except OSError:
                    pass
                raise
            size = start + written
            inode = os.fstat(fd).st_ino
        finally:
            os.close(fd)
        self._mark = _Mark(inode, size, event["seq"])
        first = self._first_seq(inode)
        if size > MAX_BYTES or (first is not None and event["seq"] - first >= MAX_EVENTS):
            self._trim()

    def _ends_a_line(self) -> bool:
        """Whether the file is empty or ends with a newline (known without reading when this
        process wrote or read its end last)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return True
        mark = self._mark
        if st.st_size == 0 or (mark is not None and mark.inode == st.st_ino and mark.offset == st.st_size):
            return True
        with open(self.path, "rb") as fh:
            fh.seek(st.st_size - 1)
            return fh.read(1) == b"\n"

    def _trim(self) -> None:
        """Keep the newest events within ``KEEP_EVENTS`` and ``KEEP_BYTES`` (under the lock)."""
        size = self.path.stat().st_size
        with open(self.path, "rb") as fh:
            fh.seek(max(0, size - KEEP_BYTES))
            data = fh.read()
        lines = data.split(b"\n")[:-1]  # the part after the last newline is not a whole line
        if size > KEEP_BYTES:
            lines = lines[1:]  # the first line is cut
        kept = [line for line in lines if _seq_of(line) is not None][-KEEP_EVENTS:]
        text = b"".join(line + b"\n" for line in kept)
        atomic_write(self.path, text.decode("utf-8", "replace"))
        self._mark = None

    # -- reading ----------------------------------------------------------------------------------

    def last_seq(self) -> int:
        """The sequence number of the newest event (0 for an empty log)."""
        if self.path is None:
            return self._memory[-1]["seq"] if self._memory else 0
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return 0
        mark = self._mark
        if mark is not None and mark.inode == st.st_ino and mark.offset == st.st_size:
            return mark.seq
        newest = self._read_back(st.st_size, lambda seq: True, 1)
        if not newest:
            return 0
        seq, _, end = newest[0]
        self._mark = _Mark(st.st_ino, end, seq)
        return seq

    def tail(self, n: int) -> list[dict]:
        """The newest ``n`` events, oldest first."""
        if n <= 0:
            return []
        if self.path is None:
            return self._memory[-n:]
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return []
        found = self._read_back(size, lambda seq: True, n)
        return [e for e in (_event(line) for _, line, _ in reversed(found)) if e is not None]

    def since(self, seq: int) -> list[dict]:
        """The events with a sequence number above ``seq``, oldest first."""
        if self.path is None:
            start = bisect_right([e["seq"] for e in self._memory], seq)
            return self._memory[start:]
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return []
        mark = self._mark
        if mark is not None and mark.inode == st.st_ino and mark.offset <= st.st_size and mark.seq <= seq:
            if mark.offset == st.st_size:
                return []  # nothing written since
            found = self._read_forward(mark.offset, st.st_ino, after_seq=mark.seq)
            if found is not None:
                return [e for e in found if e["seq"] > seq]
            # the file was replaced by one that reuses the inode: find the place again
        older = self._read_back(st.st_size, lambda s: s <= seq, 1, stop_at_match=True)
        found = self._read_forward(older[0][2] if older else 0, st.st_ino)
        return [e for e in found or [] if e["seq"] > seq]

    def read_all(self) -> list[dict]:
        """Every event kept (for tests and exports: a front end follows the log instead)."""
        return self.since(0)

    # -- the file, from either end ----------------------------------------------------------------

    def _read_forward(self, start: int, inode: int, after_seq: int | None = None) -> list[dict] | None:
        """The events in whole lines from byte ``start``; marks where the last one ends.

        With ``after_seq`` (reading on from a mark), None unless ``start`` begins a line and
        the first event read follows that number: else the file is not the one marked."""
        with open(self.path, "rb") as fh:
            fh.seek(max(0, start - 1))
            data = fh.read()
        if start > 0:
            if data[:1] != b"\n":
                return None
            data = data[1:]
        end = data.rfind(b"\n") + 1
        out = []
        for line in data[:end].split(b"\n"):
            event = _event(line)
            if event is not None:
                out.append(event)
        if after_seq is not None and out and out[0]["seq"] <= after_seq:
            return None
        if out:
            self._mark = _Mark(inode, start + end, out[-1]["seq"])
        return out

    def _read_back(self, size: int, wanted: Callable[[int], bool], n: int,
                   stop_at_match: bool = False) -> list[tuple[int, bytes, int]]:
        """Whole lines read back from the end: up to ``n`` lines whose seq is ``wanted``, as
        (seq, line, offset just past the line), newest first. With ``stop_at_match`` the scan
        ends at the first wanted line (the newest one at or before a point)."""
        found: list[tuple[int, bytes, int]] = []
        with open(self.path, "rb") as fh:
            pos, buf, chunk = size, b"", _CHUNK
            end = None  # offset just past the newest whole line not yet examined
            while pos > 0:
                step = min(chunk, pos)
                chunk *= 2  # a very long line is read in few steps
                pos -= step
                fh.seek(pos)
                buf = fh.read(step) + buf
                if end is None:
                    # after the last newline: a line still being written, not yet an event
                    cut = buf.rfind(b"\n")
                    if cut < 0:
                        continue
                    buf = buf[:cut + 1]
                    end = pos + cut + 1
                lines = buf.split(b"\n")[:-1]
                head = lines.pop(0) if pos > 0 else None  # maybe cut: the next block completes it
                for line in reversed(lines):
                    after = end
                    end -= len(line) + 1
                    seq = _seq_of(line)
                    if seq is not None and wanted(seq):
                        found.append((seq, line, after))
                        if len(found) >= n or stop_at_match:
                            return found
                buf = b"" if head is None else head + b"\n"
        return found

    def _first_seq(self, inode: int) -> int | None:
        """The sequence number of the oldest event, if its line starts the file readably (the
        first line changes only when the log is rewritten, as a new file)."""
        if self._first is None or self._first[0] != inode:
            with open(self.path, "rb") as fh:
                m = _SEQ.match(fh.read(64))
            self._first = (inode, int(m.group(1)) if m else None)
        return self._first[1]


def _seq_of(line: bytes) -> int | None:
    """The sequence number of a line (read from its start, the way ``append`` writes it)."""
    m = _SEQ.match(line)
    if m:
        return int(m.group(1))
    event = _event(line)
    return None if event is None else event["seq"]


def _event(line: bytes | str) -> dict | None:
    """One line of the log as an event; None for a torn or damaged line."""
    line = line.strip()
    if not line:
        return None
    try:
        event = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(event, dict) or type(event.get("seq")) is not int:
        return None
    return event
