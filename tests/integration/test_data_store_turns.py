"""The turn read model: one statement returns what the repositories return one by one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import (
    Candidate,
    Operation,
    ResumeData,
    Session,
    SessionStatus,
    TokenSummary,
    TokenUsage,
)

pytestmark = pytest.mark.integration


def _session(store: PostgresDataStore, resume_id: str | None = None) -> Session:
    candidate = store.candidates.create_candidate(Candidate(name="Ada"))
    if resume_id == "new":
        data = ResumeData(raw_text="Ten years of Python.", skills=["python"])
        resume_id = store.candidates.save_resume(candidate.id, "cv.pdf", data).id
    session = Session(
        candidate_id=candidate.id,
        provider="openai",
        model="gpt-4o",
        resume_id=resume_id,
        status=SessionStatus.ACTIVE,
        metadata={"pauses": [{"start": "2026-03-01T09:00:00+00:00", "end": None}]},
    )
    return store.sessions.create_session(session)


def _usage(session_id: str, cost: str | None) -> TokenUsage:
    price = Decimal(cost) if cost is not None else None
    return TokenUsage(session_id, "openai", "gpt-4o", Operation.RESPONSE_ANALYSIS, 10, 5, price)


def test_a_turn_reads_what_the_repositories_return(store: PostgresDataStore) -> None:
    session = _session(store, resume_id="new")
    canvas = {"objects": [{"type": "rect", "left": 1}], "version": "5"}
    store.media.save_whiteboard_state(session.id, canvas)
    store.usage.record_token_usage(_usage(session.id, "0.012"))
    store.usage.record_token_usage(_usage(session.id, None))

    snapshot = store.turns.read_turn(session.id)

    assert snapshot is not None
    assert snapshot.session == store.sessions.get_session(session.id)
    assert session.resume_id is not None
    assert snapshot.resume == store.candidates.get_resume(session.resume_id)
    assert snapshot.canvas == canvas == store.media.get_whiteboard_state(session.id)
    assert snapshot.usage == store.usage.get_token_summary(session.id)
    assert snapshot.usage.calls == 2 and snapshot.usage.unpriced_calls == 1


def test_a_new_session_has_no_resume_drawing_or_usage(store: PostgresDataStore) -> None:
    session = _session(store)
    snapshot = store.turns.read_turn(session.id)
    assert snapshot is not None
    assert snapshot.session == session
    assert (snapshot.resume, snapshot.canvas, snapshot.usage) == (None, None, TokenSummary())


def test_an_unknown_session_reads_as_none(store: PostgresDataStore) -> None:
    assert store.turns.read_turn("no-such-session") is None
