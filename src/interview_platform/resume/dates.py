"""Date ranges in resumes ("Jan 2019 – Present", "2016-2019", "03/2018 - 06/2021").

Dates become fractional years: a start month counts from its first day, an end
month up to its last day (so "Jan 2019 – Dec 2019" is one year). A bare year
counts from January at the start and up to January at the end, because
"2016–2019" usually means about three years, not four. "Present" is the
injected *today*, so results are reproducible in tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_DATE = (
    rf"(?:{_MONTH}\.?,?\s*{_YEAR}|(?:0?[1-9]|1[0-2])\s*/\s*{_YEAR}"
    rf"|{_YEAR}\s*[-/.]\s*(?:0[1-9]|1[0-2])(?!\d)|{_YEAR})"
)
_PRESENT = r"(?:present|current(?:ly)?|now|today|to\s+date|ongoing)"
_SEPARATOR = r"\s*(?:-|–|—|−|~|to|until|till|through|thru)\s*"
RANGE_RE = re.compile(
    rf"(?<![\w/])(?P<start>{_DATE}){_SEPARATOR}(?P<end>{_DATE}|{_PRESENT})(?![\w/])",
    re.IGNORECASE,
)
YEAR_RE = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_PRESENT_RE = re.compile(_PRESENT, re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"({_MONTH})\.?,?\s*({_YEAR})", re.IGNORECASE)
_NUMERIC_MONTH_YEAR = re.compile(rf"(\d{{1,2}})\s*/\s*({_YEAR})")
_YEAR_MONTH = re.compile(rf"({_YEAR})\s*[-/.]\s*(\d{{2}})")


@dataclass(frozen=True)
class DateRange:
    """A parsed range; ``start``/``end`` are fractional years, ``*_text`` as written."""

    start: float
    end: float
    start_text: str
    end_text: str
    span: tuple[int, int]

    @property
    def years(self) -> float:
        """Length of the range in years (never negative)."""
        return max(0.0, self.end - self.start)


def _month_and_year(text: str) -> tuple[int | None, int]:
    """Return (month or None, year) of one written date."""
    if match := _MONTH_YEAR.search(text):
        return _MONTHS[match.group(1)[:3].lower()], int(match.group(2))
    if match := _NUMERIC_MONTH_YEAR.search(text):
        return int(match.group(1)), int(match.group(2))
    if match := _YEAR_MONTH.search(text):
        return int(match.group(2)), int(match.group(1))
    year = YEAR_RE.search(text)
    return None, int(year.group(0)) if year else 0


def _as_year(text: str, today: date, is_end: bool) -> float:
    if _PRESENT_RE.fullmatch(text.strip()):
        return today.year + (today.month - 1 + today.day / 31) / 12
    month, year = _month_and_year(text)
    if month is None:
        return float(year)
    return year + (month if is_end else month - 1) / 12


def find_ranges(text: str, today: date) -> list[DateRange]:
    """Find every date range in ``text``.

    Args:
        text: A line or block of resume text.
        today: The date "Present" stands for.

    Returns:
        The ranges in order of appearance; inverted ranges are dropped.
    """
    ranges = []
    for match in RANGE_RE.finditer(text):
        start = _as_year(match.group("start"), today, is_end=False)
        end = _as_year(match.group("end"), today, is_end=True)
        if end < start:
            continue
        ranges.append(DateRange(start, end, match.group("start"), match.group("end"), match.span()))
    return ranges


def merged_years(ranges: list[DateRange]) -> float:
    """Total years covered by ``ranges``, counting overlapping periods once."""
    spans = sorted((r.start, r.end) for r in ranges)
    total = 0.0
    current: list[float] | None = None
    for start, end in spans:
        if current is None or start > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = [start, end]
        else:
            current[1] = max(current[1], end)
    if current is not None:
        total += current[1] - current[0]
    return total
