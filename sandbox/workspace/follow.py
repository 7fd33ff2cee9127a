"""New events for the front ends, whichever process made them.

The world's event log is appended by this process and by others (``iam-sandbox aws`` in
another terminal). A front end asks ``since(seq)`` as often as it likes; the log itself is
read only when its file changed (one ``stat`` otherwise), so a pane that follows the
decisions costs next to nothing while nothing happens.
"""

from __future__ import annotations

import os
import threading


class EventFollower:
    def __init__(self, world):
        self.world = world
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._newest: int | None = None  # read when first needed: iam-sandbox aws never follows

    def _log_stamp(self) -> tuple | None:
        path = self.world.events.path
        if path is None:
            return None
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return ()
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    @property
    def newest(self) -> int:
        """The sequence number of the newest event seen so far (where a new follower starts)."""
        if self._newest is None:
            last = self.world.events.tail(1)
            self._newest = last[0]["seq"] if last else 0
        return self._newest

    def since(self, seq: int) -> list[dict]:
        """Events numbered above ``seq``, oldest first."""
        with self._lock:
            stamp = self._log_stamp()
            if stamp is not None and stamp == self._stamp and seq >= self.newest:
                return []
            events = self.world.events.since(seq)
            self._stamp = stamp
            if events:
                self._newest = max(self.newest, events[-1]["seq"])
            return events
