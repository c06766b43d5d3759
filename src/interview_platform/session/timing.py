"""Interview time: elapsed seconds excluding pauses, tracked in session metadata.

Pauses are kept as ``metadata["pauses"] = [{"start": iso, "end": iso | None}, ...]``
so the timer survives a browser refresh or a restart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from interview_platform.models import Session

PAUSES_KEY = "pauses"


def _pauses(session: Session) -> list[dict[str, Any]]:
    raw = session.metadata.get(PAUSES_KEY)
    return [p for p in raw if isinstance(p, dict)] if isinstance(raw, list) else []


def open_pause(session: Session, now: datetime) -> None:
    """Record the start of a pause."""
    session.metadata[PAUSES_KEY] = [*_pauses(session), {"start": now.isoformat(), "end": None}]


def close_pause(session: Session, now: datetime) -> None:
    """Close the open pause, if any."""
    pauses = _pauses(session)
    for pause in pauses:
        if pause.get("end") is None:
            pause["end"] = now.isoformat()
    session.metadata[PAUSES_KEY] = pauses


def paused_seconds(session: Session, now: datetime) -> float:
    """Total paused time; an open pause counts up to ``now``."""
    total = 0.0
    for pause in _pauses(session):
        start = datetime.fromisoformat(str(pause["start"]))
        end = datetime.fromisoformat(str(pause["end"])) if pause.get("end") else now
        total += max(0.0, (end - start).total_seconds())
    return total


def elapsed_seconds(session: Session, now: datetime) -> float:
    """Interview time so far (or in total once ended), excluding paused time."""
    if session.started_at is None:
        return 0.0
    until = session.ended_at or now
    return max(0.0, (until - session.started_at).total_seconds() - paused_seconds(session, until))
