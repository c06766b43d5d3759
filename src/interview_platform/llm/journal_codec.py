"""JSON forms of the records a write journal keeps: interviewer replies and usage rows.

:class:`~interview_platform.llm.write_journal.WriteJournal` writes what these return to
local disk, so they hold exactly the fields the database row would, and nothing more:
a message keeps only the metadata keys :class:`~interview_platform.message_metadata.
MessageMetadata` declares (an undeclared key, whatever it holds, is not written), a
usage row has counts, names and a cost. Neither kind carries a credential. Times are
ISO 8601 with their offset, a cost is a decimal string (never a float), enums are
their values; decoding raises on a field it cannot read (the journal skips that line).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from interview_platform.message_metadata import MessageMetadata
from interview_platform.models import (
    CommunicationMode,
    Message,
    MessageRole,
    Operation,
    TokenUsage,
)

__all__ = ["decode_message", "decode_usage", "encode_message", "encode_usage"]

# The keys a message may keep (mypy holds writers to them; a reader is checked here).
_METADATA_KEYS = frozenset(MessageMetadata.__optional_keys__ | MessageMetadata.__required_keys__)


def encode_message(message: Message) -> dict[str, Any]:
    """A message as a JSON-able dict (declared metadata keys only)."""
    metadata = {k: v for k, v in message.metadata.items() if k in _METADATA_KEYS}
    return {
        "id": message.id,
        "session_id": message.session_id,
        "role": message.role.value,
        "content": message.content,
        "mode": message.mode.value,
        "created_at": message.created_at.isoformat(),
        "metadata": metadata,
    }


def decode_message(data: dict[str, Any]) -> Message:
    """Back from :func:`encode_message`.

    Raises:
        KeyError, TypeError, ValueError: A field is missing or unreadable.
    """
    metadata = data["metadata"]
    if not isinstance(metadata, dict):
        raise TypeError("message metadata must be an object")
    return Message(
        id=_text(data["id"]),
        session_id=_text(data["session_id"]),
        role=MessageRole(data["role"]),
        content=_text(data["content"]),
        mode=CommunicationMode(data["mode"]),
        created_at=_time(data["created_at"]),
        metadata=cast(MessageMetadata, {k: v for k, v in metadata.items() if k in _METADATA_KEYS}),
    )


def encode_usage(usage: TokenUsage) -> dict[str, Any]:
    """A usage row as a JSON-able dict (the cost as a decimal string, or None)."""
    return {
        "id": usage.id,
        "session_id": usage.session_id,
        "provider": usage.provider,
        "model": usage.model,
        "operation": usage.operation.value,
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "cost_usd": None if usage.cost_usd is None else str(usage.cost_usd),
        "created_at": usage.created_at.isoformat(),
    }


def decode_usage(data: dict[str, Any]) -> TokenUsage:
    """Back from :func:`encode_usage`.

    Raises:
        KeyError, TypeError, ValueError: A field is missing or unreadable.
    """
    session_id = data["session_id"]
    cost = data["cost_usd"]
    return TokenUsage(
        id=_text(data["id"]),
        session_id=None if session_id is None else _text(session_id),
        provider=_text(data["provider"]),
        model=_text(data["model"]),
        operation=Operation(data["operation"]),
        input_tokens=_count(data["input_tokens"]),
        output_tokens=_count(data["output_tokens"]),
        cost_usd=None if cost is None else _cost(cost),
        created_at=_time(data["created_at"]),
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("a token count must be a non-negative whole number")
    return value


def _cost(value: object) -> Decimal:
    try:
        cost = Decimal(_text(value))
    except InvalidOperation:  # an ArithmeticError: the journal skips only ValueErrors
        raise ValueError("a cost must be a decimal number") from None
    if not cost.is_finite() or cost < 0:
        raise ValueError("a cost must be a finite amount of zero or more")
    return cost


def _time(value: object) -> datetime:
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError("a journal time must carry its offset")
    return moment
