"""Writes the database could not take yet, kept in process and written on recovery.

A paid model call's usage row, or an interviewer reply the candidate has already read,
must not be lost because PostgreSQL was unreachable for a few seconds. The writer keeps
the item here when the write fails with a *transient* error and calls :meth:`flush`
after its next successful database operation. Items carry client-generated ids and
their inserts are ``ON CONFLICT DO NOTHING``, so writing one twice (the first attempt
committed but its answer was lost) stores it once.

The buffer is bounded: when full, the oldest item is dropped and an error is logged
(never silently). It lives in one process; given a
:class:`~interview_platform.llm.write_journal.WriteJournal` it also keeps its items on
local disk, and :meth:`WriteBuffer.adopt` takes over, at the next start, what a process
that died during the outage still held.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from interview_platform.exceptions import DataStoreError, TransientDataStoreError
from interview_platform.llm.write_journal import WriteJournal

__all__ = ["WriteBuffer"]

T = TypeVar("T")
R = TypeVar("R")

_log = logging.getLogger(__name__)


class WriteBuffer(Generic[T]):
    """Thread-safe, bounded FIFO of unwritten items grouped by a key (e.g. the session).

    Args:
        what: What the items are, for log lines (``"usage row"``, ``"reply"``).
        capacity: Most items held at once; the oldest is dropped beyond it.
        journal: Where the held items are also kept on disk (None: in memory only).
    """

    def __init__(
        self, what: str, capacity: int = 1000, journal: WriteJournal[T] | None = None
    ) -> None:
        self._what = what
        self._journal = journal
        self._capacity = max(1, capacity)
        self._items: OrderedDict[int, tuple[str, T]] = OrderedDict()
        self._next = 0
        self._adopted: set[int] = set()  # written by any flush: no session here may ask
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
            dropped = self._hold(key, item)
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

    def adopt(self) -> int:
        """Hold the items a dead process's journal still had (none without a journal).

        Returns:
            How many were taken over; :meth:`flush` writes them like this process's own.
        """
        if self._journal is None:
            return 0
        nothing: list[tuple[str, T]] = []
        adopted = self._guard(self._journal.adopt, nothing)
        with self._lock:
            for key, item in adopted:
                self._adopted.add(self._next)
                self._hold(key, item)
        return len(adopted)

    def _hold(self, key: str, item: T) -> tuple[str, T] | None:
        """Add an item (under ``_lock``); return the oldest if it had to be dropped."""
        index, self._next = self._next, self._next + 1
        self._items[index] = (key, item)
        self._journaled(lambda j: j.kept(index, key, item))
        if len(self._items) <= self._capacity:
            return None
        oldest, dropped = self._items.popitem(last=False)
        self._adopted.discard(oldest)
        self._journaled(lambda j: j.done(oldest))
        return dropped

    def _journaled(self, step: Callable[[WriteJournal[T]], None]) -> None:
        """Copy a change to the journal (under ``_lock``, so in the buffer's order)."""
        journal = self._journal
        if journal is None:
            return
        if not self._items:  # nothing held: no file is left behind, however long it was
            self._guard(journal.clear, None)
            return
        self._guard(lambda: step(journal), None)
        if journal.too_big():
            live = [(i, k, item) for i, (k, item) in self._items.items()]
            self._guard(lambda: journal.rewrite(live), None)

    def _guard(self, step: Callable[[], R], failed: R) -> R:
        """Run a journal step; a disk failure is logged, the buffer in memory goes on."""
        try:
            return step()
        except OSError as exc:
            _log.error("%s journal not written: %s", self._what, type(exc).__name__)
            return failed

    def pending(self, key: str) -> list[T]:
        """The unwritten items of ``key``, oldest first."""
        with self._lock:
            return [item for k, item in self._items.values() if k == key]

    def flush(self, write: Callable[[T], object], key: str | None = None) -> int:
        """Write the held items (of ``key``, or all) oldest first; stop at a transient failure.

        Items adopted from a dead process are written by any flush, whatever its key:
        their sessions may never have a turn in this process.

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
                self._written(index)
                done += 1
        if done:
            _log.info("buffered %ss stored", self._what, extra={"stored": done})
        return done

    def _written(self, index: int) -> None:
        with self._lock:
            self._adopted.discard(index)
            if self._items.pop(index, None) is not None:
                self._journaled(lambda journal: journal.done(index))

    def _has(self, key: str | None) -> bool:
        with self._lock:
            return any(self._wanted(key, i, k) for i, (k, _) in self._items.items())

    def _snapshot(self, key: str | None) -> list[tuple[int, T]]:
        with self._lock:
            return [(i, item) for i, (k, item) in self._items.items() if self._wanted(key, i, k)]

    def _wanted(self, key: str | None, index: int, item_key: str) -> bool:
        return key is None or item_key == key or index in self._adopted
