"""Text around Whisper: the vocabulary prompt it is given, and fair word accuracy.

Whisper spells what it hears the way a writer would ("5", "re-try", "p99"), so word
accuracy is measured on normalised words: lowercase, no punctuation, hyphens joined,
numbers written out. Hyphenated words are joined, so answers used for measuring
should write compounds one way ("retry", "exactly once").
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Protocol

from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import Session
from interview_platform.problems.schema import Problem

_log = logging.getLogger("interview_platform.communication.transcription")
PROMPT_CHARS = 300  # Whisper reads at most 224 prompt tokens; long prompts get echoed
GENERIC_TERMS = (
    "Kafka",
    "Redis",
    "sharding",
    "p99",
    "idempotency",
    "PostgreSQL",
    "load balancer",
    "CDN",
    "QPS",
    "consistent hashing",
    "replication",
    "rate limiter",
)
_ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
    *("seventeen", "eighteen", "nineteen"),
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"))


def _round_robin(groups: Sequence[Sequence[str]]) -> list[str]:
    """First keyword of every concept, then the second of each... (variety under a cap)."""
    width = max((len(g) for g in groups), default=0)
    return [g[i] for i in range(width) for g in groups if i < len(g)]


def initial_prompt(title: str, keywords: Iterable[str] = (), limit: int = PROMPT_CHARS) -> str:
    """Whisper's initial prompt: the problem title and as many terms as fit in ``limit``."""
    title = title.strip()
    head = f"System design interview: {title}." if title else "System design interview."
    terms: list[str] = []
    seen: set[str] = set()
    text = head
    for raw in [*keywords, *GENERIC_TERMS]:
        term = raw.replace("_", " ").strip()  # rubric ids like "ad_id" are spoken "ad id"
        if term.lower() in seen or not term:
            continue
        candidate = f"{head} Terms: {', '.join([*terms, term])}."
        if len(candidate) > limit:
            continue
        seen.add(term.lower())
        terms.append(term)
        text = candidate
    return text[:limit]


def problem_prompt(problem: Problem, limit: int = PROMPT_CHARS) -> str:
    """The prompt for ``problem``: its title and rubric concept keywords."""
    groups = [list(c.keywords) for c in problem.concepts]
    return initial_prompt(problem.title, _round_robin(groups), limit)


class _Sessions(Protocol):
    def get_session(self, session_id: str) -> Session | None: ...


class _Problems(Protocol):
    def get(self, problem_id: str) -> Problem: ...


class SessionVocabulary:
    """The prompt for a session's problem, looked up once per session.

    Args:
        store: Finds the session (and its problem id).
        bank: Finds the problem.
    """

    def __init__(self, store: _Sessions, bank: _Problems) -> None:
        self._store = store
        self._bank = bank
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()

    def __call__(self, session_id: str) -> str:
        """The prompt for ``session_id`` (the generic one if its problem is unknown)."""
        with self._lock:
            if session_id in self._cache:
                return self._cache[session_id]
        prompt = self._lookup(session_id)
        with self._lock:
            if len(self._cache) > 1000:  # a long-running server: forget old sessions
                self._cache.clear()
            self._cache[session_id] = prompt
        return prompt

    def _lookup(self, session_id: str) -> str:
        try:
            session = self._store.get_session(session_id)
            if session is None:
                return initial_prompt("")
            if session.problem_id:
                return problem_prompt(self._bank.get(session.problem_id))
            return initial_prompt(session.problem_text[:80])
        except InterviewPlatformError as exc:
            _log.warning("no problem vocabulary for Whisper", extra={"error": str(exc)})
            return initial_prompt("")


def number_words(value: int) -> str:
    """``value`` written out in English words ("one hundred twenty three")."""
    if value < 20:
        return _ONES[value]
    if value < 100:
        tens, rest = divmod(value, 10)
        return _TENS[tens] + (f" {_ONES[rest]}" if rest else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    for size, name in _SCALES:
        if value >= size:
            high, rest = divmod(value, size)
            return f"{number_words(high)} {name}" + (f" {number_words(rest)}" if rest else "")
    return str(value)  # unreachable: the scales cover every value >= 1000


def normalise_words(text: str) -> list[str]:
    """Lowercase words without punctuation, hyphens joined, numbers written out."""
    text = text.lower().replace("%", " percent")
    text = re.sub(r"(\d),(\d{3})", r"\1\2", text)  # "10,000"
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", text)  # "p99" -> "p 99"
    text = re.sub(r"(?<!\d)(\d+)\.(\d+)", lambda m: f"{m[1]} point {' '.join(m[2])}", text)
    text = re.sub(
        r"\d+", lambda m: f" {number_words(int(m[0]))} " if len(m[0]) < 13 else m[0], text
    )
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", "", text)  # "re-try" -> "retry"
    return re.findall(r"[a-z']+", text.replace("-", " "))


def word_accuracy(reference: str, hypothesis: str) -> float:
    """1 - word error rate over normalised words (Levenshtein), floored at 0."""
    ref, hyp = normalise_words(reference), normalise_words(hypothesis)
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i]
        for j, h in enumerate(hyp, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h)))
        prev = cur
    return max(0.0, 1.0 - prev[-1] / max(len(ref), 1))
