"""The persistence ports: one small protocol per aggregate.

Each service takes only the repositories it uses (a token tracker takes
:class:`UsageRepository`, file storage takes :class:`MediaRepository`...). The
PostgreSQL implementations live beside this module (``candidates.py``,
``sessions.py``...) and are exposed as attributes of
:class:`~interview_platform.database.postgres_store.PostgresDataStore`; unit tests
implement these protocols with small in-memory fakes. Every method returns domain
objects from :mod:`interview_platform.models` and raises
:class:`~interview_platform.exceptions.DataStoreError` (or a subclass) on failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from interview_platform.models import (
    AuditEvent,
    Candidate,
    Evaluation,
    MediaFile,
    MediaKind,
    Message,
    Operation,
    Resume,
    ResumeData,
    Session,
    SessionStatus,
    TokenSummary,
    TokenUsage,
    WhiteboardSnapshot,
)


class CandidateRepository(Protocol):
    """Candidates and their resumes."""

    def create_candidate(self, candidate: Candidate) -> Candidate:
        """Insert a candidate and return it."""

    def get_candidate(self, candidate_id: str) -> Candidate | None:
        """Return the candidate or None."""

    def list_candidates(self, account_id: str | None = None) -> list[Candidate]:
        """Return the account's candidates (every candidate when None), by name."""

    def save_resume(self, candidate_id: str, filename: str, data: ResumeData) -> Resume:
        """Store a parsed resume for a candidate and return it."""

    def get_resume(self, resume_id: str) -> Resume | None:
        """Return a resume by id or None."""

    def get_latest_resume(self, candidate_id: str) -> Resume | None:
        """Return the candidate's newest resume or None."""


class SessionRepository(Protocol):
    """Interview sessions."""

    def create_session(self, session: Session) -> Session:
        """Insert a new session and return it."""

    def get_session(self, session_id: str) -> Session | None:
        """Return the session or None."""

    def list_sessions(
        self,
        candidate_id: str | None = None,
        statuses: Sequence[SessionStatus] | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[Session]:
        """Return sessions newest first, optionally filtered, one page at a time."""

    def count_sessions(
        self, candidate_id: str | None = None, statuses: Sequence[SessionStatus] | None = None
    ) -> int:
        """Count the sessions :meth:`list_sessions` would page through."""

    def update_session(self, session: Session) -> Session:
        """Persist status, timestamps, modes and metadata of an existing session."""

    def claim_end(self, session: Session) -> Session | None:
        """Persist ``session`` (prepared as ENDING) only if the stored one is active or paused.

        Returns the stored session, or None when another caller moved it first.
        """


class ConversationRepository(Protocol):
    """The messages of a session's conversation."""

    def append_message(self, message: Message) -> Message:
        """Append a message to its session's conversation (durable on return)."""

    def append_if_active(self, message: Message) -> bool:
        """Append a message only while its session is active; True when it was stored."""

    def get_messages(self, session_id: str, limit: int | None = None) -> list[Message]:
        """Return the conversation oldest first; with ``limit``, only the newest N."""

    def count_messages(self, session_id: str) -> int:
        """Return the number of messages of a session."""


@dataclass(frozen=True)
class StoredDrawing:
    """A saved whiteboard drawing with the version that every save bumps.

    Attributes:
        canvas: The drawing (fabric.js JSON).
        version: The save count; a tab saves only over the version it loaded.
    """

    canvas: dict[str, Any]
    version: int


class MediaRepository(Protocol):
    """The whiteboard (live drawing and snapshots) and the media files of a session."""

    def save_whiteboard_state(self, session_id: str, canvas_json: dict[str, Any]) -> None:
        """Upsert the current canvas drawing (fabric.js JSON) of a session."""

    def save_whiteboard_if_version(
        self, session_id: str, canvas_json: dict[str, Any], expected: int
    ) -> int | None:
        """Save the drawing only over version ``expected``; return the new version or None."""

    def get_whiteboard_state(self, session_id: str) -> dict[str, Any] | None:
        """Return the saved canvas drawing or None."""

    def get_whiteboard_drawing(self, session_id: str) -> StoredDrawing | None:
        """Return the saved drawing with its version, or None."""

    def add_whiteboard_snapshot(self, snapshot: WhiteboardSnapshot) -> WhiteboardSnapshot:
        """Record a whiteboard snapshot (its PNG is a media file)."""

    def list_whiteboard_snapshots(self, session_id: str) -> list[WhiteboardSnapshot]:
        """Return the snapshots of a session, oldest first."""

    def add_media_file(self, media: MediaFile) -> MediaFile:
        """Record a file kept on disk for a session."""

    def list_media_files(self, session_id: str, kind: MediaKind | None = None) -> list[MediaFile]:
        """Return a session's media files, oldest first, optionally of one kind."""

    def get_media_file(self, media_id: str) -> MediaFile | None:
        """Return one media file record or None."""


class EvaluationRepository(Protocol):
    """The evaluation report of each session."""

    def save_evaluation(self, evaluation: Evaluation) -> Evaluation:
        """Upsert the evaluation of a session."""

    def get_evaluation(self, session_id: str) -> Evaluation | None:
        """Return the evaluation of a session or None."""

    def list_evaluations(self, candidate_id: str) -> list[Evaluation]:
        """Return the candidate's completed evaluations, oldest first (for progress)."""


class UsageRepository(Protocol):
    """Token usage of AI calls."""

    def record_token_usage(self, usage: TokenUsage) -> TokenUsage:
        """Store the usage of one AI call."""

    def get_token_summary(self, session_id: str) -> TokenSummary:
        """Return the totals of a session."""

    def get_token_usage_by_operation(self, session_id: str) -> dict[Operation, TokenSummary]:
        """Return the totals of a session per operation."""


class AuditRepository(Protocol):
    """The audit log."""

    def write_audit_events(self, events: Sequence[AuditEvent]) -> None:
        """Insert audit events in one transaction."""

    def list_audit_events(
        self, session_id: str | None = None, limit: int = 100
    ) -> list[AuditEvent]:
        """Return audit events newest first."""


@dataclass
class TurnSnapshot:
    """What an interviewer turn reads besides the conversation, as of one moment.

    Attributes:
        session: The session.
        resume: The session's resume, or None when it has none.
        canvas: The saved whiteboard drawing, or None when nothing was drawn.
        usage: The session's token totals so far (for the budget).
    """

    session: Session
    resume: Resume | None = None
    canvas: dict[str, Any] | None = None
    usage: TokenSummary = field(default_factory=TokenSummary)


class TurnReads(Protocol):
    """The read model of an interviewer turn (one round trip instead of four)."""

    def read_turn(self, session_id: str) -> TurnSnapshot | None:
        """Return the session with its resume, drawing and usage totals, or None."""


# -- holders: a consumer names the repositories it needs by combining these --------
class HasCandidates(Protocol):
    """Holds the candidate repository (as the store does)."""

    @property
    def candidates(self) -> CandidateRepository:
        """Candidates and their resumes."""


class HasSessions(Protocol):
    """Holds the session repository."""

    @property
    def sessions(self) -> SessionRepository:
        """The sessions."""


class HasConversation(Protocol):
    """Holds the conversation repository."""

    @property
    def conversation(self) -> ConversationRepository:
        """The messages of each session."""


class HasMedia(Protocol):
    """Holds the media repository."""

    @property
    def media(self) -> MediaRepository:
        """The whiteboard and the media files of each session."""


class HasEvaluations(Protocol):
    """Holds the evaluation repository."""

    @property
    def evaluations(self) -> EvaluationRepository:
        """The evaluation of each session."""


class HasUsage(Protocol):
    """Holds the token-usage repository."""

    @property
    def usage(self) -> UsageRepository:
        """Token usage and its totals."""


class HasTurns(Protocol):
    """Holds the read model of an interviewer turn."""

    @property
    def turns(self) -> TurnReads:
        """The session, resume, drawing and usage of a turn, in one read."""
