"""Schema application is idempotent, safe under concurrent starts, and versioned."""

from __future__ import annotations

import threading

import pytest

from interview_platform.database import migrate
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Candidate

pytestmark = pytest.mark.integration


def test_apply_schema_twice_keeps_data_and_version(store: PostgresDataStore) -> None:
    candidate = store.candidates.create_candidate(Candidate(name="Ada"))
    store.apply_schema()
    store.apply_schema()
    assert store.candidates.get_candidate(candidate.id) == candidate
    assert store.schema_version() == migrate.SCHEMA_VERSION


def test_concurrent_app_starts_apply_schema_without_error(database_url: str) -> None:
    stores = [PostgresDataStore(database_url, pool_min=1, pool_max=2) for _ in range(6)]
    errors: list[BaseException] = []

    def start(s: PostgresDataStore) -> None:
        try:
            s.apply_schema()
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert errors == []


def test_health_check_and_unreachable_server_message(store: PostgresDataStore) -> None:
    assert store.health_check() is True
    dead = PostgresDataStore(
        "postgresql://postgres:s3cret-pw@127.0.0.1:1/nowhere",
        connect_timeout_s=1,
        retry_base_delay_s=0.01,
    )
    assert dead.health_check() is False
    try:
        dead.sessions.count_sessions()
    except Exception as exc:
        text = f"{exc!r} {exc}"
        assert "s3cret-pw" not in text
        assert "PostgreSQL" in text
    else:  # pragma: no cover - would mean port 1 answered
        raise AssertionError("expected a failure")
    assert "s3cret-pw" not in repr(dead)
    assert dead.pool_in_use == 0
    dead.close()


def test_store_from_settings_is_lazy_and_reconnects_after_close(database_url: str) -> None:
    from pydantic import SecretStr

    from interview_platform.config import DatabaseSettings

    # Building a store for an unreachable server does not connect (or fail) yet.
    PostgresDataStore.from_settings(
        DatabaseSettings(url=SecretStr("postgresql://nobody@127.0.0.1:1/none"))
    )
    store = PostgresDataStore.from_settings(
        DatabaseSettings(url=SecretStr(database_url), pool_min=1, pool_max=3)
    )
    assert store.schema_version() == migrate.SCHEMA_VERSION
    store.close()
    assert store.health_check()  # a call after close opens a new pool
    store.close()
