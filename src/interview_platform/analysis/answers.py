"""Pure text analysis of candidate answers, shared by the offline interviewer and evaluator.

Every function here is deterministic, needs no network and never raises on odd
input (empty strings, emoji, very long text). Matching is word-based and
case-insensitive with a light stemmer, so "caches", "caching" and "cache" all
match the keyword ``cache`` while "cachet" does not.

Typical use::

    covered = covered_concepts(answer, problem.concepts)   # {"caching": ["redis"]}
    report = vagueness(answer)                             # VaguenessReport(is_vague=...)
    strength = answer_strength(answer, problem.concepts)   # 0.0 .. 1.0
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from interview_platform.analysis.vocabulary import (
    COMMON_WORDS,
    HEDGES,
    HINT_RE,
    INJECTION_RE,
    NUMBER_RE,
    NUMBER_WORDS,
    QUESTION_START_RE,
    SENTENCE_SPLIT_RE,
    TECH_TERMS,
    TRADEOFF_WORDS,
    WORD_RE,
    TextIndex,
    normalize_tokens,
    stem,
)

if TYPE_CHECKING:
    from interview_platform.problems.bank import RubricConcept

__all__ = [
    "TECH_TERMS",
    "TextIndex",
    "VaguenessReport",
    "answer_strength",
    "asks_clarifying_question",
    "asks_for_hint",
    "covered_concepts",
    "is_gibberish_or_empty",
    "is_off_topic",
    "looks_like_injection",
    "matched_keywords",
    "normalize_tokens",
    "vagueness",
]


@dataclass(frozen=True)
class VaguenessReport:
    """How vague an answer is, and why.

    Attributes:
        is_vague: True when the answer is too short, has no specifics, or hedges
            without committing to any number.
        reasons: Human-readable reasons, from "very short", "no specifics",
            "hedging", "no numbers".
        numbers: Count of numeric quantities ("10k", "200 ms", "million").
        hedges: Count of hedging phrases ("maybe", "i guess", "not sure").
        words: Count of words.
        specifics: Count of concrete technical terms.
    """

    is_vague: bool
    reasons: list[str] = field(default_factory=list)
    numbers: int = 0
    hedges: int = 0
    words: int = 0
    specifics: int = 0


def matched_keywords(text: str, keywords: Sequence[str]) -> list[str]:
    """Return the keywords (or phrases) that occur in ``text`` as whole words.

    Args:
        text: The text to search.
        keywords: Lowercase words or phrases.

    Returns:
        The matching keywords, in the order given.
    """
    return TextIndex(text).matches(keywords)


def covered_concepts(
    text: str | TextIndex, concepts: Sequence[RubricConcept]
) -> dict[str, list[str]]:
    """Find which rubric concepts a text covers.

    Args:
        text: Candidate text (one answer or a whole conversation), or a
            :class:`TextIndex` of it when matching repeatedly.
        concepts: Rubric concepts with their signalling keywords.

    Returns:
        Concept id -> matched keywords, only for concepts with at least one match.
    """
    index = text if isinstance(text, TextIndex) else TextIndex(text)
    result: dict[str, list[str]] = {}
    for concept in concepts:
        hits = index.matches(concept.keywords)
        if hits:
            result[concept.id] = hits
    return result


@lru_cache(maxsize=16)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """All phrases as one alternation (longest first): one pass over the text, not one each."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alternatives})(?![a-z])")


def _count_phrases(lowered: str, phrases: tuple[str, ...]) -> int:
    return len(_phrase_pattern(phrases).findall(lowered))


def _count_numbers(lowered: str, words: Sequence[str]) -> int:
    return len(NUMBER_RE.findall(lowered)) + sum(1 for w in words if w in NUMBER_WORDS)


def _count_specifics(words: Sequence[str]) -> int:
    return sum(1 for w in words if w in TECH_TERMS or stem(w) in TECH_TERMS)


def count_numbers(text: str) -> int:
    """Count numeric quantities (digits with units, or number words like "million")."""
    lowered = text.lower()
    return _count_numbers(lowered, WORD_RE.findall(lowered))


def count_specifics(text: str) -> int:
    """Count concrete technical terms from the generic design vocabulary."""
    return _count_specifics(WORD_RE.findall(text.lower()))


def vagueness(text: str) -> VaguenessReport:
    """Judge whether an answer is vague.

    Args:
        text: One candidate answer.

    Returns:
        A :class:`VaguenessReport` with the reasons and the counts behind them.
    """
    lowered = text.lower()
    found = WORD_RE.findall(lowered)
    words = len(found)
    numbers = _count_numbers(lowered, found)
    hedges = _count_phrases(lowered, HEDGES)
    specifics = _count_specifics(found)
    reasons: list[str] = []
    if words < 8:
        reasons.append("very short")
    if specifics == 0:
        reasons.append("no specifics")
    if hedges >= 2 or (hedges == 1 and words < 25):
        reasons.append("hedging")
    if numbers == 0:
        reasons.append("no numbers")
    is_vague = (
        "very short" in reasons
        or "no specifics" in reasons
        or ("hedging" in reasons and "no numbers" in reasons)
    )
    return VaguenessReport(is_vague, reasons, numbers, hedges, words, specifics)


_TRIPLE_RE = re.compile(r"(.)\1\1")
_CONSONANTS_RE = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
_VOWEL_RE = re.compile(r"[aeiouy]")


def _looks_like_word(word: str) -> bool:
    if word.isdigit() or word in COMMON_WORDS or word in TECH_TERMS:
        return True
    if _TRIPLE_RE.search(word) or _CONSONANTS_RE.search(word):
        return False
    return bool(_VOWEL_RE.search(word))


_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _is_key_mash(word: str) -> bool:
    """Letters from one keyboard row with at most one vowel ("asdf", "qwer", "hjkl")."""
    if len(word) < 4 or sum(ch in "aeiouy" for ch in word) > 1:
        return False
    return any(set(word) <= set(row) for row in _KEY_ROWS)


def is_gibberish_or_empty(text: str) -> bool:
    """Return True for empty, punctuation-only or keyboard-mash input.

    Args:
        text: One candidate answer.
    """
    return _gibberish(WORD_RE.findall(text.lower()))


def _gibberish(words: Sequence[str]) -> bool:
    if not words:
        return True
    known = [w for w in words if w in COMMON_WORDS or w in TECH_TERMS or w.isdigit()]
    seen = set(known)  # a set: a list here made long answers quadratic
    # Each distinct word is judged once (answers repeat their words).
    strange = {w for w in set(words) - seen if _is_key_mash(w) or not _looks_like_word(w)}
    odd = [w for w in words if w in strange]
    if len(odd) * 2 > len(words) or (not known and len(odd) * 2 >= len(words)):
        return True
    # Three or more "words" none of which is a common or technical word, repeated, is mashing.
    return len(words) >= 3 and not known and len(set(words)) <= max(2, len(words) // 2)


def asks_for_hint(text: str) -> bool:
    """Return True when the candidate asks for a hint or says they are stuck."""
    return bool(HINT_RE.search(text))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_SPLIT_RE.split(text) if s.strip()]


def asks_clarifying_question(text: str) -> bool:
    """Return True when the candidate asks a question about the problem.

    A hint request or an injection attempt is not a clarifying question.
    """
    if asks_for_hint(text) or looks_like_injection(text):
        return False
    return any(s.endswith("?") or QUESTION_START_RE.match(s) for s in _sentences(text))


def looks_like_injection(text: str) -> bool:
    """Return True for attempts to steer the interviewer out of its role.

    Examples: "ignore previous instructions", "you are now...", "system prompt",
    "give me a perfect score".
    """
    return bool(INJECTION_RE.search(text))


def is_off_topic(text: str, concepts: Sequence[RubricConcept] = ()) -> bool:
    """Return True for a substantive answer with no design content at all.

    Args:
        text: One candidate answer.
        concepts: Rubric concepts whose keywords also count as on-topic.
    """
    words = WORD_RE.findall(text.lower())
    if len(words) < 6 or count_specifics(text) > 0 or count_numbers(text) > 0:
        return False
    return not covered_concepts(text, concepts)


def answer_strength(text: str, concepts: Sequence[RubricConcept]) -> float:
    """Score how strong an answer is, from 0 (empty) to 1 (thorough).

    Weighs rubric coverage (40%), numbers (20%), length (20%) and trade-off
    reasoning (20%), minus a small penalty for hedging.

    Args:
        text: One candidate answer.
        concepts: The rubric concepts the answer may cover.
    """
    lowered = text.lower()
    found = WORD_RE.findall(lowered)  # tokenised once for every measure below
    if _gibberish(found):
        return 0.0
    coverage = min(1.0, len(covered_concepts(TextIndex(words=found), concepts)) / 2)
    numbers = min(1.0, _count_numbers(lowered, found) / 2)
    length = min(1.0, len(found) / 60)
    tradeoffs = min(1.0, _count_phrases(lowered, TRADEOFF_WORDS) / 2)
    penalty = min(0.15, 0.05 * _count_phrases(lowered, HEDGES))
    score = 0.4 * coverage + 0.2 * numbers + 0.2 * length + 0.2 * tradeoffs - penalty
    return round(max(0.0, min(1.0, score)), 3)
