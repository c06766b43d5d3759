"""PostgreSQL repository of interview sessions."""

from __future__ import annotations

from collections.abc import Sequence

from interview_platform.database import rows, sql
from interview_platform.database.statements import Statements
from interview_platform.exceptions import NotFoundError, SessionStateError
from interview_platform.models import Session, SessionStatus


class PostgresSessions:
    """Interview sessions (implements :class:`~.ports.SessionRepository`).

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def create_session(self, session: Session) -> Session:
        """Insert a new session and return it."""
        self._sql.execute("create_session", sql.INSERT_SESSION, rows.session_params(session))
        return session

    def get_session(self, session_id: str) -> Session | None:
        """Return the session or None."""
        return self._sql.map_one(
            "get_session", sql.SELECT_SESSION, (session_id,), rows.session_from_row
        )

    def list_sessions(
        self,
        candidate_id: str | None = None,
        statuses: Sequence[SessionStatus] | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[Session]:
        """Return sessions newest first, optionally filtered, one page at a time.

        An empty ``statuses`` means no status filter, like None.
        """
        params = _session_filter(candidate_id, statuses)
        params.update(limit=max(0, limit), offset=max(0, offset))
        return self._sql.map_all("list_sessions", sql.LIST_SESSIONS, params, rows.session_from_row)

    def count_sessions(
        self, candidate_id: str | None = None, statuses: Sequence[SessionStatus] | None = None
    ) -> int:
        """Count the sessions :meth:`list_sessions` would page through."""
        params = _session_filter(candidate_id, statuses)
        row = self._sql.fetch_one("count_sessions", sql.COUNT_SESSIONS, params)
        return int(row["n"]) if row is not None else 0

    def update_session(self, session: Session) -> Session:
        """Persist status, timestamps, modes and metadata of an existing session.

        A session whose end has begun is never moved back (to active, paused or
        created): such a write is refused, not applied.

        Raises:
            NotFoundError: No session has this id.
            SessionStateError: The stored session has ended and this write would undo it.
        """
        params = rows.session_params(session)
        row = self._sql.fetch_one("update_session", sql.UPDATE_SESSION, params)
        if row is not None:
            return rows.session_from_row(row)
        if self.get_session(session.id) is not None:
            raise SessionStateError("This interview has ended; it can't be changed any more.")
        raise NotFoundError(f"Session {session.id!r} does not exist; create it first.")

    def claim_end(self, session: Session) -> Session | None:
        """Persist ``session`` (prepared as ENDING) only if the stored one is active or paused.

        One conditional statement: of concurrent callers, across processes, exactly one
        gets the session back; the others get None (someone else is ending it).
        """
        params = rows.session_params(session)
        row = self._sql.fetch_one("claim_end", sql.CLAIM_END, params)
        return rows.session_from_row(row) if row is not None else None


def _session_filter(
    candidate_id: str | None, statuses: Sequence[SessionStatus] | None
) -> dict[str, object]:
    values = [status.value for status in statuses] if statuses else None
    return {"candidate_id": candidate_id, "statuses": values}
