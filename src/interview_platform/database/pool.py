"""A lazily created, thread-safe connection pool with borrow, retry and recovery.

:class:`ConnectionManager` wraps psycopg2's ``ThreadedConnectionPool`` and adds
what the pool lacks:

* borrowers wait (up to ``acquire_timeout_s``) instead of failing when every
  connection is out;
* a borrowed connection always ends in commit or rollback and is returned,
  or closed when it is broken;
* transient failures are retried with exponential backoff on a fresh connection;
* after a failure showing the server dropped its connections (restart,
  ``pg_terminate_backend``), every idle pooled connection is discarded lazily, so
  the next operations do not trip over dead sockets one by one;
* connections use TCP keepalives and a TCP user timeout, so a server that vanishes
  without closing its sockets (a cut network) fails a statement within seconds;
* :meth:`ConnectionManager.ping` answers "is the database there?" on a fresh connection
  within a short timeout, without retries and without trusting pooled sockets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypedDict, TypeVar

import psycopg2
from psycopg2.extensions import connection as PgConnection
from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from interview_platform.database.errors import is_connection_lost, redact, translate
from interview_platform.database.health import PING_TIMEOUT_S, SOCKET_OPTIONS, ping
from interview_platform.exceptions import DataStoreError, TransientDataStoreError

T = TypeVar("T")
Work = Callable[[RealDictCursor], T]

_log = logging.getLogger(__name__)


class PoolOptions(TypedDict, total=False):
    """How the pool connects and retries (every key optional; see :class:`ConnectionManager`)."""

    pool_min: int
    pool_max: int
    connect_timeout_s: int
    retry_attempts: int
    retry_base_delay_s: float
    acquire_timeout_s: float


class ConnectionManager:
    """Pool, borrow and retry logic for one PostgreSQL DSN.

    Args:
        dsn: libpq URL or key=value string (may contain a password; never logged).
        pool_min: Connections opened when the pool is created.
        pool_max: Upper bound of simultaneously open connections.
        connect_timeout_s: libpq connect timeout.
        retry_attempts: Total attempts for a transient failure (1-3).
        retry_base_delay_s: First backoff delay; doubled on each retry.
        acquire_timeout_s: How long a borrower waits for a free connection.
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
        acquire_timeout_s: float = 30.0,
    ) -> None:
        if pool_max < 1 or pool_min < 0 or pool_min > pool_max:
            raise DataStoreError(
                f"Invalid pool size min={pool_min} max={pool_max}: need 0 <= min <= max, max >= 1"
            )
        self._dsn = dsn
        self._pool_min = pool_min
        self._pool_max = pool_max
        self._connect_timeout_s = connect_timeout_s
        self._attempts = max(1, min(3, retry_attempts))
        self._base_delay = retry_base_delay_s
        self._acquire_timeout_s = acquire_timeout_s
        self._pool: ThreadedConnectionPool | None = None
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(pool_max)
        self._generation = 0
        self._conn_generation: dict[int, int] = {}
        self._in_use = 0

    @property
    def dsn(self) -> str:
        """The DSN in use (contains the password: do not log it)."""
        return self._dsn

    @property
    def in_use(self) -> int:
        """Number of connections currently borrowed (0 when nothing leaked)."""
        with self._lock:
            return self._in_use

    def _get_pool(self) -> ThreadedConnectionPool:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadedConnectionPool(
                    self._pool_min,
                    self._pool_max,
                    self._dsn,
                    connect_timeout=self._connect_timeout_s,
                    application_name="interview_platform",
                    options="-c TimeZone=UTC",
                    **SOCKET_OPTIONS,
                )
                # psycopg2 closes any returned connection beyond ``minconn`` idle ones;
                # raising it after the eager opening keeps up to pool_max warm.
                self._pool.minconn = self._pool_max
            return self._pool

    def _acquire(self) -> PgConnection:
        if not self._slots.acquire(timeout=self._acquire_timeout_s):
            raise TransientDataStoreError(
                f"No database connection free after {self._acquire_timeout_s:.0f} s "
                f"(pool_max={self._pool_max}); raise database.pool_max or reduce concurrency."
            )
        try:
            conn = self._take_live_connection()
        except BaseException:
            self._slots.release()
            raise
        with self._lock:
            self._in_use += 1
        return conn

    def _take_live_connection(self) -> PgConnection:
        pool = self._get_pool()
        # Bounded: each pass either returns or discards one stale idle connection.
        for _ in range(self._pool_max + 1):
            conn = pool.getconn()
            with self._lock:
                generation = self._conn_generation.setdefault(id(conn), self._generation)
                stale = generation < self._generation
            if not stale and conn.closed == 0:
                return conn
            self._discard(pool, conn)
        return pool.getconn()

    def _discard(self, pool: ThreadedConnectionPool, conn: PgConnection) -> None:
        with self._lock:
            self._conn_generation.pop(id(conn), None)
        try:
            pool.putconn(conn, close=True)
        except psycopg2.Error:  # the pool may already be closed
            _log.debug("discarding a connection failed", exc_info=True)

    def _release(self, conn: PgConnection, broken: bool) -> None:
        pool = self._pool
        try:
            if pool is None or pool.closed:
                conn.close()
            elif broken or conn.closed != 0:
                self._discard(pool, conn)
            else:
                pool.putconn(conn)
                if conn.closed != 0:  # the pool closed it (lost mid-transaction)
                    with self._lock:
                        self._conn_generation.pop(id(conn), None)
        finally:
            with self._lock:
                self._in_use -= 1
            self._slots.release()

    def ping(self, timeout_s: int = PING_TIMEOUT_S) -> bool:
        """Whether the server answers on a new connection within ``timeout_s`` (no retry).

        A failure also marks the pooled connections stale: they are likely dead too.
        """
        alive = ping(self._dsn, timeout_s)
        if not alive:
            self.invalidate_idle()
        return alive

    def invalidate_idle(self) -> None:
        """Mark every pooled connection as stale; idle ones are replaced on next borrow."""
        with self._lock:
            self._generation += 1

    @contextmanager
    def borrow(self, autocommit: bool = False) -> Iterator[PgConnection]:
        """Borrow a connection: commit on success, roll back on error, always return it.

        Args:
            autocommit: Run each statement in its own transaction. For single-statement
                work this saves the separate BEGIN and COMMIT round trips psycopg2 makes.

        Yields:
            A psycopg2 connection (inside a transaction unless ``autocommit``).
        """
        conn = self._acquire()
        broken = False
        try:
            conn.autocommit = autocommit
            yield conn
            conn.commit()
        except BaseException:
            broken = _rollback_quietly(conn)
            raise
        finally:
            broken = broken or not _reset_autocommit(conn)
            self._release(conn, broken)

    def run(self, action: str, work: Work[T], *, autocommit: bool = False) -> T:
        """Run ``work(cursor)`` in one transaction, retrying transient failures.

        Args:
            action: Name of the operation, used in error messages.
            work: A function of a dict cursor; must be safe to repeat.
            autocommit: ``work`` runs a single statement (its own transaction).

        Returns:
            What ``work`` returned.

        Raises:
            TransientDataStoreError: The database stayed unavailable for every attempt.
            DataStoreError: Any other database failure.
        """
        retrying = Retrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._base_delay, max=5.0),
            retry=retry_if_exception_type(TransientDataStoreError),
            reraise=True,
        )
        result: T = retrying(self._run_once, action, work, autocommit)
        return result

    def _run_once(self, action: str, work: Work[T], autocommit: bool) -> T:
        try:
            with self.borrow(autocommit) as conn, conn.cursor(cursor_factory=RealDictCursor) as cur:
                return work(cur)
        except psycopg2.Error as exc:
            if is_connection_lost(exc):
                self.invalidate_idle()
            raise translate(exc, self._dsn, action) from None
        except (ValueError, TypeError) as exc:
            # psycopg2 refuses NUL characters with a ValueError; a JSON column refuses
            # values it cannot encode with a TypeError.
            raise DataStoreError(f"Cannot store value during {action}: {exc}") from exc

    def close(self) -> None:
        """Close every pooled connection; a later borrow opens a new pool."""
        with self._lock:
            pool, self._pool = self._pool, None
            self._conn_generation.clear()
        if pool is not None and not pool.closed:
            try:
                pool.closeall()
            except psycopg2.Error as exc:
                _log.warning("closing the pool failed: %s", redact(str(exc), self._dsn))


def _reset_autocommit(conn: PgConnection) -> bool:
    """Put the connection back in transaction mode; False when it is unusable."""
    if conn.closed != 0:
        return False
    try:
        conn.autocommit = False
    except psycopg2.Error:
        return False
    return True


def _rollback_quietly(conn: PgConnection) -> bool:
    """Roll back; return True when the connection is broken and must be discarded."""
    if conn.closed != 0:
        return True
    try:
        conn.rollback()
    except psycopg2.Error:
        return True
    return False
