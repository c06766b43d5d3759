"""Writes the database could not take yet, kept in process and written on recovery.

A paid model call's usage row, or an interviewer reply the candidate has already read,
must not be lost because PostgreSQL was unreachable for a few seconds. The writer keeps
the item here when the write fails with a *transient* error and calls :meth:`flush`
after its next successful database operation. Items carry client-generated ids and
their inserts are ``ON CONFLICT DO NOTHING``, so writing one twice (the first attempt
committed but its answer was lost) stores it once.

The buffer is bounded: when full, the oldest item is dropped and an error is logged
(never silently). It lives in one process: a restart loses what it holds.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from interview_platform.exceptions import DataStoreError, TransientDataStoreError

__all__ = ["WriteBuffer"]

T = TypeVar("T")

_log = logging.getLogger(__name__)


class WriteBuffer(Generic[T]):
    """Thread-safe, bounded FIFO of unwritten items grouped by a key (e.g. the session).

    Args:
        what: What the items are, for log lines (``"usage row"``, ``"reply"``).
        capacity: Most items held at once; the oldest is dropped beyond it.
    """

    def __init__(self, what: str, capacity: int = 1000) -> None:
        self._what = what
        self._capacity = max(1, capacity)
        self._items: OrderedDict[int, tuple[str, T]] = OrderedDict()
        self._next = 0
        self._lock = threading.Lock()
        self._flushing = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def keep(self, key: str, item: T, error: DataStoreError) -> None:
        """Hold ``item`` until a later :meth:`flush`; logs a warning (and an error on overflow).

        Args:
            key: The group the item belongs to (its session id, or ``""``).
            item: What could not be written.
            error: Why (its text is already redacted by the data store).
        """
        with self._lock:
            self._items[self._next] = (key, item)
            self._next += 1
            dropped = self._items.popitem(last=False) if len(self._items) > self._capacity else None
            held = len(self._items)
        _log.warning(
            "%s not stored yet; kept in memory until the database is back",
            self._what,
            extra={"session_id": key or None, "held": held, "reason": type(error).__name__},
        )
        if dropped is not None:
            _log.error(
                "%s buffer full (%d); the oldest was dropped unsaved",
                self._what,
                self._capacity,
                extra={"session_id": dropped[0] or None},
            )

    def pending(self, key: str) -> list[T]:
        """The unwritten items of ``key``, oldest first."""
        with self._lock:
            return [item for k, item in self._items.values() if k == key]

    def flush(self, write: Callable[[T], object], key: str | None = None) -> int:
        """Write the held items (of ``key``, or all) oldest first; stop at a transient failure.

        An item refused for good (a non-transient error) is dropped with an error log,
        so it cannot block the ones behind it.

        Returns:
            How many items left the buffer.
        """
        if not self._has(key):
            return 0
        done = 0
        with self._flushing:  # one flusher at a time keeps the order of the writes
            for index, item in self._snapshot(key):
                try:
                    write(item)
                except TransientDataStoreError:
                    break
                except DataStoreError as exc:
                    _log.error("buffered %s refused; dropped: %s", self._what, exc)
                with self._lock:
                    self._items.pop(index, None)
                done += 1
        if done:
            _log.info("buffered %ss stored", self._what, extra={"stored": done})
        return done

    def _has(self, key: str | None) -> bool:
        with self._lock:
            return any(key is None or k == key for k, _ in self._items.values())

    def _snapshot(self, key: str | None) -> list[tuple[int, T]]:
        with self._lock:
            return [(i, item) for i, (k, item) in self._items.items() if key is None or k == key]
