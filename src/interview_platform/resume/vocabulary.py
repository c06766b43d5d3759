"""Vocabularies the offline parser matches against: domains, titles, headings, schools.

Domain ids match the problem bank's domains (``social``, ``messaging``,
``e-commerce``, ``payments``, ``media-streaming``, ``maps``, ``search``,
``storage``, ``observability``, ``ml-systems``, ``collaboration``) so a parsed
resume can steer the choice of problem; a few more (``ads``, ``gaming``,
``healthcare``) describe the candidate even when no problem matches them.
Every keyword is lowercase and matched on word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from interview_platform.resume.phrase_regex import alternation, lowered_if_same_length

# fmt: off
DOMAIN_KEYWORDS: Mapping[str, tuple[str, ...]] = {
    "payments": (
        "payment", "payments", "fintech", "billing", "ledger", "banking", "bank", "stripe",
        "card processing", "fraud", "wallet", "invoicing", "pci", "money movement", "remittance",
        "acquiring", "settlement",
    ),
    "e-commerce": (
        "e-commerce", "ecommerce", "online retail", "marketplace", "shopping cart", "checkout",
        "product catalog", "catalog", "inventory", "retail", "order management", "merchants",
        "shopify", "storefront",
    ),
    "social": (
        "social network", "social media", "news feed", "newsfeed", "timeline", "followers",
        "social graph", "user-generated content", "community", "likes", "feed ranking",
    ),
    "messaging": (
        "messaging", "chat", "instant messaging", "push notifications", "notifications",
        "whatsapp", "sms", "email delivery", "websocket", "websockets", "presence", "inbox",
    ),
    "media-streaming": (
        "video streaming", "media streaming", "live streaming", "music streaming", "video",
        "transcoding", "playback", "vod", "netflix", "youtube", "spotify", "audio streaming",
        "cdn", "adaptive bitrate", "hls",
    ),
    "maps": (
        "maps", "geospatial", "geolocation", "location-based", "ride-hailing", "ride hailing",
        "ride-sharing", "ridesharing", "routing", "navigation", "gps", "uber", "lyft", "eta",
        "dispatch", "logistics", "last-mile", "fleet",
    ),
    "search": (
        "search engine", "search", "elasticsearch", "solr", "lucene", "relevance", "ranking",
        "information retrieval", "inverted index", "autocomplete", "typeahead", "opensearch",
        "query understanding",
    ),
    "storage": (
        "distributed storage", "storage", "file system", "filesystem", "object storage",
        "blob storage", "key-value store", "distributed database", "database internals",
        "replication", "backup", "infrastructure", "data platform", "cloud storage", "caching",
    ),
    "observability": (
        "observability", "monitoring", "metrics", "tracing", "alerting", "prometheus",
        "grafana", "datadog", "opentelemetry", "sre", "incident", "on-call", "apm", "logging",
    ),
    "ml-systems": (
        "machine learning", "ml", "deep learning", "recommendation", "recommendations",
        "recommender", "model serving", "feature store", "mlops", "pytorch", "tensorflow",
        "data science", "nlp", "computer vision", "llm", "llms", "ml platform",
    ),
    "collaboration": (
        "collaboration", "collaborative editing", "real-time collaboration", "google docs",
        "document editing", "shared documents", "crdt", "crdts", "operational transform",
        "productivity", "wiki", "whiteboard", "figma", "notion",
    ),
    "ads": ("advertising", "ad tech", "adtech", "ads", "ad serving", "bidding", "rtb"),
    "gaming": ("gaming", "game", "games", "multiplayer", "matchmaking", "leaderboard"),
    "healthcare": (
        "healthcare", "medical", "clinical", "patient", "patients", "ehr", "hipaa",
        "hospital",
    ),
}
"""Domain id -> keywords; a domain needs :data:`DOMAIN_MIN_SCORE` keyword hits."""

DOMAIN_MIN_SCORE = 2
DOMAIN_MAX = 5

STAFF_TITLE_WORDS = (
    "staff", "principal", "distinguished", "fellow", "director", "vp", "vice president",
    "cto", "chief", "head of",
)
SENIOR_TITLE_WORDS = ("senior", "sr", "lead", "tech lead", "team lead", "manager")
JUNIOR_TITLE_WORDS = (
    "junior", "jr", "intern", "internship", "graduate", "trainee", "apprentice",
    "entry level", "entry-level", "associate",
)
ROLE_WORDS = (
    "engineer", "developer", "programmer", "architect", "scientist", "analyst", "manager",
    "consultant", "administrator", "sre", "devops", "designer", "researcher", "intern",
    "director", "cto", "vp", "head of", "lead", "founder", "co-founder", "specialist",
    "technician", "tester", "qa", "swe", "sde", "advisor", "contractor", "freelancer",
)

SECTION_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "experience": (
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "relevant experience",
        "career", "positions",
    ),
    "education": ("education", "academic background", "education and training", "academics"),
    "skills": (
        "skills", "technical skills", "core skills", "technologies", "tech stack",
        "tools", "competencies", "skills and tools",
    ),
    "other": (
        "summary", "profile", "about", "about me", "objective", "projects", "certifications",
        "publications", "awards", "languages", "interests", "contact", "volunteering",
        "references", "achievements", "open source", "personal projects",
    ),
}

INSTITUTION_WORDS = (
    "university", "college", "institute", "school", "academy", "polytechnic", "universität",
    "université", "universidad", "mit", "eth", "iit", "epfl", "bootcamp",
)
# fmt: on
DEGREE_PATTERN = re.compile(
    r"\b(?:ph\.?\s?d|doctorate|master(?:'s)?|bachelor(?:'s)?|m\.?\s?sc|b\.?\s?sc|m\.?\s?s|"
    r"b\.?\s?s|m\.?\s?a|b\.?\s?a|m\.?\s?eng|b\.?\s?eng|b\.?\s?tech|m\.?\s?tech|mba|"
    r"associate(?:'s)? degree|diploma|a\.?\s?a\.?\s?s|ll\.?\s?b|ll\.?\s?m)\b\.?",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Compile one case-insensitive, word-bounded pattern matching any of ``words``."""
    return re.compile(rf"(?<![\w-])(?:{alternation(words)})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=256)
def _lower_words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """The same, for lowered text: several times faster than ignoring case."""
    lowered = (w.lower() for w in words)
    return re.compile(rf"(?<![\w-])(?:{alternation(lowered)})(?![\w-])")


def _search_text(text: str, words: tuple[str, ...]) -> tuple[re.Pattern[str], str]:
    lowered = lowered_if_same_length(text)
    if lowered is None:
        return words_pattern(words), text
    return _lower_words_pattern(words), lowered


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    """Return True when ``text`` contains any of ``words`` as whole words."""
    pattern, searched = _search_text(text, words)
    return pattern.search(searched) is not None


def count_keywords(text: str, words: tuple[str, ...]) -> dict[str, int]:
    """Count the whole-word occurrences of each of ``words`` in ``text`` (one pass)."""
    counts: dict[str, int] = {}
    pattern, searched = _search_text(text, words)
    for match in pattern.finditer(searched):
        key = match.group(0).lower()
        counts[key] = counts.get(key, 0) + 1
    return counts
