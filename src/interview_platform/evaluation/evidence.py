"""Evidence: verbatim quotes from the candidate's own turns.

Quotes are always exact substrings of a candidate message, so a report never
puts words in the candidate's mouth. :func:`verify_evidence` enforces this on
every evaluation before it is stored, whichever engine produced it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from interview_platform.analysis.answers import TextIndex
from interview_platform.models import (
    Evaluation,
    Evidence,
    FeedbackItem,
    Message,
    MessageRole,
)

MAX_QUOTE_CHARS = 280
# Tried only where a run of sentence text starts: from inside a run that ends in a line
# break the rest of the run was scanned again from every character (quadratic).
_SENTENCE_RE = re.compile(r"(?<![^.!?\n])[^.!?\n]+(?:[.!?]+|$)")


def sentences(text: str) -> list[str]:
    """Split text into sentences that are exact substrings of it (trimmed)."""
    found = (m.group(0).strip() for m in _SENTENCE_RE.finditer(text))
    return [s for s in found if s]


def _trim(sentence: str, keyword: str) -> str:
    """Cut an over-long sentence to a window around the keyword (still a substring)."""
    if len(sentence) <= MAX_QUOTE_CHARS:
        return sentence
    where = max(sentence.lower().find(keyword.split(maxsplit=1)[0]), 0)
    start = max(0, min(where - MAX_QUOTE_CHARS // 3, len(sentence) - MAX_QUOTE_CHARS))
    return sentence[start : start + MAX_QUOTE_CHARS].strip()


def quote_for(message: Message, keywords: Sequence[str]) -> Evidence | None:
    """Return the first sentence of a message that contains one of the keywords.

    Args:
        message: A candidate message.
        keywords: Words or phrases (matched as whole, lightly stemmed words).

    Returns:
        The quote with the message id and timestamp, or None when nothing matches.
    """
    for sentence in sentences(message.content):
        hits = TextIndex(sentence).matches(keywords)
        if hits:
            return Evidence(_trim(sentence, hits[0]), message.id, message.created_at)
    return None


def _locate(quote: str, message_id: str, turns: Sequence[Message]) -> Message | None:
    """Return the candidate message containing the quote (the named one first)."""
    named = [m for m in turns if m.id == message_id]
    for message in [*named, *turns]:
        if quote in message.content:
            return message
    return None


def _verified(evidence: Iterable[Evidence], turns: Sequence[Message]) -> list[Evidence]:
    kept: list[Evidence] = []
    seen: set[str] = set()
    for item in evidence:
        quote = item.quote.strip()
        if not quote or quote in seen:
            continue
        message = _locate(quote, item.message_id, turns)
        if message is None:
            continue
        seen.add(quote)
        kept.append(Evidence(quote, message.id, message.created_at))
    return kept


def verify_evidence(evaluation: Evaluation, messages: Sequence[Message]) -> Evaluation:
    """Drop quotes that are not verbatim substrings of the candidate's turns.

    Kept quotes get the id and timestamp of the message they come from.

    Args:
        evaluation: An evaluation from any engine.
        messages: The session's conversation.

    Returns:
        A copy of the evaluation holding verified evidence only.
    """
    turns = [m for m in messages if m.role is MessageRole.CANDIDATE]

    def items(group: list[FeedbackItem]) -> list[FeedbackItem]:
        return [replace(i, evidence=_verified(i.evidence, turns)) for i in group]

    return replace(
        evaluation,
        competencies=[
            replace(c, evidence=_verified(c.evidence, turns)) for c in evaluation.competencies
        ],
        went_well=items(evaluation.went_well),
        went_okay=items(evaluation.went_okay),
        needs_improvement=items(evaluation.needs_improvement),
    )
