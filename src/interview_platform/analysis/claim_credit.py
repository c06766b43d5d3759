"""Credit a claim earns for an idea: reasoned, a bare mention, or nothing.

A reasoned claim about the design earns full credit for the ideas it names (a rubric
concept's keywords or a key point's paraphrases); so does a claim that gives one of a
key point's own reasons. A bare mention earns a little; a stuffed list nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from interview_platform.analysis.claim_markers import TECH_STEMS
from interview_platform.analysis.claims import ClaimInfo
from interview_platform.analysis.vocabulary import normalize_tokens
from interview_platform.problems.knowledge_model import KeyPoint

__all__ = ["Support", "on_topic", "support_for"]

_MIN_REASON_WORDS = 6


class Support:
    """How much a set of claims supports an idea (credit levels)."""

    NONE = 0.0
    MENTION = 0.3
    REASONED = 1.0


def support_for(
    claim: ClaimInfo,
    terms: Sequence[str],
    points: Sequence[KeyPoint],
    vocabulary: Sequence[str] = (),
) -> float:
    """Credit one claim gives an idea named by ``terms`` or by one of its key points.

    A reasoned claim earns full credit only when it is about the design: it has a
    technical term or a sized number, or names two or more words of the problem's
    ``vocabulary`` (its terms by default).

    Returns:
        :attr:`Support.REASONED` for a reasoned claim (or one giving a key point's own
        reason), :attr:`Support.MENTION` for a bare mention, :attr:`Support.NONE` when the
        claim does not name the idea or is a stuffed list.
    """
    if claim.stuffed:
        return Support.NONE
    hits = claim.index.matches(terms)
    named = bool(hits)
    for point in points:
        named_by = claim.index.matches(point.terms)
        if named_by:
            named = True
            if _own_reason(claim, point, named_by):
                return Support.REASONED
    if not named:
        return Support.NONE
    topical = on_topic(claim, vocabulary or [*terms, *(t for p in points for t in p.terms)])
    return Support.REASONED if claim.reasoned and topical else Support.MENTION


def _own_reason(claim: ClaimInfo, point: KeyPoint, named_by: Sequence[str]) -> bool:
    """The claim gives one of the point's own reasons, beyond the words that named it."""
    if not point.reasons or claim.words < _MIN_REASON_WORDS:
        return False
    naming = {t for phrase in named_by for t in normalize_tokens(phrase)}
    return any(set(normalize_tokens(r)) - naming for r in claim.index.matches(point.reasons))


def on_topic(claim: ClaimInfo, vocabulary: Sequence[str]) -> bool:
    """A claim about the design: a technical term, a sized number, or two problem words.

    "I worked at a bank, so I know the customer side" names a payment word in passing;
    it is not a reasoned claim about the design.
    """
    if set(claim.index.tokens) & TECH_STEMS:
        return True
    if any(q.unit != "count" or q.value >= 10 for q in claim.quantities):
        return True
    return len(claim.index.matches(vocabulary)) >= 2
