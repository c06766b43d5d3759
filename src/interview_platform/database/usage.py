"""PostgreSQL repository of token usage (what each AI call used and cost)."""

from __future__ import annotations

from interview_platform.database import rows, sql
from interview_platform.database.statements import Statements
from interview_platform.models import Operation, TokenSummary, TokenUsage


class PostgresUsage:
    """Token usage rows and their totals (implements :class:`~.ports.UsageRepository`).

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def record_token_usage(self, usage: TokenUsage) -> TokenUsage:
        """Store the usage of one AI call (``cost_usd`` None = price unknown)."""
        params = {
            "id": usage.id,
            "session_id": usage.session_id,
            "provider": usage.provider,
            "model": usage.model,
            "operation": usage.operation.value,
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cost_usd": usage.cost_usd,
            "created_at": usage.created_at,
        }
        self._sql.execute("record_token_usage", sql.INSERT_AI_USAGE, params)
        return usage

    def get_token_summary(self, session_id: str) -> TokenSummary:
        """Return the totals of a session; unpriced calls are counted, not costed."""
        row = self._sql.fetch_one("get_token_summary", sql.USAGE_SUMMARY, (session_id,))
        return rows.summary_from_row(row) if row is not None else TokenSummary()

    def get_token_usage_by_operation(self, session_id: str) -> dict[Operation, TokenSummary]:
        """Return the totals of a session per operation."""
        found = self._sql.fetch_all(
            "get_token_usage_by_operation", sql.USAGE_BY_OPERATION, (session_id,)
        )
        return {Operation(row["operation"]): rows.summary_from_row(row) for row in found}
