"""Claim-level analysis of a whole conversation, shared by the interviewer and the grader.

Every candidate turn is split into claims (:mod:`interview_platform.analysis.claims`); each
claim is matched against the problem's rubric concepts and key points (credit for a
reasoned claim, a little for a bare mention, none for a stuffed list), against the red
flags (counted against a competency), and its numbers against the reference figures
and against each other (a daily figure and a rate that do not agree). An idea the
interviewer supplied in a statement just before (a hint, a given number) earns half.

Results per message are cached by text, so re-analysing a long history on every turn
costs only the newest message. A message is read up to
:data:`~interview_platform.analysis.limits.MAX_ANALYSED_CHARS` (a model's reply up to
:data:`~interview_platform.analysis.limits.MAX_REPLY_CHARS`).

Example::

    analysis = analyse(messages, problem, knowledge)
    analysis.credit("caching")      # 0.0 .. 1.0
    analysis.flags                  # [FlagHit(flag, claim), ...]
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from interview_platform.analysis.claim_credit import Support, on_topic, support_for
from interview_platform.analysis.claim_flags import cue_hits, flag_cues
from interview_platform.analysis.claim_numbers import quantities
from interview_platform.analysis.claim_refs import ClaimRef, ConceptCredit, FigureIssue, FlagHit
from interview_platform.analysis.claims import (
    ClaimInfo,
    read_claim,
    split_claims,
)
from interview_platform.analysis.estimates import ESTIMATING_PHASES, check_estimates
from interview_platform.analysis.limits import MAX_REPLY_CHARS, for_analysis
from interview_platform.analysis.vocabulary import TextIndex, first_tokens
from interview_platform.models import Message, MessageRole
from interview_platform.problems.knowledge import Figure, ProblemKnowledge, RedFlag
from interview_platform.problems.knowledge_model import KeyPoint
from interview_platform.problems.schema import Problem, RubricConcept

_SUPPLIED_FACTOR = 0.5  # an idea the interviewer just handed over

__all__ = [
    "Analysis",
    "ClaimRef",
    "ConceptCredit",
    "FigureIssue",
    "FlagHit",
    "analyse",
    "clear_cache",
    "problem_vocabulary",
]

_QUESTION_END = "?"


@dataclass
class Analysis:
    """Everything the claims of a conversation say."""

    claims: list[ClaimRef] = field(default_factory=list)
    concepts: dict[str, ConceptCredit] = field(default_factory=dict)
    flags: list[FlagHit] = field(default_factory=list)
    figure_issues: list[FigureIssue] = field(default_factory=list)
    figures_ok: list[tuple[Figure, ClaimRef]] = field(default_factory=list)

    def credit(self, concept_id: str) -> float:
        """Credit of a concept (0 when never named)."""
        found = self.concepts.get(concept_id)
        return found.credit if found else 0.0

    def covered(self, concept_id: str) -> bool:
        """Named at least once (so the interviewer does not ask for it again)."""
        found = self.concepts.get(concept_id)
        return bool(found and (found.mentioned or found.credit > 0))

    def is_flagged(self, ref: ClaimRef) -> bool:
        """The claim raised a red flag or a wrong estimate (never quoted as a strength)."""
        wrong = [h.claim for h in self.flags]
        wrong += [i.claim for i in self.figure_issues if i.kind != "off_reference"]
        return any(ref is claim for claim in wrong)

    def flags_for(self, competency: str) -> list[FlagHit]:
        """Red flags raised against a competency."""
        return [h for h in self.flags if h.flag.competency == competency]

    def stuffed_share(self) -> float:
        """Share of the candidate's claims that are stuffed lists."""
        if not self.claims:
            return 0.0
        return sum(1 for c in self.claims if c.info.stuffed) / len(self.claims)


_Support = tuple[tuple[str, float, tuple[str, ...]], ...]


@dataclass(frozen=True)
class _ClaimReading:
    info: ClaimInfo
    support: _Support
    flags: tuple[RedFlag, ...]
    topical: bool


_CACHE: OrderedDict[tuple[str, str, str], tuple[_ClaimReading, ...]] = OrderedDict()
_CACHE_SIZE = 4096
_CACHE_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget every cached message reading (benchmarks measure the cold path with it)."""
    with _CACHE_LOCK:
        _CACHE.clear()
    _statements.cache_clear()
    _numbers_given.cache_clear()


def _read_message(
    text: str, problem: Problem, knowledge: ProblemKnowledge
) -> tuple[_ClaimReading, ...]:
    """The readings of one message, cached by its text and problem."""
    key = (text, problem.id, problem.statement)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    readings = _read_uncached(text, problem, knowledge)
    with _CACHE_LOCK:
        _CACHE[key] = readings
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return readings


@dataclass(frozen=True)
class _Idea:
    """A rubric concept with its key points and every token that can start naming it."""

    concept: RubricConcept
    points: tuple[KeyPoint, ...]
    starts: frozenset[str]


def _ideas(problem: Problem, knowledge: ProblemKnowledge) -> tuple[_Idea, ...]:
    ideas = []
    for concept in problem.concepts:
        points = tuple(knowledge.points_for(concept.id))
        phrases = [*concept.keywords, *(t for p in points for t in p.terms)]
        ideas.append(_Idea(concept, points, first_tokens(phrases)))
    return tuple(ideas)


def _support(info: ClaimInfo, ideas: Sequence[_Idea], vocabulary: Sequence[str]) -> _Support:
    support = []
    for idea in ideas:
        # A claim naming none of the idea's phrases gives it nothing: most claims, most
        # ideas, settled by one set test instead of matching every phrase.
        if not info.index.mentions_any(idea.starts):
            continue
        concept, points = idea.concept, idea.points
        level = support_for(info, concept.keywords, points, vocabulary)
        named = info.index.matches(concept.keywords) + [
            t for p in points for t in info.index.matches(p.terms)
        ]
        if level > 0 or named:
            support.append((concept.id, level, tuple(named)))
    return tuple(support)


def _read_uncached(
    text: str, problem: Problem, knowledge: ProblemKnowledge
) -> tuple[_ClaimReading, ...]:
    readings = []
    vocabulary = problem_vocabulary(problem, knowledge)
    ideas = _ideas(problem, knowledge)
    cues = flag_cues(knowledge.red_flags)
    for claim_text in split_claims(text):
        info = read_claim(claim_text, vocabulary)
        flags = tuple(cue_hits(info, cues))
        support = _support(info, ideas, vocabulary)
        readings.append(_ClaimReading(info, support, flags, on_topic(info, vocabulary)))
    return tuple(readings)


def problem_vocabulary(problem: Problem, knowledge: ProblemKnowledge) -> tuple[str, ...]:
    """Every phrase that names part of the problem: concept keywords and key point terms."""
    words = [k for c in problem.concepts for k in c.keywords]
    words += [t for p in knowledge.key_points for t in (*p.terms, *p.reasons)]
    return tuple(dict.fromkeys(words))


@lru_cache(maxsize=4096)
def _statements(text: str) -> TextIndex:
    """The interviewer's statements (not questions): what they handed over."""
    kept = [c for c in split_claims(text) if not c.rstrip().endswith(_QUESTION_END)]
    return TextIndex(" \n ".join(kept))


@lru_cache(maxsize=4096)
def _numbers_given(text: str) -> frozenset[float]:
    """Numbers the interviewer stated (an answer that repeats one did not estimate it)."""
    return frozenset(round(q.value, 3) for q in quantities(text.lower()))


def _credit(
    analysis: Analysis, problem: Problem, ref: ClaimRef, reading: _ClaimReading, given: TextIndex
) -> None:
    by_id = {c.id: c for c in problem.concepts}
    for concept_id, level, named in reading.support:
        entry = analysis.concepts.setdefault(concept_id, ConceptCredit(by_id[concept_id]))
        supplied = bool(named) and all(given.has(term) for term in named)
        value = level * (_SUPPLIED_FACTOR if supplied else 1.0)
        if reading.flags:
            value = min(value, Support.MENTION)  # a wrong claim earns no credit for its idea
        entry.mentioned = True
        entry.supplied = entry.supplied or (supplied and value >= entry.credit)
        # Claims come in order, so a repeat of this claim can only be the last one kept
        # (a membership test over the whole list made long answers quadratic).
        if value > 0 and (not entry.claims or entry.claims[-1] != ref):
            entry.claims.append(ref)
        if value > entry.credit:
            entry.best = ref
        entry.credit = max(entry.credit, value)


def analyse(messages: Sequence[Message], problem: Problem, knowledge: ProblemKnowledge) -> Analysis:
    """Analyse every candidate claim of a conversation (oldest first).

    Args:
        messages: The conversation.
        problem: The problem (its concepts).
        knowledge: The problem's knowledge (key points, red flags, figures).
    """
    analysis = Analysis()
    given = TextIndex("")
    numbers: set[float] = set()
    turn = 0
    phase = ""
    for message in messages:
        if message.role is MessageRole.INTERVIEWER:
            reply = for_analysis(message.content, MAX_REPLY_CHARS)
            given = _statements(reply)
            numbers |= _numbers_given(reply)
            phase = str(message.metadata.get("phase") or "")
            continue
        if message.role is not MessageRole.CANDIDATE or not message.content.strip():
            continue
        # At most MAX_ANALYSED_CHARS of a message (the longest answer accepted): a longer
        # one (imported, transcribed) would hold the process for seconds.
        text = for_analysis(message.content)
        for reading in _read_message(text, problem, knowledge):
            ref = ClaimRef(reading.info, message, turn, reading.topical)
            analysis.claims.append(ref)
            _credit(analysis, problem, ref, reading, given)
            analysis.flags.extend(FlagHit(flag, ref) for flag in reading.flags)
            estimating = phase in ESTIMATING_PHASES or not phase
            check_estimates(
                analysis.figure_issues,
                analysis.figures_ok,
                ref,
                figures=knowledge.figures,
                given=numbers,
                estimating=estimating,
            )
        turn += 1
    return analysis
