"""Shared plumbing of the PostgreSQL repositories: run a statement through the pool."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from psycopg2.extensions import connection as PgConnection
from psycopg2.extras import RealDictCursor

from interview_platform.database.pool import ConnectionManager
from interview_platform.database.rows import Row

T = TypeVar("T")


class StoreBase:
    """Holds the :class:`ConnectionManager` and small query helpers.

    Every helper runs one statement as its own transaction (autocommit: one round
    trip) with transient-failure retries, so each statement must be safe to repeat.
    """

    def __init__(self, manager: ConnectionManager) -> None:
        self._db = manager

    def _execute(self, action: str, query: str, params: Any = None) -> int:
        """Run a statement; return the affected row count."""

        def work(cur: RealDictCursor) -> int:
            cur.execute(query, params)
            return int(cur.rowcount)

        return self._db.run(action, work, autocommit=True)

    def _fetch_one(self, action: str, query: str, params: Any = None) -> Row | None:
        """Run a query and return its first row as a dict, or None."""

        def work(cur: RealDictCursor) -> Row | None:
            cur.execute(query, params)
            row = cur.fetchone()
            return dict(row) if row is not None else None

        return self._db.run(action, work, autocommit=True)

    def _fetch_all(self, action: str, query: str, params: Any = None) -> list[Row]:
        """Run a query and return every row as a dict."""

        def work(cur: RealDictCursor) -> list[Row]:
            cur.execute(query, params)
            return [dict(row) for row in cur.fetchall()]

        return self._db.run(action, work, autocommit=True)

    def _map_one(self, action: str, query: str, params: Any, build: Callable[[Row], T]) -> T | None:
        row = self._fetch_one(action, query, params)
        return build(row) if row is not None else None

    def _map_all(self, action: str, query: str, params: Any, build: Callable[[Row], T]) -> list[T]:
        return [build(row) for row in self._fetch_all(action, query, params)]

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
