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

_INPUT_REFUSALS = {
    SessionStatus.CREATED: "This interview has not started yet; start it first.",
    SessionStatus.PAUSED: "This interview is paused; resume it to continue.",
    SessionStatus.ENDING: "This interview has ended; no more input is accepted.",
    SessionStatus.COMPLETED: "This interview has ended; no more input is accepted.",
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


def check_accepting_input(status: SessionStatus) -> None:
    """Raise unless a session in ``status`` accepts candidate input (only ACTIVE does).

    Raises:
        SessionStateError: With the reason input is refused.
    """
    if status is not SessionStatus.ACTIVE:
        raise SessionStateError(_INPUT_REFUSALS[status])


def is_ended(status: SessionStatus) -> bool:
    """Return True once the end of a session has begun."""
    return status in (SessionStatus.ENDING, SessionStatus.COMPLETED)
