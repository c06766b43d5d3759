"""Where a queued job of an interview stands, as the pages show it (evaluation, re-score)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from interview_platform.job_models import Job, JobStatus


class JobReader(Protocol):
    """Reads the queue's jobs (the evaluation's progress)."""

    def latest(self, kind: str, session_id: str) -> Job | None:
        """The session's newest job of a kind, open or not."""


ProgressState = Literal["queued", "evaluating", "done", "failed"]
_STATES: dict[JobStatus, ProgressState] = {
    JobStatus.QUEUED: "queued",
    JobStatus.RUNNING: "evaluating",
    JobStatus.DONE: "done",
    JobStatus.FAILED: "failed",
}


@dataclass(frozen=True)
class EvaluationProgress:
    """Where the queued evaluation (or re-score) of an interview stands.

    Attributes:
        state: ``queued``, ``evaluating``, ``done`` or ``failed`` (given up).
        attempt: Tries begun so far (a retry after a failure or a lost worker is 2...).
        max_attempts: Tries it gets.
        last_error: Why the latest try failed (redacted), if one did.
    """

    state: ProgressState
    attempt: int
    max_attempts: int
    last_error: str | None = None

    @property
    def in_progress(self) -> bool:
        """Whether the evaluation is still to come."""
        return self.state in ("queued", "evaluating")


def job_progress(
    jobs: JobReader | None, kind: str, session_id: str, nudge: Callable[[], None] | None
) -> EvaluationProgress | None:
    """The progress of the session's newest job of ``kind`` (None: never queued).

    An open job calls ``nudge`` (this process's embedded worker starts), so a job left
    by a process that died runs once anyone looks.
    """
    job = None if jobs is None else jobs.latest(kind, session_id)
    if job is None:
        return None
    if job.is_open and nudge is not None:
        nudge()
    attempt = min(job.attempts, job.max_attempts)
    return EvaluationProgress(_STATES[job.status], attempt, job.max_attempts, job.last_error)
