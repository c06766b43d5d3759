"""Domain model: plain, typed dataclasses and enums shared by every layer.

These objects carry no behaviour that touches the outside world; the data
store maps them to rows, the UI renders them and the services pass them
around. A session knows its own rules (whether it accepts input, how long it
has run). (De)serialisation of nested objects goes through
:func:`to_jsonable` / :func:`from_jsonable` (pydantic ``TypeAdapter``).

The records are split by meaning and re-exported here: identifiers, the clock
and the enums in :mod:`~interview_platform.model_values`, resumes in
:mod:`~interview_platform.resume_models`, evaluation reports in
:mod:`~interview_platform.evaluation_models`; the keys of the free-form metadata
in :mod:`~interview_platform.session_metadata` and
:mod:`~interview_platform.message_metadata`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import TypeAdapter

from interview_platform import session_metadata
from interview_platform.evaluation_models import (
    CompetencyScore,
    Confidence,
    Evaluation,
    EvaluationStatus,
    Evidence,
    FeedbackItem,
    ImprovementStep,
)
from interview_platform.exceptions import SessionStateError
from interview_platform.message_metadata import MessageMetadata
from interview_platform.model_values import (
    CommunicationMode,
    ExperienceLevel,
    MediaKind,
    MessageRole,
    Operation,
    SessionStatus,
    new_id,
    utcnow,
)
from interview_platform.resume_models import Education, Resume, ResumeData, WorkExperience
from interview_platform.session_metadata import SessionMetadata

T = TypeVar("T")

__all__ = [
    "AuditEvent",
    "Candidate",
    "CommunicationMode",
    "CompetencyScore",
    "Confidence",
    "Education",
    "Evaluation",
    "EvaluationStatus",
    "Evidence",
    "ExperienceLevel",
    "FeedbackItem",
    "ImprovementStep",
    "MediaFile",
    "MediaKind",
    "Message",
    "MessageMetadata",
    "MessageRole",
    "Operation",
    "Resume",
    "ResumeData",
    "Session",
    "SessionMetadata",
    "SessionStatus",
    "TokenSummary",
    "TokenUsage",
    "WhiteboardSnapshot",
    "WorkExperience",
    "from_jsonable",
    "new_id",
    "to_jsonable",
    "utcnow",
]


@dataclass
class Candidate:
    """A person who takes interviews; sessions and resumes are scoped to one."""

    name: str
    email: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)
    account_id: str | None = None  # the owning account (None: made before accounts)


_INPUT_REFUSALS = {
    SessionStatus.CREATED: "This interview has not started yet; start it first.",
    SessionStatus.PAUSED: "This interview is paused; resume it to continue.",
    SessionStatus.ENDING: "This interview has ended; no more input is accepted.",
    SessionStatus.COMPLETED: "This interview has ended; no more input is accepted.",
}


@dataclass
class Session:
    """One interview. Per-interview state lives in the database, not the browser."""

    candidate_id: str
    provider: str
    model: str
    modes: list[CommunicationMode] = field(default_factory=lambda: [CommunicationMode.TEXT])
    problem_id: str | None = None
    problem_text: str = ""
    level: ExperienceLevel = ExperienceLevel.MID
    planned_minutes: int = 45
    resume_id: str | None = None
    status: SessionStatus = SessionStatus.CREATED
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)
    started_at: datetime | None = None
    ended_at: datetime | None = None
    metadata: SessionMetadata = field(default_factory=SessionMetadata)

    @property
    def accepts_input(self) -> bool:
        """Whether the candidate may answer now (only an active interview takes input)."""
        return self.status is SessionStatus.ACTIVE

    def check_accepting_input(self) -> None:
        """Raise unless the session accepts candidate input.

        Raises:
            SessionStateError: With the reason input is refused (not started, paused, ended).
        """
        if not self.accepts_input:
            raise SessionStateError(_INPUT_REFUSALS[self.status])

    def elapsed_seconds(self, now: datetime) -> float:
        """Interview time so far (or in total once ended), excluding paused time."""
        if self.started_at is None:
            return 0.0
        until = self.ended_at or now
        paused = session_metadata.paused_seconds(self.metadata, until)
        return max(0.0, (until - self.started_at).total_seconds() - paused)

    def open_pause(self, now: datetime) -> None:
        """Start a pause at ``now`` (paused time does not count)."""
        session_metadata.open_pause(self.metadata, now)

    def close_pause(self, now: datetime) -> None:
        """End the open pause, if any, at ``now``."""
        session_metadata.close_pause(self.metadata, now)


@dataclass
class Message:
    """A conversation turn; :class:`MessageMetadata` lists what ``metadata`` may hold."""

    session_id: str
    role: MessageRole
    content: str
    mode: CommunicationMode = CommunicationMode.TEXT
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)
    metadata: MessageMetadata = field(default_factory=MessageMetadata)


@dataclass
class MediaFile:
    """A file kept on disk for a session, with its size and SHA-256 checksum."""

    session_id: str
    kind: MediaKind
    path: str
    size_bytes: int
    sha256: str
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class WhiteboardSnapshot:
    """A PNG snapshot of the whiteboard and the canvas objects it showed."""

    session_id: str
    media_file_id: str
    object_count: int = 0
    canvas_json: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)


@dataclass
class TokenUsage:
    """Tokens of one AI call; ``cost_usd`` is None when the model's price is unknown."""

    session_id: str | None
    provider: str
    model: str
    operation: Operation
    input_tokens: int
    output_tokens: int
    cost_usd: Decimal | None = None
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)


@dataclass
class TokenSummary:
    """Aggregated usage; ``unpriced_calls`` counts calls whose cost is unknown."""

    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: Decimal = Decimal("0")
    calls: int = 0
    unpriced_calls: int = 0


@dataclass
class AuditEvent:
    """A row of the audit log (user actions, AI calls, errors)."""

    level: str
    component: str
    action: str
    message: str
    session_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)


def to_jsonable(obj: Any) -> Any:
    """Convert a dataclass (or list/dict of them) to JSON-compatible Python data."""
    return TypeAdapter(type(obj)).dump_python(obj, mode="json")


def from_jsonable(cls: type[T], data: Any) -> T:
    """Build ``cls`` (a dataclass) from JSON-compatible data, validating it."""
    return TypeAdapter(cls).validate_python(data)
