"""Mapping between domain objects and database rows.

Rows arrive as dicts (``RealDictCursor``); timestamps are returned as aware UTC
datetimes, money as :class:`~decimal.Decimal`, JSONB as plain Python data.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from psycopg2.extras import Json

from interview_platform.models import (
    AuditEvent,
    Candidate,
    CommunicationMode,
    Evaluation,
    ExperienceLevel,
    MediaFile,
    MediaKind,
    Message,
    MessageMetadata,
    MessageRole,
    Resume,
    ResumeData,
    Session,
    SessionMetadata,
    SessionStatus,
    TokenSummary,
    WhiteboardSnapshot,
    from_jsonable,
    to_jsonable,
)

Row = dict[str, Any]


def _json_default(value: Any) -> Any:
    """Make values JSON can't encode natively storable (metadata dicts are free-form)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"Cannot store a {type(value).__name__} in a JSON column")


def _dumps(value: Any) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def jsonb(value: Any) -> Json:
    """Adapt a Python value for a JSONB parameter."""
    return Json(value, dumps=_dumps)


def utc(value: datetime | None) -> datetime | None:
    """Return ``value`` as an aware UTC datetime (None stays None)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _utc(value: datetime) -> datetime:
    result = utc(value)
    assert result is not None  # columns are NOT NULL
    return result


def candidate_from_row(row: Row) -> Candidate:
    """Build a Candidate from a ``candidates`` row."""
    return Candidate(
        id=row["id"],
        name=row["name"],
        email=row["email"],
        created_at=_utc(row["created_at"]),
        account_id=row.get("account_id"),
    )


def resume_params(resume: Resume) -> Row:
    """Parameters of INSERT_RESUME; ``parsed`` holds everything but the raw text."""
    parsed = to_jsonable(resume.data)
    parsed.pop("raw_text", None)
    return {
        "id": resume.id,
        "candidate_id": resume.candidate_id,
        "filename": resume.filename,
        "raw_text": resume.data.raw_text,
        "parsed": jsonb(parsed),
        "created_at": resume.created_at,
    }


def resume_from_row(row: Row) -> Resume:
    """Build a Resume from a ``resumes`` row."""
    parsed = dict(row["parsed"])
    parsed["raw_text"] = row["raw_text"]
    return Resume(
        id=row["id"],
        candidate_id=row["candidate_id"],
        filename=row["filename"],
        data=from_jsonable(ResumeData, parsed),
        created_at=_utc(row["created_at"]),
    )


def session_params(session: Session) -> Row:
    """Parameters of INSERT_SESSION / UPDATE_SESSION."""
    return {
        "id": session.id,
        "candidate_id": session.candidate_id,
        "resume_id": session.resume_id,
        "status": session.status.value,
        "provider": session.provider,
        "model": session.model,
        "modes": [mode.value for mode in session.modes],
        "problem_id": session.problem_id,
        "problem_text": session.problem_text,
        "level": session.level.value,
        "planned_minutes": session.planned_minutes,
        "created_at": session.created_at,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "metadata": jsonb(session.metadata),
    }


def session_from_row(row: Row) -> Session:
    """Build a Session from a ``sessions`` row."""
    return Session(
        id=row["id"],
        candidate_id=row["candidate_id"],
        resume_id=row["resume_id"],
        status=SessionStatus(row["status"]),
        provider=row["provider"],
        model=row["model"],
        modes=[CommunicationMode(mode) for mode in row["modes"]],
        problem_id=row["problem_id"],
        problem_text=row["problem_text"],
        level=ExperienceLevel(row["level"]),
        planned_minutes=row["planned_minutes"],
        created_at=_utc(row["created_at"]),
        started_at=utc(row["started_at"]),
        ended_at=utc(row["ended_at"]),
        # The stored JSON is trusted to have the declared keys; readers stay defensive.
        metadata=cast(SessionMetadata, dict(row["metadata"])),
    )


def message_params(message: Message) -> Row:
    """Parameters of INSERT_MESSAGE."""
    return {
        "id": message.id,
        "session_id": message.session_id,
        "role": message.role.value,
        "content": message.content,
        "mode": message.mode.value,
        "created_at": message.created_at,
        "metadata": jsonb(message.metadata),
    }


def message_from_row(row: Row) -> Message:
    """Build a Message from a ``messages`` row."""
    return Message(
        id=row["id"],
        session_id=row["session_id"],
        role=MessageRole(row["role"]),
        content=row["content"],
        mode=CommunicationMode(row["mode"]),
        created_at=_utc(row["created_at"]),
        metadata=cast(MessageMetadata, dict(row["metadata"])),
    )


def snapshot_from_row(row: Row) -> WhiteboardSnapshot:
    """Build a WhiteboardSnapshot from a ``whiteboard_snapshots`` row."""
    return WhiteboardSnapshot(
        id=row["id"],
        session_id=row["session_id"],
        media_file_id=row["media_file_id"],
        object_count=row["object_count"],
        canvas_json=dict(row["canvas"]),
        created_at=_utc(row["created_at"]),
    )


def media_from_row(row: Row) -> MediaFile:
    """Build a MediaFile from a ``media_files`` row."""
    return MediaFile(
        id=row["id"],
        session_id=row["session_id"],
        kind=MediaKind(row["kind"]),
        path=row["path"],
        size_bytes=int(row["size_bytes"]),
        sha256=row["sha256"],
        created_at=_utc(row["created_at"]),
        metadata=dict(row["metadata"]),
    )


def evaluation_params(evaluation: Evaluation) -> Row:
    """Parameters of UPSERT_EVALUATION; the whole object is kept in ``report``."""
    return {
        "session_id": evaluation.session_id,
        "status": evaluation.status.value,
        "engine": evaluation.engine,
        "rubric_version": evaluation.rubric_version,
        "overall_score": evaluation.overall_score,
        "is_fallback": evaluation.is_fallback,
        "report": jsonb(to_jsonable(evaluation)),
        "created_at": evaluation.created_at,
    }


def evaluation_from_row(row: Row) -> Evaluation:
    """Build an Evaluation from its stored report."""
    evaluation = from_jsonable(Evaluation, row["report"])
    evaluation.created_at = _utc(row["created_at"])
    return evaluation


def summary_from_row(row: Row) -> TokenSummary:
    """Build a TokenSummary from an aggregate row."""
    return TokenSummary(
        input_tokens=int(row["input_tokens"]),
        output_tokens=int(row["output_tokens"]),
        cost_usd=Decimal(row["cost_usd"]),
        calls=int(row["calls"]),
        unpriced_calls=int(row["unpriced_calls"]),
    )


def audit_values(event: AuditEvent) -> tuple[Any, ...]:
    """One VALUES tuple of INSERT_AUDIT_VALUES."""
    return (
        event.id,
        event.created_at,
        event.level,
        event.component,
        event.action,
        event.message,
        event.session_id,
        jsonb(event.details),
    )


def audit_from_row(row: Row) -> AuditEvent:
    """Build an AuditEvent from an ``audit_logs`` row."""
    return AuditEvent(
        id=row["id"],
        created_at=_utc(row["created_at"]),
        level=row["level"],
        component=row["component"],
        action=row["action"],
        message=row["message"],
        session_id=row["session_id"],
        details=dict(row["details"]),
    )
