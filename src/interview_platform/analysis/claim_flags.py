"""Red flags in a claim: every group of a flag's phrases stated, none of its clearing ones.

A phrase preceded by "not", "never", "wouldn't"... a few words before, in the same
clause, is not stated ("I wouldn't call across regions on each request"); a flag that is
itself about a negative claim ("we don't need idempotency keys") reads its words
literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interview_platform.analysis.claim_markers import NEGATION_WINDOW, NEGATIONS
from interview_platform.analysis.claims import ClaimInfo
from interview_platform.analysis.vocabulary import first_tokens, phrase_tokens
from interview_platform.problems.knowledge_model import RedFlag

__all__ = ["FlagCue", "cue_hits", "flag_cues", "flag_hits"]


@dataclass(frozen=True)
class FlagCue:
    """A red flag prepared once for many claims.

    Attributes:
        flag: The red flag.
        literal: The flag is itself about a negative claim (its words are taken literally).
        needed: First tokens of its first group of phrases: a claim with none of them
            cannot raise it (None: the flag has no group).
    """

    flag: RedFlag
    literal: bool
    needed: frozenset[str] | None


def flag_cues(flags: Sequence[RedFlag]) -> tuple[FlagCue, ...]:
    """Prepare red flags for :func:`flag_hits` over many claims."""
    return tuple(
        FlagCue(f, _about_negation(f), first_tokens(f.all_of[0]) if f.all_of else None)
        for f in flags
    )


def _negated(claim: ClaimInfo, phrase: str) -> bool:
    """Every occurrence of ``phrase`` follows a negation a few words before, in its clause.

    "We don't need websockets, each device polls" does not negate "polls".
    """
    starts = claim.index.starts(phrase)
    tokens = claim.index.tokens
    clause = claim.clauses or (0,) * len(tokens)

    def negated_at(start: int) -> bool:
        window = range(max(0, start - NEGATION_WINDOW), start)
        return any(tokens[i] in NEGATIONS and clause[i] == clause[start] for i in window)

    return bool(starts) and all(negated_at(s) for s in starts)


def _asserts(claim: ClaimInfo, phrases: Sequence[str], literal: bool = False) -> bool:
    """The claim states one of the phrases (not only in a negated form, unless ``literal``).

    A phrase that carries its own negation ("don't need a database") is taken as said.
    """
    for phrase in phrases:
        if not claim.index.has(phrase):
            continue
        negative = not NEGATIONS.isdisjoint(phrase_tokens(phrase))
        if literal or negative or not _negated(claim, phrase):
            return True
    return False


def _about_negation(flag: RedFlag) -> bool:
    """The flag itself is a negative claim ("we don't need idempotency keys")."""
    return any(not NEGATIONS.isdisjoint(phrase_tokens(p)) for group in flag.all_of for p in group)


def flag_hits(claim: ClaimInfo, flags: Sequence[RedFlag]) -> list[RedFlag]:
    """The red flags a claim matches.

    Every ``all_of`` group must be stated and no ``unless`` phrase may be stated. A
    phrase preceded by "not", "never", "wouldn't"... is not stated, except in a flag
    that is itself about a negative claim, where the words are taken literally.
    """
    return cue_hits(claim, flag_cues(flags))


def cue_hits(claim: ClaimInfo, cues: Sequence[FlagCue]) -> list[RedFlag]:
    """:func:`flag_hits` with the flags prepared once by :func:`flag_cues`."""
    hits = []
    for cue in cues:
        if cue.needed is not None and not claim.index.mentions_any(cue.needed):
            continue  # none of its first phrases occurs: the common case, settled at once
        flag = cue.flag
        if all(_asserts(claim, group, cue.literal) for group in flag.all_of) and not (
            flag.unless and _asserts(claim, flag.unless)
        ):
            hits.append(flag)
    return hits
