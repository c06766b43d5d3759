"""Schema of the problem knowledge files (``problems/data/knowledge/*.yaml``), validated on load.

A knowledge file carries what an experienced interviewer knows about one problem
beyond its rubric concepts: the key points a good answer makes (with the reasoning
that earns credit and the paraphrases that say the same thing), reference figures for
the estimates, red flags (common wrong claims, each with a neutral probe and the
correction used in feedback) and the bar per level. ``general.yaml`` holds the set
that applies to every problem.

Phrase lists are matched as whole, lightly stemmed words within one claim (a
sentence of the candidate): see :mod:`interview_platform.analysis.claims`. Every key point
and red flag carries example sentences that must (and counter-examples that must not)
match, and the schema test runs them, so a pattern that cannot fire is caught.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from interview_platform.problems.schema import CompetencyId

Severity = Literal["major", "minor"]
FigureUnit = Literal["per_second", "per_day", "bytes", "count"]
LevelName = Literal["junior", "mid", "senior", "staff"]

__all__ = [
    "FigureSpec",
    "FigureUnit",
    "KeyPointSpec",
    "KnowledgeSpec",
    "RedFlagSpec",
    "Severity",
]


def _phrases(value: list[str]) -> list[str]:
    for phrase in value:
        if not phrase.strip() or phrase != phrase.strip().lower():
            raise ValueError(f"phrase {phrase!r} must be non-empty, lowercase and trimmed")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyPointSpec(_Strict):
    """A point a good answer makes, tied to one rubric concept of the problem."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    concept: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    point: str = Field(min_length=10, max_length=300)
    because: str = Field(min_length=10, max_length=300)
    terms: list[str] = Field(min_length=1, max_length=24)
    reasons: list[str] = Field(default_factory=list, max_length=24)
    examples: list[str] = Field(min_length=1, max_length=6)

    @field_validator("terms", "reasons", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [str(v) if isinstance(v, int | float) else v for v in value]
        return value

    @field_validator("terms", "reasons")
    @classmethod
    def _check_terms(cls, value: list[str]) -> list[str]:
        return _phrases(value)


class FigureSpec(_Strict):
    """A reference figure of the estimates, with the tolerance an interviewer accepts."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=3, max_length=120)
    value: float = Field(gt=0)
    unit: FigureUnit
    tolerance: float = Field(default=10.0, gt=1, le=100)
    cues: list[str] = Field(min_length=1, max_length=16)
    assumption: str = Field(min_length=5, max_length=200)
    question: str = Field(min_length=5, max_length=200)

    @field_validator("cues")
    @classmethod
    def _check_cues(cls, value: list[str]) -> list[str]:
        return _phrases(value)

    @field_validator("question")
    @classmethod
    def _one_question(cls, value: str) -> str:
        if value.count("?") != 1 or not value.rstrip().endswith("?"):
            raise ValueError("a figure's question must end with its only '?'")
        return value.strip()


class RedFlagSpec(_Strict):
    """A common wrong claim: how to recognise it, probe it and correct it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    competency: CompetencyId
    severity: Severity = "major"
    claim: str = Field(min_length=10, max_length=300)
    all_of: list[list[str]] = Field(min_length=1, max_length=4)
    unless: list[str] = Field(default_factory=list, max_length=48)
    probe: str = Field(min_length=10, max_length=250)
    correction: str = Field(min_length=10, max_length=400)
    examples: list[str] = Field(min_length=1, max_length=6)
    counter_examples: list[str] = Field(default_factory=list, max_length=6)

    @field_validator("all_of")
    @classmethod
    def _groups(cls, value: list[list[str]]) -> list[list[str]]:
        for group in value:
            if not group:
                raise ValueError("every all_of group needs at least one phrase")
            _phrases(group)
        return value

    @field_validator("unless")
    @classmethod
    def _check_unless(cls, value: list[str]) -> list[str]:
        return _phrases(value)

    @field_validator("probe")
    @classmethod
    def _neutral_question(cls, value: str) -> str:
        if value.count("?") != 1 or not value.rstrip().endswith("?"):
            raise ValueError("a probe must be one question ending with its only '?'")
        return value.strip()


class KnowledgeSpec(_Strict):
    """One knowledge file."""

    problem: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    key_points: list[KeyPointSpec] = Field(default_factory=list, max_length=40)
    figures: list[FigureSpec] = Field(default_factory=list, max_length=10)
    red_flags: list[RedFlagSpec] = Field(default_factory=list, max_length=30)
    level_bar: dict[LevelName, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _unique_ids(self) -> KnowledgeSpec:
        for name, items in (
            ("key point", self.key_points),
            ("figure", self.figures),
            ("red flag", self.red_flags),
        ):
            ids = [i.id for i in items]
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"duplicate {name} ids: {', '.join(twice)}")
        return self
