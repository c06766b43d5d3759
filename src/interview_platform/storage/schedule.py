"""A daemon thread that runs one job now and then (the daily retention sweep).

Started by the composition root, stopped by ``App.close()``. Nothing runs at
import time or when the schedule is built, and start-up never waits for a run:
the first one comes ``first_delay_s`` after :meth:`PeriodicJob.start`. A run
that raises is logged and the schedule goes on, so a database that is down at
3 a.m. costs one day's sweep, not the thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

_log = logging.getLogger(__name__)

DAY_S = 24 * 60 * 60.0
FIRST_RUN_DELAY_S = 5 * 60.0  # leaves start-up and the first page loads alone


class PeriodicJob:
    """Runs ``job(stop_event)`` on a daemon thread every ``interval_s`` seconds.

    Args:
        name: Thread name and log label.
        job: The work; it may watch the event it gets to end early when stopped.
        interval_s: Seconds between the starts of two runs.
        first_delay_s: Seconds from :meth:`start` to the first run.
    """

    def __init__(
        self,
        name: str,
        job: Callable[[threading.Event], object],
        interval_s: float = DAY_S,
        first_delay_s: float = FIRST_RUN_DELAY_S,
    ) -> None:
        if interval_s <= 0 or first_delay_s < 0:
            raise ValueError("interval_s must be positive and first_delay_s not negative.")
        self._name = name
        self._job = job
        self._interval_s = interval_s
        self._first_delay_s = first_delay_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self.runs = 0  # finished runs, failed ones included

    @property
    def running(self) -> bool:
        """True while the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (a second call while it runs does nothing)."""
        with self._guard:
            if self.running:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ask the thread to end and wait up to ``timeout_s`` for a run in progress."""
        self._stop.set()
        with self._guard:
            thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)

    def _loop(self) -> None:
        delay = self._first_delay_s
        while not self._stop.wait(delay):
            self._run_once()
            delay = self._interval_s

    def _run_once(self) -> None:
        try:
            self._job(self._stop)
        except Exception:
            # The schedule must outlive a failed run (database down, disk error...).
            _log.exception(
                "scheduled job failed; it runs again at the next interval",
                extra={"operation": f"schedule.{self._name}"},
            )
        finally:
            self.runs += 1
