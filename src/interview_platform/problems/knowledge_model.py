"""The typed model of problem knowledge: key points, figures, red flags, the level bar.

Loaded and validated by :mod:`interview_platform.problems.knowledge`; read by the claim
analysis, the offline interviewer, the grader and the LLM prompts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Figure", "KeyPoint", "ProblemKnowledge", "RedFlag"]


@dataclass(frozen=True)
class KeyPoint:
    """A point a good answer makes; credited only with its reasoning.

    Attributes:
        id: Identifier within the problem.
        concept: The rubric concept id it counts towards.
        point: The point, as feedback states it.
        because: The reasoning that earns the credit.
        terms: Paraphrases that name the point (any one signals it).
        reasons: Point-specific words of its reasoning (any one counts as reasoning).
        examples: Sentences that earn the credit (checked by the schema test).
    """

    id: str
    concept: str
    point: str
    because: str
    terms: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A reference figure of the estimates.

    Attributes:
        id: Identifier within the problem.
        name: What is estimated ("new short links per second").
        value: The reference value in ``unit``.
        unit: ``per_second``, ``per_day``, ``bytes`` or ``count``.
        tolerance: Factor an estimate may be off before it is flagged (10 = an order).
        cues: Phrases that say a number is this figure.
        assumption: The assumption behind the reference value.
        question: Neutral question used when the estimate is far off.
    """

    id: str
    name: str
    value: float
    unit: str
    tolerance: float
    cues: tuple[str, ...]
    assumption: str
    question: str


@dataclass(frozen=True)
class RedFlag:
    """A common wrong claim.

    Attributes:
        id: Identifier (unique across general and problem flags).
        competency: The competency it counts against.
        severity: ``major`` caps the competency at 2, ``minor`` at 3.
        claim: The misconception, as feedback names it.
        all_of: Phrase groups that must all occur in one claim (one phrase per group).
        unless: Phrases that clear the claim (negations, the right qualification).
        probe: Neutral question the interviewer asks about it.
        correction: The correction quoted in feedback.
        examples: Claims that must match (checked by the schema test).
        counter_examples: Claims that must not match.
    """

    id: str
    competency: str
    severity: str
    claim: str
    all_of: tuple[tuple[str, ...], ...]
    unless: tuple[str, ...]
    probe: str
    correction: str
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()

    @property
    def cap(self) -> int:
        """Highest score the competency can get once this flag is raised."""
        return 2 if self.severity == "major" else 3


@dataclass(frozen=True)
class ProblemKnowledge:
    """What the interviewer and the grader know about one problem."""

    problem_id: str
    key_points: tuple[KeyPoint, ...] = ()
    figures: tuple[Figure, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    level_bar: Mapping[str, str] = field(default_factory=dict)

    def points_for(self, concept_id: str) -> list[KeyPoint]:
        """Key points that count towards a concept."""
        return [p for p in self.key_points if p.concept == concept_id]

    def flags_for(self, competency: str) -> list[RedFlag]:
        """Red flags that count against a competency."""
        return [f for f in self.red_flags if f.competency == competency]

    def bar(self, level: str) -> str:
        """The bar of a level ("" when none is written)."""
        return self.level_bar.get(level, "")
