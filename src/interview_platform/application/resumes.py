"""Resumes of the signed-in account's candidate profiles."""

from __future__ import annotations

from interview_platform.application.access import Access
from interview_platform.models import Resume, ResumeData
from interview_platform.resume.resume_manager import ResumeManager


class Resumes:
    """Keeps and reads resumes, only for the account's own profiles.

    Args:
        manager: Stores and reads resumes.
        access: The ownership checks of the signed-in account.
    """

    def __init__(self, manager: ResumeManager, access: Access) -> None:
        self._manager = manager
        self._access = access

    def save(self, candidate_id: str, filename: str, data: ResumeData) -> Resume:
        """Store a parsed (or corrected) resume for a profile.

        Raises:
            NotFoundError: The profile is another account's.
        """
        self._access.candidate(candidate_id)
        return self._manager.save(candidate_id, filename, data)

    def latest(self, candidate_id: str) -> Resume | None:
        """The profile's newest resume (None for another account's profile)."""
        if not self._access.may_see_candidate(candidate_id):
            return None
        return self._manager.latest(candidate_id)
