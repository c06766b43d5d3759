"""The versioned evaluation rubric, loaded from package data and validated.

The rubric names the competencies an interview is scored on, their weights,
behavioural anchors for every score 1-5, expectations per experience level,
study resources, and the overall-score thresholds of each hiring signal per
level. :func:`load_rubric` reads ``evaluation/data/rubric_v1.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from interview_platform.exceptions import ValidationError
from interview_platform.models import ExperienceLevel

CompetencyId = Literal[
    "requirements",
    "estimation",
    "api_data_model",
    "high_level_design",
    "deep_dive_scalability",
    "reliability",
    "tradeoffs",
    "communication",
]
COMPETENCY_IDS: tuple[str, ...] = get_args(CompetencyId)
_SCORES = (1, 2, 3, 4, 5)
_LEVELS = tuple(level.value for level in ExperienceLevel)
DEFAULT_RUBRIC_FILE = "rubric_v1.yaml"


@dataclass(frozen=True)
class Competency:
    """One scored competency of the rubric."""

    id: str
    name: str
    description: str
    weight: float
    anchors: Mapping[int, str]
    expectations: Mapping[str, str]
    resources: tuple[str, ...]
    signals: tuple[str, ...] = ()

    def anchor(self, score: int) -> str:
        """Return the behavioural anchor of a score (clamped to 1-5)."""
        return self.anchors[min(max(score, 1), 5)]


@dataclass(frozen=True)
class Rubric:
    """A validated, versioned rubric."""

    version: str
    name: str
    competencies: tuple[Competency, ...]
    hiring_thresholds: Mapping[str, tuple[tuple[str, float], ...]]

    def ids(self) -> list[str]:
        """Return the competency ids in rubric order."""
        return [c.id for c in self.competencies]

    def competency(self, competency_id: str) -> Competency:
        """Return a competency by id.

        Raises:
            ValidationError: The id is not in the rubric.
        """
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        raise ValidationError(
            f"Unknown competency '{competency_id}'; the rubric has: {', '.join(self.ids())}."
        )

    def hiring_signal(self, level: ExperienceLevel, overall_score: float) -> str:
        """Return the hiring signal of an overall score (0-100) at a level."""
        for signal, minimum in self.hiring_thresholds[level.value]:
            if overall_score >= minimum:
                return signal
        return self.hiring_thresholds[level.value][-1][0]


class _CompetencyModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    weight: float = Field(gt=0, le=1)
    signals: list[str] = Field(default_factory=list)
    anchors: dict[int, str]
    expectations: dict[str, str]
    resources: list[str] = Field(min_length=1)

    @field_validator("anchors")
    @classmethod
    def _every_score(cls, anchors: dict[int, str]) -> dict[int, str]:
        missing = [s for s in _SCORES if not anchors.get(s, "").strip()]
        if missing or set(anchors) - set(_SCORES):
            raise ValueError(f"needs a non-empty anchor for each score 1-5 (missing {missing})")
        return anchors

    @field_validator("expectations")
    @classmethod
    def _every_level(cls, expectations: dict[str, str]) -> dict[str, str]:
        missing = [lvl for lvl in _LEVELS if not expectations.get(lvl, "").strip()]
        if missing:
            raise ValueError(f"needs expectations for every level (missing {missing})")
        return expectations


class _ThresholdModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signal: str = Field(min_length=1)
    min_score: float = Field(ge=0, le=100)


class _RubricModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str = Field(min_length=1)
    name: str = ""
    competencies: list[_CompetencyModel]
    hiring_thresholds: dict[str, list[_ThresholdModel]]

    @field_validator("competencies")
    @classmethod
    def _all_competencies(cls, items: list[_CompetencyModel]) -> list[_CompetencyModel]:
        ids = [c.id for c in items]
        if sorted(ids) != sorted(COMPETENCY_IDS):
            raise ValueError(f"must list exactly the competencies {', '.join(COMPETENCY_IDS)}")
        total = sum(c.weight for c in items)
        if abs(total - 1.0) > 0.001:
            raise ValueError(f"weights must add up to 1.0, got {total:.3f}")
        return items

    @field_validator("hiring_thresholds")
    @classmethod
    def _thresholds(
        cls, value: dict[str, list[_ThresholdModel]]
    ) -> dict[str, list[_ThresholdModel]]:
        for level in _LEVELS:
            rows = value.get(level)
            if not rows:
                raise ValueError(f"needs thresholds for level '{level}'")
            minimums = [r.min_score for r in rows]
            if minimums != sorted(minimums, reverse=True) or minimums[-1] != 0:
                raise ValueError(f"'{level}' thresholds must descend and end at 0")
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> _RubricModel:
        ids = [c.id for c in self.competencies]
        if len(ids) != len(set(ids)):
            raise ValueError("competency ids must be unique")
        return self


def _to_rubric(model: _RubricModel) -> Rubric:
    competencies = tuple(
        Competency(
            id=c.id,
            name=c.name,
            description=c.description.strip(),
            weight=c.weight,
            anchors=dict(sorted(c.anchors.items())),
            expectations=dict(c.expectations),
            resources=tuple(c.resources),
            signals=tuple(s.lower() for s in c.signals),
        )
        for c in model.competencies
    )
    thresholds = {
        level: tuple((row.signal, row.min_score) for row in rows)
        for level, rows in model.hiring_thresholds.items()
    }
    return Rubric(model.version, model.name, competencies, thresholds)


def parse_rubric(data: Any) -> Rubric:
    """Validate parsed rubric data and build a :class:`Rubric`.

    Raises:
        ValidationError: The data is not a valid rubric; the message names the field.
    """
    try:
        return _to_rubric(_RubricModel.model_validate(data))
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "<root>"
        raise ValidationError(f"Invalid rubric field '{where}': {first['msg']}") from exc


def load_rubric(text: str | None = None) -> Rubric:
    """Load the packaged rubric (or parse ``text``, a YAML document).

    Raises:
        ValidationError: The YAML is malformed or the rubric is invalid.
    """
    if text is None:
        text = (
            resources.files("interview_platform.evaluation.data")
            .joinpath(DEFAULT_RUBRIC_FILE)
            .read_text(encoding="utf-8")
        )
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"The rubric is not valid YAML: {exc}") from exc
    return parse_rubric(data)
