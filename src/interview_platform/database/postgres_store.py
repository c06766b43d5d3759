"""The PostgreSQL data store: one pool, its lifecycle, and the repositories over it.

The store owns the connection pool and the schema (apply, check, close) and exposes
one repository per aggregate, each implementing a protocol of
:mod:`interview_platform.database.ports`::

    store = PostgresDataStore.from_settings(settings.database)
    store.apply_schema()
    store.sessions.get_session(session_id)
    store.conversation.append_message(message)

Services take the repositories they use (``TokenTracker(store.usage, ...)``), not
the store. The pool is lazy (it opens on first use), thread-safe (one shared
``ThreadedConnectionPool``), retries transient failures with exponential backoff
and recovers after a server restart; see :mod:`interview_platform.database.pool`.
Every insert uses the object's client-generated id with ``ON CONFLICT DO NOTHING``
so a retried write never duplicates a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Unpack

from psycopg2.extensions import connection as PgConnection

from interview_platform.config import DatabaseSettings
from interview_platform.database import migrate
from interview_platform.database.accounts import PostgresAccounts
from interview_platform.database.audit import PostgresAudit
from interview_platform.database.candidates import PostgresCandidates
from interview_platform.database.conversation import PostgresConversation
from interview_platform.database.errors import redact_url
from interview_platform.database.evaluations import PostgresEvaluations
from interview_platform.database.jobs import PostgresJobs
from interview_platform.database.leases import PostgresTurnLeases
from interview_platform.database.media import PostgresMedia
from interview_platform.database.pool import ConnectionManager, PoolOptions
from interview_platform.database.read_models import PostgresHistoryReads
from interview_platform.database.sessions import PostgresSessions
from interview_platform.database.statements import Statements
from interview_platform.database.turns import PostgresTurnReads
from interview_platform.database.usage import PostgresUsage


class PostgresDataStore:
    """The data store of the platform, backed by PostgreSQL.

    Attributes:
        candidates: Candidates and their resumes.
        sessions: Interview sessions.
        conversation: The messages of each session.
        media: The whiteboard and the media files of each session.
        evaluations: The evaluation of each session.
        usage: Token usage of AI calls.
        audit: The audit log.
        turns: What an interviewer turn reads, in one statement.
        history: The history page's rows, in one statement.
        turn_leases: Whose turn it is in each session, across app processes.

    Args:
        dsn: libpq URL or key=value DSN. A password in it is never logged or shown.
        pool: Pool size, timeouts and retries (see :class:`~.pool.PoolOptions`).
    """

    def __init__(self, dsn: str, **pool: Unpack[PoolOptions]) -> None:
        self._db = ConnectionManager(dsn, **pool)
        self._sql = Statements(self._db)
        self.candidates = PostgresCandidates(self._sql)
        self.sessions = PostgresSessions(self._sql)
        self.conversation = PostgresConversation(self._sql)
        self.media = PostgresMedia(self._sql)
        self.evaluations = PostgresEvaluations(self._sql)
        self.usage = PostgresUsage(self._sql)
        self.audit = PostgresAudit(self._sql)
        self.turns = PostgresTurnReads(self._sql)
        self.history = PostgresHistoryReads(self._sql)
        self.accounts = PostgresAccounts(self._sql)
        self.jobs = PostgresJobs(self._sql)  # the background job queue
        self.turn_leases = PostgresTurnLeases(self._sql)

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
        """Return True when the database answers a trivial query now (within 2 s)."""
        return self._db.ping()

    def close(self) -> None:
        """Close every pooled connection (a later call reopens the pool)."""
        self._db.close()

    # -- direct access (maintenance, tests) ----------------------------------------
    @contextmanager
    def connection(self) -> Iterator[PgConnection]:
        """Borrow a pooled connection (committed on success, rolled back on error).

        No retry happens here: the caller owns the transaction.

        Yields:
            A psycopg2 connection.
        """
        with self._db.borrow() as conn:
            yield conn

    @property
    def pool_in_use(self) -> int:
        """Connections currently borrowed from the pool (0 when none leaked)."""
        return self._db.in_use
