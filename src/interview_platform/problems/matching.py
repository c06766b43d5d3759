"""Matching free text to bank problems, and merging problems into a custom one.

Matching is deterministic word overlap: a problem scores for words of its title and id,
for its tags and domain, and (weakly, capped) for its rubric keywords and statement.
"""

from __future__ import annotations

import re

from interview_platform.problems.schema import Problem, RubricConcept

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


def title_from(text: str) -> str:
    """Make a short title from a problem text ("Design a pastebin." -> "Pastebin")."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip().rstrip(".!?")
    first = re.sub(r"^(?:please\s+)?design(?:ing)?\s+(?:(?:a|an|the)\s+)?", "", first, flags=re.I)
    first = first or text.strip()
    if len(first) > _TITLE_CHARS:
        first = first[: _TITLE_CHARS - 1].rstrip() + "…"
    return first[:1].upper() + first[1:]


_GENERIC = frozenset(
    [
        "design",
        "build",
        "create",
        "make",
        "system",
        "service",
        "services",
        "application",
        "app",
        "platform",
        "scalable",
        "simple",
        "basic",
        "large",
        "global",
        "real",
        "time",
        "that",
        "which",
        "with",
        "from",
        "for",
        "users",
        "user",
        "will",
        "would",
        "should",
        "could",
        "their",
        "there",
        "this",
        "these",
        "those",
        "into",
        "like",
        "such",
    ]
)
_MAX_TEXT_KEYWORDS = 8


def title_phrase(title: str) -> str:
    """A title as it reads mid-sentence ("Real-time leaderboard" -> "real-time leaderboard")."""
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


def text_concept(text: str, title: str) -> RubricConcept | None:
    """The core feature of a free-text problem, named by the text's own words.

    Returns None when the text has no content words to recognise it by.
    """
    found = [w for w in _WORD.findall(text.lower()) if len(w) >= 4 and w not in _GENERIC]
    keywords = tuple(dict.fromkeys(found))[:_MAX_TEXT_KEYWORDS]
    if not keywords:
        return None
    name = f"The core of {title_phrase(title)}"
    return RubricConcept(
        id="core_feature",
        name=name,
        competency="high_level_design",
        phase="high_level_design",
        keywords=keywords,
        question=f"How does your design serve the core of {title_phrase(title)}, step by step?",
        weight=2.0,
        hints=(
            "Follow one request for the main feature from the client to the data and back.",
            "Name the component that holds the state this feature depends on.",
        ),
    )
