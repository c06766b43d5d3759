"""Per-turn signals of the candidate's answers, computed once per evaluation.

The offline evaluator reads everything it scores from these: the tokenised
text (for keyword and concept matching), length, vagueness, quantities with
units and visible arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from interview_platform.analysis.answers import TextIndex, asks_clarifying_question, vagueness
from interview_platform.models import Message, MessageRole

# A number followed by a unit of scale, size, rate or time: what an estimate is made of.
_QUANTITY_RE = re.compile(
    # At most 31 characters of digits and separators, never given back (no unit starts
    # with one): from every digit of an endless "1,1,1,..." the rest of it was scanned
    # again and again (8,000 characters took 8 s).
    r"\b\d[\d,.]{0,30}+\s*+(?:k|m|b|million|billion|thousand|trillion|qps|rps|tb|gb|mb|kb|pb|"
    r"bytes?|requests?|reads?|writes?|urls?|users?|per\s+(?:second|day|month|year)|/s|/sec|"
    r"%|ms|seconds?|days?|months?|years?|hours?|x)(?![a-z])",
    re.IGNORECASE,
)
_MATH_RE = re.compile(
    r"\d\s*(?:[x×*/÷=]|times|divided by)\s*\d|[≈~]\s*\d|\broughly\s+\d|\babout\s+\d",
    re.IGNORECASE,
)
_STRUCTURE_WORDS = (
    "first",
    "second",
    "then",
    "next",
    "finally",
    "to summarize",
    "in summary",
    "let me",
    "step",
    "overall",
)
_WORD_RE = re.compile(r"[A-Za-z0-9]+")


@dataclass
class Turn:
    """One candidate message with the signals read from it."""

    message: Message
    index: TextIndex
    words: int
    quantities: int
    has_math: bool
    is_vague: bool
    specifics: int
    asks_question: bool
    structured: bool


def analyse_turn(message: Message) -> Turn:
    """Read the signals of one candidate message."""
    text = message.content
    index = TextIndex(text)
    report = vagueness(text)
    return Turn(
        message=message,
        index=index,
        words=len(_WORD_RE.findall(text)),
        quantities=len(_QUANTITY_RE.findall(text)),
        has_math=bool(_MATH_RE.search(text)),
        is_vague=report.is_vague,
        specifics=report.specifics,
        asks_question=asks_clarifying_question(text),
        structured=bool(index.matches(_STRUCTURE_WORDS)),
    )


def candidate_turns(messages: Sequence[Message]) -> list[Turn]:
    """Analyse every candidate message, oldest first (empty ones are skipped)."""
    return [
        analyse_turn(m) for m in messages if m.role is MessageRole.CANDIDATE and m.content.strip()
    ]


def depth(turns: Sequence[Turn]) -> float:
    """Return how developed a set of answers is, 0..1.

    Length and concrete technical terms count; a vague answer counts half.
    """
    if not turns:
        return 0.0
    values = [
        (0.6 * min(1.0, t.words / 80) + 0.4 * min(1.0, t.specifics / 8))
        * (0.5 if t.is_vague else 1.0)
        for t in turns
    ]
    return sum(values) / len(values)
