"""Split resume text into lines and sections; find the name and e-mail address."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interview_platform.resume.vocabulary import ROLE_WORDS, SECTION_HEADINGS, contains_any

# Every part bounded (RFC 5321 limits): a long token is tried at most 64 characters from
# each position (linear) instead of to its end from every position (quadratic: 100 KB
# took 22 s).
EMAIL_RE = re.compile(
    r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}"
)
_LEADING_MARKUP = re.compile(r"^[#>*_=\-\s]+")
# From the start of a run only: from every position of a long run of marks that does not
# end the line, the run was scanned again (quadratic).
_TRAILING_MARKUP = re.compile(r"(?<![*_=#:\s])[*_=#:\s]+$")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦●‣–+]|\d{1,2}[.)])\s+")
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$|^[A-Z]\.$")
_NAME_SPLIT = re.compile(r"(?<!\s)\s+[|–—•·]\s+|(?<!\s)\s+-\s+|,\s+|\t")
_NOT_A_NAME = frozenset(
    {"resume", "résumé", "curriculum vitae", "cv", "contact", "profile", "summary"}
)
_HEADING_LOOKUP = {
    heading: kind for kind, headings in SECTION_HEADINGS.items() for heading in headings
}


@dataclass
class Sections:
    """Lines of a resume grouped by section kind (``header`` before any heading)."""

    lines: list[str]
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    found_headings: bool = False
    line_kinds: dict[int, str] = field(default_factory=dict)

    def indexes(self, kind: str) -> list[int]:
        """Return the line indexes of a section kind (empty when absent)."""
        return self.by_kind.get(kind, [])

    def kind_of(self, index: int) -> str | None:
        """The section kind of a line (None for a heading line); one lookup, not a scan."""
        return self.line_kinds.get(index)


def strip_markup(line: str) -> str:
    """Remove Markdown emphasis/heading marks and bullets around a line."""
    line = _BULLET.sub("", line)
    line = _TRAILING_MARKUP.sub("", _LEADING_MARKUP.sub("", line, count=1))
    return line.replace("**", "").replace("__", "").strip()


def is_bullet(line: str) -> bool:
    """Return True for a bullet or numbered list item."""
    return bool(_BULLET.match(line))


def heading_kind(line: str) -> str | None:
    """Return the section kind a heading line opens, or None for ordinary lines."""
    text = strip_markup(line).lower()
    text = re.sub(r"\s+", " ", text.replace("&", "and"))
    if len(text) > 40:
        return None
    return _HEADING_LOOKUP.get(text)


def split_sections(text: str) -> Sections:
    """Group the non-empty lines of ``text`` by the heading above them."""
    lines = [line for line in (raw.strip() for raw in text.split("\n")) if line]
    sections = Sections(lines=lines)
    current = "header"
    for index, line in enumerate(lines):
        kind = heading_kind(line)
        if kind is not None:
            current = kind
            sections.found_headings = True
            continue
        sections.by_kind.setdefault(current, []).append(index)
        sections.line_kinds[index] = current
    return sections


def find_email(text: str) -> str:
    """Return the first e-mail address in ``text`` (lowercased) or an empty string."""
    match = EMAIL_RE.search(text)
    return match.group(0).lower() if match else ""


def _plausible_name(candidate: str) -> bool:
    words = candidate.split()
    if not 2 <= len(words) <= 4 or candidate.lower() in _NOT_A_NAME:
        return False
    if any(ch.isdigit() for ch in candidate) or "@" in candidate:
        return False
    if contains_any(candidate, ROLE_WORDS):
        return False
    return all(_NAME_WORD.match(word) for word in words)


def find_name(lines: list[str], look_at: int = 6) -> str:
    """Return the first line (or line part) near the top that reads like a name."""
    for line in lines[:look_at]:
        cleaned = strip_markup(line)
        cleaned = re.sub(r"^name\s*[:\-]\s*", "", cleaned, flags=re.IGNORECASE)
        for raw_part in _NAME_SPLIT.split(cleaned):
            part = raw_part.strip()
            if _plausible_name(part):
                return part.title() if part.isupper() else part
    return ""
