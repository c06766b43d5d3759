"""What a worker needs from the queue, and what a job kind provides."""

from __future__ import annotations

from typing import Any, Protocol

from interview_platform.job_models import Job


class JobStore(Protocol):
    """The queue (implemented by :class:`~interview_platform.database.jobs.PostgresJobs`)."""

    def enqueue(
        self, kind: str, session_id: str, payload: dict[str, Any], max_attempts: int
    ) -> tuple[Job, bool]:
        """Queue a job unless the session has an open one; (the open job, created)."""

    def claim(self, worker: str, kinds: list[str], lease_s: float) -> Job | None:
        """Take the oldest ready job."""

    def heartbeat(self, job_id: str, worker: str, lease_s: float) -> bool:
        """Renew the lease; False when the job is no longer this worker's."""

    def finish(self, job_id: str, worker: str) -> bool:
        """Mark the job done."""

    def retry_later(self, job_id: str, worker: str, error: str, delay_s: float) -> bool:
        """Queue the job again after a delay."""

    def fail(self, job_id: str, worker: str, error: str) -> bool:
        """Give the job up."""

    def latest(self, kind: str, session_id: str) -> Job | None:
        """The session's newest job of a kind."""


class JobHandler(Protocol):
    """The work of one job kind."""

    def run(self, job: Job) -> None:
        """Do the job; an exception is a failed try (retried until its last)."""

    def give_up(self, job: Job, reason: str) -> None:
        """Leave things right after the last try failed (``reason`` is redacted)."""
