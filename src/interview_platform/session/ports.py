"""What the session lifecycle needs from persistence: five of the store's repositories."""

from __future__ import annotations

from typing import Protocol

from interview_platform.database.ports import (
    HasCandidates,
    HasConversation,
    HasEvaluations,
    HasMedia,
    HasSessions,
)


class SessionRecords(
    HasCandidates, HasSessions, HasConversation, HasMedia, HasEvaluations, Protocol
):
    """The repositories :class:`~.session_manager.SessionManager` reads and writes."""
