"""Candidate profiles: who is interviewed."""

from __future__ import annotations

from interview_platform.application.access import Access
from interview_platform.application.actions import user_action
from interview_platform.database.ports import CandidateRepository
from interview_platform.exceptions import ValidationError
from interview_platform.models import Candidate
from interview_platform.session.setup_checks import (
    MAX_EMAIL_CHARS,
    MAX_NAME_CHARS,
    check_plain_text,
)


class Candidates:
    """Creates candidate profiles.

    Args:
        candidates: Where profiles are kept.
        access: The ownership checks of the signed-in account (profiles are made for it).
    """

    def __init__(self, candidates: CandidateRepository, access: Access) -> None:
        self._candidates = candidates
        self._access = access

    def create(self, name: str, email: str = "") -> Candidate:
        """Create a profile (name and e-mail trimmed) and record the user action.

        Raises:
            ValidationError: The name is blank, or a field holds a control character.
        """
        if not name.strip():
            raise ValidationError("Please enter a name.")
        check_plain_text(name, "The name", max_length=MAX_NAME_CHARS)
        check_plain_text(email, "The e-mail address", max_length=MAX_EMAIL_CHARS)
        candidate = self._candidates.create_candidate(
            Candidate(
                name=name.strip(),
                email=email.strip(),
                account_id=self._access.principal.account_id,
            )
        )
        user_action("candidate.create", "candidate profile created", candidate=candidate.id)
        return candidate
