"""Data-store benchmark: message append latency/throughput and history listing latency.

Run on purpose (not part of the test suite)::

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/db_bench.py

Creates a throw-away database on that server and drops it at the end.
Targets: append p99 <= 5 ms on loopback; list_sessions <= 20 ms with 10,000 sessions.
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from psycopg2.extras import execute_values

from _scratch_db import scratch_database
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import (
    Candidate,
    Message,
    MessageRole,
    Session,
    SessionStatus,
)

APPENDS = 2000
THREADS = 8
PER_THREAD = 1000
SESSIONS = 10_000
LIST_RUNS = 300


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {p50:6.3f} ms   p99 {p99:6.3f} ms   max {ordered[-1]:6.3f} ms"


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def bench_append(store: PostgresDataStore, session_id: str) -> None:
    for _ in range(100):  # warm the pool and the plan cache
        store.conversation.append_message(Message(session_id, MessageRole.CANDIDATE, "warm-up"))
    samples = timed(
        lambda: store.conversation.append_message(
            Message(session_id, MessageRole.CANDIDATE, "An answer of typical length. " * 8)
        ),
        APPENDS,
    )
    print(
        f"append_message, 1 thread, {APPENDS} msgs:   {percentiles(samples)}  (target p99 <= 5 ms)"
    )


def bench_throughput(store: PostgresDataStore, session_ids: list[str]) -> None:
    def worker(n: int) -> None:
        sid = session_ids[n % len(session_ids)]
        for i in range(PER_THREAD):
            store.conversation.append_message(Message(sid, MessageRole.CANDIDATE, f"t{n} m{i}"))

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(worker, range(THREADS)))
    elapsed = time.perf_counter() - start
    total = THREADS * PER_THREAD
    print(
        f"append_message, {THREADS} threads, {total} msgs: {total / elapsed:8.0f} msgs/s "
        f"({elapsed:.2f} s; pool in use afterwards: {store.pool_in_use})"
    )


def seed_sessions(store: PostgresDataStore) -> str:
    candidates = [Candidate(name=f"Candidate {i:03d}") for i in range(100)]
    for candidate in candidates:
        store.candidates.create_candidate(candidate)
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    statuses = [s.value for s in SessionStatus]
    rows = [
        (
            str(uuid.uuid4()),
            candidates[i % 100].id,
            statuses[i % len(statuses)],
            "offline",
            "rubric",
            ["text", "whiteboard"],
            "mid",
            45,
            t0 + timedelta(minutes=i),
        )
        for i in range(SESSIONS)
    ]
    with store.connection() as conn, conn.cursor() as cur:
        execute_values(
            cur,
            "INSERT INTO sessions (id, candidate_id, status, provider, model, modes, level, "
            "planned_minutes, created_at) VALUES %s",
            rows,
            page_size=1000,
        )
        cur.execute("ANALYZE sessions")
    return candidates[7].id


def bench_list(store: PostgresDataStore) -> None:
    candidate_id = seed_sessions(store)
    print(f"sessions in table: {store.sessions.count_sessions()}")
    completed = [SessionStatus.COMPLETED]
    cases: list[tuple[str, Callable[[], object]]] = [
        ("list_sessions newest 20", lambda: store.sessions.list_sessions(limit=20)),
        (
            "list_sessions page 50 (offset 1000)",
            lambda: store.sessions.list_sessions(limit=20, offset=1000),
        ),
        (
            "list_sessions candidate+completed",
            lambda: store.sessions.list_sessions(candidate_id=candidate_id, statuses=completed),
        ),
        ("count_sessions completed", lambda: store.sessions.count_sessions(statuses=completed)),
    ]
    for label, fn in cases:
        timed(fn, 20)  # warm-up
        print(f"{label:<38} {percentiles(timed(fn, LIST_RUNS))}  (target <= 20 ms)")


def main() -> int:
    with scratch_database() as url:
        store = PostgresDataStore(url, pool_min=2, pool_max=16)
        try:
            store.apply_schema()
            candidate = store.candidates.create_candidate(Candidate(name="Bench"))
            session_ids = [
                store.sessions.create_session(Session(candidate.id, "offline", "m")).id
                for _ in range(4)
            ]
            print(f"server: {store.display_url}  (python {sys.version.split()[0]})")
            bench_append(store, session_ids[0])
            bench_throughput(store, session_ids)
            bench_list(store)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
