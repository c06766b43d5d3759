"""The read model of an interviewer turn: session, resume, drawing and usage at once.

A turn used to ask four repositories in turn (four round trips); this reads the
same rows with one statement. The conversation is read separately, after the
candidate's answer is stored, so the history always ends with that answer.
"""

from __future__ import annotations

from interview_platform.database import rows, sql
from interview_platform.database.ports import TurnSnapshot
from interview_platform.database.rows import Row
from interview_platform.database.statements import Statements


class PostgresTurnReads:
    """Implements :class:`~.ports.TurnReads` over the session's tables.

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def read_turn(self, session_id: str) -> TurnSnapshot | None:
        """Return the session with its resume, drawing and usage totals, or None."""
        return self._sql.map_one("read_turn", sql.SELECT_TURN, (session_id,), snapshot_from_row)


def snapshot_from_row(row: Row) -> TurnSnapshot:
    """Build a :class:`TurnSnapshot` from a ``SELECT_TURN`` row."""
    resume = None
    if row["resume_row_id"] is not None:
        resume = rows.resume_from_row(
            {
                "id": row["resume_row_id"],
                "candidate_id": row["resume_candidate_id"],
                "filename": row["resume_filename"],
                "raw_text": row["resume_raw_text"],
                "parsed": row["resume_parsed"],
                "created_at": row["resume_created_at"],
            }
        )
    canvas = row["canvas"]
    return TurnSnapshot(
        session=rows.session_from_row(row),
        resume=resume,
        canvas=dict(canvas) if canvas is not None else None,
        usage=rows.summary_from_row(row),
    )
