"""Every key a session keeps in ``Session.metadata`` (the ``sessions.metadata`` JSONB).

This module is the one home of those keys: :class:`SessionMetadata` names each key
with its type, so mypy refuses a key that is not declared here. The stored JSON is
what it always was; nothing is validated when a row is read, so readers of a key
stay defensive about its value (see :func:`pauses`).

Keys:
    pauses: The interview's pauses, oldest first; an open pause has ``end`` None.
        The timer survives a browser refresh or a restart because it lives here.
    tailored_problem: The validated document of a problem tailored to the
        candidate's resume (see :mod:`interview_platform.problems.resolution`).
    base_url: Where a local model server answers (not a secret), so a refreshed
        browser reaches the same server.
    recording: What the session recorded, counted when it ended.
    evaluation_pending: The evaluation failed; the session waits for a retry.
    evaluation_error: Why the evaluation failed (short, for people).
    tailoring: A job is still writing this session's problem from the resume
        (see :mod:`interview_platform.session.tailoring`); the session waits, CREATED.
    tailoring_notice: Why the bank template replaced the tailored problem.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict, cast

__all__ = [
    "PauseRecord",
    "RecordingInventory",
    "SessionMetadata",
    "close_pause",
    "open_pause",
    "paused_seconds",
    "pauses",
]


class PauseRecord(TypedDict):
    """One pause: ISO 8601 start and end (``end`` is None while the pause lasts)."""

    start: str
    end: str | None


class RecordingInventory(TypedDict):
    """What a session recorded, counted when it ended."""

    messages: int
    candidate_turns: int
    interviewer_turns: int
    snapshots: int
    final_drawing_objects: int
    media: dict[str, int]
    media_bytes: int


class SessionMetadata(TypedDict, total=False):
    """The keys of ``Session.metadata`` (every key is optional)."""

    pauses: list[PauseRecord]
    tailored_problem: dict[str, Any]
    base_url: str
    recording: RecordingInventory
    evaluation_pending: bool
    evaluation_error: str
    tailoring: bool
    tailoring_notice: str


def pauses(metadata: SessionMetadata) -> list[PauseRecord]:
    """The recorded pauses, skipping entries that are not pause records."""
    raw: object = metadata.get("pauses")
    if not isinstance(raw, list):
        return []
    return [cast(PauseRecord, p) for p in raw if isinstance(p, dict)]


def open_pause(metadata: SessionMetadata, now: datetime) -> None:
    """Record the start of a pause."""
    metadata["pauses"] = [*pauses(metadata), {"start": now.isoformat(), "end": None}]


def close_pause(metadata: SessionMetadata, now: datetime) -> None:
    """Close the open pause, if any."""
    records = pauses(metadata)
    for pause in records:
        if pause.get("end") is None:
            pause["end"] = now.isoformat()
    metadata["pauses"] = records


def paused_seconds(metadata: SessionMetadata, now: datetime) -> float:
    """Total paused time; an open pause counts up to ``now``."""
    total = 0.0
    for pause in pauses(metadata):
        start = datetime.fromisoformat(str(pause["start"]))
        end = datetime.fromisoformat(str(pause["end"])) if pause.get("end") else now
        total += max(0.0, (end - start).total_seconds())
    return total
