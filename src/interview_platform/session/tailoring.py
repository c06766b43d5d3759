"""Writing an interview's problem from the resume as a background job (the Setup page).

Starting with *tailored to my resume* on a model that writes problems creates the session
at once (CREATED, a placeholder problem, ``metadata["tailoring"]``) and queues one job for
it; the worker runs :meth:`TailoringRun.run`: the model writes the problem, which replaces
the placeholder in one update (or the bank template with a notice when the model could
not). The marker is removed in that same update, so a later try of the same job (its
worker died after the update) changes nothing; a worker that dies during the model call
costs one more call, and a try whose model answered after another try wrote the problem
leaves it as it is. After the last failed try :meth:`TailoringRun.give_up` uses the
template, with the (redacted) reason in the notice. The Setup page follows the job and
starts the interview once the problem is written. A typed key is never stored in the job:
it waits in this process's :class:`CredentialHandoff`.
"""

from __future__ import annotations

import logging
from typing import Any, Final, Protocol

from interview_platform.exceptions import NotFoundError
from interview_platform.job_models import Job
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import ExperienceLevel, Session
from interview_platform.problems.resolution import TAILORED_KEY
from interview_platform.problems.tailor import ProblemTailor, TailoredProblem
from interview_platform.session.background import CredentialHandoff, creds_from_payload
from interview_platform.session.ports import SessionRecords
from interview_platform.session.setup_checks import validate_tailored_problem

TAILORING_KEY: Final = "tailoring"  # metadata: a job is still writing this problem
NOTICE_KEY: Final = "tailoring_notice"  # metadata: why the bank template replaced it
PLACEHOLDER: Final = "A problem written from your resume (being prepared)"
LEVEL: Final = "level"  # payload key: the level to interview at
_log = logging.getLogger("interview_platform.session")


class TailoringQueue(Protocol):
    """Where problems to write are queued, and how far their jobs are."""

    def enqueue_tailoring(self, session_id: str, creds: ProviderCredentials, level: str) -> None:
        """Queue writing the session's problem (the key stays in this process's memory)."""

    def latest(self, kind: str, session_id: str) -> Job | None:
        """The session's newest job of a kind, open or not."""

    def nudge(self) -> None:
        """Start this process's embedded worker (a job left by a dead process runs)."""


def fallback_notice(reason: str, title: str) -> str:
    """What the candidate reads when the bank template replaced the tailored problem."""
    return f"Couldn't generate a tailored problem ({reason}); using {title} from the bank."


class TailoringRun:
    """Runs a queued tailoring job: write the problem into its session, once.

    Args:
        store: The repositories of the session lifecycle.
        tailor: Writes problems from resumes.
        handoff: Typed keys of queued jobs, in this process's memory only.
    """

    def __init__(
        self, store: SessionRecords, tailor: ProblemTailor, handoff: CredentialHandoff
    ) -> None:
        self._store = store
        self._tailor = tailor
        self._handoff = handoff

    def run(self, session_id: str, payload: dict[str, Any]) -> None:
        """Write the problem unless it is written already.

        Raises:
            NotFoundError: The session or its resume is gone (the job is retried, then given up).
        """
        session = self._session(session_id)
        if TAILORING_KEY not in session.metadata:
            return  # an earlier try wrote it
        creds = self._handoff.get(session_id) or creds_from_payload(payload)
        if creds is None:
            raise ValueError("the job names no provider")
        resume = self._resume(session)
        level = ExperienceLevel(payload.get(LEVEL) or session.level)
        result = self._tailor.tailor(creds, resume, level, session_id=session_id)
        session = self._session(session_id)  # again: written meanwhile by another try?
        if TAILORING_KEY in session.metadata:
            self._write(session, result)
        self._handoff.drop(session_id)

    def give_up(self, session_id: str, reason: str) -> None:
        """The last try failed: interview on the bank template, saying why."""
        session = self._session(session_id)
        if TAILORING_KEY in session.metadata:
            template = self._tailor.template_for(self._resume(session), session.level)
            self._use_template(session, template.id, template.title, reason)
        self._handoff.drop(session_id)

    def _write(self, session: Session, result: TailoredProblem) -> None:
        if result.fallback_reason:
            self._use_template(
                session, result.template_id, result.problem.title, result.fallback_reason
            )
            return
        problem_id, title, document = validate_tailored_problem(result.source_document, None)
        session.problem_id, session.problem_text = problem_id, title
        session.metadata.pop(TAILORING_KEY, None)
        session.metadata[TAILORED_KEY] = document
        self._store.sessions.update_session(session)
        _log.info("tailored problem written", extra={"session_id": session.id})

    def _use_template(self, session: Session, problem_id: str, title: str, reason: str) -> None:
        session.problem_id, session.problem_text = problem_id, title
        session.metadata.pop(TAILORING_KEY, None)
        session.metadata[NOTICE_KEY] = fallback_notice(reason, title)
        self._store.sessions.update_session(session)
        _log.info("tailoring fell back to the bank", extra={"session_id": session.id})

    def _session(self, session_id: str) -> Session:
        session = self._store.sessions.get_session(session_id)
        if session is None:
            raise NotFoundError(f"No interview session with id {session_id}.")
        return session

    def _resume(self, session: Session) -> Any:
        resume = self._store.candidates.get_resume(session.resume_id) if session.resume_id else None
        if resume is None:
            raise NotFoundError("The resume of this interview was deleted.")
        return resume.data
