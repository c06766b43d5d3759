"""Token accounting: what each AI call used and cost, per session and per operation.

Prices come from :class:`~interview_platform.config.PricingSettings` (USD per one
million input/output tokens, USD per audio minute for transcription models) and
are computed with :class:`~decimal.Decimal`, quantised to 6 decimal places
(millionths of a dollar). A model missing from the table is *unknown*: its cost
is ``None`` and it is counted in ``TokenSummary.unpriced_calls``, never silently
priced at zero. The built-in offline engine (provider ``offline``) is free:
exactly zero.

A row the database cannot take because it is unreachable is kept in memory
(:class:`~interview_platform.llm.write_buffer.WriteBuffer`) and written after the next
successful usage write or :meth:`TokenTracker.flush`: a paid call is always recorded.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from interview_platform.config import ModelPrice, PricingSettings
from interview_platform.database.ports import UsageRepository
from interview_platform.exceptions import TransientDataStoreError, ValidationError
from interview_platform.llm.write_buffer import WriteBuffer
from interview_platform.models import Operation, TokenSummary, TokenUsage
from interview_platform.provider import Provider

_MICRO = Decimal("0.000001")
_CENTS4 = Decimal("0.0001")
_MILLION = Decimal(1_000_000)
_SIXTY = Decimal(60)
# Providers answer with dated snapshots ("gpt-4o-2024-08-06", "claude-...-20241022").
_SNAPSHOT_SUFFIX = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest)$")

_log = logging.getLogger(__name__)


def _quantize(amount: Decimal) -> Decimal:
    return amount.quantize(_MICRO, rounding=ROUND_HALF_UP)


def _check_count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{name} must be a non-negative whole number, got {value!r}.")
    return value


def _check_text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a non-empty string.")
    return value


def _check_operation(value: object) -> Operation:
    if isinstance(value, Operation):
        return value
    try:
        return Operation(str(value)) if isinstance(value, str) else Operation("")
    except ValueError:
        allowed = ", ".join(op.value for op in Operation)
        raise ValidationError(f"Unknown operation {value!r} (allowed: {allowed}).") from None


class TokenTracker:
    """Prices and records AI usage; reads totals back from the usage repository.

    Args:
        usage: Where usage rows are kept.
        pricing: The price table.
        unsaved_capacity: Most usage rows held in memory while the database is unreachable.
        unsaved: Where those rows are held (e.g. journaled on disk); None: a new buffer.
    """

    def __init__(
        self,
        usage: UsageRepository,
        pricing: PricingSettings,
        unsaved_capacity: int = 1000,
        *,
        unsaved: WriteBuffer[TokenUsage] | None = None,
    ) -> None:
        self._usage = usage
        self._pricing = pricing
        if unsaved is None:  # not ``unsaved or ...``: an empty buffer is falsy (it has a length)
            unsaved = WriteBuffer[TokenUsage]("AI usage row", unsaved_capacity)
        self._unsaved = unsaved

    # -- pricing ----------------------------------------------------------------
    def _lookup(self, table: dict[str, ModelPrice] | dict[str, Decimal], model: str) -> str | None:
        if model in table:
            return model
        base = _SNAPSHOT_SUFFIX.sub("", model)
        return base if base in table else None

    def is_priced(self, model: str) -> bool:
        """Whether the table has a token or audio price for ``model``."""
        return (
            self._lookup(self._pricing.models, model) is not None
            or self._lookup(self._pricing.audio_per_minute, model) is not None
        )

    def price(self, model: str, input_tokens: int, output_tokens: int) -> Decimal | None:
        """Return the USD cost of a call, or None when the model is not in the table.

        Raises:
            ValidationError: A token count is negative or not an integer.
        """
        _check_count("input_tokens", input_tokens)
        _check_count("output_tokens", output_tokens)
        key = self._lookup(self._pricing.models, model)
        if key is None:
            return None
        price = self._pricing.models[key]
        total = input_tokens * price.input_per_million + output_tokens * price.output_per_million
        return _quantize(total / _MILLION)

    def price_audio(self, model: str, seconds: float) -> Decimal | None:
        """Return the USD cost of transcribing ``seconds`` of audio, or None if unknown."""
        key = self._lookup(self._pricing.audio_per_minute, model)
        if key is None:
            return None
        minutes = Decimal(str(seconds)) / _SIXTY
        return _quantize(self._pricing.audio_per_minute[key] * minutes)

    # -- recording --------------------------------------------------------------
    def recorder(
        self, *, session_id: str | None, provider: str, model: str, operation: Operation
    ) -> Callable[[int, int], None]:
        """Return an ``on_usage(input_tokens, output_tokens)`` callback bound to one call site."""

        def on_usage(input_tokens: int, output_tokens: int) -> None:
            self.record(
                session_id=session_id,
                provider=provider,
                model=model,
                operation=operation,
                input_tokens=input_tokens,
                output_tokens=output_tokens,
            )

        return on_usage

    def record(
        self,
        *,
        session_id: str | None,
        provider: str,
        model: str,
        operation: Operation,
        input_tokens: int,
        output_tokens: int,
    ) -> TokenUsage:
        """Price and store the usage of one AI call.

        A row the database cannot take right now (unreachable) is kept and written later.

        Raises:
            ValidationError: Bad counts, empty provider/model or unknown operation.
            DataStoreError: The database refused the row (not an outage).
        """
        _check_text("provider", provider)
        _check_text("model", model)
        op = _check_operation(operation)
        cost = self.price(model, input_tokens, output_tokens)
        if provider == Provider.OFFLINE:
            cost = Decimal("0.000000")
        usage = TokenUsage(session_id, provider, model, op, input_tokens, output_tokens, cost)
        return self._store_usage(usage)

    def record_audio(
        self, *, session_id: str | None, provider: str, model: str, seconds: float
    ) -> TokenUsage:
        """Price (per audio minute) and store one transcription; token counts are 0.

        Raises:
            ValidationError: ``seconds`` is negative, not finite or not a number.
            DataStoreError: The database refused the row (not an outage).
        """
        _check_text("provider", provider)
        _check_text("model", model)
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise ValidationError(f"seconds must be a number, got {seconds!r}.")
        if not math.isfinite(seconds) or seconds < 0:
            raise ValidationError(f"seconds must be zero or more, got {seconds!r}.")
        cost = self.price_audio(model, seconds)
        if provider == Provider.OFFLINE:
            cost = Decimal("0.000000")
        usage = TokenUsage(session_id, provider, model, Operation.TRANSCRIPTION, 0, 0, cost)
        return self._store_usage(usage, seconds=seconds)

    @property
    def unsaved(self) -> int:
        """How many usage rows wait in memory for the database to come back."""
        return len(self._unsaved)

    def flush(self) -> int:
        """Write the usage rows kept during an outage; return how many were stored."""
        return self._unsaved.flush(self._usage.record_token_usage)

    def _store_usage(self, usage: TokenUsage, seconds: float | None = None) -> TokenUsage:
        try:
            stored = self._usage.record_token_usage(usage)
        except TransientDataStoreError as exc:
            # The provider will bill this call: keep the row until the database is back.
            self._unsaved.keep(usage.session_id or "", usage, exc)
            return usage
        self.flush()
        _log.info(
            "AI usage recorded",
            extra={
                "operation": f"ai.{usage.operation.value}",
                "session_id": usage.session_id,
                "provider": usage.provider,
                "model": usage.model,
                "input_tokens": usage.input_tokens,
                "output_tokens": usage.output_tokens,
                "audio_seconds": seconds,
                "cost_usd": None if usage.cost_usd is None else str(usage.cost_usd),
                "priced": usage.cost_usd is not None,
            },
        )
        return stored

    # -- reading ----------------------------------------------------------------
    def session_summary(self, session_id: str) -> TokenSummary:
        """Return the totals of a session (rows kept during an outage are written first)."""
        self.flush()
        return self._usage.get_token_summary(session_id)

    def by_operation(self, session_id: str) -> dict[Operation, TokenSummary]:
        """Return the totals of a session per operation (operations without calls are absent)."""
        self.flush()
        return self._usage.get_token_usage_by_operation(session_id)

    @staticmethod
    def format_cost(summary: TokenSummary) -> str:
        """Show a total for people.

        Returns:
            E.g. ``$0.0123``, or ``$0.0123 + 2 unpriced calls`` when some costs are unknown.
        """
        text = f"${summary.cost_usd.quantize(_CENTS4, rounding=ROUND_HALF_UP)}"
        if summary.unpriced_calls:
            noun = "call" if summary.unpriced_calls == 1 else "calls"
            text += f" + {summary.unpriced_calls} unpriced {noun}"
        return text
