"""How often one address may try passwords: a sliding window per source, in process.

The account lockout (in the database) stops guessing one account's password; this
stops one address from trying many accounts (credential stuffing). It is per
process: with several processes each counts its own share.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class AttemptLimiter:
    """Refuses a source after ``limit`` failures within ``window_s`` seconds.

    Args:
        limit: Failures allowed per window.
        window_s: The window's length.
        clock: Monotonic seconds (tests move it).
        max_sources: Sources remembered at most (oldest forgotten first).
    """

    def __init__(
        self,
        limit: int = 20,
        window_s: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
        max_sources: int = 10_000,
    ) -> None:
        self._limit = limit
        self._window = window_s
        self._clock = clock
        self._max = max_sources
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, source: str) -> float:
        """Seconds before ``source`` may try again (0 when it may now)."""
        with self._lock:
            recent = self._recent(source)
            if len(recent) < self._limit:
                return 0.0
            return max(0.0, recent[0] + self._window - self._clock())

    def failed(self, source: str) -> None:
        """Count a failed attempt from ``source``."""
        with self._lock:
            if source not in self._failures and len(self._failures) >= self._max:
                self._failures.pop(next(iter(self._failures)))
            self._recent(source).append(self._clock())

    def _recent(self, source: str) -> deque[float]:
        recent = self._failures.setdefault(source, deque())
        cutoff = self._clock() - self._window
        while recent and recent[0] <= cutoff:
            recent.popleft()
        return recent
