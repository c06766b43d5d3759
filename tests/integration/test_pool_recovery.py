"""Connections killed under the store's feet: it reconnects and loses nothing acknowledged."""

from __future__ import annotations

import threading

import psycopg2
import pytest

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import TransientDataStoreError
from interview_platform.models import Candidate, Message, MessageRole, Session

pytestmark = pytest.mark.integration


def _kill_store_connections(database_url: str) -> int:
    admin = psycopg2.connect(database_url)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND application_name = 'interview_platform'"
            )
            row = cur.fetchone()
            return int(row[0]) if row else 0
    finally:
        admin.close()


def _session(store: PostgresDataStore) -> Session:
    candidate = store.candidates.create_candidate(Candidate(name="Resilient"))
    return store.sessions.create_session(Session(candidate.id, "offline", "m"))


def test_next_operations_succeed_after_connections_are_terminated(
    store: PostgresDataStore, database_url: str
) -> None:
    session = _session(store)
    acked = [
        store.conversation.append_message(Message(session.id, MessageRole.CANDIDATE, f"before {i}"))
        for i in range(5)
    ]
    # Warm several pooled connections so more than one dead socket sits idle.
    with store.connection(), store.connection(), store.connection():
        pass
    assert _kill_store_connections(database_url) >= 1

    acked.append(
        store.conversation.append_message(Message(session.id, MessageRole.CANDIDATE, "after"))
    )
    assert [m.id for m in store.conversation.get_messages(session.id)] == [m.id for m in acked]
    assert store.health_check()
    assert store.pool_in_use == 0


def test_writers_survive_repeated_kills_mid_run(
    store: PostgresDataStore, database_url: str
) -> None:
    session = _session(store)
    acked: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(worker: int) -> None:
        for i in range(60):
            try:
                message = store.conversation.append_message(
                    Message(session.id, MessageRole.CANDIDATE, f"{worker}:{i}")
                )
            except BaseException as exc:  # recorded and asserted on below
                failures.append(exc)
                continue
            with lock:
                acked.append(message.id)

    def killer() -> None:
        while not stop.wait(0.05):
            _kill_store_connections(database_url)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    chaos = threading.Thread(target=killer)
    chaos.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    chaos.join()

    stored = {m.id for m in store.conversation.get_messages(session.id)}
    assert set(acked) <= stored, "an acknowledged message was lost"
    # Retries hide the kills: at most a handful of writes may exhaust their 3 attempts.
    # A write hit by three kills in a row may give up, with the transient error type.
    assert all(isinstance(exc, TransientDataStoreError) for exc in failures), failures[:3]
    assert len(failures) < 24
    after = store.conversation.append_message(
        Message(session.id, MessageRole.SYSTEM, "after the storm")
    )
    assert store.conversation.get_messages(session.id, limit=1) == [after]
    assert store.pool_in_use == 0
