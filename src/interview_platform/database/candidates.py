"""PostgreSQL repository of candidates and their resumes."""

from __future__ import annotations

from interview_platform.database import rows, sql
from interview_platform.database.statements import Statements
from interview_platform.models import Candidate, Resume, ResumeData


class PostgresCandidates:
    """Candidates and resumes (implements :class:`~.ports.CandidateRepository`).

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def create_candidate(self, candidate: Candidate) -> Candidate:
        """Insert a candidate and return it."""
        params = {
            "id": candidate.id,
            "name": candidate.name,
            "email": candidate.email,
            "created_at": candidate.created_at,
            "account_id": candidate.account_id,
        }
        self._sql.execute("create_candidate", sql.INSERT_CANDIDATE, params)
        return candidate

    def get_candidate(self, candidate_id: str) -> Candidate | None:
        """Return the candidate or None."""
        return self._sql.map_one(
            "get_candidate", sql.SELECT_CANDIDATE, (candidate_id,), rows.candidate_from_row
        )

    def list_candidates(self, account_id: str | None = None) -> list[Candidate]:
        """Return the account's candidates (every candidate when None), by name."""
        if account_id is None:
            return self._sql.map_all(
                "list_candidates", sql.LIST_CANDIDATES, None, rows.candidate_from_row
            )
        return self._sql.map_all(
            "list_candidates_of", sql.LIST_CANDIDATES_OF, (account_id,), rows.candidate_from_row
        )

    def save_resume(self, candidate_id: str, filename: str, data: ResumeData) -> Resume:
        """Store a parsed resume for a candidate and return it."""
        # The id is fixed before the first attempt, so a retry cannot insert twice.
        resume = Resume(candidate_id=candidate_id, filename=filename, data=data)
        self._sql.execute("save_resume", sql.INSERT_RESUME, rows.resume_params(resume))
        return resume

    def get_resume(self, resume_id: str) -> Resume | None:
        """Return a resume by id or None."""
        return self._sql.map_one(
            "get_resume", sql.SELECT_RESUME, (resume_id,), rows.resume_from_row
        )

    def get_latest_resume(self, candidate_id: str) -> Resume | None:
        """Return the candidate's newest resume or None."""
        return self._sql.map_one(
            "get_latest_resume", sql.SELECT_LATEST_RESUME, (candidate_id,), rows.resume_from_row
        )
