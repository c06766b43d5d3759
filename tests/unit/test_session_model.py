"""The session's own rules: who may answer, and interview time without the pauses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from interview_platform.exceptions import SessionStateError
from interview_platform.model_values import is_id, new_id
from interview_platform.models import Session, SessionStatus

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _session(status: SessionStatus = SessionStatus.ACTIVE) -> Session:
    return Session("cand", "offline", "rubric", status=status, started_at=T0)


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (SessionStatus.CREATED, "not started yet; start it first"),
        (SessionStatus.PAUSED, "paused; resume it to continue"),
        (SessionStatus.ENDING, "has ended; no more input"),
        (SessionStatus.COMPLETED, "has ended; no more input"),
    ],
)
def test_only_an_active_session_accepts_input(status: SessionStatus, reason: str) -> None:
    session = _session(status)
    assert not session.accepts_input
    with pytest.raises(SessionStateError, match=reason):
        session.check_accepting_input()
    active = _session()
    assert active.accepts_input
    active.check_accepting_input()


def test_elapsed_time_leaves_out_pauses_and_counts_an_open_pause_up_to_now() -> None:
    session = _session()
    session.open_pause(T0 + timedelta(minutes=10))
    session.close_pause(T0 + timedelta(minutes=15))
    assert session.elapsed_seconds(T0 + timedelta(minutes=20)) == 15 * 60
    session.open_pause(T0 + timedelta(minutes=20))
    assert session.elapsed_seconds(T0 + timedelta(minutes=30)) == 15 * 60
    assert session.metadata["pauses"][-1] == {"start": "2026-03-01T09:20:00+00:00", "end": None}


def test_an_ended_session_stops_its_clock_and_an_unstarted_one_has_none() -> None:
    session = _session(SessionStatus.COMPLETED)
    session.ended_at = T0 + timedelta(minutes=40)
    assert session.elapsed_seconds(T0 + timedelta(hours=5)) == 40 * 60
    assert Session("cand", "offline", "rubric").elapsed_seconds(T0) == 0.0


def test_damaged_pause_entries_are_skipped() -> None:
    session = _session()
    session.metadata["pauses"] = [
        "not a pause",
        {"start": "2026-03-01T09:05:00+00:00", "end": None},
    ]
    assert session.elapsed_seconds(T0 + timedelta(minutes=10)) == 5 * 60


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (new_id(), True),
        (new_id().upper(), False),  # only the canonical spelling new_id writes
        ("../../etc/passwd", False),
        ("\x00" * 36, False),
        ("4b1c2f1e00004000800000000000000000000", False),
        (None, False),
        ("", False),
    ],
)
def test_only_canonical_ids_are_ids(value: object, ok: bool) -> None:
    assert is_id(value) is ok
