"""The schema file and its idempotent application.

``schema.sql`` (package data) is the complete schema; ``init.sql`` at the
repository root is a byte-identical copy that docker compose runs on first start.
"""

from __future__ import annotations

from importlib import resources

from psycopg2.extras import RealDictCursor

from interview_platform.database import sql

SCHEMA_VERSION = 3


def schema_sql() -> str:
    """Return the text of the packaged ``schema.sql``."""
    return (
        resources.files("interview_platform.database")
        .joinpath("schema.sql")
        .read_text(encoding="utf-8")
    )


def apply_schema(cur: RealDictCursor) -> None:
    """Apply the schema inside the caller's transaction.

    A transaction-scoped advisory lock serialises concurrent app starts, which
    would otherwise race on ``CREATE TABLE IF NOT EXISTS`` and fail with a
    duplicate catalog entry.
    """
    cur.execute(sql.SCHEMA_LOCK, (sql.SCHEMA_LOCK_KEY,))
    cur.execute(schema_sql())


def read_schema_version(cur: RealDictCursor) -> int | None:
    """Return the applied schema version, or None when the schema is missing."""
    cur.execute(sql.SCHEMA_VERSION_TABLE_EXISTS)
    row = cur.fetchone()
    if row is None or not row["present"]:
        return None
    cur.execute(sql.SCHEMA_VERSION)
    row = cur.fetchone()
    return None if row is None or row["version"] is None else int(row["version"])
