"""Evaluation jobs: what ending (or re-scoring) an interview queues, and what a worker does."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from interview_platform.config_jobs import JobsSettings
from interview_platform.job_models import Job, JobKind
from interview_platform.jobs.ports import JobHandler, JobStore
from interview_platform.jobs.tailoring import TailoringJobs
from interview_platform.jobs.worker import JobWorker
from interview_platform.session.ending import SessionEnding


class EvaluationJobs:
    """Queues evaluations (the session's :class:`~.background.EvaluationQueue`).

    Args:
        store: The queue.
        settings: How many tries a job gets.
        wake: Called after a job is queued (the embedded worker looks at once).
    """

    def __init__(
        self, store: JobStore, settings: JobsSettings, wake: Callable[[], None] | None = None
    ) -> None:
        self.store = store
        self._settings = settings
        self.wake = wake

    def enqueue_evaluation(self, session_id: str, payload: dict[str, Any]) -> None:
        """Queue the evaluation unless the session already has an open one."""
        self.store.enqueue(JobKind.EVALUATION, session_id, payload, self._settings.max_attempts)
        if self.wake is not None:
            self.wake()

    def enqueue_rescore(self, session_id: str, payload: dict[str, Any]) -> None:
        """Queue scoring the session again unless it already has an open re-score."""
        self.store.enqueue(JobKind.RESCORE, session_id, payload, self._settings.max_attempts)
        if self.wake is not None:
            self.wake()


class EvaluationHandler:
    """Runs an evaluation job through the once-only end of sessions.

    Args:
        ending: Evaluates and completes the session (idempotently).
    """

    def __init__(self, ending: SessionEnding) -> None:
        self._ending = ending

    def run(self, job: Job) -> None:
        """Evaluate the session and complete it (nothing is evaluated twice)."""
        if job.session_id is not None:
            self._ending.run_queued(job.session_id, job.payload)

    def give_up(self, job: Job, reason: str) -> None:
        """Complete the session with a pending evaluation that says why."""
        if job.session_id is not None:
            self._ending.give_up(job.session_id, reason)


class RescoreHandler:
    """Runs a re-score job (see :mod:`interview_platform.session.rescore`).

    Args:
        ending: Holds the re-scores of sessions (``ending.rescore``).
    """

    def __init__(self, ending: SessionEnding) -> None:
        self._ending = ending

    def run(self, job: Job) -> None:
        """Score the session again (not twice: a report already stored by it is kept)."""
        if job.session_id is not None:
            self._ending.rescore.run(job.session_id, job.payload)

    def give_up(self, job: Job, reason: str) -> None:
        """Leave the stored evaluation as it was; the failed job keeps the reason."""
        if job.session_id is not None:
            self._ending.rescore.give_up(job.session_id)


def evaluation_worker(
    store: JobStore,
    ending: SessionEnding,
    settings: JobsSettings,
    redact: Callable[[str], str],
    extra: Mapping[str, JobHandler] | None = None,
) -> JobWorker:
    """A worker that runs evaluations, re-scores and the ``extra`` kinds (e.g. tailoring)."""
    handlers: dict[str, JobHandler] = {
        JobKind.EVALUATION: EvaluationHandler(ending),
        JobKind.RESCORE: RescoreHandler(ending),
        **(extra or {}),
    }
    return JobWorker(store, handlers, settings, redact)


def embedded_worker(
    settings: JobsSettings,
    ending: SessionEnding,
    redact: Callable[[str], str],
    evaluations: EvaluationJobs,
    tailoring: TailoringJobs,
) -> JobWorker | None:
    """The web process's own worker, started by the first job it queues (None: switched off)."""
    if not settings.embedded_worker:
        return None
    worker = evaluation_worker(evaluations.store, ending, settings, redact, tailoring.handlers())
    evaluations.wake = tailoring.wake = worker.wake
    return worker
