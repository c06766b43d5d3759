"""User actions, recorded in the logs and the audit table with the session id."""

from __future__ import annotations

from typing import Any

from interview_platform.observability.context import session_context
from interview_platform.observability.logging_manager import audit, get_logger

# Audit rows name the component that logged them; user actions have always been the
# UI's, and a query over the audit table by component must keep finding them.
USER_ACTIONS_COMPONENT = "interview_platform.ui"


def user_action(action: str, message: str, session_id: str | None = None, **details: Any) -> None:
    """Record a user action in the logs and the audit table (with the session id).

    Args:
        action: Short machine-readable name, e.g. ``session.start``.
        message: What happened, for people.
        session_id: The interview it belongs to, if any.
        **details: JSON-compatible facts stored with the row.
    """
    logger = get_logger(USER_ACTIONS_COMPONENT)
    if session_id is None:
        audit(logger, action, message, **details)
        return
    with session_context(session_id):
        audit(logger, action, message, **details)
