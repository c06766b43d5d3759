"""PostgreSQL repository of evaluation reports."""

from __future__ import annotations

from interview_platform.database import rows, sql
from interview_platform.database.statements import Statements
from interview_platform.models import Evaluation


class PostgresEvaluations:
    """One evaluation per session (implements :class:`~.ports.EvaluationRepository`).

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def save_evaluation(self, evaluation: Evaluation) -> Evaluation:
        """Upsert the evaluation of a session."""
        params = rows.evaluation_params(evaluation)
        self._sql.execute("save_evaluation", sql.UPSERT_EVALUATION, params)
        return evaluation

    def get_evaluation(self, session_id: str) -> Evaluation | None:
        """Return the evaluation of a session or None."""
        return self._sql.map_one(
            "get_evaluation", sql.SELECT_EVALUATION, (session_id,), rows.evaluation_from_row
        )

    def list_evaluations(self, candidate_id: str) -> list[Evaluation]:
        """Return the candidate's completed evaluations, oldest first (for progress)."""
        return self._sql.map_all(
            "list_evaluations", sql.LIST_EVALUATIONS, (candidate_id,), rows.evaluation_from_row
        )
