"""A database outage loses nothing: usage of paid calls, replies already read, answers sent.

The interviewer's store talks to PostgreSQL through :class:`testkit.db_proxy.DbProxy`,
which the tests cut (every connection dropped, new ones refused) and restore; what was
stored is read back directly, around the proxy. Provider calls go through the real
OpenAI SDK to the local stub.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal

import pytest
from testkit.db_proxy import DbProxy
from testkit.stubs.interview_setup import Rig, build_rig
from testkit.stubs.openai_stub import OpenAIStub

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import TransientDataStoreError
from interview_platform.interviewer.turn_notices import NOT_SAVED_YET
from interview_platform.models import Message, MessageRole, Operation, new_id

pytestmark = pytest.mark.integration

REPLY = "Good start. Where would you put the cache, and what would it hold?"
PRICES = {"gpt-4o": ("2.50", "10.00")}


@pytest.fixture()
def proxy(database_url: str) -> Iterator[DbProxy]:
    """A proxy in front of the test database, restored and closed after the test."""
    with DbProxy.around(database_url) as running:
        yield running


@pytest.fixture()
def rig(store: PostgresDataStore, proxy: DbProxy) -> Iterator[Rig]:
    """The interviewer on a store that reaches PostgreSQL only through ``proxy``."""
    proxied = PostgresDataStore(proxy.url, pool_min=1, pool_max=5, retry_base_delay_s=0.01)
    # A generous SDK timeout: on a busy machine the first call must not fall back offline.
    yield build_rig(proxied, timeout_s=30.0, prices=PRICES)
    proxied.close()


def _messages(store: PostgresDataStore, session_id: str) -> list[tuple[MessageRole, str]]:
    return [(m.role, m.content) for m in store.conversation.get_messages(session_id)]


def test_usage_written_during_an_outage_is_stored_after_recovery(
    rig: Rig, proxy: DbProxy, store: PostgresDataStore
) -> None:
    session = rig.new_session("openai", "gpt-4o")
    proxy.cut()
    recorded = rig.tracker.record(
        session_id=session.id,
        provider="openai",
        model="gpt-4o",
        operation=Operation.RESPONSE_ANALYSIS,
        input_tokens=1200,
        output_tokens=300,
    )
    assert rig.tracker.unsaved == 1
    assert store.usage.get_token_summary(session.id).calls == 0
    proxy.restore()
    # The next successful usage write flushes the kept row first.
    rig.tracker.record(
        session_id=session.id,
        provider="openai",
        model="gpt-4o",
        operation=Operation.QUESTION_GENERATION,
        input_tokens=10,
        output_tokens=5,
    )
    summary = store.usage.get_token_summary(session.id)
    assert (summary.calls, summary.input_tokens, summary.output_tokens) == (2, 1210, 305)
    assert recorded.cost_usd == Decimal("0.006000")
    assert rig.tracker.unsaved == 0


def test_a_reply_streamed_while_the_database_goes_away_is_kept_then_stored(
    rig: Rig, proxy: DbProxy, store: PostgresDataStore
) -> None:
    session = rig.new_session("openai", "gpt-4o")
    with OpenAIStub() as stub:
        stub.enqueue_text(REPLY, chunk_delay_s=0.05)
        stream = rig.interviewer.reply(
            session.id,
            "A load balancer in front of stateless web servers.",
            creds=rig.creds(stub, "openai"),
        )
        first = next(stream)
        proxy.cut()  # the candidate is reading the reply as it arrives
        text = first + "".join(stream)
    assert text == REPLY, stream.notices
    assert stream.engine == "openai", stream.notices  # the provider is not blamed
    assert stream.notices == [NOT_SAVED_YET]
    assert [m.content for m in rig.interviewer.unsaved(session.id)] == [REPLY]
    assert store.usage.get_token_summary(session.id).calls == 0
    proxy.restore()

    # The session's next turn stores what the outage left, in order, before its answer.
    follow_up = rig.interviewer.reply(session.id, "Redis, holding the hot short links.")
    follow_up.text()
    roles = [role for role, _ in _messages(store, session.id)]
    assert roles == [MessageRole.CANDIDATE, MessageRole.INTERVIEWER] * 2
    assert _messages(store, session.id)[1] == (MessageRole.INTERVIEWER, REPLY)
    usage = store.usage.get_token_usage_by_operation(session.id)
    assert usage[Operation.RESPONSE_ANALYSIS].calls == 1
    assert usage[Operation.RESPONSE_ANALYSIS].output_tokens == stub.usages[0].output_tokens
    assert rig.interviewer.unsaved(session.id) == []


def test_save_unsaved_stores_a_kept_reply_once(
    rig: Rig, proxy: DbProxy, store: PostgresDataStore
) -> None:
    session = rig.new_session()
    stream = rig.interviewer.reply(session.id, "Shard by user id.")
    first = next(stream)
    proxy.cut()
    rest = "".join(stream)
    assert NOT_SAVED_YET in stream.notices
    assert rig.interviewer.save_unsaved(session.id) == 0  # still down: kept, nothing raised
    proxy.restore()
    assert rig.interviewer.save_unsaved(session.id) == 1
    assert rig.interviewer.save_unsaved(session.id) == 0
    assert _messages(store, session.id)[-1] == (MessageRole.INTERVIEWER, first + rest)
    assert len(_messages(store, session.id)) == 2


def test_an_answer_sent_again_after_an_outage_is_stored_once(
    rig: Rig, proxy: DbProxy, store: PostgresDataStore
) -> None:
    session = rig.new_session()
    answer_id = new_id()
    proxy.cut()
    with pytest.raises(TransientDataStoreError):
        rig.interviewer.reply(session.id, "Cache the redirects.", message_id=answer_id)
    proxy.restore()
    # An earlier attempt may have been committed although its answer never came back.
    store.conversation.append_message(
        Message(session.id, MessageRole.CANDIDATE, "Cache the redirects.", id=answer_id)
    )
    reply = rig.interviewer.reply(session.id, "Cache the redirects.", message_id=answer_id)
    assert reply.text()
    assert [role for role, _ in _messages(store, session.id)] == [
        MessageRole.CANDIDATE,
        MessageRole.INTERVIEWER,
    ]


def test_the_health_check_tells_the_truth_each_time(rig: Rig, proxy: DbProxy) -> None:
    assert rig.store.health_check()
    proxy.cut()
    assert not rig.store.health_check()
    proxy.restore()
    assert rig.store.health_check()  # at once, although the pooled sockets are dead


def test_the_health_check_answers_when_the_server_stops_answering(rig: Rig, proxy: DbProxy) -> None:
    rig.store.conversation.count_messages(new_id())  # a pooled connection, now idle
    proxy.stall()  # the network is cut: nothing is refused, nothing answers
    answers: list[bool] = []
    check = threading.Thread(target=lambda: answers.append(rig.store.health_check()))
    check.start()
    check.join(60)  # a bound for the suite, not a measurement: the check ends in seconds
    stuck = check.is_alive()
    proxy.cut()  # lets a stuck check go, so the test can end either way
    check.join()
    assert not stuck, "the health check waited on a server that never answers"
    assert answers == [False]
