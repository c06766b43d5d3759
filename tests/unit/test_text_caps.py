"""Caps where text enters: names and e-mail addresses, resumes, model replies, messages."""

from __future__ import annotations

from datetime import date

import pytest
from testkit.resumes import SENIOR_LINES

from interview_platform.analysis.limits import MAX_REPLY_CHARS, cap_reply
from interview_platform.config import UploadSettings
from interview_platform.exceptions import ValidationError
from interview_platform.resume.limits import MAX_RESUME_CHARS, truncation_notice
from interview_platform.resume.offline_parser import OfflineResumeParser
from interview_platform.resume.resume_manager import ResumeManager
from interview_platform.session.setup_checks import (
    MAX_EMAIL_CHARS,
    MAX_NAME_CHARS,
    check_plain_text,
)
from tests.unit.repository_fakes import InMemoryCandidates


@pytest.mark.parametrize(("limit", "what"), [(MAX_NAME_CHARS, "The name"), (MAX_EMAIL_CHARS, "")])
def test_text_up_to_its_limit_is_taken_and_longer_is_refused(limit: int, what: str) -> None:
    assert check_plain_text("a" * limit, what or "The e-mail address", limit) == "a" * limit
    with pytest.raises(ValidationError, match=rf"too long \({limit + 1:,} characters; the limit"):
        check_plain_text("a" * (limit + 1), what or "The e-mail address", limit)


def test_the_limit_is_checked_before_the_text_is_scanned() -> None:
    with pytest.raises(ValidationError, match="too long"):
        check_plain_text("\x00" * 1_000_000, "The name", MAX_NAME_CHARS)


def test_a_resume_longer_than_the_cap_is_read_up_to_it_and_the_candidate_told() -> None:
    manager = ResumeManager(
        InMemoryCandidates(), UploadSettings(), OfflineResumeParser(clock=lambda: date(2026, 1, 1))
    )
    resume = "\n".join(SENIOR_LINES)
    long_text = resume + "\n" + "Built payment systems in Python. " * 6000
    steps: list[str] = []

    data = manager.parse_text(long_text, progress=lambda fraction, label: steps.append(label))

    assert len(long_text) > MAX_RESUME_CHARS and len(data.raw_text) == MAX_RESUME_CHARS
    assert data.raw_text == long_text[:MAX_RESUME_CHARS]
    assert any(f"first {MAX_RESUME_CHARS:,} characters" in step for step in steps)
    assert "characters were read" in truncation_notice(data)
    short = manager.parse_text(resume)
    assert short.raw_text == resume and truncation_notice(short) == ""


def test_a_model_reply_is_cut_at_its_cap() -> None:
    assert cap_reply("x" * (MAX_REPLY_CHARS + 5)) == "x" * MAX_REPLY_CHARS
    assert cap_reply("short") == "short"
