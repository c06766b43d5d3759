"""Starting an interview: the problem (tailored, chosen or own), the session, the clock."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import SecretStr

from interview_platform.application.access import CANDIDATE_NOT_FOUND, Access
from interview_platform.database.ports import SessionRepository
from interview_platform.exceptions import ValidationError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import CommunicationMode, ExperienceLevel, Resume, Session
from interview_platform.problems.tailor import ProblemTailor
from interview_platform.session.session_manager import SessionManager
from interview_platform.session.setup_checks import MIN_PROBLEM_CHARS

Stage = Literal["tailoring", "preparing"]
Progress = Callable[[Stage], AbstractContextManager[object]]
OWN_PROBLEM_TOO_SHORT = "Describe your own problem in a sentence or two, or pick one from the list."


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
    """

    session: Session
    notice: str | None = None


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
    """

    def __init__(
        self,
        sessions: SessionManager,
        store: SessionRepository,
        tailor: ProblemTailor,
        access: Access,
        check_url: Callable[[str], None] = lambda url: None,
    ) -> None:
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
            with progress("tailoring"):
                problem = self._tailored(request, request.resume)
        with progress("preparing"):
            session = self._create(request, problem)
            if request.base_url:
                # Not a secret: lets a refreshed browser reach the same local server.
                session.metadata["base_url"] = request.base_url
                self._store.update_session(session)
            session = self._sessions.start(session.id)
        return StartResult(session, problem.notice)

    def _tailored(self, request: StartRequest, resume: Resume) -> _Problem:
        creds = self._access.limit(request.credentials()) or request.credentials()
        result = self._tailor.tailor(creds, resume.data, request.level)
        if result.fallback_reason:
            notice = (
                f"Couldn't generate a tailored problem ({result.fallback_reason}); "
                f"using {result.problem.title} from the bank."
            )
            return _Problem(result.template_id, None, notice)
        return _Problem(result.problem.id, result.source_document)

    def _create(self, request: StartRequest, problem: _Problem) -> Session:
        return self._sessions.create(
            candidate_id=request.candidate_id,
            provider=request.provider,
            model=request.model,
            modes=request.modes,
            level=request.level,
            problem_id=problem.problem_id,
            problem_text=request.problem_text,
            planned_minutes=request.minutes,
            resume_id=request.resume.id if request.resume else None,
            tailored_problem=problem.document,
        )
