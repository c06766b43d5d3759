"""Education entries: institution, degree and year.

Inside an "Education" section a school line, a degree line and a year may be
spread over neighbouring lines; outside one, only lines naming a school
together with a degree or a year count, so that companies called "Academy"
are not mistaken for schools.
"""

from __future__ import annotations

from interview_platform.models import Education
from interview_platform.resume.dates import YEAR_RE
from interview_platform.resume.experience import fragments
from interview_platform.resume.sections import Sections, is_bullet, strip_markup
from interview_platform.resume.vocabulary import DEGREE_PATTERN, INSTITUTION_WORDS, contains_any

_MAX_SCHOOL_WORDS = 8


def _last_year(line: str) -> str:
    years = YEAR_RE.findall(line)
    return years[-1] if years else ""


def _institution_of(line: str) -> str:
    parts = fragments(line)
    school = next((p for p in parts if contains_any(p, INSTITUTION_WORDS)), "")
    if school:
        return school
    rest = [p for p in parts if not DEGREE_PATTERN.search(p) and not YEAR_RE.fullmatch(p)]
    return rest[0] if rest else ""


def _degree_of(line: str) -> str:
    parts = fragments(line)
    return next((p for p in parts if DEGREE_PATTERN.search(p)), "")


def _looks_like_school(line: str) -> bool:
    words = strip_markup(line).split()
    return 0 < len(words) <= _MAX_SCHOOL_WORDS and words[0][:1].isupper()


class _Builder:
    """Accumulates entries while walking the lines of an education section."""

    def __init__(self) -> None:
        self.entries: list[Education] = []
        self.last_index = -10

    def _open(self, index: int) -> Education | None:
        """The entry the previous line started, when this line may complete it."""
        if self.entries and index - self.last_index == 1:
            return self.entries[-1]
        return None

    def add(self, index: int, line: str) -> None:
        has_school = contains_any(line, INSTITUTION_WORDS)
        has_degree = bool(DEGREE_PATTERN.search(line))
        current = self._open(index)
        if has_school or has_degree:
            if (
                current is None
                or (has_school and current.institution)
                or (has_degree and not has_school and current.degree)
            ):
                current = Education(institution="")
                self.entries.append(current)
            if has_school or not current.institution:
                current.institution = current.institution or _institution_of(line)
            current.degree = current.degree or _degree_of(line)
        elif current is not None and not current.institution and _looks_like_school(line):
            current.institution = fragments(line)[0] if fragments(line) else ""
        elif current is None and _looks_like_school(line) and not YEAR_RE.fullmatch(line):
            current = Education(institution=strip_markup(line))
            self.entries.append(current)
        if current is None:
            return
        current.year = current.year or _last_year(line)
        self.last_index = index


def _is_real(entry: Education) -> bool:
    return bool(entry.degree or entry.year or contains_any(entry.institution, INSTITUTION_WORDS))


def find_education(sections: Sections) -> list[Education]:
    """Return the education entries of a resume, in the order written."""
    section = sections.indexes("education")
    if section:
        builder = _Builder()
        for index in section:
            line = sections.lines[index]
            if not is_bullet(line):
                builder.add(index, line)
        return [e for e in builder.entries if _is_real(e)]
    entries = []
    for line in sections.lines:
        if contains_any(line, INSTITUTION_WORDS) and (
            DEGREE_PATTERN.search(line) or YEAR_RE.search(line)
        ):
            entries.append(Education(_institution_of(line), _degree_of(line), _last_year(line)))
    return entries
