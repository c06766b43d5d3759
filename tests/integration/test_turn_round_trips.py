"""How many database round trips one typed interviewer turn costs (the LLM path).

Every statement psycopg2 sends is one round trip, and so are the ``BEGIN`` it sends
before the first statement of a transaction and the ``COMMIT``/``ROLLBACK`` that
ends one. The store here runs on connections that record each of them; the turn
is a real :class:`AIInterviewer` reply streamed from the OpenAI wire-protocol stub.
Audit rows are not part of it: the audit sink batches them on its own thread (and
the rig has no sink).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from psycopg2.extensions import TRANSACTION_STATUS_IDLE
from psycopg2.extensions import connection as PgConnection
from psycopg2.extensions import cursor as PgCursor
from psycopg2.pool import ThreadedConnectionPool
from testkit.stubs import OpenAIStub
from testkit.stubs.interview_setup import build_rig

from interview_platform.database import pool as pool_module
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Candidate, MessageRole, Operation, ResumeData

pytestmark = pytest.mark.integration

# 6 for the turn itself, 2 for the turn lease that keeps app processes from interleaving
# turns (take and give back; see interviewer/turn_gate.py), and 1 to spare.
MAX_ROUND_TRIPS = 9


class RoundTrips:
    """What the counting connections sent, in order (shared by every connection)."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self._lock = threading.Lock()

    def add(self, what: str) -> None:
        with self._lock:
            self.sent.append(" ".join(what.split())[:80])


def _counting_cursor(base: type[PgCursor], trips: RoundTrips) -> type[PgCursor]:
    class CountingCursor(base):  # type: ignore[misc, valid-type]
        def execute(self, query: Any, vars: Any = None) -> Any:
            conn = self.connection
            if not conn.autocommit and conn.info.transaction_status == TRANSACTION_STATUS_IDLE:
                trips.add("BEGIN")  # psycopg2 opens the transaction with its own query
            trips.add(query.decode() if isinstance(query, bytes) else str(query))
            return super().execute(query, vars)

    return CountingCursor


def _counting_connection(trips: RoundTrips) -> type[PgConnection]:
    class CountingConnection(PgConnection):
        def cursor(self, *args: Any, **kwargs: Any) -> Any:
            base = kwargs.pop("cursor_factory", None) or self.cursor_factory or PgCursor
            return super().cursor(*args, cursor_factory=_counting_cursor(base, trips), **kwargs)

        def _ends_transaction(self) -> bool:
            return not self.autocommit and self.info.transaction_status != TRANSACTION_STATUS_IDLE

        def commit(self) -> None:
            if self._ends_transaction():
                trips.add("COMMIT")
            super().commit()

        def rollback(self) -> None:
            if self._ends_transaction():
                trips.add("ROLLBACK")
            super().rollback()

    return CountingConnection


@pytest.fixture()
def counted(
    store: PostgresDataStore, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[PostgresDataStore, RoundTrips]]:
    """A store (on the emptied test database) whose connections record their round trips."""
    trips = RoundTrips()
    factory = _counting_connection(trips)

    def counting_pool(minconn: int, maxconn: int, *args: Any, **kwargs: Any) -> Any:
        return ThreadedConnectionPool(minconn, maxconn, *args, connection_factory=factory, **kwargs)

    monkeypatch.setattr(pool_module, "ThreadedConnectionPool", counting_pool)
    counting = PostgresDataStore(database_url, pool_min=1, pool_max=4)
    yield counting, trips
    counting.close()


def test_a_typed_llm_turn_makes_at_most_seven_round_trips(
    counted: tuple[PostgresDataStore, RoundTrips],
) -> None:
    store, trips = counted
    rig = build_rig(store, timeout_s=5.0)
    candidate = store.candidates.create_candidate(Candidate(name="Ada"))
    resume = store.candidates.save_resume(
        candidate.id, "cv.pdf", ResumeData(raw_text="Ten years of Go.", skills=["go"])
    )
    session = rig.new_session("openai", "gpt-4o", candidate_id=candidate.id, resume_id=resume.id)
    store.media.save_whiteboard_state(session.id, {"objects": [{"type": "rect"}]})
    with OpenAIStub() as stub:
        creds = rig.creds(stub, "openai")
        stub.enqueue_text("Welcome! Who are the users?")
        stub.enqueue_text("How many messages per second at peak?")
        rig.interviewer.open(session.id, creds=creds).text()  # warms the pool
        trips.sent.clear()

        reply = rig.interviewer.reply(session.id, "Mostly mobile users.", creds=creds)
        text = reply.text()
        sent = list(trips.sent)

    assert text == "How many messages per second at peak?" and reply.engine == "openai"
    roles = [m.role for m in store.conversation.get_messages(session.id)]
    assert roles[-2:] == [MessageRole.CANDIDATE, MessageRole.INTERVIEWER]
    assert Operation.RESPONSE_ANALYSIS in store.usage.get_token_usage_by_operation(session.id)
    assert sum(s.startswith("INSERT INTO messages") for s in sent) == 2, sent
    assert len(sent) <= MAX_ROUND_TRIPS, "\n".join(sent)
