"""Per-session spending cap on paid AI calls.

The guard reads what a session has spent so far from the token tracker and
compares it with ``budget.per_session_usd``: at ``warn_ratio`` (80% by
default) the interviewer shows a warning; at 100% it refuses paid calls and the
interview continues on the offline interviewer.

Example::

    guard = BudgetGuard(tracker, settings.budget)
    if guard.status(session_id).exhausted:
        ...  # answer offline
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from interview_platform.config import BudgetSettings
from interview_platform.models import TokenSummary

__all__ = ["BudgetGuard", "BudgetStatus"]


class _SummarySource(Protocol):
    def session_summary(self, session_id: str) -> TokenSummary: ...


@dataclass(frozen=True)
class BudgetStatus:
    """What a session has spent against its cap.

    Attributes:
        spent: USD spent so far (priced calls only).
        limit: The cap in USD; 0 means no paid calls at all.
        ratio: ``spent / limit`` (1.0 when the limit is 0).
        warn: The warning threshold has been reached.
        exhausted: The cap has been reached; no further paid calls.
    """

    spent: Decimal
    limit: Decimal
    ratio: float
    warn: bool
    exhausted: bool

    @property
    def remaining(self) -> Decimal:
        """USD left before the cap (never below zero)."""
        return max(self.limit - self.spent, Decimal(0))

    @property
    def percent(self) -> int:
        """Whole percent of the budget used (may exceed 100)."""
        return int(self.ratio * 100)

    def warning_text(self) -> str:
        """The visible warning, e.g. "80% of this session's $2.00 budget used."."""
        return f"{min(self.percent, 100)}% of this session's ${self.limit:.2f} budget used."


class BudgetGuard:
    """Computes :class:`BudgetStatus` from recorded token usage.

    Args:
        tracker: Anything with ``session_summary(session_id) -> TokenSummary``
            (the :class:`~interview_platform.llm.token_tracker.TokenTracker`).
        budget: The ``budget`` settings section.
    """

    def __init__(self, tracker: _SummarySource, budget: BudgetSettings) -> None:
        self._tracker = tracker
        self._budget = budget

    def status(self, session_id: str, usage: TokenSummary | None = None) -> BudgetStatus:
        """Return the spend of ``session_id`` against the cap.

        Args:
            session_id: The session.
            usage: The session's totals when the caller has just read them (an
                interviewer turn reads them with the session); None reads them now.
        """
        if usage is None:
            usage = self._tracker.session_summary(session_id)
        spent = usage.cost_usd
        limit = self._budget.per_session_usd
        ratio = float(spent / limit) if limit > 0 else 1.0
        return BudgetStatus(
            spent=spent,
            limit=limit,
            ratio=ratio,
            warn=ratio >= self._budget.warn_ratio,
            exhausted=limit <= 0 or spent >= limit,
        )
