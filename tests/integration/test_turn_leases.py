"""Turns of one interview never interleave across app processes (the lease in PostgreSQL).

"Two processes" are two interviewers over two stores (two connection pools) on the same
database: they share no in-process lock, so only the lease keeps their turns apart.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator

import pytest
from testkit.stubs import OpenAIStub
from testkit.stubs.interview_setup import Rig, build_rig
from testkit.stubs.openai_stub import prompt_text

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.interviewer.turn_gate import TurnGate
from interview_platform.models import MessageRole

pytestmark = pytest.mark.integration


@pytest.fixture()
def other_process(store: PostgresDataStore, database_url: str) -> Iterator[Rig]:
    """A second interviewer with its own pool on the same database (another app process)."""
    second = PostgresDataStore(database_url, pool_min=1, pool_max=5)
    yield build_rig(second, timeout_s=5.0)
    second.close()


def _at_once(calls: list[Callable[[], object]]) -> list[BaseException]:
    """Run the calls on their own threads, released together; return their errors."""
    start = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        start.wait()
        try:
            call()
        except BaseException as exc:  # every failure is reported to the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return errors


def test_a_lease_is_exclusive_until_given_back_or_lapsed(store: PostgresDataStore) -> None:
    leases = store.turn_leases
    s1, s2 = str(uuid.uuid4()), str(uuid.uuid4())  # the table is not emptied between tests
    assert leases.take(s1, "process-a", 30)
    assert not leases.take(s1, "process-b", 30), "a live lease of another holder"
    assert leases.take(s1, "process-a", 30), "its holder takes it again (a retry)"
    assert leases.holder(s1) == "process-a"
    leases.give_back(s1, "process-b")  # not b's: nothing happens
    assert leases.holder(s1) == "process-a"
    leases.give_back(s1, "process-a")
    assert leases.holder(s1) is None
    assert leases.take(s1, "process-b", -1)  # taken, and already lapsed: a crashed holder
    assert leases.holder(s1) is None
    assert leases.take(s1, "process-c", 30), "a lapsed lease is taken over"
    assert leases.renew([s1, s2], "process-b", 30) == 0, "b lost it: nothing renewed"
    assert leases.renew([s1, s2], "process-c", 30) == 1


def test_a_gate_waits_for_another_process_and_renews_its_own(store: PostgresDataStore) -> None:
    mine = TurnGate(store.turn_leases, ttl_s=0.6, poll_s=0.05)
    s1 = str(uuid.uuid4())
    assert store.turn_leases.take(s1, "another-process", 30)
    assert not mine.acquire(s1, timeout_s=0.3), "the other process's turn is live"
    store.turn_leases.give_back(s1, "another-process")
    assert mine.acquire(s1, timeout_s=5)
    assert mine.acquire(s1, timeout_s=0), "the same thread again (re-entry)"
    mine.release(s1)
    # Held across several lifetimes: the keeper renews it, so another process waits.
    assert not TurnGate(store.turn_leases, poll_s=0.05).acquire(s1, timeout_s=1.5)
    assert store.turn_leases.holder(s1) == mine.holder
    mine.release(s1)
    assert store.turn_leases.holder(s1) is None, "given back after the last release"


def test_a_crashed_process_lease_lapses_and_the_interview_goes_on(
    rig: Rig, other_process: Rig
) -> None:
    session = rig.new_session()
    rig.interviewer.open(session.id).text()
    # Process A died in the middle of a turn: its lease stays until it lapses.
    assert rig.store.turn_leases.take(session.id, "dead-process", 1.0)
    reply = other_process.interviewer.reply(session.id, "Sharded writes behind a queue.")
    assert reply.text()
    roles = [m.role for m in rig.store.conversation.get_messages(session.id)]
    assert roles == [MessageRole.INTERVIEWER, MessageRole.CANDIDATE, MessageRole.INTERVIEWER]
    assert rig.store.turn_leases.holder(session.id) is None


def test_two_processes_open_one_interview_once(rig: Rig, other_process: Rig) -> None:
    session = rig.new_session()
    for _ in range(5):
        errors = _at_once(
            [
                lambda: rig.interviewer.open(session.id).text(),
                lambda: other_process.interviewer.open(session.id).text(),
            ]
        )
        assert errors == []
    messages = rig.store.conversation.get_messages(session.id)
    assert [m.role for m in messages] == [MessageRole.INTERVIEWER]


def test_two_processes_answering_one_session_never_interleave(rig: Rig, other_process: Rig) -> None:
    session = rig.new_session("openai", "gpt-4o")
    with OpenAIStub(chunk_delay_s=0.002) as stub:
        creds = rig.creds(stub, "openai")

        def tab(process: Rig, name: str) -> None:
            for i in range(8):
                process.interviewer.reply(session.id, f"[{name}-{i}] my answer", creds=creds).text()

        errors = _at_once([lambda: tab(rig, "A"), lambda: tab(other_process, "B")])
        requests = stub.completion_requests()

    assert errors == []
    messages = rig.store.conversation.get_messages(session.id)
    assert [m.role for m in messages] == [MessageRole.CANDIDATE, MessageRole.INTERVIEWER] * 16
    answers = [m.content.split("]")[0] + "]" for m in messages[::2]]
    assert len(set(answers)) == 16 and len(requests) == 16
    for j, request in enumerate(requests):  # reply j was asked for answer j, not a later one
        prompt = prompt_text(request.body)
        assert answers[j] in prompt
        assert not any(later in prompt for later in answers[j + 1 :])
