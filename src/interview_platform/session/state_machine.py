"""The session state machine: which actions are allowed in which state.

::

    CREATED --start--> ACTIVE --pause--> PAUSED --resume--> ACTIVE
    ACTIVE | PAUSED --end--> ENDING --complete--> COMPLETED

Anything else raises :class:`~interview_platform.exceptions.SessionStateError`
with a message a person understands.
"""

from __future__ import annotations

from enum import StrEnum

from interview_platform.exceptions import SessionStateError
from interview_platform.models import SessionStatus


class SessionAction(StrEnum):
    """Actions that move a session between states."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    END = "end"
    COMPLETE = "complete"


TRANSITIONS: dict[tuple[SessionStatus, SessionAction], SessionStatus] = {
    (SessionStatus.CREATED, SessionAction.START): SessionStatus.ACTIVE,
    (SessionStatus.ACTIVE, SessionAction.PAUSE): SessionStatus.PAUSED,
    (SessionStatus.PAUSED, SessionAction.RESUME): SessionStatus.ACTIVE,
    (SessionStatus.ACTIVE, SessionAction.END): SessionStatus.ENDING,
    (SessionStatus.PAUSED, SessionAction.END): SessionStatus.ENDING,
    (SessionStatus.ENDING, SessionAction.COMPLETE): SessionStatus.COMPLETED,
}


def next_status(current: SessionStatus, action: SessionAction) -> SessionStatus:
    """Return the state after ``action``.

    Raises:
        SessionStateError: The action is not allowed in ``current``.
    """
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise SessionStateError(
            f"Cannot {action.value} a session that is {current.value}."
        ) from None


def is_ended(status: SessionStatus) -> bool:
    """Return True once the end of a session has begun."""
    return status in (SessionStatus.ENDING, SessionStatus.COMPLETED)
