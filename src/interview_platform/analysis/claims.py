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
from functools import lru_cache

from interview_platform.analysis.claim_markers import (
    ASSUMPTION_MARKERS,
    CONCRETE_RE,
    FLOW_RE,
    LIST_TERMS,
    MIN_SO_OFFSET,
    REASON_MARKERS,
    REASON_PATTERNS,
    START_ONLY,
    TECH_STEMS,
    TRADEOFF_MARKERS,
    TRADEOFF_PATTERNS,
    VACUOUS,
)
from interview_platform.analysis.claim_numbers import Quantity, quantities
from interview_platform.analysis.vocabulary import TextIndex, normalize_tokens, stem

__all__ = [
    "ClaimInfo",
    "names_any",
    "read_claim",
    "split_claims",
]

MAX_CLAIM_WORDS = 45
_EXPLAINED_AFTER = 4  # words of a statement before a colon that explains it
# A sentence ends at . ! ? ; followed by a space (not "3.5" or "e.g.x") or at a line break.
# Marks are tried from the start of their run only: a long run of "?" not followed by a
# space was scanned again from each of its marks (quadratic).
_BOUNDARY_RE = re.compile(r"(?<![.!?;])[.!?;]+(?=\s|$)|\n")
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Spoken answers come without punctuation: long runs are cut where a new idea starts.
_BREAK_WORDS = frozenset({"okay", "ok", "um", "uh", "also", "next", "now", "alright", "anyway"})
_MIN_LIST_TERMS = 6
_FLOW_COMPONENTS = 2


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
        clauses: For every token, the clause (between commas) it belongs to.
    """

    text: str
    index: TextIndex
    words: int
    reasoned: bool
    tradeoff: bool
    stuffed: bool
    quantities: tuple[Quantity, ...]
    clauses: tuple[int, ...] = ()


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


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, begin = [], 0
    for boundary in _BOUNDARY_RE.finditer(text):
        spans.append((begin, boundary.end()))
        begin = boundary.end()
    spans.append((begin, len(text)))
    return spans


def split_claims(text: str) -> list[str]:
    """Split an answer into claims, each an exact (trimmed) substring of ``text``."""
    claims: list[str] = []
    for start, end in _sentences(text):
        sentence = text[start:end]
        spans = [(start, end)]
        if len(_WORD_RE.findall(sentence.lower())) > MAX_CLAIM_WORDS:
            spans = _pieces(sentence, start)
        for begin, stop in spans:
            piece = text[begin:stop].strip()
            if _WORD_RE.search(piece.lower()):
                claims.append(piece)
    return claims


_CLAUSE_END = re.compile(r"[,;:]| plus | and also ")
_CLAUSE_SPLIT = re.compile(r"[,;:]| - | — ")
# A "reason" about the speaker, not the design.
_OPINION_RE = re.compile(
    r"\s*(?:(?:i|we)(?:'d|'m| am| would)?\s+)?(?:honestly|personally|frankly|know|think|feel|"
    r"love|like|believe|guess|really|just)\b"
)


@lru_cache(maxsize=16)
def _marker_pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    """All markers as one alternation (longest first): one linear pass per claim."""
    words = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
    return re.compile(rf"(?<![a-z'])(?:{words})(?![a-z'])")


def _marker_spans(
    lowered: str,
    markers: tuple[str, ...],
    patterns: Sequence[re.Pattern[str]] = (),
    colon: bool = False,
) -> list[tuple[int, int]]:
    """(start, end) of every marker occurrence that can introduce a reason."""
    spans = [
        (found.start(), found.end())
        for found in _marker_pattern(markers).finditer(lowered)
        if found.group(0) not in START_ONLY or found.start() >= MIN_SO_OFFSET
    ]
    for pattern in patterns:
        spans += [(m.start(), m.end()) for m in pattern.finditer(lowered)]
    where = lowered.find(": ") if colon else -1
    explains = len(_WORD_RE.findall(_CLAUSE_END.split(lowered[where + 2 :], maxsplit=1)[0]))
    if (
        where > 0
        and len(_WORD_RE.findall(lowered[:where])) >= _EXPLAINED_AFTER
        and (explains >= _EXPLAINED_AFTER)
    ):
        spans.append((where, where + 2))  # "A timeout is unknown, not failed: retry ..."
    return spans


def _justified(
    lowered: str,
    markers: tuple[str, ...],
    extra: Sequence[str],
    patterns: Sequence[re.Pattern[str]] = (),
    *,
    colon: bool = False,
    named: bool = True,
) -> bool:
    """Some marker is followed by a clause that adds something specific of its own."""
    for start, end in _marker_spans(lowered, markers, patterns, colon):
        clause = _CLAUSE_END.split(lowered[end:], maxsplit=1)[0]
        if _OPINION_RE.match(clause):
            continue  # "so I know the customer side", "so honestly I'd build it on..."
        if _substantive(clause, lowered[:start], extra, named=named):
            return True
    return False


def _substantive(
    clause: str, before: str, extra: Sequence[str] = (), min_words: int = 2, named: bool = True
) -> bool:
    """True when a reason says something specific that the claim had not said already.

    A sized number counts; otherwise the clause needs a content word of its own (not
    generic praise such as "scalable", "fast", "proven", "like Netflix", and not only
    the words before the marker: "microservices because microservices are scalable"
    says nothing) and either a named technology or a problem term, or ``min_words``
    content words (``named`` False: a named technology alone is not enough, as in a
    trade-off, where "NoSQL better than SQL" names two things and weighs nothing).
    """
    if any(q.unit != "count" or q.value >= 10 for q in quantities(clause)):
        return True
    said = {stem(w) for w in _WORD_RE.findall(before)}
    content = {stem(w) for w in _WORD_RE.findall(clause) if len(w) > 2} - VACUOUS
    fresh = content - said
    if not fresh:
        return False
    if (named and fresh & LIST_TERMS) or len(content) >= min_words:
        return True
    return bool(extra) and any(
        set(normalize_tokens(p)) & fresh for p in TextIndex(clause).matches(extra)
    )


def _is_list(lowered: str, index: TextIndex, words: int) -> bool:
    terms = {t for t in index.tokens if t in LIST_TERMS}
    commas = lowered.count(",") + lowered.count(" and ") + lowered.count(" plus ")
    dense = len(terms) >= _MIN_LIST_TERMS and words < 3.2 * len(terms)
    listed = len(terms) >= _MIN_LIST_TERMS and commas >= 4 and commas * 5 >= words
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
    justified = _justified(lowered, REASON_MARKERS, reasons, REASON_PATTERNS, colon=True)
    # "X versus Y" alone names a trade-off; stating one takes what is gained or lost.
    tradeoff = _justified(lowered, TRADEOFF_MARKERS, (), TRADEOFF_PATTERNS, named=False)
    sized = [q for q in found if q.unit != "count" or q.value >= 1000]
    related = len(sized) >= 2 or (bool(sized) and len(found) >= 2)
    estimate = related or (bool(sized) and bool(index.matches(ASSUMPTION_MARKERS)))
    stuffed = _is_list(lowered, index, words)
    components = {t for t in index.tokens if t in TECH_STEMS}
    flow = bool(FLOW_RE.search(lowered)) and len(components) >= _FLOW_COMPONENTS
    concrete = bool(CONCRETE_RE.search(lowered)) or flow
    reasoned = not stuffed and (justified or tradeoff or estimate or concrete)
    clauses = _clause_ids(lowered)
    return ClaimInfo(
        text, index, words, reasoned, tradeoff and not stuffed, stuffed, found, clauses
    )


def names_any(claim: ClaimInfo, phrases: Sequence[str]) -> list[str]:
    """The phrases a claim names."""
    return claim.index.matches(phrases)


def _clause_ids(lowered: str) -> tuple[int, ...]:
    """The clause number of every token (clauses end at , ; : and dashes)."""
    ids: list[int] = []
    for number, part in enumerate(_CLAUSE_SPLIT.split(lowered)):
        ids += [number] * len(normalize_tokens(part))
    return tuple(ids)
