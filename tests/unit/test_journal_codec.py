"""The journal's JSON forms of replies and usage rows: exact round trips, nothing extra kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_platform.exceptions import TransientDataStoreError
from interview_platform.llm.journal_codec import (
    decode_message,
    decode_usage,
    encode_message,
    encode_usage,
)
from interview_platform.llm.write_buffer import WriteBuffer
from interview_platform.llm.write_journal import WriteJournal
from interview_platform.message_metadata import MessageMetadata
from interview_platform.models import (
    CommunicationMode,
    Message,
    MessageRole,
    Operation,
    TokenUsage,
)

_times = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
)
_text = st.text(max_size=200)  # any unicode: quotes, newlines, surrogates excluded by JSON
_metadata = st.fixed_dictionaries(
    {},
    optional={
        "phase": _text,
        "engine": _text,
        "notices": st.lists(_text, max_size=3),
        "budget_warned": st.booleans(),
        "diagram_components": st.integers(0, 10_000),
        "confidence": st.none() | st.floats(allow_nan=False, allow_infinity=False),
        "quality": st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
    },
)
_messages = st.builds(
    Message,
    session_id=_text,
    role=st.sampled_from(MessageRole),
    content=_text,
    mode=st.sampled_from(CommunicationMode),
    id=_text,
    created_at=_times,
    metadata=_metadata,
)
_usages = st.builds(
    TokenUsage,
    session_id=st.none() | _text,
    provider=_text,
    model=_text,
    operation=st.sampled_from(Operation),
    input_tokens=st.integers(0, 10**12),
    output_tokens=st.integers(0, 10**12),
    cost_usd=st.none() | st.decimals(0, 10**6, places=6),
    id=_text,
    created_at=_times,
)


def _through_json(data: dict[str, Any]) -> dict[str, Any]:
    # What the journal does: one JSON line, read back.
    return cast(dict[str, Any], json.loads(json.dumps(data, ensure_ascii=False)))


@settings(max_examples=200, deadline=None)
@given(_messages)
def test_a_reply_comes_back_exactly(message: Message) -> None:
    back = decode_message(_through_json(encode_message(message)))
    assert back == message
    assert back.created_at.utcoffset() == message.created_at.utcoffset()


@settings(max_examples=200, deadline=None)
@given(_usages)
def test_a_usage_row_comes_back_exactly(usage: TokenUsage) -> None:
    back = decode_usage(_through_json(encode_usage(usage)))
    assert back == usage
    assert back.cost_usd is None or str(back.cost_usd) == str(usage.cost_usd)  # no float


def test_an_undeclared_metadata_key_is_never_written() -> None:
    message = Message("s1", MessageRole.INTERVIEWER, "Next?")
    # A key no writer may use (mypy refuses it): whatever it holds stays off the disk.
    message.metadata = cast(MessageMetadata, {"engine": "openai", "api_key": "sk-live-123"})
    encoded = json.dumps(encode_message(message))
    assert "sk-live-123" not in encoded
    assert decode_message(json.loads(encoded)).metadata == {"engine": "openai"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cost_usd", "NaN"),
        ("cost_usd", "-1"),
        ("cost_usd", "twelve"),
        ("cost_usd", 0.1),
        ("input_tokens", -5),
        ("input_tokens", True),
        ("operation", "mining"),
        ("created_at", "2026-03-01T09:00:00"),  # no offset: which hour was it?
        ("id", None),
    ],
)
def test_an_unreadable_usage_field_raises_what_the_journal_skips(field: str, value: Any) -> None:
    data = encode_usage(TokenUsage("s1", "openai", "gpt-4o", Operation.QUESTION_GENERATION, 1, 2))
    data[field] = value
    with pytest.raises((ValueError, KeyError, TypeError)):
        decode_usage(data)


def test_a_journal_of_real_records_is_adopted_with_its_bad_line_skipped(tmp_path: Path) -> None:
    def journal() -> WriteJournal[TokenUsage]:
        return WriteJournal(tmp_path, "usage", encode_usage, decode_usage)

    first = journal()
    dead: WriteBuffer[TokenUsage] = WriteBuffer("usage", journal=first)
    down = TransientDataStoreError("database unreachable")
    good = TokenUsage("s1", "openai", "gpt-4o", Operation.EVALUATION, 7, 3, Decimal("0.000123"))
    dead.keep("s1", good, down)
    bad = encode_usage(TokenUsage("s2", "openai", "gpt-4o", Operation.EVALUATION, 1, 1))
    bad["cost_usd"] = "not money"
    with next(tmp_path.glob("usage.*.jsonl")).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"keep": 99, "key": "s2", "item": bad}) + "\n")
    first.close()  # as if its process were gone: the lock goes with it

    heir: WriteBuffer[TokenUsage] = WriteBuffer("usage", journal=journal())
    assert heir.adopt() == 1
    assert heir.pending("s1") == [good]
