"""The offline resume parser: rules and vocabularies, no model, no network.

Experience level, from the most recent title and the total years (first
matching row wins):

=====================================================  ==========================
Most recent title contains                             Level
=====================================================  ==========================
staff, principal, distinguished, fellow, director,     staff (senior if < 6 years
VP, CTO, chief, head of                                are known)
senior, sr, lead, manager                              senior (mid if < 4 years
                                                       are known)
junior, jr, intern, graduate, trainee, associate...    junior (by years if ≥ 3)
anything else, by years                                < 2 junior, < 5 mid,
                                                       < 9 senior, else staff
=====================================================  ==========================

Years come from the merged date ranges of the work history (overlapping jobs
count once, internships not at all; "Present" is today's date from the
injected clock) or from an explicit "N years of experience", whichever is
larger.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from interview_platform.models import ExperienceLevel, ResumeData
from interview_platform.resume.dates import merged_years
from interview_platform.resume.education import find_education
from interview_platform.resume.experience import Position, find_positions
from interview_platform.resume.sections import Sections, find_email, find_name, split_sections
from interview_platform.resume.skills_vocabulary import find_skills
from interview_platform.resume.vocabulary import (
    DOMAIN_KEYWORDS,
    DOMAIN_MAX,
    DOMAIN_MIN_SCORE,
    JUNIOR_TITLE_WORDS,
    ROLE_WORDS,
    SENIOR_TITLE_WORDS,
    STAFF_TITLE_WORDS,
    contains_any,
    count_keywords,
)

_EXPLICIT_YEARS = re.compile(
    # "\s*(?:\+\s*)?", not "\s*\+?\s*": two adjacent \s* split a run of spaces in every
    # way before failing (a digit and 16,000 spaces took 2.5 s).
    r"(\d{1,2}(?:\.\d)?)\s*(?:\+\s*)?(?:years?|yrs?)\b(?:\s+of)?(?:\s+[\w/-]+){0,3}?"
    r"\s+(?:experience|in\s+(?:the\s+)?industry)",
    re.IGNORECASE,
)
_MAX_PLAUSIBLE_YEARS = 60.0
_KEYWORD_CAP = 3
_ALL_DOMAIN_KEYWORDS = tuple(sorted({k for ks in DOMAIN_KEYWORDS.values() for k in ks}))
_INTERN_WORDS = ("intern", "internship", "trainee", "apprentice", "working student")


def level_from_years(years: float) -> ExperienceLevel:
    """Map years of experience to a level when no title says otherwise."""
    if years < 2:
        return ExperienceLevel.JUNIOR
    if years < 5:
        return ExperienceLevel.MID
    if years < 9:
        return ExperienceLevel.SENIOR
    return ExperienceLevel.STAFF


def infer_level(title: str, years: float) -> ExperienceLevel:
    """Infer the experience level from the most recent title and total years.

    Args:
        title: The most recent job title ("" when unknown).
        years: Total years of experience (0 when unknown).

    Returns:
        The level, following the table in this module's docstring.
    """
    known = years > 0
    if contains_any(title, STAFF_TITLE_WORDS):
        return ExperienceLevel.SENIOR if known and years < 6 else ExperienceLevel.STAFF
    if contains_any(title, SENIOR_TITLE_WORDS):
        return ExperienceLevel.MID if known and years < 4 else ExperienceLevel.SENIOR
    if contains_any(title, JUNIOR_TITLE_WORDS) and years < 3:
        return ExperienceLevel.JUNIOR
    if not known and not title:
        return ExperienceLevel.MID
    return level_from_years(years)


def explicit_years(text: str) -> float:
    """Return the largest "N years of experience" claim in ``text`` (0 when none)."""
    claims = [float(m.group(1)) for m in _EXPLICIT_YEARS.finditer(text)]
    return max((c for c in claims if c <= _MAX_PLAUSIBLE_YEARS), default=0.0)


def find_domains(text: str) -> list[str]:
    """Return domain ids whose keywords occur often enough, strongest first."""
    counts = count_keywords(text, _ALL_DOMAIN_KEYWORDS)
    scores: dict[str, int] = {}
    for domain, keywords in DOMAIN_KEYWORDS.items():
        score = sum(min(counts.get(k, 0), _KEYWORD_CAP) for k in keywords)
        if score >= DOMAIN_MIN_SCORE:
            scores[domain] = score
    order = list(DOMAIN_KEYWORDS)
    ranked = sorted(scores, key=lambda d: (-scores[d], order.index(d)))
    return ranked[:DOMAIN_MAX]


def _current_title(positions: list[Position], sections: Sections) -> str:
    titled = [p for p in positions if p.experience.title]
    if titled:
        # The latest end wins; on a tie the one written first (resumes list newest first).
        latest = max(titled, key=lambda p: (p.period.end, -p.line_index))
        return latest.experience.title
    for index in sections.indexes("header")[:6]:
        line = sections.lines[index]
        if contains_any(line, ROLE_WORDS) and len(line.split()) <= 8:
            return line
    return ""


class OfflineResumeParser:
    """Parses resume text with rules and vocabularies; deterministic and offline.

    Args:
        clock: Returns today's date; "Present" in a date range means this day.
    """

    name = "offline"

    def __init__(self, clock: Callable[[], date] = date.today) -> None:
        self._clock = clock

    def parse(self, text: str) -> ResumeData:
        """Parse normalised resume text into :class:`ResumeData`.

        Args:
            text: The resume text (already extracted from a PDF if needed).

        Returns:
            The structured resume; ``raw_text`` is ``text`` unchanged.
        """
        sections = split_sections(text)
        positions = find_positions(sections, self._clock())
        from_ranges = merged_years(
            [p.period for p in positions if not contains_any(p.experience.title, _INTERN_WORDS)]
        )
        years = round(max(from_ranges, explicit_years(text)), 1)
        title = _current_title(positions, sections)
        return ResumeData(
            raw_text=text,
            name=find_name(sections.lines),
            email=find_email(text),
            experience_level=infer_level(title, years),
            years_experience=years,
            domain_expertise=find_domains(text),
            skills=find_skills(text),
            work_experience=[p.experience for p in positions],
            education=find_education(sections),
            parser=self.name,
        )
