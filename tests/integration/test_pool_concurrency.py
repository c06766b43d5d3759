"""The shared pool under 16 concurrent threads: no error, no leaked connection."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Candidate, Message, MessageRole, Session

pytestmark = pytest.mark.integration

THREADS = 16
OPS = 100


def _worker(store: PostgresDataStore, session_id: str, worker: int) -> list[str]:
    sent = []
    for i in range(OPS):
        if i % 4 == 3:
            store.conversation.get_messages(session_id, limit=5)
            store.sessions.count_sessions()
        else:
            message = Message(session_id, MessageRole.CANDIDATE, f"w{worker}-{i}")
            sent.append(store.conversation.append_message(message).id)
    return sent


def test_sixteen_threads_share_the_pool_without_errors_or_leaks(store: PostgresDataStore) -> None:
    candidate = store.candidates.create_candidate(Candidate(name="Load"))
    session = store.sessions.create_session(Session(candidate.id, "offline", "m"))
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(_worker, store, session.id, w) for w in range(THREADS)]
        sent = [mid for f in futures for mid in f.result()]

    stored = store.conversation.get_messages(session.id)
    assert sorted(m.id for m in stored) == sorted(sent)
    assert len(stored) == THREADS * OPS * 3 // 4
    assert store.pool_in_use == 0


def test_more_threads_than_connections_wait_instead_of_failing(database_url: str) -> None:
    small = PostgresDataStore(database_url, pool_min=1, pool_max=2)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda _: small.sessions.count_sessions(), range(200)))
        assert len(results) == 200
        assert small.pool_in_use == 0
    finally:
        small.close()


def test_failed_transaction_rolls_back_and_returns_the_connection(
    store: PostgresDataStore,
) -> None:
    candidate = Candidate(name="Rolled back")
    with pytest.raises(RuntimeError):
        with store.connection() as conn, conn.cursor() as cur:
            cur.execute(
                "INSERT INTO candidates (id, name, email) VALUES (%s, %s, '')",
                (candidate.id, candidate.name),
            )
            raise RuntimeError("application error inside the transaction")
    assert store.candidates.get_candidate(candidate.id) is None
    assert store.pool_in_use == 0
