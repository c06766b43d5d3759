"""Claims: the units of a candidate's answer that the interviewer and the grader judge.

An answer is split into claims (sentences; over-long unpunctuated speech is cut at
discourse markers). A claim *names* ideas (phrases matched as whole, lightly stemmed
words) and may *reason* about them: a justification whose reason says something
specific ("because reads outnumber writes 100 to 1"), a trade-off ("X rather than Y"),
or a number tied to an assumption. Bare names earn little; a dense list of terms is
*stuffed* and earns nothing; a claim matching a red flag counts against its
competency. Everything here is linear in the length of the text.

Example::

    claim = split_claims("We cache the hot links in Redis because reads dominate.")[0]
    info = read_claim(claim)
    info.reasoned   # True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from interview_platform.ai.claim_markers import (
    ASSUMPTION_MARKERS,
    MIN_SO_OFFSET,
    REASON_MARKERS,
    START_ONLY,
    TRADEOFF_MARKERS,
    VACUOUS,
)
from interview_platform.ai.claim_numbers import Quantity, quantities
from interview_platform.ai.knowledge import KeyPoint, RedFlag
from interview_platform.ai.offline_vocabulary import TECH_TERMS, TextIndex, stem

__all__ = [
    "ClaimInfo",
    "Support",
    "flag_hits",
    "names_any",
    "read_claim",
    "split_claims",
    "support_for",
]

MAX_CLAIM_WORDS = 45
_SENTENCE_RE = re.compile(r"[^.!?;\n]+(?:[.!?;]+(?=\s|$)|$)|[.!?;]+")
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Spoken answers come without punctuation: long runs are cut where a new idea starts.
_BREAK_WORDS = frozenset({"okay", "ok", "um", "uh", "also", "next", "now", "alright", "anyway"})
_MIN_LIST_TERMS = 5


@dataclass(frozen=True)
class ClaimInfo:
    """What one claim says and how.

    Attributes:
        text: The claim, an exact substring of its message.
        index: Its tokens, for phrase matching.
        words: Number of words.
        reasoned: Gives a specific reason, a trade-off, or a number tied to an assumption.
        tradeoff: States a trade-off (X over Y, at the cost of Z).
        stuffed: A dense list of terms with little structure: earns no credit.
        quantities: Numbers with units read from it.
    """

    text: str
    index: TextIndex
    words: int
    reasoned: bool
    tradeoff: bool
    stuffed: bool
    quantities: tuple[Quantity, ...]


class Support:
    """How much a set of claims supports an idea (credit levels)."""

    NONE = 0.0
    MENTION = 0.3
    REASONED = 1.0


def _pieces(sentence: str, start: int) -> list[tuple[int, int]]:
    """Cut an over-long sentence at discourse markers; spans relative to the message."""
    spans: list[tuple[int, int]] = []
    begin, count = 0, 0
    for match in _WORD_RE.finditer(sentence.lower()):
        count += 1
        if (count > 12 and match.group(0) in _BREAK_WORDS) or count > MAX_CLAIM_WORDS * 2:
            spans.append((start + begin, start + match.start()))
            begin, count = match.start(), 1
    spans.append((start + begin, start + len(sentence)))
    return spans


def split_claims(text: str) -> list[str]:
    """Split an answer into claims, each an exact (trimmed) substring of ``text``."""
    claims: list[str] = []
    for match in _SENTENCE_RE.finditer(text):
        sentence = match.group(0)
        spans = [(match.start(), match.end())]
        if len(_WORD_RE.findall(sentence.lower())) > MAX_CLAIM_WORDS:
            spans = _pieces(sentence, match.start())
        for begin, end in spans:
            piece = text[begin:end].strip()
            if _WORD_RE.search(piece.lower()):
                claims.append(piece)
    return claims


def _after_marker(lowered: str, markers: Sequence[str]) -> str | None:
    """The text after the first marker that is not at the very start of the claim."""
    best: int | None = None
    for marker in markers:
        for found in re.finditer(rf"(?<![a-z']){re.escape(marker)}(?![a-z'])", lowered):
            if marker not in START_ONLY or found.start() >= MIN_SO_OFFSET:
                if best is None or found.end() < best:
                    best = found.end()
                break
    return None if best is None else lowered[best:]


def _substantive(text: str, extra: Sequence[str] = ()) -> bool:
    """True when ``text`` holds something specific: a number, a term, a real noun."""
    tokens = [stem(w) for w in _WORD_RE.findall(text)]
    if any(t.isdigit() for t in tokens):
        return True
    content = [t for t in tokens if t not in VACUOUS and len(t) > 2]
    return len(content) >= 2 or bool(extra and TextIndex(text).matches(extra))


def _is_list(lowered: str, index: TextIndex, words: int) -> bool:
    terms = {t for t in index.tokens if t in TECH_TERMS}
    commas = lowered.count(",") + lowered.count(" and ")
    dense = len(terms) >= _MIN_LIST_TERMS and words < 3.2 * len(terms)
    listed = len(terms) >= _MIN_LIST_TERMS and commas >= 4 and commas * 4 >= words
    return dense or listed


def read_claim(text: str, reasons: Sequence[str] = ()) -> ClaimInfo:
    """Read one claim.

    Args:
        text: The claim.
        reasons: Extra reason words that count as a specific justification.
    """
    lowered = " ".join(text.lower().split())
    index = TextIndex(lowered)
    words = len(index.tokens)
    found = tuple(quantities(lowered))
    after = _after_marker(lowered, REASON_MARKERS)
    justified = after is not None and _substantive(after, reasons)
    trade_after = _after_marker(lowered, TRADEOFF_MARKERS)
    tradeoff = trade_after is not None and _substantive(trade_after)
    sized = [q for q in found if q.unit != "count" or q.value >= 1000]
    related = len(sized) >= 2 or (bool(sized) and len(found) >= 2)
    estimate = related or (bool(sized) and bool(index.matches(ASSUMPTION_MARKERS)))
    stuffed = _is_list(lowered, index, words)
    reasoned = not stuffed and (justified or tradeoff or estimate)
    return ClaimInfo(text, index, words, reasoned, tradeoff and not stuffed, stuffed, found)


def names_any(claim: ClaimInfo, phrases: Sequence[str]) -> list[str]:
    """The phrases a claim names."""
    return claim.index.matches(phrases)


def support_for(claim: ClaimInfo, terms: Sequence[str], points: Sequence[KeyPoint]) -> float:
    """Credit one claim gives an idea named by ``terms`` or by one of its key points.

    Returns:
        :attr:`Support.REASONED` for a reasoned claim (or one giving a key point's own
        reason), :attr:`Support.MENTION` for a bare mention, :attr:`Support.NONE` when the
        claim does not name the idea or is a stuffed list.
    """
    if claim.stuffed:
        return Support.NONE
    named = bool(claim.index.matches(terms))
    for point in points:
        if claim.index.matches(point.terms):
            named = True
            if point.reasons and claim.index.matches(point.reasons) and claim.words >= 6:
                return Support.REASONED
    if not named:
        return Support.NONE
    return Support.REASONED if claim.reasoned else Support.MENTION


def flag_hits(claim: ClaimInfo, flags: Sequence[RedFlag]) -> list[RedFlag]:
    """The red flags a claim matches (every group named, no clearing phrase)."""
    hits = []
    for flag in flags:
        if all(claim.index.matches(group) for group in flag.all_of) and not (
            flag.unless and claim.index.matches(flag.unless)
        ):
            hits.append(flag)
    return hits
