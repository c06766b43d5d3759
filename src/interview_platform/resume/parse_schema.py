"""The schema an LLM's resume answer is validated against, and its clean-up.

The schema mirrors :class:`~interview_platform.models.ResumeData` (without the
raw text, which never round-trips through a model). Domains are mapped onto
the problem bank's domain ids and skills onto canonical technology names, so
LLM and offline results look alike.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interview_platform.models import Education, ExperienceLevel, ResumeData, WorkExperience
from interview_platform.resume.skills_vocabulary import canonical_skill
from interview_platform.resume.vocabulary import DOMAIN_KEYWORDS

_MAX_ITEMS = 40


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class WorkExperienceSchema(_Lenient):
    """One position as the model reports it."""

    title: str = ""
    company: str = ""
    start: str = ""
    end: str = ""
    years: float = Field(default=0.0, ge=0, le=70)
    description: str = ""


class EducationSchema(_Lenient):
    """One education entry as the model reports it."""

    institution: str = ""
    degree: str = ""
    year: str = ""


class ResumeSchema(_Lenient):
    """A whole resume as the model reports it."""

    name: str = ""
    email: str = ""
    experience_level: ExperienceLevel
    years_experience: float = Field(ge=0, le=70)
    domain_expertise: list[str] = Field(default_factory=list, max_length=_MAX_ITEMS)
    skills: list[str] = Field(default_factory=list, max_length=200)
    work_experience: list[WorkExperienceSchema] = Field(default_factory=list, max_length=60)
    education: list[EducationSchema] = Field(default_factory=list, max_length=_MAX_ITEMS)

    @field_validator("experience_level", mode="before")
    @classmethod
    def _lowercase_level(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


EXAMPLE_JSON = """{
  "name": "Full Name",
  "email": "name@example.com",
  "experience_level": "junior | mid | senior | staff",
  "years_experience": 6.5,
  "domain_expertise": ["payments", "search"],
  "skills": ["Python", "PostgreSQL", "Kafka"],
  "work_experience": [{"title": "...", "company": "...", "start": "Jan 2020",
                       "end": "Present", "years": 4.5, "description": "..."}],
  "education": [{"institution": "...", "degree": "...", "year": "2016"}]
}"""


def canonical_domain(domain: str) -> str:
    """Map a free-text domain ("Media Streaming", "fintech") onto a known domain id."""
    cleaned = "-".join(domain.strip().lower().replace("_", " ").split())
    if cleaned in DOMAIN_KEYWORDS:
        return cleaned
    spaced = cleaned.replace("-", " ")
    for domain_id, keywords in DOMAIN_KEYWORDS.items():
        if spaced in keywords or cleaned in keywords:
            return domain_id
    return cleaned


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        if item and item.lower() not in seen:
            seen[item.lower()] = item
    return list(seen.values())


def to_resume_data(answer: ResumeSchema, raw_text: str, parser: str) -> ResumeData:
    """Convert a validated model answer into :class:`ResumeData`."""
    return ResumeData(
        raw_text=raw_text,
        name=answer.name.strip(),
        email=answer.email.strip().lower(),
        experience_level=answer.experience_level,
        years_experience=round(answer.years_experience, 1),
        domain_expertise=_unique([canonical_domain(d) for d in answer.domain_expertise]),
        skills=_unique([canonical_skill(s) for s in answer.skills]),
        work_experience=[WorkExperience(**w.model_dump()) for w in answer.work_experience],
        education=[Education(**e.model_dump()) for e in answer.education],
        parser=parser,
    )
