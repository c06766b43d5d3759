"""A start request for the offline interviewer on a bank problem (tests and benches)."""

from __future__ import annotations

import dataclasses
from typing import Any

from interview_platform.application.start import StartRequest
from interview_platform.models import CommunicationMode, ExperienceLevel


def offline_start(candidate_id: str, **changes: Any) -> StartRequest:
    """Start the URL shortener at mid level, text only, offline; ``changes`` override."""
    request = StartRequest(
        candidate_id=candidate_id,
        provider="offline",
        model="rubric-interviewer",
        modes=[CommunicationMode.TEXT],
        level=ExperienceLevel.MID,
        minutes=45,
        problem_id="url-shortener",
    )
    return dataclasses.replace(request, **changes)
