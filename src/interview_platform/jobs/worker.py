"""A worker: claims ready jobs, renews their lease while they run, retries with backoff.

A try that raises is retried after ``backoff_s * 2**(tries - 1)`` seconds until the job's
``max_attempts``; then the job's handler gives up (for an evaluation: a pending one with
the redacted reason) and the job is marked failed. A worker that dies mid-job (killed,
machine lost) stops renewing the lease; once it lapses another worker claims the job,
and the dead try counts as one. Workers run as threads (the web process's embedded one)
or as ``python -m interview_platform worker`` processes; they share only the database.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from types import TracebackType

from interview_platform.config_jobs import JobsSettings
from interview_platform.job_models import Job
from interview_platform.jobs.ports import JobHandler, JobStore
from interview_platform.observability.context import session_context

_log = logging.getLogger("interview_platform.jobs")
LOST_WORKER = "the worker running it stopped (killed or lost) during its last try"


def worker_name() -> str:
    """A name unique to this worker: host, process and a random part (two per process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class _Heartbeat:
    """Renews a job's lease on a thread while the job runs (a context manager)."""

    def __init__(self, store: JobStore, job: Job, worker: str, settings: JobsSettings) -> None:
        self._store, self._job, self._worker, self._settings = store, job, worker, settings
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="job-heartbeat", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._done.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._done.wait(self._settings.heartbeat_s):
            try:
                mine = self._store.heartbeat(self._job.id, self._worker, self._settings.lease_s)
            except Exception:  # a database blip: the next beat tries again
                _log.warning("job heartbeat failed", exc_info=True)
                continue
            if not mine:
                _log.warning("job taken over by another worker", extra={"job_id": self._job.id})
                return


class JobWorker:
    """Runs jobs of the kinds it has handlers for.

    Args:
        store: The queue.
        handlers: The work of each job kind it runs.
        settings: Lease, heartbeat, polling and backoff.
        redact: Masks secrets in the error kept with a failed try.
        name: This worker's name in ``jobs.locked_by`` (unique by default).
    """

    def __init__(
        self,
        store: JobStore,
        handlers: Mapping[str, JobHandler],
        settings: JobsSettings,
        redact: Callable[[str], str],
        name: str | None = None,
    ) -> None:
        self._store = store
        self._handlers = dict(handlers)
        self._settings = settings
        self._redact = redact
        self.name = name or worker_name()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def wake(self) -> None:
        """Look for work now (a job was queued in this process); start the thread if needed.

        The embedded worker starts on the first job its process queues, so a process
        that never ends an interview (a CLI command, a test's app) runs no worker thread.
        """
        with self._start_lock:
            if self._thread is None and not self._stop.is_set():
                self.start()
        self._wake.set()

    def run_once(self) -> bool:
        """Claim and run one ready job; False when none was ready."""
        job = self._store.claim(self.name, list(self._handlers), self._settings.lease_s)
        if job is None:
            return False
        with session_context(job.session_id) if job.session_id else nullcontext():
            self._run(job)
        return True

    def run_until_stopped(self) -> None:
        """Run jobs until :meth:`stop`; idle, look again every ``poll_s`` or when woken."""
        while not self._stop.is_set():
            try:
                worked = self.run_once()
            except Exception:  # the database is down: keep trying, never die
                _log.warning("job worker could not reach the queue", exc_info=True)
                worked = False
            if not worked:
                self._wake.wait(self._settings.poll_s)
                self._wake.clear()

    def start(self) -> None:
        """Run on a daemon thread (the web process's embedded worker)."""
        self._thread = threading.Thread(
            target=self.run_until_stopped, name="job-worker", daemon=True
        )
        self._thread.start()

    def stop(self, timeout_s: float | None = None) -> None:
        """Stop after the current job (waits up to ``timeout_s`` for the thread)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self, job: Job) -> None:
        handler = self._handlers[job.kind]
        if job.attempts > job.max_attempts:
            self._give_up(job, handler, job.last_error or LOST_WORKER)
            return
        _log.info("job started", extra={"job_id": job.id, "kind": job.kind})
        try:
            with _Heartbeat(self._store, job, self.name, self._settings):
                handler.run(job)
        except Exception as exc:
            _log.exception("job try failed", extra={"job_id": job.id, "kind": job.kind})
            self._failed(job, handler, self._redact(f"{type(exc).__name__}: {exc}")[:300])
            return
        self._store.finish(job.id, self.name)
        _log.info("job done", extra={"job_id": job.id, "kind": job.kind})

    def _failed(self, job: Job, handler: JobHandler, reason: str) -> None:
        if job.attempts >= job.max_attempts:
            self._give_up(job, handler, reason)
            return
        delay = self._settings.backoff_s * 2 ** (job.attempts - 1)
        self._store.retry_later(job.id, self.name, reason, delay)

    def _give_up(self, job: Job, handler: JobHandler, reason: str) -> None:
        try:
            handler.give_up(job, reason)
        except Exception:  # the job stays running; when its lease lapses it is given up again
            _log.exception("giving a job up failed", extra={"job_id": job.id})
            return
        self._store.fail(job.id, self.name, reason)
        _log.warning("job given up", extra={"job_id": job.id, "kind": job.kind})
