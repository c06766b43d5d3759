"""Token tracking with the real data store: exact costs, totals, unknown models."""

from __future__ import annotations

from decimal import Decimal

import pytest

from interview_platform.config import BudgetSettings, ModelPrice, PricingSettings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.llm.budget import BudgetGuard
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import Candidate, Operation, Session

pytestmark = pytest.mark.integration

PRICING = PricingSettings(
    models={
        "gpt-4o": ModelPrice(
            input_per_million=Decimal("2.50"), output_per_million=Decimal("10.00")
        ),
        "claude-sonnet-4-5": ModelPrice(
            input_per_million=Decimal("3.00"), output_per_million=Decimal("15.00")
        ),
    },
    audio_per_minute={"whisper-1": Decimal("0.006")},
)


@pytest.fixture()
def session_id(store: PostgresDataStore) -> str:
    candidate = store.candidates.create_candidate(Candidate(name="Grace"))
    return store.sessions.create_session(
        Session(candidate.id, provider="openai", model="gpt-4o")
    ).id


def test_costs_are_exact_and_summed_per_session_and_operation(
    store: PostgresDataStore, session_id: str
) -> None:
    tracker = TokenTracker(store.usage, PRICING)
    calls = [
        ("openai", "gpt-4o", Operation.QUESTION_GENERATION, 123_456, 7_890),  # 0.387540
        ("openai", "gpt-4o", Operation.QUESTION_GENERATION, 1_000, 500),  # 0.007500
        ("anthropic", "claude-sonnet-4-5", Operation.EVALUATION, 20_000, 3_000),  # 0.105000
        ("openai_compatible", "llama3.1", Operation.RESPONSE_ANALYSIS, 800, 200),  # unknown
        ("offline", "rubric-interviewer", Operation.RESPONSE_ANALYSIS, 400, 100),  # free
    ]
    for provider, model, op, inp, out in calls:
        tracker.record(
            session_id=session_id,
            provider=provider,
            model=model,
            operation=op,
            input_tokens=inp,
            output_tokens=out,
        )
    tracker.record_audio(session_id=session_id, provider="openai", model="whisper-1", seconds=30)

    summary = tracker.session_summary(session_id)
    assert summary.calls == 6
    assert summary.unpriced_calls == 1
    assert summary.input_tokens == 123_456 + 1_000 + 20_000 + 800 + 400
    assert summary.output_tokens == 7_890 + 500 + 3_000 + 200 + 100
    assert summary.cost_usd == Decimal("0.387540") + Decimal("0.0075") + Decimal("0.105") + Decimal(
        "0.003"
    )
    assert tracker.format_cost(summary) == "$0.5030 + 1 unpriced call"
    budget = BudgetGuard(tracker, BudgetSettings(per_session_usd=Decimal("2.00")))
    assert budget.status(session_id).remaining == Decimal("1.496960")

    parts = tracker.by_operation(session_id)
    assert parts[Operation.QUESTION_GENERATION].cost_usd == Decimal("0.395040")
    assert parts[Operation.QUESTION_GENERATION].calls == 2
    assert parts[Operation.EVALUATION].cost_usd == Decimal("0.105")
    analysis = parts[Operation.RESPONSE_ANALYSIS]
    assert (analysis.calls, analysis.unpriced_calls, analysis.cost_usd) == (2, 1, Decimal("0"))
    assert parts[Operation.TRANSCRIPTION].cost_usd == Decimal("0.003")
    assert sum(p.calls for p in parts.values()) == summary.calls
    assert sum(p.cost_usd for p in parts.values()) == summary.cost_usd
    assert sum(p.input_tokens for p in parts.values()) == summary.input_tokens


def test_unknown_model_cost_is_stored_as_unknown(store: PostgresDataStore, session_id: str) -> None:
    tracker = TokenTracker(store.usage, PRICING)
    tracker.record(
        session_id=session_id,
        provider="openai",
        model="gpt-9-preview",
        operation=Operation.EVALUATION,
        input_tokens=10,
        output_tokens=10,
    )
    summary = tracker.session_summary(session_id)
    assert (summary.calls, summary.unpriced_calls, summary.cost_usd) == (1, 1, Decimal("0"))
    assert tracker.format_cost(summary) == "$0.0000 + 1 unpriced call"


def test_empty_session_has_zero_totals(store: PostgresDataStore, session_id: str) -> None:
    tracker = TokenTracker(store.usage, PRICING)
    summary = tracker.session_summary(session_id)
    assert (summary.calls, summary.cost_usd, summary.unpriced_calls) == (0, Decimal("0"), 0)
    assert tracker.by_operation(session_id) == {}
