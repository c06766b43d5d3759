"""The in-memory fakes and the PostgreSQL repositories implement the same ports.

mypy checks the PostgreSQL side (the store's attributes are typed with the
protocols); the tests are not type-checked, so this compares method names and
parameters of every fake with its protocol.
"""

from __future__ import annotations

import inspect
from decimal import Decimal

import pytest

from interview_platform.database import ports
from interview_platform.models import Operation, TokenUsage
from tests.unit.repository_fakes import (
    InMemoryAudit,
    InMemoryCandidates,
    InMemoryMedia,
    InMemoryUsage,
)

PAIRS = [
    (InMemoryUsage, ports.UsageRepository),
    (InMemoryMedia, ports.MediaRepository),
    (InMemoryAudit, ports.AuditRepository),
    (InMemoryCandidates, ports.CandidateRepository),
]


def _methods(cls: type) -> dict[str, list[str]]:
    return {
        name: list(inspect.signature(member).parameters)
        for name, member in vars(cls).items()
        if inspect.isfunction(member) and not name.startswith("_")
    }


@pytest.mark.parametrize(("fake", "port"), PAIRS, ids=[p.__name__ for _, p in PAIRS])
def test_each_fake_implements_its_whole_port(fake: type, port: type) -> None:
    wanted = _methods(port)
    assert wanted, f"{port.__name__} declares no methods"
    assert {name: _methods(fake).get(name) for name in wanted} == wanted


def test_the_summary_of_the_usage_fake_counts_unpriced_calls() -> None:
    usage = InMemoryUsage()
    op = Operation.EVALUATION
    usage.record_token_usage(TokenUsage("s", "openai", "gpt-4o", op, 10, 2, Decimal("0.5")))
    usage.record_token_usage(TokenUsage("s", "openai", "x", op, 1, 1, None))
    usage.record_token_usage(TokenUsage("other", "openai", "x", op, 1, 1, Decimal(9)))
    summary = usage.get_token_summary("s")
    assert (summary.calls, summary.unpriced_calls, summary.cost_usd) == (2, 1, Decimal("0.5"))
    assert usage.get_token_usage_by_operation("s") == {op: summary}
