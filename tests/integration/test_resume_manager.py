"""Resumes stored per candidate in PostgreSQL; the newest is offered next time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from testkit.resumes import SENIOR_LINES, two_column_pdf

from interview_platform.config import UploadSettings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Candidate, ExperienceLevel
from interview_platform.resume.offline_parser import OfflineResumeParser
from interview_platform.resume.resume_manager import ResumeManager

pytestmark = pytest.mark.integration


def _manager(store: PostgresDataStore) -> ResumeManager:
    return ResumeManager(
        store.candidates, UploadSettings(), OfflineResumeParser(clock=lambda: date(2024, 6, 1))
    )


def test_parsed_pdf_round_trips_through_the_store(store: PostgresDataStore) -> None:
    candidate = store.candidates.create_candidate(Candidate(name="Priya Raman"))
    manager = _manager(store)
    assert manager.latest(candidate.id) is None
    parsed = manager.parse_upload("priya.pdf", two_column_pdf(SENIOR_LINES[:2], SENIOR_LINES[2:]))
    saved = manager.save(candidate.id, "priya.pdf", parsed)
    latest = manager.latest(candidate.id)
    assert latest is not None and latest.id == saved.id
    assert latest.filename == "priya.pdf"
    assert latest.data == parsed
    assert [w.company for w in latest.data.work_experience] == ["Deliveroo", "Ocado"]
    assert manager.get(saved.id) == latest


def test_corrections_are_a_new_version_offered_next_time(store: PostgresDataStore) -> None:
    candidate = store.candidates.create_candidate(Candidate(name="Priya Raman"))
    manager = _manager(store)
    first = manager.save(candidate.id, "cv.txt", manager.parse_text("\n".join(SENIOR_LINES)))
    edited = replace(
        first.data, raw_text="", experience_level=ExperienceLevel.STAFF, skills=["Go", "Rust"]
    )
    second = manager.update(first, edited)
    latest = manager.latest(candidate.id)
    assert latest is not None and latest.id == second.id != first.id
    assert latest.data.experience_level == ExperienceLevel.STAFF
    assert latest.data.skills == ["Go", "Rust"]
    assert latest.data.raw_text == first.data.raw_text  # the original text is kept
    assert manager.get(first.id) is not None


def test_resumes_are_scoped_to_their_candidate(store: PostgresDataStore) -> None:
    alice = store.candidates.create_candidate(Candidate(name="Alice"))
    bob = store.candidates.create_candidate(Candidate(name="Bob"))
    manager = _manager(store)
    manager.save(alice.id, "alice.txt", manager.parse_text("\n".join(SENIOR_LINES)))
    assert manager.latest(bob.id) is None
