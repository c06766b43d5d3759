"""One lock per session id, for work that must not interleave inside one process.

Streamlit serves every browser tab of a process from threads of that process, so two
tabs of one interview are two threads: a lock per session id serialises them. Locks
are created on first use and forgotten when nobody holds or waits for them, so the
registry does not grow with the number of interviews ever run.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from interview_platform.exceptions import SessionStateError

__all__ = ["SessionLocks"]


class _Entry:
    """A lock its owning thread may take again, and any thread may give back.

    Re-entry lets one thread start a second turn while its first stream is unread
    (that thread orders its own turns); release from any thread lets a stream that
    is garbage-collected elsewhere give the lock back.
    """

    def __init__(self) -> None:
        self.free = threading.Condition()
        self.owner: int | None = None
        self.depth = 0
        self.users = 0  # holders and waiters; the entry is dropped at zero


class SessionLocks:
    """A registry of per-session locks (thread-safe)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._entries: dict[str, _Entry] = {}

    def acquire(self, session_id: str, timeout_s: float | None = None) -> bool:
        """Take the session's lock; False when ``timeout_s`` passed first (then not held)."""
        with self._guard:
            entry = self._entries.setdefault(session_id, _Entry())
            entry.users += 1
        me = threading.get_ident()
        with entry.free:
            if entry.free.wait_for(lambda: entry.owner in (None, me), timeout_s):
                entry.owner, entry.depth = me, entry.depth + 1
                return True
        self._leave(session_id, entry)
        return False

    def release(self, session_id: str) -> None:
        """Give back a lock taken with :meth:`acquire` (from any thread)."""
        with self._guard:
            entry = self._entries[session_id]
        with entry.free:
            entry.depth -= 1
            if entry.depth == 0:
                entry.owner = None
                entry.free.notify()
        self._leave(session_id, entry)

    def _leave(self, session_id: str, entry: _Entry) -> None:
        with self._guard:
            entry.users -= 1
            if entry.users == 0:
                del self._entries[session_id]

    @contextmanager
    def held(
        self, session_id: str, timeout_s: float | None = None, busy: str = ""
    ) -> Iterator[None]:
        """Hold the session's lock for a block.

        Raises:
            SessionStateError: With ``busy`` when the lock was not free within ``timeout_s``.
        """
        if not self.acquire(session_id, timeout_s):
            raise SessionStateError(busy or "This interview is busy; try again in a moment.")
        try:
            yield
        finally:
            self.release(session_id)

    def __len__(self) -> int:
        """Sessions with a holder or a waiter."""
        with self._guard:
            return len(self._entries)
