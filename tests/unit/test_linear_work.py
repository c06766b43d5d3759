"""Analysing a long answer does work in proportion to its length, counted, not timed.

bench/hostile_text_bench.py times every analyser from 64 KB to 1 MB; these tests pin
the step counts that once grew with the square of the answer.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from interview_platform.analysis import conversation
from interview_platform.analysis.claim_refs import ClaimRef
from interview_platform.models import Message, MessageRole
from interview_platform.problems.bank import ProblemBank
from interview_platform.problems.knowledge import KnowledgeBase

SENTENCE = (
    "We shard the keys by hash across 16 nodes and keep 3 replicas, because a node "
    "can fail and a cache in front of the database keeps p99 reads under 50 ms. "
)


class _Counter:
    def __init__(self) -> None:
        self.calls = 0


@pytest.fixture()
def comparisons(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Counter]:
    """Count ClaimRef equality tests (a membership test over a growing list makes many)."""
    counter = _Counter()
    original = ClaimRef.__eq__

    def counting(self: ClaimRef, other: object) -> bool:
        counter.calls += 1
        return original(self, other)

    monkeypatch.setattr(ClaimRef, "__eq__", counting)
    yield counter


def _analyse(sentences: int) -> None:
    problem = ProblemBank.load_default().get("url-shortener")
    knowledge = KnowledgeBase.load_default().for_problem(problem)
    conversation.clear_cache()
    message = Message("s", MessageRole.CANDIDATE, SENTENCE * sentences)
    analysis = conversation.analyse([message], problem, knowledge)
    assert analysis.concepts  # the answer was really read


def test_crediting_claims_grows_linearly_with_the_answer(comparisons: _Counter) -> None:
    _analyse(40)
    small = comparisons.calls
    comparisons.calls = 0
    _analyse(160)
    large = comparisons.calls
    # Four times the claims: linear work compares ~4x as often, quadratic ~16x.
    assert large <= 5 * max(small, 1), (small, large)
