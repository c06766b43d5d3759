"""Resume records: what a resume says and the stored resume of a candidate.

Re-exported by :mod:`interview_platform.models`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from interview_platform.model_values import ExperienceLevel, new_id, utcnow


@dataclass
class WorkExperience:
    """One position from a resume."""

    title: str
    company: str = ""
    start: str = ""
    end: str = ""
    years: float = 0.0
    description: str = ""


@dataclass
class Education:
    """One education entry from a resume."""

    institution: str
    degree: str = ""
    year: str = ""


@dataclass
class ResumeData:
    """Structured content parsed from a resume; ``raw_text`` is kept verbatim."""

    raw_text: str
    name: str = ""
    email: str = ""
    experience_level: ExperienceLevel = ExperienceLevel.MID
    years_experience: float = 0.0
    domain_expertise: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    work_experience: list[WorkExperience] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    parser: str = "offline"


@dataclass
class Resume:
    """A stored resume of a candidate."""

    candidate_id: str
    filename: str
    data: ResumeData
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)
