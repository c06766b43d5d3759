"""Matching free text to bank problems, and merging problems into a custom one.

Matching is deterministic word overlap: a problem scores for words of its title and id,
for its tags and domain, and (weakly, capped) for its rubric keywords and statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from interview_platform.ai.problem_schema import Problem, RubricConcept

_TITLE_CHARS = 80
# Words too common in problem texts to say anything about which problem is meant.
_STOPWORDS = frozenset(
    {
        "a", "an", "and", "app", "as", "at", "be", "build", "by", "can", "design", "designing",
        "distributed", "for", "platform", "scalable",
        "from", "how", "i", "in", "is", "it", "like", "of", "on", "or", "our", "service",
        "system", "that", "the", "their", "this", "to", "we", "what", "which", "with", "would",
        "you", "your",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")


def words(text: str) -> list[str]:
    """Split text into lowercase, lightly stemmed words ("URL Shorteners" -> url, shortener)."""
    return [_stem(w) for w in _WORD.findall(text.lower().replace("-", " ").replace("_", " "))]


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalise_domain(domain: str) -> str:
    """Normalise a domain name for comparison ("Media Streaming" -> "media-streaming")."""
    return "-".join(domain.strip().lower().replace("_", " ").split())


class TextMatcher:
    """Scores how well a free text describes a problem (title, tags, domain, keywords).

    Args:
        text: The free text, for example "Design a URL shortener like bit.ly".
    """

    def __init__(self, text: str) -> None:
        tokens = words(text)
        self.joined = f" {' '.join(tokens)} "
        self.content = {t for t in tokens if t not in _STOPWORDS}

    def has(self, phrase: str) -> bool:
        """Return whether ``phrase`` occurs in the text as whole words."""
        phrase_words = words(phrase)
        return bool(phrase_words) and f" {' '.join(phrase_words)} " in self.joined

    def score(self, problem: Problem) -> float:
        """Return a non-negative match score; 0 means nothing in common."""
        named = {w for w in words(f"{problem.title} {problem.id}") if w not in _STOPWORDS}
        score = 3.0 * len(named & self.content)
        score += 2.0 * sum(1 for tag in problem.tags if self.has(tag))
        score += 1.0 if self.has(problem.domain) else 0.0
        keywords = {k for c in problem.concepts for k in c.keywords}
        score += min(3.0, 0.5 * sum(1 for k in keywords if self.has(k)))
        statement = {w for w in words(problem.statement) if w not in _STOPWORDS}
        score += min(2.0, 0.25 * len(statement & self.content))
        return round(score, 6)


def merge(groups: Iterable[Sequence[str]]) -> tuple[str, ...]:
    """Concatenate ``groups`` keeping the first occurrence of each item."""
    return tuple(dict.fromkeys(item for group in groups for item in group))


def merge_concepts(groups: Iterable[Sequence[RubricConcept]]) -> tuple[RubricConcept, ...]:
    """Concatenate concept groups, keeping the first concept of each id."""
    merged: dict[str, RubricConcept] = {}
    for group in groups:
        for concept in group:
            merged.setdefault(concept.id, concept)
    return tuple(merged.values())


def title_from(text: str) -> str:
    """Make a short title from a problem text ("Design a pastebin." -> "Pastebin")."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip().rstrip(".!?")
    first = re.sub(r"^(?:please\s+)?design(?:ing)?\s+(?:(?:a|an|the)\s+)?", "", first, flags=re.I)
    first = first or text.strip()
    if len(first) > _TITLE_CHARS:
        first = first[: _TITLE_CHARS - 1].rstrip() + "…"
    return first[:1].upper() + first[1:]
