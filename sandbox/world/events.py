"""The world's bounded log of decision events (one JSON object per line beside the world
file), and in-process subscribers (the app's live decisions pane, scenario checks).

Events are appended under the world's lock; when the log passes ``MAX_EVENTS`` it is
rewritten atomically keeping the newest ``KEEP_EVENTS``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Iterator

from sandbox.world.storage import atomic_write

MAX_EVENTS = 20000
KEEP_EVENTS = 10000


class EventLog:
    def __init__(self, world):
        self.world = world
        self._memory: list[dict] = []
        self._subscribers: list[Callable[[dict], None]] = []
        self._next_seq: int | None = None

    @property
    def path(self) -> Path | None:
        if self.world.path is None:
            return None
        return self.world.path.with_name(self.world.path.name + ".events.jsonl")

    def subscribe(self, callback: Callable[[dict], None]) -> Callable[[], None]:
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def last_seq(self) -> int:
        last = self.tail(1)
        return last[0]["seq"] if last else 0

    def append(self, event: dict) -> dict:
        lock = self.world._lock
        if self.path is None:
            seq = (self._memory[-1]["seq"] if self._memory else 0) + 1
            event = {"seq": seq, **event}
            self._memory.append(event)
            if len(self._memory) > MAX_EVENTS:
                del self._memory[: len(self._memory) - KEEP_EVENTS]
        else:
            with lock.hold():
                seq = self.last_seq() + 1
                event = {"seq": seq, **event}
                line = json.dumps(event, separators=(",", ":"), ensure_ascii=False, default=str) + "\n"
                with open(self.path, "a", encoding="utf-8") as fh:
                    fh.write(line)
                    fh.flush()
                    os.fsync(fh.fileno())
                if seq % 1000 == 0:
                    self._trim()
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:  # a subscriber's failure must not fail the request
                pass
        return event

    def _trim(self) -> None:
        events = self.read_all()
        if len(events) > MAX_EVENTS:
            keep = events[-KEEP_EVENTS:]
            atomic_write(self.path, "".join(json.dumps(e, separators=(",", ":"), default=str) + "\n" for e in keep))

    def read_all(self) -> list[dict]:
        if self.path is None:
            return list(self._memory)
        return list(self._iter_file())

    def _iter_file(self) -> Iterator[dict]:
        try:
            fh = open(self.path, encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return
        with fh:
            for line in fh:
                event = _event(line)
                if event is not None:
                    yield event

    def tail(self, n: int) -> list[dict]:
        if self.path is None:
            return self._memory[-n:] if n else []
        if not self.path.exists():
            return []
        # read the end of the file only
        size = self.path.stat().st_size
        chunk = min(size, max(4096, n * 4096))
        with open(self.path, "rb") as fh:
            fh.seek(size - chunk)
            data = fh.read().decode("utf-8", "replace")
        lines = [l for l in data.splitlines() if l.strip()]
        if chunk < size:
            lines = lines[1:]
        out: list[dict] = []
        for line in reversed(lines) if n else ():  # the newest n events, past any damaged lines
            event = _event(line)
            if event is not None:
                out.append(event)
                if len(out) == n:
                    break
        out.reverse()
        if len(out) < n and chunk < size:
            return self.read_all()[-n:]
        return out

    def since(self, seq: int) -> list[dict]:
        """Events with a sequence number above ``seq`` (for followers and scenario checks)."""
        recent = self.tail(200)
        if recent and recent[0]["seq"] <= seq + 1:
            return [e for e in recent if e["seq"] > seq]
        return [e for e in self.read_all() if e["seq"] > seq]

    def clear(self) -> None:
        if self.path is None:
            self._memory.clear()
        elif self.path.exists():
            atomic_write(self.path, "")


def _event(line: str) -> dict | None:
    """One line of the log as an event; None for a torn last line (a crash) or a damaged one."""
    line = line.strip()
    if not line:
        return None
    try:
        event = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(event, dict) or type(event.get("seq")) is not int:
        return None
    return event
