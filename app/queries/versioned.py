"""Results kept per data version: what a view computed from unchanged data is served again.

Every key a caller gives includes the database and its data version (one primary-key read,
moved by triggers on every write), so nothing stale is ever served; the oldest keys go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlmodel import Session

from app.queries.timeline import data_version

T = TypeVar("T")


class VersionedCache(Generic[T]):
    """A small LRU map shared by the thread pool's requests (routes run in threads)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept under ``key``, else ``compute()``'s (kept for next time).

        Requests asking for a key while another computes it wait for that result instead of
        computing it again: a burst of analysts on one new filter costs one count, not one each.
        """
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            running = self._pending.get(key)
            if running is None:
                self._pending[key] = threading.Event()
        if running is not None:
            running.wait(WAIT_SECONDS)
            with self._lock:
                if key in self._items:
                    return self._items[key]
            return compute()  # the first one failed or is stuck: do not wait on it again
        try:
            value = compute()
            with self._lock:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._pending.pop(key).set()


# How long a request waits for another one computing the same value before computing it itself.
WAIT_SECONDS = 30.0


def version_key(session: Session, *parts: Hashable) -> tuple:
    """``parts`` with the database and its current data version: a key no write can outlive."""
    return (str(session.get_bind().url), data_version(session), *parts)
