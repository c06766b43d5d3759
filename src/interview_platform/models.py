"""Domain model: plain, typed dataclasses and enums shared by every layer.

These objects carry no behaviour that touches the outside world; the data
store maps them to rows, the UI renders them and the services pass them
around. (De)serialisation of nested objects goes through
:func:`to_jsonable` / :func:`from_jsonable` (pydantic ``TypeAdapter``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import TypeAdapter

from interview_platform.evaluation_models import (
    CompetencyScore,
    Confidence,
    Evaluation,
    EvaluationStatus,
    Evidence,
    FeedbackItem,
    ImprovementStep,
)

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
    "MessageRole",
    "Operation",
    "Resume",
    "ResumeData",
    "Session",
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


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def new_id() -> str:
    """Return a new random identifier (UUID4 as a string)."""
    return str(uuid.uuid4())


class ExperienceLevel(StrEnum):
    """Seniority used to pick problems and calibrate expectations."""

    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"


class SessionStatus(StrEnum):
    """Lifecycle states of an interview session."""

    CREATED = "created"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDING = "ending"
    COMPLETED = "completed"


class CommunicationMode(StrEnum):
    """Ways a candidate communicates; text is always on."""

    TEXT = "text"
    AUDIO = "audio"
    VIDEO = "video"
    WHITEBOARD = "whiteboard"
    SCREEN_SHARE = "screen_share"


class MessageRole(StrEnum):
    """Who produced a conversation message."""

    INTERVIEWER = "interviewer"
    CANDIDATE = "candidate"
    SYSTEM = "system"


class MediaKind(StrEnum):
    """Kinds of files kept on disk; each has its own sub-folder per session."""

    AUDIO = "audio"
    VIDEO = "video"
    WHITEBOARD = "whiteboard"
    SCREEN = "screen"
    TRANSCRIPT = "transcripts"


class Operation(StrEnum):
    """What an AI call was made for (token accounting)."""

    QUESTION_GENERATION = "question_generation"
    RESPONSE_ANALYSIS = "response_analysis"
    WHITEBOARD_ANALYSIS = "whiteboard_analysis"
    SCREEN_ANALYSIS = "screen_analysis"
    EVALUATION = "evaluation"
    RESUME_PARSING = "resume_parsing"
    TRANSCRIPTION = "transcription"


@dataclass
class Candidate:
    """A person who takes interviews; sessions and resumes are scoped to one."""

    name: str
    email: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)


@dataclass
class WorkExperience:
    """One position from a resume."""

    title: str
    company: str = ""
    start: str = ""
    end: str = ""
    years: float = 0.0
    description: str = ""


@dataclass
class Education:
    """One education entry from a resume."""

    institution: str
    degree: str = ""
    year: str = ""


@dataclass
class ResumeData:
    """Structured content parsed from a resume; ``raw_text`` is kept verbatim."""

    raw_text: str
    name: str = ""
    email: str = ""
    experience_level: ExperienceLevel = ExperienceLevel.MID
    years_experience: float = 0.0
    domain_expertise: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    work_experience: list[WorkExperience] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    parser: str = "offline"


@dataclass
class Resume:
    """A stored resume of a candidate."""

    candidate_id: str
    filename: str
    data: ResumeData
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)


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
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Message:
    """A conversation turn. ``metadata`` holds e.g. audio file ids or notices."""

    session_id: str
    role: MessageRole
    content: str
    mode: CommunicationMode = CommunicationMode.TEXT
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)
    metadata: dict[str, Any] = field(default_factory=dict)


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
