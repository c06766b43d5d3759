"""Word lists behind :mod:`interview_platform.analysis.claims`.

What marks a reason, a trade-off, an assumption, and the words that justify nothing
on their own. All lowercase; phrases are matched as whole words inside one claim.
"""

from __future__ import annotations

import re

from interview_platform.analysis.vocabulary import TECH_TERMS, stem


def _words(text: str) -> list[str]:
    """Split a word list written as text (easier to read and edit than quoted items)."""
    return text.split()


__all__ = [
    "ASSUMPTION_MARKERS",
    "CONCRETE_RE",
    "FLOW_RE",
    "LIST_TERMS",
    "MIN_SO_OFFSET",
    "NEGATIONS",
    "NEGATION_WINDOW",
    "REASON_MARKERS",
    "REASON_PATTERNS",
    "START_ONLY",
    "TECH_STEMS",
    "TRADEOFF_MARKERS",
    "TRADEOFF_PATTERNS",
    "VACUOUS",
]

REASON_MARKERS = (
    "because", "since", "so that", "which means", "that means", "that way", "otherwise",
    "in order to", "to avoid", "to make sure", "to ensure", "to keep", "to reduce",
    "to handle", "to protect", "to prevent", "given that", "as long as", "due to",
    "which gives", "which lets", "which keeps", "so we", "so the", "so it", "so reads",
    "so writes", "so each", "so a", "so if", "if the", "if a", "if one", "when the", "when a",
    "the reason", "that is why", "that's why", "thanks to", "so",
    "falls back", "fall back", "fails over", "fail over", "degrades to", "degrade to",
    "drops", "drop", "still serves", "keeps serving", "survives", "survive", "fail open",
    "fails open", "fail closed", "fails closed", "too much for", "too expensive",
)  # fmt: skip
START_ONLY = frozenset(
    {"so the", "so we", "so it", "so a", "so if", "so", "that means", "which means"}
)
MIN_SO_OFFSET = 8  # "so" that opens a claim ("So the system...", "um so") is a filler
TRADEOFF_MARKERS = (
    "trade-off", "tradeoff", "trade off", "trade offs", "at the cost of", "instead of",
    "rather than", "downside", "the cost is", "at the price of", "we give up", "we lose",
    "versus", "vs",
    "on the other hand", "compared to", "compared with", "the price is", "in exchange",
    "but it", "but we", "but that", "but the", "drawback",
    "prefer", "better than", "cheaper than", "simpler than", "worse", "pros and cons",
)  # fmt: skip
ASSUMPTION_MARKERS = (
    "assume", "assuming", "assumption", "let's say", "lets say", "say we", "if we have",
    "if each", "per user", "each user", "times", "divided by", "multiplied by", "x",
)  # fmt: skip
# Words that justify nothing on their own ("because it is scalable and fast").
VACUOUS = frozenset(
    stem(w)
    for w in _words(
        "it is are was be been being its they them this that the a an and or very "
        "really super more most much quite just also so too we our you it's scalable "
        "scale scales scaling fast faster fastest quick quickly speed reliable "
        "reliability robust performant performance efficient good great best better "
        "nice cool popular standard industry practice practices proven battle tested "
        "modern powerful simple easy high highly available availability well known "
        "widely used everyone big companies netflix google amazon uber facebook meta "
        "twitter works work always enterprise grade level solution solutions tool "
        "tools technology technologies handle handles everything anything things "
        "thing stuff lot lots load loads of all can will would should use used using "
        "need needs needed have has had think thinking going get gets make makes does "
        "done want say look see know take follow following same pattern patterns day "
        "one first huge massive every way ways kind sort type approach approaches "
        "architecture design system systems future proof cloud native these those "
        "planet world internet globe talking talk cover covers covered solve solves "
        "solved handled care problem problems issue issues automatically eventually "
        "basically obviously definitely"
    )
)

# Reasons without a marker word: "Postgres, for ACID". (An explanation after a colon
# is found in code: a regex for "four words, then a colon" would backtrack.)
REASON_PATTERNS = (re.compile(r", for (?!example|instance|now|each|every|a |an |the )"),)
# "X over Y" ("Postgres over NoSQL", "push over pull"), but not "over the network".
TRADEOFF_PATTERNS = (
    re.compile(r"\btrades? (?:a little |some |a bit of )?[a-z-]+ for\b"),
    re.compile(
        r"(?<![a-z'])over (?!the |a |an |time|http|tcp|websocket|network|\d|years?\b"
        r"|days?\b|months?\b|hours?\b|minutes?\b|seconds?\b)"
    ),
)
# Concrete specification is substance in itself: an endpoint with a path, a snake_case
# identifier, a key or an index ("POST /v1/payments", "order_id", "index on user_id").
CONCRETE_RE = re.compile(
    r"\b(?:get|post|put|patch|delete) /|\b[a-z]+_[a-z0-9_]+\b|\bprimary key\b"
    r"|\b(?:rf|replication factor)\s*(?:=|of)?\s*\d"
    r"|\bpartition key\b|\bindex on\b|\bunique (?:constraint|index|key)\b"
)

# A data flow stated step by step ("an executor calls the PSP, the state change and an
# outbox row commit together"): with two or more components it is design substance.
FLOW_RE = re.compile(
    r"\b(?:calls|writes|reads|publishes|consumes|sends|forwards|routes|pushes|pulls|stores|"
    r"persists|emits|subscribes|commits|enqueues|polls|fetches|looks up|hits)\b"
)

# Tokens (as the tokenizer splits "wouldn't" into "wouldn", "t") that negate what follows.
NEGATIONS = frozenset(
    _words(
        "not no never t wouldn shouldn don doesn didn isn aren wasn won cannot nor without neither"
    )
)
NEGATION_WINDOW = 5  # words before a phrase that can negate it ("no cross-region call")

# Stemmed, as claim tokens are.
TECH_STEMS = frozenset(stem(w) for w in TECH_TERMS)
# Everyday words and measures of any design answer ("p99 latency, hit ratio and error
# rate") do not make a sentence a list of buzzwords.
_EVERYDAY = frozenset(
    stem(w)
    for w in _words(
        "per request requests client read write server service data key value id link "
        "url user node table row column event message token sync async latency rate "
        "redirect monitoring metrics alert p99 p95 throughput traffic storage memory disk "
        "cpu bandwidth percent qps rps byte bytes kb mb gb tb pb"
    )
)
LIST_TERMS = TECH_STEMS - _EVERYDAY
