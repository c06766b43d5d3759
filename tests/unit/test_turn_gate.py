"""TurnGate with a fake lease table: the database failing never leaves a turn held."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest

from interview_platform.exceptions import TransientDataStoreError
from interview_platform.interviewer.turn_gate import TurnGate


class FakeLeases:
    """An in-memory lease table that can be told to fail."""

    def __init__(self) -> None:
        self.held: dict[str, str] = {}
        self.fail_take = False
        self.fail_give_back = False
        self.renewed: list[list[str]] = []

    def take(self, session_id: str, holder: str, ttl_s: float) -> bool:
        if self.fail_take:
            raise TransientDataStoreError("database unreachable")
        if self.held.get(session_id, holder) != holder:
            return False
        self.held[session_id] = holder
        return True

    def renew(self, session_ids: Sequence[str], holder: str, ttl_s: float) -> int:
        self.renewed.append(list(session_ids))
        return sum(self.held.get(s) == holder for s in session_ids)

    def give_back(self, session_id: str, holder: str) -> None:
        if self.fail_give_back:
            raise TransientDataStoreError("database unreachable")
        if self.held.get(session_id) == holder:
            del self.held[session_id]

    def holder(self, session_id: str) -> str | None:
        return self.held.get(session_id)


def _from_another_thread(gate: TurnGate, session_id: str) -> bool:
    got: list[bool] = []
    thread = threading.Thread(target=lambda: got.append(gate.acquire(session_id, 0.2)))
    thread.start()
    thread.join(10)
    return got[0]


def test_a_failed_take_holds_nothing() -> None:
    leases = FakeLeases()
    gate = TurnGate(leases, poll_s=0.01)
    leases.fail_take = True
    with pytest.raises(TransientDataStoreError):
        gate.acquire("s", 1)
    leases.fail_take = False
    assert _from_another_thread(gate, "s"), "the in-process lock was given back"


def test_a_failed_give_back_still_frees_the_process_and_leaves_the_lease_to_lapse() -> None:
    leases = FakeLeases()
    gate = TurnGate(leases, poll_s=0.01)
    assert gate.acquire("s", 1)
    leases.fail_give_back = True
    gate.release("s")  # logged, not raised: the turn itself is over
    assert leases.holder("s") == gate.holder, "left to lapse in the database"
    assert _from_another_thread(gate, "s"), "this process's threads are not blocked"


def test_another_holder_blocks_until_it_gives_back() -> None:
    leases = FakeLeases()
    gate = TurnGate(leases, poll_s=0.01)
    leases.held["s"] = "another-process"
    assert not gate.acquire("s", 0.1)
    assert _from_another_thread(gate, "s") is False
    del leases.held["s"]
    assert gate.acquire("s", 1)
    assert leases.holder("s") == gate.holder
    gate.release("s")
    assert leases.holder("s") is None


def test_re_entry_keeps_the_lease_until_the_last_release() -> None:
    leases = FakeLeases()
    gate = TurnGate(leases, poll_s=0.01)
    assert gate.acquire("s", 1) and gate.acquire("s", 0)
    gate.release("s")
    assert leases.holder("s") == gate.holder
    gate.release("s")
    assert leases.holder("s") is None


def test_the_keeper_renews_what_is_held_and_stops_when_nothing_is() -> None:
    leases = FakeLeases()
    gate = TurnGate(leases, ttl_s=0.06, poll_s=0.01)
    assert gate.acquire("s", 1)
    done = threading.Event()
    threading.Thread(target=lambda: (done.wait(5), gate.release("s"))).start()
    while not leases.renewed:
        threading.Event().wait(0.01)
    done.set()
    assert leases.renewed[0] == ["s"]
    keeper = gate._keeper  # the thread must end once nothing is held (None: it has)
    if keeper is not None:
        keeper.join(5)
        assert not keeper.is_alive()
