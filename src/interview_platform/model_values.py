"""The values every record uses: identifiers, the clock and the enumerations.

Re-exported by :mod:`interview_platform.models`; kept apart so the record modules
beside it (:mod:`~interview_platform.resume_models`, ...) can use them without
importing ``models`` back.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def new_id() -> str:
    """Return a new random identifier (UUID4 as a string)."""
    return str(uuid.uuid4())


def is_id(value: object) -> bool:
    """Whether ``value`` is an identifier as :func:`new_id` writes them (canonical UUID).

    Ids from URLs are checked with this before they reach the database, so
    ``../../etc/passwd`` or a NUL byte is "not found", not a driver error.
    """
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


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
    SPEECH = "speech"  # the interviewer's replies read aloud (text-to-speech)
