"""The records of a conversation's analysis: claims, credit, red flags, far-off estimates.

Kept apart from the analysis itself so the estimate checks and the grader can share them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_platform.analysis.claims import ClaimInfo
from interview_platform.models import Message
from interview_platform.problems.knowledge_model import Figure, RedFlag
from interview_platform.problems.schema import RubricConcept

__all__ = ["ClaimRef", "ConceptCredit", "FigureIssue", "FlagHit"]


@dataclass(frozen=True)
class ClaimRef:
    """A claim with the message it comes from."""

    info: ClaimInfo
    message: Message
    turn: int
    topical: bool = True


@dataclass
class ConceptCredit:
    """How well the candidate covered one rubric concept."""

    concept: RubricConcept
    credit: float = 0.0
    mentioned: bool = False
    supplied: bool = False
    claims: list[ClaimRef] = field(default_factory=list)
    best: ClaimRef | None = None


@dataclass(frozen=True)
class FlagHit:
    """A red flag raised by a claim."""

    flag: RedFlag
    claim: ClaimRef


@dataclass(frozen=True)
class FigureIssue:
    """An estimate that is far off.

    Attributes:
        kind: ``off_reference`` (far from the reference figure), ``inconsistent``
            (a rate that does not follow from the candidate's own daily number) or
            ``arithmetic`` (a stated product or quotient that is wrong).
        claim: Where it was said.
        stated: The candidate's value.
        expected: The value it should be near.
        figure: The reference figure (None for an inconsistency).
    """

    kind: str
    claim: ClaimRef
    stated: float
    expected: float
    figure: Figure | None = None
    unit: str = "count"
