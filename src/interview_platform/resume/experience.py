"""Work history from date-range lines: title, company, dates and description.

A position is a line holding a date range. Its title and company come from
the same line ("Senior Engineer, Acme — Jan 2019 – Present") or, when the
dates stand alone (two-column layouts), from the short lines just above or
below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from interview_platform.models import WorkExperience
from interview_platform.resume.dates import DateRange, find_ranges
from interview_platform.resume.sections import Sections, is_bullet, strip_markup
from interview_platform.resume.vocabulary import ROLE_WORDS, contains_any

# No "\s*" before the separator (the parts are stripped instead): from every space of a
# long run it scanned the rest of the run again (a line of 16,000 spaces took 13 s).
_FRAGMENT_SPLIT = re.compile(r"(?:\||–|—|·|•|\t|\s-\s|,\s|\sat\s|\s@\s|\(|\))\s*")
_MAX_CONTEXT_WORDS = 9
_MAX_DESCRIPTION = 600
_NOT_COMPANY = re.compile(
    r"^(?:[A-Z]{2}|remote|hybrid|on-?site|usa|uk|us|part-?time|full-?time|contract"
    r"|freelance|internship|present|current)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Position:
    """A parsed position and the date range it was found with."""

    experience: WorkExperience
    period: DateRange
    line_index: int


def fragments(line: str) -> list[str]:
    """Split a line into its comma/pipe/dash separated parts, without markup."""
    parts = (p.strip().strip(" .;:-") for p in _FRAGMENT_SPLIT.split(strip_markup(line)))
    return [p for p in parts if len(p) > 1]


def _candidate_lines(sections: Sections) -> tuple[list[int], bool]:
    """Line indexes that may hold positions, and whether a title is required."""
    experience = sections.indexes("experience")
    if experience:
        return experience, False
    excluded = set(sections.indexes("education")) | set(sections.indexes("skills"))
    return [i for i in range(len(sections.lines)) if i not in excluded], True


def _context(sections: Sections, index: int, floor: int) -> tuple[list[str], list[str]]:
    """Short non-bullet lines above (nearest first) and just below a date line."""
    lines = sections.lines
    above: list[str] = []
    for i in range(index - 1, max(floor, index - 3), -1):
        line = lines[i]
        if is_bullet(line) or len(line.split()) > _MAX_CONTEXT_WORDS or find_ranges(line, date.min):
            break
        # A lookup per line: searching the section's list of lines here made a resume
        # of many dated lines quadratic.
        if sections.by_kind and sections.kind_of(i) != (sections.kind_of(index) or "header"):
            break
        above.append(line)
    below: list[str] = []
    if index + 1 < len(lines):
        nxt = lines[index + 1]
        if not is_bullet(nxt) and len(nxt.split()) <= _MAX_CONTEXT_WORDS:
            below.append(nxt)
    return above, below


def _may_be_company(fragment: str) -> bool:
    if contains_any(fragment, ROLE_WORDS) or _NOT_COMPANY.match(fragment):
        return False
    if "@" in fragment or "www." in fragment or "://" in fragment:
        return False
    return sum(ch.isdigit() for ch in fragment) < 3


def _title_and_company(
    own: list[str], above: list[str], below: list[str], prefer_above: bool
) -> tuple[str, str]:
    title = next((f for f in own if contains_any(f, ROLE_WORDS)), "")
    for line in [*above, *below]:
        if title:
            break
        title = next((f for f in fragments(line) if contains_any(f, ROLE_WORDS)), "")
    above_parts = [f for line in above for f in fragments(line)]
    # Inside an experience section a company header above the role line ("Amazon —
    # Seattle") beats a team name after the title ("Principal Engineer, Product Search").
    # Elsewhere the lines above may be the name and contact details.
    pool = [*above_parts, *own] if prefer_above else [*own, *above_parts]
    if not title:
        pool.extend(f for line in below for f in fragments(line))
    company = next((f for f in pool if f != title and _may_be_company(f)), "")
    return title, company


def _description(sections: Sections, start: int, stop: int) -> str:
    bullets = [strip_markup(line) for line in sections.lines[start:stop] if is_bullet(line)]
    return " ".join(bullets)[:_MAX_DESCRIPTION]


def find_positions(sections: Sections, today: date) -> list[Position]:
    """Return the positions of a resume in the order they are written.

    Args:
        sections: The resume split into sections.
        today: The date "Present" stands for.

    Returns:
        One :class:`Position` per date-range line that names a role or a company.
    """
    candidates, need_title = _candidate_lines(sections)
    dated = [(i, find_ranges(sections.lines[i], today)) for i in candidates]
    dated = [(i, ranges) for i, ranges in dated if ranges]
    positions: list[Position] = []
    floor = -1
    for n, (index, ranges) in enumerate(dated):
        line, period = sections.lines[index], ranges[0]
        own = fragments(line[: period.span[0]] + " | " + line[period.span[1] :])
        above, below = _context(sections, index, floor)
        title, company = _title_and_company(own, above, below, prefer_above=not need_title)
        floor = index
        if (need_title and not title) or not (title or company):
            continue
        stop = dated[n + 1][0] if n + 1 < len(dated) else len(sections.lines)
        experience = WorkExperience(
            title=title,
            company=company,
            start=period.start_text,
            end=period.end_text,
            years=round(period.years, 1),
            description=_description(sections, index + 1, stop),
        )
        positions.append(Position(experience, period, index))
    return positions
