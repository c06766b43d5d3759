"""The JSON schema a model's evaluation must follow, and its parsing.

The model returns quotes, rationales, scores (or "not assessed"), confidences,
feedback and steps; overall score, hiring signal, next problem and mode
analysis are computed by the platform from the rubric, never taken from the
model.
"""

from __future__ import annotations

import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from interview_platform.evaluation.rubric import COMPETENCY_IDS, CompetencyId


class MalformedReportError(ValueError):
    """The model's answer is not a valid evaluation report."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LLMCompetency(_Strict):
    """One competency: evidence and rationale first, then the score (null when not assessed)."""

    # Field order drives the JSON schema the model follows: evidence and rationale come
    # before the score so the model writes the score after its reasons, not before.

    competency: CompetencyId
    evidence: list[str] = Field(
        default_factory=list,
        max_length=6,
        description="Verbatim quotes from the candidate's own turns; empty if none.",
    )
    rationale: str = Field(
        default="",
        description="What was right and reasoned, what was wrong (with the correction), "
        "and which anchor that matches.",
    )
    assessed: bool = Field(
        default=True, description="False when the transcript holds no evidence for it."
    )
    score: int | None = Field(
        default=None, ge=1, le=5, description="1-5 from the anchors; null when not assessed."
    )
    confidence: Literal["low", "medium", "high"] = "low"

    @model_validator(mode="after")
    def _score_when_assessed(self) -> LLMCompetency:
        if self.assessed and self.score is None:
            raise ValueError("score is required when assessed is true")
        if not self.assessed:
            self.score = None
        return self


class LLMFeedback(_Strict):
    """One feedback point with its supporting quotes."""

    text: str = Field(
        min_length=1,
        description="The point; for a wrong claim, what is wrong and the correction.",
    )
    evidence: list[str] = Field(default_factory=list, max_length=6)


class LLMStep(_Strict):
    """One improvement step."""

    competency: str
    step: str = Field(min_length=1)
    resources: list[str] = Field(default_factory=list)


class LLMReport(_Strict):
    """The whole structured answer expected from the model."""

    competencies: list[LLMCompetency]
    went_well: list[LLMFeedback] = Field(default_factory=list)
    went_okay: list[LLMFeedback] = Field(default_factory=list)
    needs_improvement: list[LLMFeedback] = Field(default_factory=list)
    improvement_plan: list[LLMStep] = Field(default_factory=list)

    @field_validator("competencies")
    @classmethod
    def _each_once(cls, items: list[LLMCompetency]) -> list[LLMCompetency]:
        ids = [c.competency for c in items]
        missing = [c for c in COMPETENCY_IDS if c not in ids]
        if missing or len(ids) != len(set(ids)):
            raise ValueError(
                f"must score every competency exactly once (missing: {', '.join(missing)})"
            )
        return items


_FENCE_RE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def _json_text(text: str) -> str:
    """Take the JSON object out of an answer that may wrap it in prose or a code fence."""
    fenced = _FENCE_RE.search(text)
    if fenced:
        return fenced.group(1).strip()
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


def parse_report(text: str) -> LLMReport:
    """Parse and validate a model's answer.

    Raises:
        MalformedReportError: Not JSON, or not matching the schema (message says where).
    """
    try:
        data = json.loads(_json_text(text))
    except json.JSONDecodeError as exc:
        raise MalformedReportError(f"not valid JSON ({exc.msg})") from exc
    try:
        return LLMReport.model_validate(data)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "<root>"
        raise MalformedReportError(f"field '{where}': {first['msg']}") from exc


def schema_text() -> str:
    """Return the JSON schema of the report (given to the model)."""
    return json.dumps(LLMReport.model_json_schema(), separators=(",", ":"))
