"""Analysing a long answer does work in proportion to its length, counted, not timed.

bench/hostile_text_bench.py times every analyser from 64 KB to 1 MB; these tests pin
the step counts that once grew with the square of the answer, and count the calls every
analyser of untrusted text makes at two sizes of hostile text.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from types import FrameType

import pytest
from testkit.simulated_candidates import url_shortener_problem

from interview_platform.analysis import answers, claim_numbers, claims, conversation
from interview_platform.analysis.claim_refs import ClaimRef
from interview_platform.diagram.gaps import find_gaps
from interview_platform.diagram.model import DiagramGraph
from interview_platform.evaluation.evidence import sentences
from interview_platform.evaluation.signals import analyse_turn
from interview_platform.interviewer.offline_phrases import questions_in
from interview_platform.models import Message, MessageRole
from interview_platform.problems.bank import ProblemBank
from interview_platform.problems.knowledge import KnowledgeBase
from interview_platform.problems.matching import text_concept
from interview_platform.resume.offline_parser import OfflineResumeParser

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
    _analyse(30)
    small = comparisons.calls
    comparisons.calls = 0
    _analyse(120)  # under MAX_ANALYSED_CHARS: all of it is read
    large = comparisons.calls
    # Four times the claims: linear work compares ~4x as often, quadratic ~16x.
    assert large <= 5 * max(small, 1), (small, large)


# Every analyser of untrusted text, fed hostile shapes at 2 KB and 16 KB: the Python
# calls it makes (functions, and C functions such as one regex search) must grow with
# the text, not its square. Backtracking inside one regex call is not a call: the bench
# (bench/hostile_text_bench.py) times every pattern of the package for that.
RESUME_LINE = "## Senior Engineer | Acme — 2019 - 2021 *\n"
SHAPES: dict[str, Callable[[int], str]] = {
    "prose": lambda n: (SENTENCE * (n // len(SENTENCE) + 1))[:n],
    "one token": lambda n: "a" * n,
    "no punctuation": lambda n: ("cache shard replica queue " * (n // 26 + 1))[:n],
    "digits and commas": lambda n: ("1,2" * (n // 3 + 1))[:n],
    "e-mail-like": lambda n: ("a.b@c" * (n // 5 + 1))[:n],
    "lines and marks": lambda n: (RESUME_LINE * (n // len(RESUME_LINE) + 1))[:n],
}
_PROBLEM = url_shortener_problem()
_KNOWLEDGE = KnowledgeBase.load_default().for_problem(_PROBLEM)


def _whole_conversation(text: str) -> object:
    conversation.clear_cache()
    asked = Message("s", MessageRole.INTERVIEWER, text)
    return conversation.analyse(
        [asked, Message("s", MessageRole.CANDIDATE, text)], _PROBLEM, _KNOWLEDGE
    )


ANALYSERS: dict[str, Callable[[str], object]] = {
    "split_claims": claims.split_claims,
    "answer_strength": lambda t: answers.answer_strength(t, _PROBLEM.concepts),
    "vagueness": answers.vagueness,
    "is_off_topic": lambda t: answers.is_off_topic(t, _PROBLEM.concepts),
    "quantities": claim_numbers.quantities,
    "stated_arithmetic": claim_numbers.stated_arithmetic,
    "conversation.analyse": _whole_conversation,
    "questions_in": questions_in,
    "text_concept": lambda t: text_concept(t, "Custom"),
    "resume parse": OfflineResumeParser(clock=lambda: date(2026, 1, 1)).parse,
    "find_gaps": lambda t: find_gaps(DiagramGraph(), _PROBLEM, t),
    "evidence sentences": sentences,
    "grading signals": lambda t: analyse_turn(Message("s", MessageRole.CANDIDATE, t)),
}


def _calls(fn: Callable[[str], object], text: str) -> int:
    """Python and C function calls made while ``fn`` reads ``text`` (deterministic)."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        fn(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("name", sorted(ANALYSERS))
def test_every_analyser_does_linear_work_on_hostile_text(name: str) -> None:
    analyse = ANALYSERS[name]
    for shape, make in SHAPES.items():
        analyse(make(512))  # warm the caches of phrase tokens and stems
        small, large = _calls(analyse, make(2048)), _calls(analyse, make(16384))
        # Eight times the text: linear work makes ~8x the calls, quadratic ~64x.
        assert large <= 12 * max(small, 1), (shape, small, large)
