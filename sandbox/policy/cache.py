"""A bounded cache of parsed policies, keyed by grammar and document text.

Parsing and compiling a policy costs far more than evaluating it, and the same texts come
back all the time: the gateway reads the live policies from the world on every request,
the simulator is called again and again with the same documents. Keyed by the text, the
cache can never serve a stale policy: a changed document is a different key. It is bounded
in entries and in total characters (least recently used go first), and safe to share
between threads. Only successful parses are kept; the values are read-only (``readonly``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Generic, TypeVar

T = TypeVar("T")


class LruCache(Generic[T]):
    __slots__ = ("_items", "_chars", "_lock", "max_entries", "max_chars", "hits", "misses")

    def __init__(self, max_entries: int, max_chars: int):
        self._items: OrderedDict[tuple[str, str], T] = OrderedDict()
        self._chars = 0
        self._lock = Lock()
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.hits = 0
        self.misses = 0

    def get_or_build(self, kind: str, text: str, build: Callable[[str, str], T]) -> T:
        key = (kind, text)
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return value
            self.misses += 1
        value = build(text, kind)  # outside the lock: a slow parse never blocks other threads
        if len(text) <= self.max_chars // 8:
            with self._lock:
                if key not in self._items:
                    self._items[key] = value
                    self._chars += len(text)
                    while len(self._items) > self.max_entries or self._chars > self.max_chars:
                        (_, old), _ = self._items.popitem(last=False)
                        self._chars -= len(old)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._chars = 0
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)
