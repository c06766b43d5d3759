"""PostgreSQL implementation of :class:`~interview_platform.database.protocol.IDataStore`.

The store is lazy (the pool opens on first use), thread-safe (one shared
``ThreadedConnectionPool``), retries transient failures with exponential backoff
and recovers after a server restart; see :mod:`interview_platform.database.pool`.
Every insert uses the object's client-generated id with ``ON CONFLICT DO NOTHING``
so a retried write never duplicates a row.
"""

from __future__ import annotations

from collections.abc import Sequence

from interview_platform.config import DatabaseSettings
from interview_platform.database import migrate, rows, sql
from interview_platform.database.artifacts import ArtifactRepositories
from interview_platform.database.audit import PostgresAudit
from interview_platform.database.candidates import PostgresCandidates
from interview_platform.database.conversation import PostgresConversation
from interview_platform.database.errors import redact_url
from interview_platform.database.evaluations import PostgresEvaluations
from interview_platform.database.media import PostgresMedia
from interview_platform.database.pool import ConnectionManager
from interview_platform.database.read_models import PostgresHistoryReads
from interview_platform.database.sessions import PostgresSessions
from interview_platform.database.statements import Statements
from interview_platform.database.turns import PostgresTurnReads
from interview_platform.database.usage import PostgresUsage
from interview_platform.exceptions import DataStoreError, NotFoundError
from interview_platform.models import (
    Candidate,
    Message,
    Resume,
    ResumeData,
    Session,
    SessionStatus,
)


class PostgresDataStore(ArtifactRepositories):
    """The data store of the platform, backed by PostgreSQL.

    Args:
        dsn: libpq URL or key=value DSN. A password in it is never logged or shown.
        pool_min: Connections opened with the pool.
        pool_max: Most connections open at once; further borrowers wait.
        connect_timeout_s: libpq connect timeout in seconds.
        retry_attempts: Attempts for a transient failure (at most 3).
        retry_base_delay_s: First backoff delay in seconds (doubles per retry).
    """

    def __init__(
        self,
        dsn: str,
        *,
        pool_min: int = 1,
        pool_max: int = 20,
        connect_timeout_s: int = 5,
        retry_attempts: int = 3,
        retry_base_delay_s: float = 0.2,
    ) -> None:
        super().__init__(
            ConnectionManager(
                dsn,
                pool_min=pool_min,
                pool_max=pool_max,
                connect_timeout_s=connect_timeout_s,
                retry_attempts=retry_attempts,
                retry_base_delay_s=retry_base_delay_s,
            )
        )
        statements = Statements(self._db)
        self.candidates = PostgresCandidates(statements)
        self.sessions = PostgresSessions(statements)
        self.conversation = PostgresConversation(statements)
        self.media = PostgresMedia(statements)
        self.evaluations = PostgresEvaluations(statements)
        self.usage = PostgresUsage(statements)
        self.audit = PostgresAudit(statements)
        self.turns = PostgresTurnReads(statements)
        self.history = PostgresHistoryReads(statements)

    @classmethod
    def from_settings(cls, s: DatabaseSettings) -> PostgresDataStore:
        """Build a store from the ``database`` settings section."""
        return cls(
            s.url.get_secret_value(),
            pool_min=s.pool_min,
            pool_max=s.pool_max,
            connect_timeout_s=s.connect_timeout_s,
            retry_attempts=s.retry_attempts,
            retry_base_delay_s=s.retry_base_delay_s,
        )

    def __repr__(self) -> str:
        return f"PostgresDataStore({redact_url(self._db.dsn)!r})"

    @property
    def display_url(self) -> str:
        """The DSN with its password masked, safe to show and log."""
        return redact_url(self._db.dsn)

    # -- lifecycle -----------------------------------------------------------------
    def apply_schema(self) -> None:
        """Create missing tables and indexes in one transaction (idempotent)."""
        self._db.run("apply_schema", migrate.apply_schema)

    def schema_version(self) -> int | None:
        """Return the applied schema version, or None when the schema is missing."""
        return self._db.run("schema_version", migrate.read_schema_version)

    def health_check(self) -> bool:
        """Return True when the database answers a trivial query."""
        try:
            row = self._fetch_one("health_check", sql.HEALTH)
        except DataStoreError:
            return False
        return row is not None and row["ok"] == 1

    def close(self) -> None:
        """Close every pooled connection (a later call reopens the pool)."""
        self._db.close()

    def truncate_all(self) -> None:
        """Delete every row of every table except ``schema_version`` (tests only)."""
        self._execute("truncate_all", sql.TRUNCATE_ALL)

    # -- candidates and resumes ----------------------------------------------------
    def create_candidate(self, candidate: Candidate) -> Candidate:
        """Insert a candidate and return it."""
        params = {
            "id": candidate.id,
            "name": candidate.name,
            "email": candidate.email,
            "created_at": candidate.created_at,
        }
        self._execute("create_candidate", sql.INSERT_CANDIDATE, params)
        return candidate

    def get_candidate(self, candidate_id: str) -> Candidate | None:
        """Return the candidate or None."""
        return self._map_one(
            "get_candidate", sql.SELECT_CANDIDATE, (candidate_id,), rows.candidate_from_row
        )

    def list_candidates(self) -> list[Candidate]:
        """Return every candidate, by name."""
        return self._map_all("list_candidates", sql.LIST_CANDIDATES, None, rows.candidate_from_row)

    def save_resume(self, candidate_id: str, filename: str, data: ResumeData) -> Resume:
        """Store a parsed resume for a candidate and return it."""
        # The id is fixed before the first attempt, so a retry cannot insert twice.
        resume = Resume(candidate_id=candidate_id, filename=filename, data=data)
        self._execute("save_resume", sql.INSERT_RESUME, rows.resume_params(resume))
        return resume

    def get_resume(self, resume_id: str) -> Resume | None:
        """Return a resume by id or None."""
        return self._map_one("get_resume", sql.SELECT_RESUME, (resume_id,), rows.resume_from_row)

    def get_latest_resume(self, candidate_id: str) -> Resume | None:
        """Return the candidate's newest resume or None."""
        return self._map_one(
            "get_latest_resume", sql.SELECT_LATEST_RESUME, (candidate_id,), rows.resume_from_row
        )

    # -- sessions --------------------------------------------------------------------
    def create_session(self, session: Session) -> Session:
        """Insert a new session and return it."""
        self._execute("create_session", sql.INSERT_SESSION, rows.session_params(session))
        return session

    def get_session(self, session_id: str) -> Session | None:
        """Return the session or None."""
        return self._map_one(
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
        return self._map_all("list_sessions", sql.LIST_SESSIONS, params, rows.session_from_row)

    def count_sessions(
        self, candidate_id: str | None = None, statuses: Sequence[SessionStatus] | None = None
    ) -> int:
        """Count the sessions :meth:`list_sessions` would page through."""
        params = _session_filter(candidate_id, statuses)
        row = self._fetch_one("count_sessions", sql.COUNT_SESSIONS, params)
        return int(row["n"]) if row is not None else 0

    def update_session(self, session: Session) -> Session:
        """Persist status, timestamps, modes and metadata of an existing session.

        Raises:
            NotFoundError: No session has this id.
        """
        row = self._fetch_one("update_session", sql.UPDATE_SESSION, rows.session_params(session))
        if row is None:
            raise NotFoundError(f"Session {session.id!r} does not exist; create it first.")
        return rows.session_from_row(row)

    # -- conversation ------------------------------------------------------------------
    def append_message(self, message: Message) -> Message:
        """Append a message to its session's conversation (durable on return)."""
        self._execute("append_message", sql.INSERT_MESSAGE, rows.message_params(message))
        return message

    def get_messages(self, session_id: str, limit: int | None = None) -> list[Message]:
        """Return the conversation oldest first; with ``limit``, only the newest N."""
        if limit is None:
            return self._map_all(
                "get_messages", sql.SELECT_MESSAGES, (session_id,), rows.message_from_row
            )
        params = (session_id, max(0, limit))
        return self._map_all(
            "get_messages", sql.SELECT_LAST_MESSAGES, params, rows.message_from_row
        )

    def count_messages(self, session_id: str) -> int:
        """Return the number of messages of a session."""
        row = self._fetch_one("count_messages", sql.COUNT_MESSAGES, (session_id,))
        return int(row["n"]) if row is not None else 0


def _session_filter(
    candidate_id: str | None, statuses: Sequence[SessionStatus] | None
) -> dict[str, object]:
    values = [status.value for status in statuses] if statuses else None
    return {"candidate_id": candidate_id, "statuses": values}
