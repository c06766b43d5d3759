"""One turn at a time per interview, across the threads of a process and across processes.

Two guards, nearest first:

* **Threads of this process** (two tabs of one interview): the per-session
  :class:`~interview_platform.interviewer.session_locks.SessionLocks`, so waiting costs
  no database query while another tab of this process answers.
* **Processes** (app replicas behind a proxy; a candidate whose browser reconnected to
  another process): a :class:`~interview_platform.database.lease_ports.TurnLeases` lease
  in PostgreSQL, taken by this process for the session while any of its threads holds
  the turn. A keeper thread renews the leases this process holds every ``ttl_s / 3``; a
  process that dies stops renewing, so its leases lapse within ``ttl_s`` and another
  process takes over the turn.

No connection is held while the model answers: taking, renewing and giving back are
single statements.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

from interview_platform.database.lease_ports import TurnLeases
from interview_platform.exceptions import DataStoreError
from interview_platform.interviewer.session_locks import SessionLocks

__all__ = ["LEASE_TTL_S", "TurnGate"]

_log = logging.getLogger("interview_platform.ai")

LEASE_TTL_S = 30.0  # how long a crashed process can keep another from answering
_POLL_S = 0.2  # how often a waiter asks whether another process's turn has ended


class TurnGate:
    """Per-session turns, exclusive in this process and among processes (thread-safe).

    Args:
        leases: The shared leases (PostgreSQL).
        ttl_s: A lease's lifetime without renewal.
        poll_s: How often a waiter for another process's lease looks again.
    """

    def __init__(
        self, leases: TurnLeases, ttl_s: float = LEASE_TTL_S, poll_s: float = _POLL_S
    ) -> None:
        self._leases = leases
        self._ttl_s = ttl_s
        self._poll_s = poll_s
        self._local = SessionLocks()
        self._guard = threading.Lock()
        self._depth: dict[str, int] = {}  # sessions whose lease this process holds
        self._keeper: threading.Thread | None = None
        self.holder = f"{uuid.uuid4()}"  # this process (this gate), as the lease names it

    def acquire(self, session_id: str, timeout_s: float | None = None) -> bool:
        """Take the session's turn; False when ``timeout_s`` passed first (then not held).

        Raises:
            DataStoreError: The database could not be asked (nothing is held then).
        """
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        if not self._local.acquire(session_id, timeout_s):
            return False
        try:
            if self._enter(session_id, deadline):
                return True
        except BaseException:
            self._local.release(session_id)
            raise
        self._local.release(session_id)
        return False

    def release(self, session_id: str) -> None:
        """Give the turn back (from any thread); the lease goes when this process is done."""
        with self._guard:
            depth = self._depth[session_id] - 1
            if depth:
                self._depth[session_id] = depth
            else:
                del self._depth[session_id]
        try:
            if not depth:
                self._leases.give_back(session_id, self.holder)
        except DataStoreError as exc:
            # The lease lapses by itself within ttl_s; the turn itself is over.
            _log.warning("turn lease of %s not given back: %s", session_id, exc)
        finally:
            self._local.release(session_id)

    def _enter(self, session_id: str, deadline: float | None) -> bool:
        with self._guard:
            if session_id in self._depth:  # this thread again (re-entry): already leased
                self._depth[session_id] += 1
                return True
        while not self._leases.take(session_id, self.holder, self._ttl_s):
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(self._poll_s)
        with self._guard:
            self._depth[session_id] = 1
            self._start_keeper()
        return True

    def _start_keeper(self) -> None:
        """Start the renewing thread unless it runs (called with the guard held)."""
        if self._keeper is None:
            self._keeper = threading.Thread(target=self._keep, name="turn-leases", daemon=True)
            self._keeper.start()

    def _keep(self) -> None:
        """Renew this process's leases until it holds none (then the thread ends)."""
        while True:
            time.sleep(self._ttl_s / 3)
            with self._guard:
                held = list(self._depth)
                if not held:
                    self._keeper = None
                    return
            try:
                kept = self._leases.renew(held, self.holder, self._ttl_s)
            except DataStoreError as exc:
                _log.warning("turn leases not renewed: %s", exc)
                continue
            if kept < len(held):
                _log.warning("%d turn lease(s) lapsed before renewal", len(held) - kept)
