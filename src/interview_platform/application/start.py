"""Starting an interview: the problem (tailored, chosen or own), the session, the clock."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import SecretStr

from interview_platform.application.access import CANDIDATE_NOT_FOUND, Access
from interview_platform.application.progress import EvaluationProgress, job_progress
from interview_platform.database.ports import SessionRepository
from interview_platform.exceptions import SessionStateError, ValidationError
from interview_platform.job_models import JobKind
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import (
    CommunicationMode,
    ExperienceLevel,
    Resume,
    Session,
    SessionStatus,
)
from interview_platform.problems.tailor import ProblemTailor
from interview_platform.session.session_manager import SessionManager
from interview_platform.session.setup_checks import MIN_PROBLEM_CHARS
from interview_platform.session.tailoring import (
    NOTICE_KEY,
    PLACEHOLDER,
    TAILORING_KEY,
    TailoringQueue,
    fallback_notice,
)

Stage = Literal["tailoring", "preparing"]
Progress = Callable[[Stage], AbstractContextManager[object]]
OWN_PROBLEM_TOO_SHORT = "Describe your own problem in a sentence or two, or pick one from the list."
STILL_TAILORING = "Your problem is still being written; the interview starts when it is ready."


def _quietly(stage: Stage) -> AbstractContextManager[object]:
    return nullcontext()


@dataclass(frozen=True)
class StartRequest:
    """Everything the setup page gathered to start an interview.

    Attributes:
        candidate_id: Who is interviewed.
        provider: Interviewer provider (``offline``, ``openai``...).
        model: Model name.
        modes: Ways to communicate (text is always among them).
        level: Level to interview at.
        minutes: Planned length.
        problem_id: A bank problem; None with ``problem_text`` or ``tailor``.
        problem_text: The candidate's own problem (when ``problem_id`` is None).
        tailor: Write a new problem from the resume (falls back to a bank problem).
        resume: The resume to interview with, if any.
        base_url: Endpoint of a local model server, kept with the session.
        api_key: Key typed in the browser (used for tailoring, never stored).
    """

    candidate_id: str
    provider: str
    model: str
    modes: list[CommunicationMode]
    level: ExperienceLevel
    minutes: int
    problem_id: str | None = None
    problem_text: str = ""
    tailor: bool = False
    resume: Resume | None = None
    base_url: str | None = None
    api_key: str = field(default="", repr=False)

    def credentials(self) -> ProviderCredentials:
        """Credentials for the tailoring call (key wrapped as a secret)."""
        key = SecretStr(self.api_key) if self.api_key else None
        return ProviderCredentials(
            provider=self.provider, model=self.model, api_key=key, base_url=self.base_url
        )


@dataclass(frozen=True)
class StartResult:
    """The started interview, and what the candidate must read before going on.

    Attributes:
        session: The session, now active.
        notice: Why a bank problem replaced the tailored one (None when nothing to say).
        queued: The problem is being written by a job: the session is CREATED, not
            started; follow :meth:`StartInterview.tailoring_progress`, then call
            :meth:`StartInterview.begin`.
    """

    session: Session
    notice: str | None = None
    queued: bool = False


@dataclass(frozen=True)
class _Problem:
    problem_id: str | None
    document: dict[str, Any] | None = None
    notice: str | None = None


class StartInterview:
    """Start an interview: tailor the problem if asked, create the session, start the clock.

    Args:
        sessions: The session lifecycle.
        store: Where the session's extra metadata (base URL) is kept.
        tailor: Writes problems from resumes.
        access: The ownership checks of the signed-in account.
        check_url: Refuses a base URL the outbound policy does not allow.
        tailoring: Queues the writing of a problem as a job (None: written in the request).
    """

    def __init__(
        self,
        sessions: SessionManager,
        store: SessionRepository,
        tailor: ProblemTailor,
        access: Access,
        check_url: Callable[[str], None] = lambda url: None,
        *,
        tailoring: TailoringQueue | None = None,
    ) -> None:
        self._tailoring = tailoring
        self._access = access
        self._check_url = check_url
        self._sessions = sessions
        self._store = store
        self._tailor = tailor

    def __call__(self, request: StartRequest, progress: Progress = _quietly) -> StartResult:
        """Start the interview described by ``request``.

        Args:
            request: What the setup page gathered.
            progress: Returns a context manager for each stage (e.g. a spinner).

        Returns:
            The active session and the notice to show, if any.

        Raises:
            ValidationError: Own problem too short; bad candidate, resume, level or modes;
                the candidate is unknown or another account's.
            OutboundRefusedError: The base URL may not be called (outbound policy).
            InterviewPlatformError: The session could not be stored or started.
        """
        if not self._access.may_see_candidate(request.candidate_id):
            raise ValidationError(CANDIDATE_NOT_FOUND)
        if request.base_url:
            self._check_url(request.base_url)  # refused: no session, nothing sent
        if request.resume is not None and request.resume.candidate_id != request.candidate_id:
            raise ValidationError("This resume belongs to another candidate profile.")
        own = request.problem_id is None and not request.tailor
        if own and len(request.problem_text) < MIN_PROBLEM_CHARS:
            raise ValidationError(OWN_PROBLEM_TOO_SHORT)
        problem = _Problem(request.problem_id)
        if request.tailor and request.resume is not None:
            creds = self._access.limit(request.credentials()) or request.credentials()
            if self._tailoring is not None and not creds.is_offline:
                return self._queue_tailoring(request, creds, progress)
            with progress("tailoring"):
                problem = self._tailored(creds, request, request.resume)
        with progress("preparing"):
            session = self._sessions.start(self._create(request, problem).id)
        return StartResult(session, problem.notice)

    def tailoring_progress(self, session_id: str) -> EvaluationProgress | None:
        """Where the job writing the session's problem stands.

        ``done`` once the problem is written (whatever the job's row still says) or when
        there was none to write; None while it waits and no job was ever queued.

        Raises:
            NotFoundError: No such session, or another account's.
        """
        self._access.session(session_id)
        if not self._sessions.get(session_id).metadata.get(TAILORING_KEY):
            return EvaluationProgress("done", 1, 1)
        queue = self._tailoring
        nudge = None if queue is None else queue.nudge
        return job_progress(queue, JobKind.TAILORING, session_id, nudge)

    def begin(self, session_id: str) -> StartResult:
        """Start the interview whose problem a job has written (once its job is over).

        Raises:
            NotFoundError: No such session, or another account's.
            SessionStateError: The problem is still being written.
        """
        self._access.session(session_id)
        session = self._sessions.get(session_id)
        if session.metadata.get(TAILORING_KEY):
            raise SessionStateError(STILL_TAILORING)
        if session.status is SessionStatus.CREATED:
            session = self._sessions.start(session_id)
        return StartResult(session, session.metadata.get(NOTICE_KEY))

    def _queue_tailoring(
        self, request: StartRequest, creds: ProviderCredentials, progress: Progress
    ) -> StartResult:
        assert self._tailoring is not None  # checked by the caller
        with progress("preparing"):
            session = self._create(request, _Problem(None), PLACEHOLDER)
            session.metadata[TAILORING_KEY] = True  # cleared by the job, in its one update
            session = self._store.update_session(session)
        self._tailoring.enqueue_tailoring(session.id, creds, request.level.value)
        return StartResult(session, queued=True)

    def _tailored(
        self, creds: ProviderCredentials, request: StartRequest, resume: Resume
    ) -> _Problem:
        result = self._tailor.tailor(creds, resume.data, request.level)
        if result.fallback_reason:
            notice = fallback_notice(result.fallback_reason, result.problem.title)
            return _Problem(result.template_id, None, notice)
        return _Problem(result.problem.id, result.source_document)

    def _create(self, request: StartRequest, problem: _Problem, text: str = "") -> Session:
        session = self._sessions.create(
            candidate_id=request.candidate_id,
            provider=request.provider,
            model=request.model,
            modes=request.modes,
            level=request.level,
            problem_id=problem.problem_id,
            problem_text=text or request.problem_text,
            planned_minutes=request.minutes,
            resume_id=request.resume.id if request.resume else None,
            tailored_problem=problem.document,
        )
        if request.base_url:
            # Not a secret: lets a refreshed browser reach the same local server.
            session.metadata["base_url"] = request.base_url
            session = self._store.update_session(session)
        return session
