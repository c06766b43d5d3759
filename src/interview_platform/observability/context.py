"""The session id of the current request, carried by a context variable.

Inside ``with session_context(sid):`` every log record gets ``session_id`` (see
:class:`SessionContextFilter`). Threads started with
``contextvars.copy_context().run(...)`` inherit it; plain new threads do not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from interview_platform.exceptions import ValidationError

_SESSION_ID: ContextVar[str | None] = ContextVar("interview_platform_session_id", default=None)


def current_session_id() -> str | None:
    """Return the session id of the current context, or None outside a session."""
    return _SESSION_ID.get()


@contextmanager
def session_context(session_id: str) -> Iterator[str]:
    """Mark everything logged inside the block as belonging to ``session_id``.

    Contexts nest; leaving one restores the outer session id.

    Raises:
        ValidationError: ``session_id`` is empty or not a string.
    """
    if not isinstance(session_id, str) or not session_id.strip():
        raise ValidationError("session_context needs a non-empty session id.")
    token = _SESSION_ID.set(session_id)
    try:
        yield session_id
    finally:
        _SESSION_ID.reset(token)


class SessionContextFilter(logging.Filter):
    """Adds ``session_id`` to each record (an explicit ``extra`` value wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate the record; never drops it."""
        if getattr(record, "session_id", None) is None:
            record.session_id = _SESSION_ID.get()
        return True
