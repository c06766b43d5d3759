"""Shared fixtures: a real, throw-away PostgreSQL database per test run.

``TEST_DATABASE_URL`` points at a server (default: the local one on
127.0.0.1:5432); a fresh database is created for the run and dropped after.
Tables are emptied between tests that use ``store``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

from interview_platform.communication.whisper_client import FasterWhisperTranscriber
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.principal import LOCAL_ACCOUNT_ID

ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _with_database(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, parts.fragment))


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """Create a fresh database for this test run and drop it afterwards."""
    name = f"ip_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(ADMIN_URL)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(ADMIN_URL, name)
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# Every table but schema_version, so a test starts from an empty database.
TRUNCATE_ALL = (
    "TRUNCATE audit_logs, token_usage, evaluations, whiteboard_snapshots, media_files, "
    "whiteboard_states, messages, sessions, resumes, candidates, sign_ins, jobs, turn_leases "
    "RESTART IDENTITY CASCADE; "
    # The single-user mode's local account is part of the schema; the others are not.
    f"DELETE FROM accounts WHERE id <> '{LOCAL_ACCOUNT_ID}'"
)


def truncate_all(store: PostgresDataStore) -> None:
    """Delete every row of every table except ``schema_version`` (tests only)."""
    with store.connection() as conn, conn.cursor() as cur:
        cur.execute(TRUNCATE_ALL)


@pytest.fixture(scope="session")
def session_store(database_url: str) -> Iterator[PostgresDataStore]:
    """One pooled store for the run, with the schema applied."""
    store = PostgresDataStore(database_url, pool_min=1, pool_max=20)
    store.apply_schema()
    yield store
    store.close()


@pytest.fixture()
def store(session_store: PostgresDataStore) -> PostgresDataStore:
    """The shared store with every table emptied."""
    truncate_all(session_store)
    return session_store


@pytest.fixture()
def storage_root(tmp_path: Path) -> Path:
    """An empty folder for session files."""
    root = tmp_path / "sessions"
    root.mkdir()
    return root


@pytest.fixture(scope="session")
def whisper_local() -> Iterator[FasterWhisperTranscriber]:
    """Local Whisper (packaged tiny.en), its process loaded once for the whole run."""
    transcriber = FasterWhisperTranscriber()
    transcriber.warm_up(wait=True)
    if transcriber.unavailable is not None:
        pytest.fail(f"local Whisper must load in the tests: {transcriber.unavailable}")
    yield transcriber
    transcriber.close()
