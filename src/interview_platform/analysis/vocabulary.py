"""Word lists, patterns and tokenisation behind :mod:`interview_platform.analysis.answers`.

Kept apart so the lists can grow without crowding the analysis functions.
All matching is done on lowercase text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

__all__ = [
    "COMMON_WORDS",
    "HEDGES",
    "HINT_RE",
    "INJECTION_RE",
    "NUMBER_RE",
    "NUMBER_WORDS",
    "QUESTION_START_RE",
    "SENTENCE_SPLIT_RE",
    "TECH_TERMS",
    "TRADEOFF_WORDS",
    "WORD_RE",
    "TextIndex",
    "first_tokens",
    "normalize_tokens",
    "phrase_tokens",
    "stem",
]


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split("|") if p.strip())


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


WORD_RE = re.compile(r"[a-z0-9]+")
NUMBER_RE = re.compile(r"\b\d+(?:[.,]\d+)*\s*(?:k|m|b|%|ms|s|gb|tb|mb|pb|qps|rps)?\b")
NUMBER_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
HEDGES: tuple[str, ...] = _phrases(
    "maybe|i guess|probably|kind of|sort of|not sure|i think|perhaps|might|somehow|"
    "something like|whatever|i don't know|idk|no idea|stuff"
)
TRADEOFF_WORDS: tuple[str, ...] = _phrases(
    "trade-off|tradeoff|trade off|instead of|because|however|but|versus|vs|downside|"
    "cost of|at the expense|on the other hand|rather than|so that"
)
# Generic system-design vocabulary: an answer with none of these has "no specifics".
TECH_TERMS: frozenset[str] = _wordset(
    "api cache redis memcached database db sql nosql postgres mysql cassandra dynamo shard "
    "partition replica replication index queue kafka sqs rabbitmq stream server service "
    "load balancer lb cdn latency throughput qps rps request read write storage s3 blob "
    "hash key value ttl consistency availability failover region node cluster worker "
    "endpoint http rest grpc json schema table column row primary secondary leader "
    "follower quorum rate limit limiter gateway client traffic scale scaling "
    "horizontal vertical microservice monolith async sync batch event message "
    "notification search elasticsearch object bucket timeout retry idempotent "
    "idempotency backoff circuit breaker monitoring metrics alert log logging token "
    "auth id uuid counter sequence base62 encode url link redirect analytics bandwidth "
    "memory disk ssd cpu byte bytes kb mb gb tb pb per percent p99 p95 sla slo "
    "upstream downstream consumer producer topic websocket "
    "polling push pull lock transaction acid eventual snapshot backup"
)
COMMON_WORDS = _wordset(
    "the a an i we you it is are was be to of and or in on for with that this would will "
    "can could should do does so if then then what how why when where which who my our "
    "they them have has use using need just like think yes no not ok okay sure well also "
    "there here about at by from as me want get go make more less some any all one two"
)
HINT_RE = re.compile(
    r"\b(hint|clue|nudge|i'?m stuck|i am stuck|stuck here|help me|can you help|"
    r"point me|where (?:should|do) i (?:start|begin)|what should i (?:do|say|focus)|"
    r"i don'?t know (?:where|how|what)|give me a (?:tip|pointer)|any tips?)\b",
    re.IGNORECASE,
)
INJECTION_RE = re.compile(
    r"(ignore|disregard|forget) (?:all |any |the |your )*(?:previous|prior|above|earlier|"
    r"preceding|former)? ?(?:instructions|prompts?|rules|directions|context)|"
    r"\byou are now\b|\bsystem prompt\b|\bdeveloper mode\b|\bjailbreak\b|"
    r"\b(?:give|grant|award) me (?:a |an )?(?:perfect|full|maximum|max|top|high|10/10|"
    r"100%?|5/5) (?:score|marks?|rating|grade)|\bperfect score\b|\bmark me as\b|"
    r"\b(?:reveal|show|print|repeat|tell me) (?:me )?(?:your|the) (?:instructions|prompt|"
    r"rubric|hidden|system|rules)|\bnew instructions\b|\bpretend (?:you are|to be)\b|"
    r"\bact as (?:if you are|my|a different)\b|\b(?:hire|pass) me\b|\bstrong hire\b|"
    r"</?system>|\[/?inst\]",
    re.IGNORECASE,
)
QUESTION_START_RE = re.compile(
    r"^(?:what|how|which|who|when|where|why|do (?:we|i|you)|does (?:it|the|this)|"
    r"should (?:i|we)|can (?:i|we)|could (?:i|we)|is (?:it|there|the)|are (?:we|there|the)|"
    r"am i|will (?:it|we|the)|may i)\b",
    re.IGNORECASE,
)
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|\n+")


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """Reduce a lowercase word to a crude stem so plurals and -ing/-ed forms match."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("ches", "shes", "xes", "ses", "zes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def normalize_tokens(text: str) -> list[str]:
    """Split text into lowercase, stemmed word tokens.

    Args:
        text: Any text.

    Returns:
        The stemmed tokens in order (punctuation dropped).
    """
    return [stem(w) for w in WORD_RE.findall(text.lower())]


@lru_cache(maxsize=4096)
def _keyword_tokens(keyword: str) -> tuple[str, ...]:
    return tuple(normalize_tokens(keyword))


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """The stemmed tokens of a keyword or phrase (cached: phrase lists are reused)."""
    return _keyword_tokens(phrase)


class TextIndex:
    """A text tokenised once, for matching many keywords against it cheaply."""

    def __init__(self, text: str = "", *, words: Sequence[str] | None = None) -> None:
        """Tokenise ``text``, or take ``words`` already found by :data:`WORD_RE` in it."""
        found = WORD_RE.findall(text.lower()) if words is None else words
        self.tokens = [stem(w) for w in found]
        self._positions: dict[str, list[int]] = {}
        for i, tok in enumerate(self.tokens):
            self._positions.setdefault(tok, []).append(i)

    def has(self, keyword: str) -> bool:
        """Return True when ``keyword`` (a word or phrase) occurs as whole words."""
        seq = _keyword_tokens(keyword)
        # Most keywords are absent: one dict lookup settles them (a claim is matched
        # against hundreds of phrases, so this path decides the cost of analysis).
        if not seq or seq[0] not in self._positions:
            return False
        return len(seq) == 1 or bool(self.starts(keyword))

    def mentions_any(self, first_tokens: frozenset[str]) -> bool:
        """Return True when some token of the text is one of ``first_tokens``.

        A cheap test before matching many phrases: a phrase can only occur when its
        first token (see :func:`first_tokens`) does.
        """
        return not self._positions.keys().isdisjoint(first_tokens)

    def starts(self, keyword: str) -> list[int]:
        """Token positions where ``keyword`` (a word or phrase) starts."""
        seq = _keyword_tokens(keyword)
        if not seq:
            return []
        size = len(seq)
        return [
            start
            for start in self._positions.get(seq[0], ())
            if tuple(self.tokens[start : start + size]) == seq
        ]

    def matches(self, keywords: Sequence[str]) -> list[str]:
        """Return the keywords that occur, in the order given."""
        return [k for k in keywords if self.has(k)]


def first_tokens(phrases: Sequence[str]) -> frozenset[str]:
    """The first stemmed token of every phrase (for :meth:`TextIndex.mentions_any`)."""
    return frozenset(seq[0] for seq in map(_keyword_tokens, phrases) if seq)
