"""History listing, paging, counting and token accounting queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import (
    Candidate,
    Operation,
    Session,
    SessionStatus,
    TokenSummary,
    TokenUsage,
)

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _seed(store: PostgresDataStore) -> tuple[str, str, list[Session]]:
    ada = store.candidates.create_candidate(Candidate(name="Ada")).id
    bob = store.candidates.create_candidate(Candidate(name="Bob")).id
    sessions = []
    for i in range(12):
        status = SessionStatus.COMPLETED if i % 3 else SessionStatus.ACTIVE
        session = Session(
            candidate_id=ada if i % 2 == 0 else bob,
            provider="offline",
            model="m",
            status=status,
            created_at=T0 + timedelta(hours=i),
        )
        sessions.append(store.sessions.create_session(session))
    return ada, bob, sessions


def test_sessions_listed_newest_first_with_paging(store: PostgresDataStore) -> None:
    _, _, sessions = _seed(store)
    newest_first = [s.id for s in reversed(sessions)]
    assert [s.id for s in store.sessions.list_sessions(limit=5)] == newest_first[:5]
    assert [s.id for s in store.sessions.list_sessions(limit=5, offset=5)] == newest_first[5:10]
    assert [s.id for s in store.sessions.list_sessions(limit=5, offset=10)] == newest_first[10:]
    assert store.sessions.list_sessions(limit=5, offset=20) == []
    assert store.sessions.count_sessions() == 12


def test_sessions_filtered_by_candidate_and_status(store: PostgresDataStore) -> None:
    ada, bob, sessions = _seed(store)
    completed = [SessionStatus.COMPLETED]
    expected = [
        s.id
        for s in reversed(sessions)
        if s.candidate_id == ada and s.status == SessionStatus.COMPLETED
    ]
    found = store.sessions.list_sessions(candidate_id=ada, statuses=completed, limit=100)
    assert [s.id for s in found] == expected
    assert store.sessions.count_sessions(candidate_id=ada, statuses=completed) == len(expected)
    assert store.sessions.count_sessions(candidate_id=bob) == 6
    both = [SessionStatus.ACTIVE, SessionStatus.COMPLETED]
    assert store.sessions.count_sessions(statuses=both) == 12
    assert store.sessions.count_sessions(statuses=[SessionStatus.PAUSED]) == 0
    assert store.sessions.count_sessions(candidate_id="nobody") == 0
    # A filter value is data, never SQL.
    assert store.sessions.list_sessions(candidate_id="' OR '1'='1") == []


def test_token_summary_and_breakdown_count_unpriced_calls(store: PostgresDataStore) -> None:
    _, _, sessions = _seed(store)
    sid = sessions[0].id
    calls = [
        (Operation.QUESTION_GENERATION, 1000, 200, Decimal("0.0100")),
        (Operation.QUESTION_GENERATION, 500, 100, Decimal("0.0050")),
        (Operation.EVALUATION, 3000, 800, Decimal("0.035")),
        (Operation.TRANSCRIPTION, 0, 50, None),
    ]
    for op, tokens_in, tokens_out, cost in calls:
        store.usage.record_token_usage(
            TokenUsage(sid, "openai", "gpt-x", op, tokens_in, tokens_out, cost)
        )
    store.usage.record_token_usage(
        TokenUsage(None, "openai", "gpt-x", Operation.RESUME_PARSING, 9, 9, Decimal("1"))
    )

    assert store.usage.get_token_summary(sid) == TokenSummary(
        input_tokens=4500, output_tokens=1150, cost_usd=Decimal("0.0500"), calls=4, unpriced_calls=1
    )
    by_op = store.usage.get_token_usage_by_operation(sid)
    assert by_op == {
        Operation.QUESTION_GENERATION: TokenSummary(1500, 300, Decimal("0.0150"), 2, 0),
        Operation.EVALUATION: TokenSummary(3000, 800, Decimal("0.035"), 1, 0),
        Operation.TRANSCRIPTION: TokenSummary(0, 50, Decimal("0"), 1, 1),
    }
    assert store.usage.get_token_summary(sessions[1].id) == TokenSummary()
    assert store.usage.get_token_usage_by_operation("none") == {}
