"""Single statements through the shared pool: the plumbing every repository composes.

A repository holds one :class:`Statements` (built over the store's
:class:`~interview_platform.database.pool.ConnectionManager`) instead of inheriting
query helpers, so each repository is a small class with only its own methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from psycopg2.extras import RealDictCursor

from interview_platform.database.pool import ConnectionManager, Work
from interview_platform.database.rows import Row

T = TypeVar("T")


class Statements:
    """Runs statements on pooled connections, with transient-failure retries.

    Every helper runs one statement as its own transaction (autocommit: one round
    trip), so each statement must be safe to repeat.

    Args:
        manager: The pool shared by every repository of the store.
    """

    def __init__(self, manager: ConnectionManager) -> None:
        self._db = manager

    def execute(self, action: str, query: str, params: Any = None) -> int:
        """Run a statement; return the affected row count."""

        def work(cur: RealDictCursor) -> int:
            cur.execute(query, params)
            return int(cur.rowcount)

        return self._db.run(action, work, autocommit=True)

    def fetch_one(self, action: str, query: str, params: Any = None) -> Row | None:
        """Run a query and return its first row as a dict, or None."""

        def work(cur: RealDictCursor) -> Row | None:
            cur.execute(query, params)
            row = cur.fetchone()
            return dict(row) if row is not None else None

        return self._db.run(action, work, autocommit=True)

    def fetch_all(self, action: str, query: str, params: Any = None) -> list[Row]:
        """Run a query and return every row as a dict."""

        def work(cur: RealDictCursor) -> list[Row]:
            cur.execute(query, params)
            return [dict(row) for row in cur.fetchall()]

        return self._db.run(action, work, autocommit=True)

    def map_one(self, action: str, query: str, params: Any, build: Callable[[Row], T]) -> T | None:
        """Run a query and build a domain object from its first row (None without one)."""
        row = self.fetch_one(action, query, params)
        return build(row) if row is not None else None

    def map_all(self, action: str, query: str, params: Any, build: Callable[[Row], T]) -> list[T]:
        """Run a query and build a domain object from every row."""
        return [build(row) for row in self.fetch_all(action, query, params)]

    def transaction(self, action: str, work: Work[T]) -> T:
        """Run ``work(cursor)`` as one transaction (several statements), with retries."""
        return self._db.run(action, work)
