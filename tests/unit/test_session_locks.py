"""Per-session locks: one holder per session, re-entry by its thread, release from any."""

from __future__ import annotations

import threading

import pytest

from interview_platform.exceptions import SessionStateError
from interview_platform.interviewer.session_locks import SessionLocks


def _try_from_another_thread(locks: SessionLocks, session_id: str) -> bool:
    got: list[bool] = []
    thread = threading.Thread(target=lambda: got.append(locks.acquire(session_id, 0.01)))
    thread.start()
    thread.join()
    if got[0]:
        locks.release(session_id)
    return got[0]


def test_another_thread_waits_while_the_session_is_held() -> None:
    locks = SessionLocks()
    assert locks.acquire("s1")
    assert not _try_from_another_thread(locks, "s1")
    assert _try_from_another_thread(locks, "s2"), "other sessions are not blocked"
    locks.release("s1")
    assert _try_from_another_thread(locks, "s1")
    assert len(locks) == 0, "no entry is kept once nobody holds or waits"


def test_the_holding_thread_may_take_it_again_and_any_thread_may_give_it_back() -> None:
    locks = SessionLocks()
    assert locks.acquire("s") and locks.acquire("s")
    releaser = threading.Thread(target=lambda: locks.release("s"))
    releaser.start()
    releaser.join()
    assert not _try_from_another_thread(locks, "s"), "still held once"
    locks.release("s")
    assert _try_from_another_thread(locks, "s")


def test_held_says_why_when_the_session_stays_busy() -> None:
    locks = SessionLocks()
    locks.acquire("s")
    errors: list[Exception] = []

    def wait() -> None:
        try:
            with locks.held("s", timeout_s=0.01, busy="busy elsewhere"):
                pass
        except SessionStateError as exc:
            errors.append(exc)

    thread = threading.Thread(target=wait)
    thread.start()
    thread.join()
    assert [str(e) for e in errors] == ["busy elsewhere"]
    with pytest.raises(KeyError):
        locks.release("never-taken")
