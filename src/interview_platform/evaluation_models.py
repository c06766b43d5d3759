"""Evaluation report types (re-exported by :mod:`interview_platform.models`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Confidence(StrEnum):
    """How sure an evaluation is of a score."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class EvaluationStatus(StrEnum):
    """Whether an evaluation has been produced."""

    PENDING = "pending"
    COMPLETED = "completed"


@dataclass
class Evidence:
    """A verbatim quote from a candidate turn supporting a judgement."""

    quote: str
    message_id: str = ""
    timestamp: datetime | None = None


@dataclass
class CompetencyScore:
    """Score (1-5) of one rubric competency with its confidence and evidence.

    A competency the interview never reached is *not assessed* (``assessed`` False):
    its ``score`` (1) carries no meaning, it adds nothing to the overall score, and
    reports show "not assessed" instead of a number.
    """

    competency: str
    score: int
    confidence: Confidence
    evidence: list[Evidence] = field(default_factory=list)
    rationale: str = ""
    assessed: bool = True

    @property
    def label(self) -> str:
        """The score as people read it: "4/5", or "not assessed"."""
        return f"{self.score}/5" if self.assessed else "not assessed"

    @property
    def value(self) -> int | None:
        """The score, or None when not assessed (for charts and JSON)."""
        return self.score if self.assessed else None


@dataclass
class FeedbackItem:
    """One feedback point, backed by evidence where there is any."""

    text: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ImprovementStep:
    """A concrete step for a weak competency, with study resources."""

    competency: str
    step: str
    resources: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    """The scored report of a session. ``is_fallback`` marks an offline substitute."""

    session_id: str
    engine: str
    rubric_version: str
    overall_score: float = 0.0
    hiring_signal: str = ""
    competencies: list[CompetencyScore] = field(default_factory=list)
    went_well: list[FeedbackItem] = field(default_factory=list)
    went_okay: list[FeedbackItem] = field(default_factory=list)
    needs_improvement: list[FeedbackItem] = field(default_factory=list)
    improvement_plan: list[ImprovementStep] = field(default_factory=list)
    mode_analysis: dict[str, dict[str, Any]] = field(default_factory=dict)
    next_problem_id: str | None = None
    is_fallback: bool = False
    status: EvaluationStatus = EvaluationStatus.COMPLETED
    token_summary: dict[str, Any] = field(default_factory=dict)
    created_at: datetime = field(default_factory=_utcnow)
