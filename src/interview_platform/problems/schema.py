"""Shapes of the problem bank: typed problem records and the strict YAML schema.

Every problem file is validated against :class:`ProblemSpec` on load, so a typo in
a competency, a phase or a diagram component kind is reported with the file and
the field at fault instead of silently producing a problem the interviewer and
the evaluator cannot use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

import pydantic
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from interview_platform.exceptions import ValidationError
from interview_platform.models import ExperienceLevel

PhaseName = Literal[
    "requirements", "estimation", "api_and_data_model", "high_level_design", "deep_dive", "wrap_up"
]
CompetencyId = Literal[
    "requirements", "estimation", "api_data_model", "high_level_design", "deep_dive_scalability",
    "reliability", "tradeoffs", "communication",
]  # fmt: skip
ComponentKind = Literal[
    "client", "dns", "cdn", "load_balancer", "api_gateway", "service", "worker", "cache",
    "database", "queue", "stream_processor", "object_storage", "search_index", "rate_limiter",
    "notification", "monitoring", "auth", "ml_model", "external", "unknown",
]  # fmt: skip
LevelName = Literal["junior", "mid", "senior", "staff"]

PHASES: tuple[str, ...] = get_args(PhaseName)
"""Interview phases, in the order an interview goes through them."""
COMPETENCIES: tuple[str, ...] = get_args(CompetencyId)
"""Rubric competency ids every problem must cover."""


@dataclass(frozen=True)
class RubricConcept:
    """One thing a good answer covers, with the words that signal it.

    Attributes:
        id: Stable identifier, shared across problems for common concepts ("caching").
        name: Human-readable name ("Caching hot reads").
        competency: The rubric competency id it counts towards.
        phase: The interview phase in which it is normally discussed.
        keywords: Lowercase words or phrases signalling the concept was covered.
        question: How an interviewer asks about it when the candidate has not covered it.
        weight: Relative importance within its competency.
        hints: Hint ladder, from gentle to specific.
    """

    id: str
    name: str
    competency: str
    phase: str
    keywords: tuple[str, ...]
    question: str
    weight: float = 1.0
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequirementChange:
    """A mid-interview twist announced once ``after_phase`` is reached."""

    after_phase: str
    text: str
    min_level: ExperienceLevel = ExperienceLevel.SENIOR


@dataclass(frozen=True)
class Problem:
    """A system-design problem with its rubric.

    Attributes:
        id: Stable identifier ("url-shortener").
        title: Display title.
        domain: Business domain id ("payments").
        statement: The problem as posed to the candidate.
        level_variants: Level value -> extra scope asked of that level.
        functional_requirements: What the system must do.
        non_functional_requirements: Qualities it must have.
        scale: Figures the candidate may ask for when estimating.
        core_components: Diagram component kinds a good design contains.
        deep_dive_topics: Topics worth a deep dive.
        requirement_changes: Mid-interview twists.
        concepts: Rubric concepts with the words that signal them.
        resources: Study resources.
        tags: Lowercase search tags (synonyms, products, technologies).
        levels: Levels the problem suits best; empty means every level.
    """

    id: str
    title: str
    domain: str
    statement: str
    level_variants: Mapping[str, str]
    functional_requirements: tuple[str, ...]
    non_functional_requirements: tuple[str, ...]
    scale: Mapping[str, str]
    core_components: tuple[str, ...]
    deep_dive_topics: tuple[str, ...]
    requirement_changes: tuple[RequirementChange, ...]
    concepts: tuple[RubricConcept, ...]
    resources: tuple[str, ...]
    tags: tuple[str, ...] = ()
    levels: tuple[ExperienceLevel, ...] = ()

    def statement_for(self, level: ExperienceLevel) -> str:
        """Return the statement with the extra scope asked of ``level``."""
        extra = self.level_variants.get(level.value, "").strip()
        return f"{self.statement.strip()} {extra}".strip()

    def concepts_for_phase(self, phase: str) -> list[RubricConcept]:
        """Return the concepts normally discussed in ``phase``."""
        return [c for c in self.concepts if c.phase == phase]

    def concepts_for_competency(self, competency: str) -> list[RubricConcept]:
        """Return the concepts that count towards ``competency``."""
        return [c for c in self.concepts if c.competency == competency]


class ConceptSpec(BaseModel):
    """Schema of one rubric concept in a problem file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    competency: CompetencyId
    phase: PhaseName
    keywords: list[str] = Field(min_length=1, max_length=16)
    question: str = Field(min_length=5)
    weight: float = Field(default=1.0, gt=0, le=5)
    hints: list[str] = Field(default_factory=list, max_length=5)

    @field_validator("keywords", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: Any) -> Any:
        # YAML reads a keyword such as 302 as a number; it is still a word to match.
        if isinstance(value, list):
            return [str(v) if isinstance(v, int | float) else v for v in value]
        return value

    @field_validator("keywords")
    @classmethod
    def _lowercase_keywords(cls, value: list[str]) -> list[str]:
        for keyword in value:
            if not keyword.strip() or keyword != keyword.lower() or keyword != keyword.strip():
                raise ValueError(f"keyword {keyword!r} must be non-empty, lowercase and trimmed")
        return value

    @field_validator("question")
    @classmethod
    def _question_mark(cls, value: str) -> str:
        if not value.rstrip().endswith("?"):
            raise ValueError("an interviewer question must end with '?'")
        return value.strip()


class ChangeSpec(BaseModel):
    """Schema of one requirement change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    after_phase: PhaseName
    text: str = Field(min_length=10)
    min_level: LevelName = "senior"


class ProblemSpec(BaseModel):
    """Schema of one problem file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str = Field(min_length=1)
    domain: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    levels: list[LevelName] = Field(default_factory=list)
    statement: str = Field(min_length=10)
    level_variants: dict[LevelName, str] = Field(default_factory=dict)
    functional_requirements: list[str] = Field(min_length=1)
    non_functional_requirements: list[str] = Field(min_length=1)
    scale: dict[str, str] = Field(min_length=1)
    core_components: list[ComponentKind] = Field(min_length=1)
    deep_dive_topics: list[str] = Field(min_length=1)
    requirement_changes: list[ChangeSpec] = Field(default_factory=list, max_length=3)
    concepts: list[ConceptSpec] = Field(min_length=1)
    resources: list[str] = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)

    @field_validator("scale", mode="before")
    @classmethod
    def _scale_as_text(cls, value: Any) -> Any:
        # YAML turns "100" into an int; the figures are prose, so keep them as text.
        if isinstance(value, Mapping):
            return {str(k): str(v) for k, v in value.items()}
        return value

    @field_validator("tags")
    @classmethod
    def _lowercase_tags(cls, value: list[str]) -> list[str]:
        return [tag.strip().lower() for tag in value if tag.strip()]

    @model_validator(mode="after")
    def _consistent(self) -> ProblemSpec:
        ids = [c.id for c in self.concepts]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate concept ids: {', '.join(duplicates)}")
        missing = [c for c in COMPETENCIES if c not in {x.competency for x in self.concepts}]
        if missing:
            raise ValueError(f"no concept for competencies: {', '.join(missing)}")
        return self


def parse_problem_spec(data: object, source: str) -> ProblemSpec:
    """Validate raw YAML data as a problem.

    Args:
        data: The parsed YAML document.
        source: Where it came from (a file name), for the error message.

    Raises:
        ValidationError: Naming ``source`` and every field at fault.
    """
    if not isinstance(data, Mapping):
        raise ValidationError(f"{source}: a problem file must be a YAML mapping of fields")
    try:
        return ProblemSpec.model_validate(dict(data))
    except pydantic.ValidationError as exc:
        problems = "; ".join(_describe(err, data) for err in exc.errors())
        raise ValidationError(f"{source}: invalid problem: {problems}") from None


def _describe(err: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    loc = list(err.get("loc", ()))
    location = ".".join(str(part) for part in loc) or "(document)"
    if len(loc) >= 2 and loc[0] == "concepts" and isinstance(loc[1], int):
        # Name the concept by its id: "concepts.4" alone is hard to find in a long file.
        concepts = data.get("concepts")
        entry = concepts[loc[1]] if isinstance(concepts, list) and loc[1] < len(concepts) else None
        if isinstance(entry, Mapping) and entry.get("id"):
            location += f" (concept '{entry['id']}')"
    message = str(err.get("msg", "invalid value"))
    if err.get("type") == "extra_forbidden":
        message = "unknown field"
    return f"field '{location}': {message}"


def _concept(spec: ConceptSpec) -> RubricConcept:
    fields = spec.model_dump()
    return RubricConcept(**{**fields, "keywords": tuple(spec.keywords), "hints": tuple(spec.hints)})


def problem_from_spec(spec: ProblemSpec) -> Problem:
    """Build a :class:`Problem` from a validated specification."""
    return Problem(
        id=spec.id,
        title=spec.title,
        domain=spec.domain,
        statement=spec.statement.strip(),
        level_variants={k: v.strip() for k, v in spec.level_variants.items()},
        functional_requirements=tuple(spec.functional_requirements),
        non_functional_requirements=tuple(spec.non_functional_requirements),
        scale=dict(spec.scale),
        core_components=tuple(dict.fromkeys(spec.core_components)),
        deep_dive_topics=tuple(spec.deep_dive_topics),
        requirement_changes=tuple(
            RequirementChange(c.after_phase, c.text.strip(), ExperienceLevel(c.min_level))
            for c in spec.requirement_changes
        ),
        concepts=tuple(_concept(c) for c in spec.concepts),
        resources=tuple(spec.resources),
        tags=tuple(spec.tags),
        levels=tuple(ExperienceLevel(level) for level in spec.levels),
    )


def problem_from_yaml(text: str, source: str) -> Problem:
    """Parse and validate one problem document.

    Args:
        text: YAML text.
        source: File name (or other origin) named in error messages.

    Raises:
        ValidationError: If the YAML is malformed or a field is invalid.
    """
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{source}: not valid YAML: {exc}") from None
    return problem_from_spec(parse_problem_spec(data, source))
