"""The tailoring job: what Setup queues, and what a worker does with it."""

from __future__ import annotations

from collections.abc import Callable

from interview_platform.config_jobs import JobsSettings
from interview_platform.job_models import Job, JobKind
from interview_platform.jobs.ports import JobHandler, JobStore
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.problems.tailor import ProblemTailor
from interview_platform.session.background import CredentialHandoff, creds_payload
from interview_platform.session.ports import SessionRecords
from interview_platform.session.tailoring import LEVEL, TailoringRun


class TailoringHandler:
    """Runs a tailoring job through :class:`~interview_platform.session.tailoring.TailoringRun`.

    Args:
        run: Writes the problem into its session (once).
    """

    def __init__(self, run: TailoringRun) -> None:
        self._run = run

    def run(self, job: Job) -> None:
        """Write the session's problem (nothing when an earlier try wrote it)."""
        if job.session_id is not None:
            self._run.run(job.session_id, job.payload)

    def give_up(self, job: Job, reason: str) -> None:
        """Interview on the bank template, saying why (``reason`` is redacted)."""
        if job.session_id is not None:
            self._run.give_up(job.session_id, reason)


class TailoringJobs:
    """Queues tailoring jobs and holds the handler that runs them in this process.

    Args:
        records: The repositories of the session lifecycle.
        tailor: Writes problems from resumes.
        store: The queue.
        settings: How many tries a job gets.
    """

    def __init__(
        self,
        records: SessionRecords,
        tailor: ProblemTailor,
        store: JobStore,
        settings: JobsSettings,
    ) -> None:
        self._store = store
        self._settings = settings
        self.tailor = tailor
        self._handoff = CredentialHandoff()  # typed keys for this process's worker only
        self._handler = TailoringHandler(TailoringRun(records, tailor, self._handoff))
        self.wake: Callable[[], None] | None = None  # set to the embedded worker's wake

    def enqueue_tailoring(self, session_id: str, creds: ProviderCredentials, level: str) -> None:
        """Queue writing the session's problem; a typed key stays in this process's memory."""
        self._handoff.put(session_id, creds)
        payload = {**creds_payload(creds), LEVEL: level}
        self._store.enqueue(JobKind.TAILORING, session_id, payload, self._settings.max_attempts)
        self.nudge()

    def latest(self, kind: str, session_id: str) -> Job | None:
        """The session's newest job of a kind, open or not."""
        return self._store.latest(kind, session_id)

    def nudge(self) -> None:
        """Start (or wake) this process's embedded worker, if it has one."""
        if self.wake is not None:
            self.wake()

    def handlers(self) -> dict[str, JobHandler]:
        """The job kinds this runs, for a worker."""
        return {JobKind.TAILORING: self._handler}
