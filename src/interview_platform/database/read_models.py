"""Queries shaped for the pages: what a page shows, read in one statement.

The repositories return one kind of domain object per call; a page that lists N
sessions with their scores would then ask once per row. These queries join what a
page needs instead. They are read-only and share the store's connection pool (and
so its retries and error translation); the store exposes them beside its
repositories (``store.history``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interview_platform.database import rows
from interview_platform.database.statements import Statements
from interview_platform.models import Evaluation, Session, SessionStatus, from_jsonable

# NULL filters fold away at plan time (psycopg2 sends literal values). The score is
# the evaluation's, whatever its status, as the history page always showed it.
HISTORY_PAGE = """
SELECT s.id, s.candidate_id, s.resume_id, s.status, s.provider, s.model, s.modes,
       s.problem_id, s.problem_text, s.level, s.planned_minutes, s.created_at,
       s.started_at, s.ended_at, s.metadata, e.overall_score AS score
FROM sessions AS s
LEFT JOIN evaluations AS e ON e.session_id = s.id
WHERE (%(candidate_id)s::text IS NULL OR s.candidate_id = %(candidate_id)s)
  AND (%(statuses)s::text[] IS NULL OR s.status = ANY(%(statuses)s::text[]))
ORDER BY s.created_at DESC, s.id DESC
LIMIT %(limit)s OFFSET %(offset)s
"""

# The evaluation page's header needs the session (problem, level, dates, pauses) and
# its footer the number of camera recordings: one statement instead of three. A recording
# kept only as the trace of a failure (status "unreadable") is not a recording.
EVALUATION_PAGE = """
SELECT s.id, s.candidate_id, s.resume_id, s.status, s.provider, s.model, s.modes,
       s.problem_id, s.problem_text, s.level, s.planned_minutes, s.created_at,
       s.started_at, s.ended_at, s.metadata, e.report, e.created_at AS evaluated_at,
       (SELECT count(*) FROM media_files AS m
        WHERE m.session_id = s.id AND m.kind = 'video'
          AND coalesce(m.metadata->>'status', '') <> 'unreadable') AS videos
FROM evaluations AS e
JOIN sessions AS s ON s.id = e.session_id
WHERE e.session_id = %(session_id)s
"""


@dataclass(frozen=True)
class ScoredSession:
    """A session with the overall score of its evaluation (None when not evaluated)."""

    session: Session
    score: float | None


@dataclass(frozen=True)
class EvaluatedSession:
    """A session with its evaluation and how many camera recordings it saved."""

    session: Session
    evaluation: Evaluation
    videos: int


class PostgresHistoryReads:
    """Page-shaped reads: the history list and the evaluation page's report.

    The history list is sessions with their scores, one query per page; the report
    comes with its session, one query too.

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def scored_sessions(
        self,
        candidate_id: str | None,
        statuses: Sequence[SessionStatus] | None,
        limit: int,
        offset: int = 0,
    ) -> list[ScoredSession]:
        """Sessions newest first with their scores, filtered and paged like ``list_sessions``.

        Args:
            candidate_id: Only this candidate's sessions (None: everyone's).
            statuses: Only sessions in these states; empty or None means no filter.
            limit: Most rows returned.
            offset: Rows skipped (page * page size).

        Returns:
            One entry per session, in the order ``list_sessions`` returns them.
        """
        params = {
            "candidate_id": candidate_id,
            "statuses": [status.value for status in statuses] if statuses else None,
            "limit": max(0, limit),
            "offset": max(0, offset),
        }
        return self._sql.map_all("scored_sessions", HISTORY_PAGE, params, scored_from_row)

    def evaluated_session(self, session_id: str) -> EvaluatedSession | None:
        """The session's evaluation with the session itself, or None when not evaluated."""
        params = {"session_id": session_id}
        return self._sql.map_one("evaluated_session", EVALUATION_PAGE, params, evaluated_from_row)


def evaluated_from_row(row: rows.Row) -> EvaluatedSession:
    """Build an :class:`EvaluatedSession` from an ``EVALUATION_PAGE`` row."""
    evaluation = from_jsonable(Evaluation, row["report"])
    evaluation.created_at = rows.utc(row["evaluated_at"]) or evaluation.created_at
    return EvaluatedSession(rows.session_from_row(row), evaluation, int(row["videos"]))


def scored_from_row(row: rows.Row) -> ScoredSession:
    """Build a :class:`ScoredSession` from a ``HISTORY_PAGE`` row."""
    score = row["score"]
    return ScoredSession(rows.session_from_row(row), float(score) if score is not None else None)
