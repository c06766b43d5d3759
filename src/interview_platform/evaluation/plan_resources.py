"""Each reading named once in an improvement plan.

Several steps of one plan often belong to the same competency, and a model's plan
cites the same book in every step (or falls back to the rubric's resources once per
step), so a plan listed one book two or three times. A resource is dropped when an
earlier one in the plan names the same reading: the same text, the same chapter of
the same work however it is spelled ("Designing Data-Intensive Applications
(Kleppmann), chapter 6: Partitioning" and "designing data intensive applications by
Martin Kleppmann, Ch. 6"), or the bare title of a work already cited. Different
chapters of one book are different readings and stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from interview_platform.models import ImprovementStep

_CHAPTER = re.compile(r"\b(?:chapter|ch\.?)\s*(\d+)", re.IGNORECASE)
# Where a work's title ends: its author in brackets, a subtitle or chapter, " by ".
_TITLE_END = re.compile(r"[(:,]|\s[-\u2013\u2014]\s|\sby\s", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def _normal(text: str) -> str:
    words = _NOT_WORD.sub(" ", text.casefold()).strip()
    return words.removeprefix("the ")


@dataclass(frozen=True)
class _Reading:
    text: str  # the whole resource, normalised
    work: str  # its title, normalised
    chapter: str  # the chapter number, or "" when the resource names none
    bare: bool  # only a title (and its author): no chapter, subtitle or topic


def _reading(resource: str) -> _Reading:
    chapter = _CHAPTER.search(resource)
    end = _TITLE_END.search(resource)
    work = _normal(resource[: end.start()] if end else resource)
    bare = chapter is None and ":" not in resource
    return _Reading(_normal(resource), work, chapter.group(1) if chapter else "", bare)


class _Seen:
    """The readings cited so far in a plan."""

    def __init__(self) -> None:
        self._texts: set[str] = set()
        self._chapters: set[tuple[str, str]] = set()
        self._works: set[str] = set()

    def add(self, resource: str) -> bool:
        """Remember a resource; False when an earlier one named the same reading."""
        reading = _reading(resource)
        if not reading.text:
            return False
        repeated = reading.text in self._texts or (
            (reading.work, reading.chapter) in self._chapters
            if reading.chapter
            else reading.bare and reading.work in self._works
        )
        self._texts.add(reading.text)
        self._works.add(reading.work)
        if reading.chapter:
            self._chapters.add((reading.work, reading.chapter))
        return not repeated


def distinct_resources(steps: Sequence[ImprovementStep]) -> list[ImprovementStep]:
    """The plan with every reading kept only where it is first cited.

    Args:
        steps: The improvement plan, most important step first.

    Returns:
        The same steps in the same order; a step's resources lose those an earlier
        step (or an earlier entry of the same step) already named.
    """
    seen = _Seen()
    return [replace(step, resources=[r for r in step.resources if seen.add(r)]) for step in steps]
