"""What the session lifecycle needs from persistence: five of the store's repositories."""

from __future__ import annotations

from typing import Protocol

from interview_platform.database.ports import (
    CandidateRepository,
    ConversationRepository,
    EvaluationRepository,
    MediaRepository,
    SessionRepository,
)


class SessionRecords(Protocol):
    """The repositories :class:`~.session_manager.SessionManager` reads and writes."""

    @property
    def candidates(self) -> CandidateRepository:
        """Who a new session is for, and their resume."""

    @property
    def sessions(self) -> SessionRepository:
        """The sessions."""

    @property
    def conversation(self) -> ConversationRepository:
        """The conversation, written to disk and counted when a session ends."""

    @property
    def media(self) -> MediaRepository:
        """The whiteboard and the media files of each session."""

    @property
    def evaluations(self) -> EvaluationRepository:
        """The stored evaluation of an ended session."""
