"""Token pricing without a database: Decimal arithmetic, unknown models, formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from interview_platform.config import ModelPrice, PricingSettings
from interview_platform.exceptions import ValidationError
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import Operation, TokenSummary
from tests.unit.repository_fakes import InMemoryUsage

PRICING = PricingSettings(
    models={
        "gpt-4o": ModelPrice(
            input_per_million=Decimal("2.50"), output_per_million=Decimal("10.00")
        ),
        "gpt-4o-mini": ModelPrice(
            input_per_million=Decimal("0.15"), output_per_million=Decimal("0.60")
        ),
        "claude-sonnet-4-5": ModelPrice(
            input_per_million=Decimal("3"), output_per_million=Decimal("15")
        ),
    },
    audio_per_minute={"whisper-1": Decimal("0.006")},
)


@pytest.fixture()
def rows() -> InMemoryUsage:
    return InMemoryUsage()


@pytest.fixture()
def tracker(rows: InMemoryUsage) -> TokenTracker:
    return TokenTracker(rows, PRICING)


def test_known_model_is_priced_exactly(tracker: TokenTracker) -> None:
    # 123,456 * 2.50 / 1M = 0.308640 ; 7,890 * 10.00 / 1M = 0.078900
    assert tracker.price("gpt-4o", 123_456, 7_890) == Decimal("0.387540")
    assert tracker.price("gpt-4o-mini", 1_000_000, 1_000_000) == Decimal("0.750000")
    assert tracker.price("claude-sonnet-4-5", 1, 1) == Decimal("0.000018")
    assert tracker.price("gpt-4o", 0, 0) == Decimal("0")


def test_rounding_is_half_up_to_millionths(tracker: TokenTracker) -> None:
    # 1 token of gpt-4o-mini input = 0.00000015 -> 0.000000 ; 3 tokens = 0.00000045 -> 0.000000
    # 5 output tokens = 0.000003 exactly ; 1 output token = 0.0000006 -> 0.000001
    assert tracker.price("gpt-4o-mini", 3, 0) == Decimal("0.000000")
    assert tracker.price("gpt-4o-mini", 0, 1) == Decimal("0.000001")
    assert tracker.price("gpt-4o-mini", 0, 5) == Decimal("0.000003")


def test_dated_snapshots_use_their_base_price(tracker: TokenTracker) -> None:
    assert tracker.price("gpt-4o-2024-08-06", 1_000_000, 0) == Decimal("2.500000")
    assert tracker.price("claude-sonnet-4-5-20250929", 0, 1_000_000) == Decimal("15.000000")
    assert tracker.is_priced("gpt-4o-latest")
    # A different model sharing a prefix is not mistaken for the cheaper/dearer one.
    assert tracker.price("gpt-4o-realtime", 10, 10) is None


def test_unknown_model_is_unknown_not_free(tracker: TokenTracker, rows: InMemoryUsage) -> None:
    assert tracker.price("llama3.1", 100, 100) is None
    assert not tracker.is_priced("llama3.1")
    usage = tracker.record(
        session_id="s",
        provider="openai_compatible",
        model="llama3.1",
        operation=Operation.QUESTION_GENERATION,
        input_tokens=100,
        output_tokens=20,
    )
    assert usage.cost_usd is None
    assert rows.rows == [usage]


def test_offline_engine_costs_exactly_zero(tracker: TokenTracker) -> None:
    usage = tracker.record(
        session_id=None,
        provider="offline",
        model="rubric-interviewer",
        operation=Operation.EVALUATION,
        input_tokens=500,
        output_tokens=300,
    )
    assert usage.cost_usd == Decimal("0")
    audio = tracker.record_audio(
        session_id="s", provider="offline", model="pocketsphinx", seconds=9
    )
    assert audio.cost_usd == Decimal("0")


def test_record_stores_what_was_priced(tracker: TokenTracker, rows: InMemoryUsage) -> None:
    usage = tracker.record(
        session_id="s1",
        provider="openai",
        model="gpt-4o",
        operation=Operation.RESPONSE_ANALYSIS,
        input_tokens=123_456,
        output_tokens=7_890,
    )
    assert (usage.session_id, usage.provider, usage.model) == ("s1", "openai", "gpt-4o")
    assert usage.operation is Operation.RESPONSE_ANALYSIS
    assert (usage.input_tokens, usage.output_tokens) == (123_456, 7_890)
    assert usage.cost_usd == Decimal("0.387540")
    assert rows.rows == [usage]


def test_audio_is_priced_per_minute(tracker: TokenTracker) -> None:
    usage = tracker.record_audio(session_id="s", provider="openai", model="whisper-1", seconds=90)
    assert usage.cost_usd == Decimal("0.009000")
    assert usage.operation is Operation.TRANSCRIPTION
    assert (usage.input_tokens, usage.output_tokens) == (0, 0)
    odd = tracker.record_audio(session_id="s", provider="openai", model="whisper-1", seconds=2.5)
    assert odd.cost_usd == Decimal("0.000250")
    unknown = tracker.record_audio(session_id="s", provider="openai", model="gpt-x", seconds=1)
    assert unknown.cost_usd is None


@pytest.mark.parametrize(
    ("inp", "out"), [(-1, 0), (0, -5), (1.5, 0), ("10", 0), (True, 0), (0, None)]
)
def test_bad_token_counts_are_rejected(
    tracker: TokenTracker, rows: InMemoryUsage, inp: object, out: object
) -> None:
    with pytest.raises(ValidationError):
        tracker.record(
            session_id="s",
            provider="openai",
            model="gpt-4o",
            operation=Operation.EVALUATION,
            input_tokens=inp,  # type: ignore[arg-type]
            output_tokens=out,  # type: ignore[arg-type]
        )
    assert rows.rows == []


def test_bad_inputs_are_rejected(tracker: TokenTracker) -> None:
    with pytest.raises(ValidationError, match="operation"):
        tracker.record(
            session_id="s",
            provider="openai",
            model="gpt-4o",
            operation="chitchat",  # type: ignore[arg-type]
            input_tokens=1,
            output_tokens=1,
        )
    with pytest.raises(ValidationError):
        tracker.record(
            session_id="s",
            provider="",
            model="gpt-4o",
            operation=Operation.EVALUATION,
            input_tokens=1,
            output_tokens=1,
        )
    for seconds in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValidationError):
            tracker.record_audio(
                session_id="s", provider="openai", model="whisper-1", seconds=seconds
            )


def test_format_cost_says_when_calls_are_unpriced() -> None:
    assert TokenTracker.format_cost(TokenSummary(cost_usd=Decimal("0.0123"))) == "$0.0123"
    assert TokenTracker.format_cost(TokenSummary(cost_usd=Decimal("0.387540"))) == "$0.3875"
    assert TokenTracker.format_cost(TokenSummary()) == "$0.0000"
    one = TokenSummary(cost_usd=Decimal("1.5"), calls=3, unpriced_calls=1)
    assert TokenTracker.format_cost(one) == "$1.5000 + 1 unpriced call"
    two = TokenSummary(cost_usd=Decimal("0.0123"), calls=5, unpriced_calls=2)
    assert TokenTracker.format_cost(two) == "$0.0123 + 2 unpriced calls"
