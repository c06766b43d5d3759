"""Session lifecycle: create, start, pause, resume and end interviews.

Every change goes through the state machine of
:mod:`interview_platform.session.state_machine` and is persisted before the
method returns, so a browser refresh or a restart never loses an interview.
Ending is idempotent (one evaluation however many tabs or processes end at once)
and crash-safe: input is refused from the first moment, and if the evaluation
fails the session is still completed, with a pending evaluation that
:meth:`SessionManager.retry_evaluation` can produce later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from interview_platform.exceptions import (
    InterviewPlatformError,
    NotFoundError,
    SessionStateError,
    ValidationError,
)
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.model_values import is_id
from interview_platform.models import (
    CommunicationMode,
    Evaluation,
    EvaluationStatus,
    ExperienceLevel,
    Session,
    SessionStatus,
    utcnow,
)
from interview_platform.observability.redaction import Redactor
from interview_platform.session import setup_checks
from interview_platform.session.background import EvaluationQueue
from interview_platform.session.ending import SessionEnding
from interview_platform.session.ports import SessionRecords
from interview_platform.session.state_machine import SessionAction, is_ended, next_status

if TYPE_CHECKING:
    from interview_platform.evaluation.evaluation_manager import EvaluationManager
    from interview_platform.storage.file_storage import FileStorage

_log = logging.getLogger("interview_platform.session")
UNFINISHED = (
    SessionStatus.CREATED,
    SessionStatus.ACTIVE,
    SessionStatus.PAUSED,
    SessionStatus.ENDING,
)


class SessionManager:
    """Creates interview sessions and moves them through their lifecycle.

    Args:
        store: The repositories of candidates, sessions, conversations, media, evaluations.
        evaluation: Produces and stores the evaluation when a session ends.
        clock: Returns the current aware UTC time (injected for tests).
        storage: File storage; when given, the conversation is also written to disk on end.
        redact: Masks secrets in text kept in session metadata (the log redactor's, with
            every configured and typed key; by default only key-shaped strings).
        queue: Where an end asking for the background queues its evaluation.
    """

    def __init__(
        self,
        store: SessionRecords,
        evaluation: EvaluationManager,
        clock: Callable[[], datetime] = utcnow,
        storage: FileStorage | None = None,
        redact: Callable[[str], str] | None = None,
        *,
        queue: EvaluationQueue | None = None,
    ) -> None:
        self._redact = redact or Redactor().redact
        self._candidates = store.candidates
        self._sessions = store.sessions
        self._media = store.media
        self._evaluation = evaluation
        self._clock = clock
        self._ending = SessionEnding(store, evaluation, clock, storage, self._redact, queue=queue)

    # -- creation and lookup ------------------------------------------------------
    def create(
        self,
        candidate_id: str,
        provider: str,
        model: str,
        modes: Sequence[CommunicationMode | str],
        level: ExperienceLevel | str,
        *,
        problem_id: str | None = None,
        problem_text: str = "",
        planned_minutes: int = 45,
        resume_id: str | None = None,
        tailored_problem: dict[str, Any] | None = None,
    ) -> Session:
        """Validate and store a new session (status CREATED).

        A ``tailored_problem`` (a problem document written for the candidate's resume)
        is validated with the bank's schema and kept in the session's metadata; the
        session's ``problem_id`` becomes its ``tailored-...`` id.

        Raises:
            ValidationError: Unknown candidate, resume, problem, mode or level; bad duration;
                invalid tailored problem.
        """
        if self._candidates.get_candidate(candidate_id) is None:
            raise ValidationError("Choose an existing candidate profile before starting.")
        if resume_id is not None:
            resume = self._candidates.get_resume(resume_id)
            if resume is None or resume.candidate_id != candidate_id:
                raise ValidationError("The selected resume does not belong to this candidate.")
        provider, model = setup_checks.validate_provider(provider, model)
        problem_id, problem_text, metadata = setup_checks.problem_fields(
            self._evaluation.bank, problem_id, problem_text, tailored_problem
        )
        session = Session(
            candidate_id=candidate_id,
            provider=provider,
            model=model,
            modes=setup_checks.validate_modes(modes),
            problem_id=problem_id,
            problem_text=problem_text,
            level=setup_checks.validate_level(level),
            planned_minutes=setup_checks.validate_minutes(planned_minutes),
            resume_id=resume_id,
            created_at=self._clock(),
            metadata=metadata,
        )
        created = self._sessions.create_session(session)
        _log.info("session created", extra={"session_id": created.id, "provider": provider})
        return created

    def get(self, session_id: str) -> Session:
        """Return a session.

        Raises:
            NotFoundError: No such session.
        """
        if not is_id(session_id):  # a hand-edited URL: never sent to the database
            raise NotFoundError("No interview session with that id.")
        session = self._sessions.get_session(session_id)
        if session is None:
            raise NotFoundError(f"No interview session with id {session_id}.")
        return session

    def list_unfinished(self, candidate_id: str) -> list[Session]:
        """Sessions of a candidate that were never completed (to resume or end), newest first."""
        return self._sessions.list_sessions(candidate_id, statuses=UNFINISHED, limit=100)

    def elapsed_seconds(self, session: Session) -> float:
        """Interview time of a session, excluding pauses."""
        return session.elapsed_seconds(self._clock())

    # -- transitions --------------------------------------------------------------
    def _move(self, session: Session, action: SessionAction) -> Session:
        session.status = next_status(session.status, action)
        return self._sessions.update_session(session)

    def start(self, session_id: str) -> Session:
        """Start a created session (the interview clock starts now)."""
        session = self.get(session_id)
        next_status(session.status, SessionAction.START)
        session.started_at = self._clock()
        _log.info("session started", extra={"session_id": session_id})
        return self._move(session, SessionAction.START)

    def pause(self, session_id: str) -> Session:
        """Pause an active session (paused time does not count)."""
        session = self.get(session_id)
        next_status(session.status, SessionAction.PAUSE)
        session.open_pause(self._clock())
        return self._move(session, SessionAction.PAUSE)

    def resume(self, session_id: str) -> Session:
        """Resume a paused session."""
        session = self.get(session_id)
        next_status(session.status, SessionAction.RESUME)
        session.close_pause(self._clock())
        return self._move(session, SessionAction.RESUME)

    # -- input --------------------------------------------------------------------
    def ensure_accepting_input(self, session_id: str) -> Session:
        """Return the session if it accepts candidate input.

        Raises:
            SessionStateError: The session is not active (not started, paused or ended).
            NotFoundError: No such session.
        """
        session = self.get(session_id)
        session.check_accepting_input()
        return session

    def save_whiteboard(self, session_id: str, canvas_json: dict[str, Any]) -> None:
        """Persist the current drawing.

        Raises:
            SessionStateError: The session has ended.
            ValidationError: The drawing is not canvas JSON.
        """
        session = self.get(session_id)
        if is_ended(session.status):
            raise SessionStateError("This interview has ended; the whiteboard can't be changed.")
        if not isinstance(canvas_json, dict):
            raise ValidationError("The whiteboard drawing is not valid canvas JSON.")
        self._media.save_whiteboard_state(session_id, canvas_json)

    # -- ending -------------------------------------------------------------------
    def end(
        self,
        session_id: str,
        final_canvas: dict[str, Any] | None = None,
        creds: ProviderCredentials | None = None,
        background: bool = False,
    ) -> Evaluation:
        """End a session: refuse input, keep the recording, evaluate, complete.

        With ``background`` the evaluation is queued as a job and a *queued*
        placeholder is returned (see :attr:`ending`).

        Idempotent, also across tabs and processes: exactly one caller evaluates, every
        other one gets the same stored evaluation (see :mod:`.ending`). Ending a
        completed session returns its stored evaluation. If the evaluation fails the
        session is completed anyway, with a pending evaluation (see
        :meth:`retry_evaluation`).

        Raises:
            SessionStateError: The session was never started, or it is still being
                ended in another process after the wait.
            NotFoundError: No such session.
        """
        return self._ending.end(session_id, final_canvas, creds, background)

    @property
    def ending(self) -> SessionEnding:
        """The once-only end of sessions (the evaluation job runs through it)."""
        return self._ending

    def retry_evaluation(
        self, session_id: str, creds: ProviderCredentials | None = None
    ) -> Evaluation:
        """Re-run the evaluation of an ended session (after a failure, or to refresh it).

        Waits for an end in progress in this process, so it never evaluates alongside it.

        Raises:
            SessionStateError: The session has not ended.
            InterviewPlatformError: The evaluation failed again (it stays pending).
        """
        evaluation = self._ending.retry(session_id, creds)
        if evaluation.status is EvaluationStatus.PENDING:
            reason = self.get(session_id).metadata.get("evaluation_error", "unknown error")
            raise InterviewPlatformError(f"The evaluation could not be generated: {reason}")
        return evaluation
