"""ResumeManager.parse_upload: the whole pipeline, progress, and the LLM fallback."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from testkit.resumes import SENIOR_LINES, VALID, image_only_pdf, single_column_pdf
from testkit.scripted_chat import ScriptedChat

from interview_platform.config import UploadSettings
from interview_platform.exceptions import ValidationError
from interview_platform.models import ExperienceLevel
from interview_platform.resume.llm_parser import LLMResumeParser
from interview_platform.resume.offline_parser import OfflineResumeParser
from interview_platform.resume.resume_manager import FALLBACK_PARSER, ResumeManager
from tests.unit.repository_fakes import InMemoryCandidates

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "resumes"
# parse_upload never touches the store; persistence is tested against Postgres.
NO_STORE = InMemoryCandidates()


def _manager(llm: LLMResumeParser | None = None, max_mb: float = 5.0) -> ResumeManager:
    return ResumeManager(
        NO_STORE,
        UploadSettings(max_resume_mb=max_mb, max_resume_pages=4),
        OfflineResumeParser(clock=lambda: date(2024, 6, 1)),
        llm_parser_factory=(lambda: llm) if llm is not None else None,
    )


def test_pdf_upload_is_parsed_and_progress_reaches_done() -> None:
    steps: list[tuple[float, str]] = []
    data = _manager().parse_upload(
        "cv.pdf", single_column_pdf(SENIOR_LINES), progress=lambda f, t: steps.append((f, t))
    )
    assert data.name == "Priya Raman" and data.parser == "offline"
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(steps) >= 4
    assert steps[-1][1] == "Done"


def test_markdown_upload_named_txt_is_parsed() -> None:
    raw = (FIXTURES / "mid_streaming.md").read_bytes()
    data = _manager().parse_upload("resume.txt", raw)
    assert data.experience_level == ExperienceLevel.MID
    assert data.raw_text.startswith("# Carlos Mendes")


def test_refused_upload_raises_validation_error_before_parsing() -> None:
    steps: list[float] = []
    with pytest.raises(ValidationError, match="scanned image"):
        _manager().parse_upload("scan.pdf", image_only_pdf(), progress=lambda f, t: steps.append(f))
    assert 1.0 not in steps


def test_text_file_with_almost_nothing_in_it_is_refused() -> None:
    with pytest.raises(ValidationError, match="almost no text"):
        _manager().parse_upload("resume.txt", b"hi\n\n")


def test_llm_parser_is_used_when_asked() -> None:
    chat = ScriptedChat(answers=[json.dumps(VALID)])
    data = _manager(LLMResumeParser(chat)).parse_upload(
        "r.txt", "\n".join(SENIOR_LINES).encode(), use_llm=True
    )
    assert data.parser == "llm" and data.name == "Jane Doe"
    assert "Priya Raman" in chat.prompts[0][1].text


def test_llm_failure_falls_back_to_offline_and_says_so() -> None:
    chat = ScriptedChat(answers=["nonsense", "still nonsense"])
    data = _manager(LLMResumeParser(chat)).parse_upload(
        "r.txt", "\n".join(SENIOR_LINES).encode(), use_llm=True
    )
    assert data.parser == FALLBACK_PARSER and data.name == "Priya Raman"
    assert len(chat.prompts) == 2


def test_llm_requested_without_a_model_falls_back() -> None:
    manager = ResumeManager(
        NO_STORE, UploadSettings(), OfflineResumeParser(), llm_parser_factory=lambda: None
    )
    data = manager.parse_upload("r.txt", "\n".join(SENIOR_LINES).encode(), use_llm=True)
    assert data.parser == FALLBACK_PARSER


def test_pasted_text_is_parsed_and_empty_paste_refused() -> None:
    manager = _manager()
    assert manager.parse_text("\n".join(SENIOR_LINES)).email == "priya.raman@example.com"
    with pytest.raises(ValidationError, match="empty"):
        manager.parse_text("  \n ")
