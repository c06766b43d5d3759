"""The budget guard: warning at the warn ratio, refusal at 100%."""

from __future__ import annotations

from decimal import Decimal

import pytest

from interview_platform.config import BudgetSettings
from interview_platform.llm.budget import BudgetGuard
from interview_platform.models import TokenSummary


class _Spent:
    def __init__(self, usd: str) -> None:
        self.usd = Decimal(usd)
        self.asked: list[str] = []

    def session_summary(self, session_id: str) -> TokenSummary:
        self.asked.append(session_id)
        return TokenSummary(cost_usd=self.usd, calls=1)


@pytest.mark.parametrize(
    ("spent", "warn", "exhausted", "percent"),
    [
        ("0", False, False, 0),
        ("1.59", False, False, 79),
        ("1.60", True, False, 80),
        ("1.99", True, False, 99),
        ("2.00", True, True, 100),
        ("3.00", True, True, 150),
    ],
)
def test_status_thresholds(spent: str, warn: bool, exhausted: bool, percent: int) -> None:
    source = _Spent(spent)
    status = BudgetGuard(source, BudgetSettings(per_session_usd=Decimal("2.00"))).status("s1")
    assert (status.warn, status.exhausted, status.percent) == (warn, exhausted, percent)
    assert status.spent == Decimal(spent) and status.limit == Decimal("2.00")
    assert source.asked == ["s1"]


def test_totals_read_with_the_turn_are_used_without_asking_again() -> None:
    source = _Spent("0")
    guard = BudgetGuard(source, BudgetSettings(per_session_usd=Decimal("2.00")))
    status = guard.status("s1", TokenSummary(cost_usd=Decimal("1.70"), calls=3))
    assert (status.spent, status.warn, status.exhausted) == (Decimal("1.70"), True, False)
    assert source.asked == []


def test_warning_text_names_the_budget() -> None:
    status = BudgetGuard(_Spent("1.70"), BudgetSettings()).status("s")
    assert status.warning_text() == "85% of this session's $2.00 budget used."


def test_a_zero_budget_allows_no_paid_call() -> None:
    status = BudgetGuard(_Spent("0"), BudgetSettings(per_session_usd=Decimal("0"))).status("s")
    assert status.exhausted


def test_custom_warn_ratio() -> None:
    settings = BudgetSettings(per_session_usd=Decimal("10"), warn_ratio=0.5)
    assert BudgetGuard(_Spent("5"), settings).status("s").warn
    assert not BudgetGuard(_Spent("4.99"), settings).status("s").warn


@pytest.mark.parametrize(
    ("spent", "limit", "remaining"),
    [("0.387540", "2.00", "1.612460"), ("0.387540", "0.10", "0"), ("0", "2", "2"), ("5", "0", "0")],
)
def test_remaining_never_below_zero(spent: str, limit: str, remaining: str) -> None:
    settings = BudgetSettings(per_session_usd=Decimal(limit))
    assert BudgetGuard(_Spent(spent), settings).status("s").remaining == Decimal(remaining)
