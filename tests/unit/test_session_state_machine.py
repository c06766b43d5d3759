from __future__ import annotations

import itertools

import pytest

from interview_platform.exceptions import SessionStateError
from interview_platform.models import SessionStatus
from interview_platform.session.state_machine import (
    TRANSITIONS,
    SessionAction,
    next_status,
)

S, A = SessionStatus, SessionAction

LEGAL = {
    (S.CREATED, A.START): S.ACTIVE,
    (S.ACTIVE, A.PAUSE): S.PAUSED,
    (S.PAUSED, A.RESUME): S.ACTIVE,
    (S.ACTIVE, A.END): S.ENDING,
    (S.PAUSED, A.END): S.ENDING,
    (S.ENDING, A.COMPLETE): S.COMPLETED,
}


@pytest.mark.parametrize(("state", "action"), list(LEGAL))
def test_legal_transitions(state: SessionStatus, action: SessionAction) -> None:
    assert next_status(state, action) is LEGAL[(state, action)]


ILLEGAL = [pair for pair in itertools.product(S, A) if pair not in LEGAL]


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_every_illegal_transition_is_refused_clearly(
    state: SessionStatus, action: SessionAction
) -> None:
    with pytest.raises(SessionStateError) as info:
        next_status(state, action)
    assert str(info.value) == f"Cannot {action.value} a session that is {state.value}."


def test_transition_table_is_exactly_the_documented_one() -> None:
    assert TRANSITIONS == LEGAL


def test_pausing_a_completed_session_message() -> None:
    with pytest.raises(SessionStateError, match=r"^Cannot pause a session that is completed\.$"):
        next_status(S.COMPLETED, A.PAUSE)
