"""Turns of an interview: the opening, an answer, a look at the whiteboard or the screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interview_platform.application.access import Access
from interview_platform.application.actions import user_action
from interview_platform.application.credentials import TypedKey
from interview_platform.communication.whiteboard_handler import WhiteboardHandler
from interview_platform.database.ports import MediaRepository
from interview_platform.interviewer.ai_interviewer import AIInterviewer
from interview_platform.interviewer.reply_stream import ReplyStream
from interview_platform.llm.providers import ProviderFactory
from interview_platform.models import (
    CommunicationMode,
    MediaFile,
    MediaKind,
    Message,
    MessageMetadata,
    Session,
)
from interview_platform.session.session_manager import SessionManager
from interview_platform.session.setup_checks import check_plain_text
from interview_platform.storage.file_storage import FileStorage


@dataclass(frozen=True)
class ScreenReview:
    """A screen review that can be asked for: the session has a capture to look at."""

    session: Session
    capture: MediaFile
    _turns: InterviewTurns

    def ask(self, typed: TypedKey | None) -> str:
        """Send the capture to the interviewer and return its whole follow-up.

        Raises:
            InterviewPlatformError: The capture could not be read, or the model failed.
        """
        return self._turns.look_at(self.session, self.capture, typed)


class InterviewTurns:
    """What the candidate does during an interview, one method per action.

    Args:
        interviewer: Produces the interviewer's turns.
        sessions: The session lifecycle (to read the session a turn belongs to).
        providers: Knows which models can see images.
        whiteboard: The saved drawing.
        media: The screen captures of a session.
        storage: The captures' files.
    """

    def __init__(
        self,
        interviewer: AIInterviewer,
        sessions: SessionManager,
        providers: ProviderFactory,
        whiteboard: WhiteboardHandler,
        *,
        media: MediaRepository,
        storage: FileStorage,
        access: Access,
    ) -> None:
        self._access = access
        self._interviewer = interviewer
        self._sessions = sessions
        self._providers = providers
        self._whiteboard = whiteboard
        self._media = media
        self._storage = storage

    def open(self, session: Session, typed: TypedKey | None) -> ReplyStream:
        """Stream the interviewer's opening turn (nothing new once the interview has begun).

        Raises:
            SessionStateError: The interview is not active.
            NotFoundError: Another account's interview.
        """
        self._access.session(session.id)
        return self._interviewer.open(session.id, creds=self._access.credentials(session, typed))

    def answer(
        self,
        session: Session,
        text: str,
        typed: TypedKey | None,
        *,
        mode: CommunicationMode = CommunicationMode.TEXT,
        metadata: MessageMetadata | None = None,
        message_id: str | None = None,
    ) -> ReplyStream:
        """Store the candidate's answer, then stream the interviewer's reply.

        ``message_id`` (chosen by the sender) makes sending again after a failure safe:
        the answer is stored once.

        Raises:
            ValidationError: Empty or overlong answer, or a control character in it.
            SessionStateError: The interview is not active.
            TransientDataStoreError: The database is unreachable; nothing was stored.
        """
        self._access.session(session.id)
        check_plain_text(text, "Your answer")
        return self._interviewer.reply(
            session.id,
            text,
            mode=mode,
            metadata=metadata,
            creds=self._access.credentials(session, typed),
            message_id=message_id,
        )

    def unsaved(self, session_id: str) -> list[Message]:
        """Replies already shown that wait for the database to come back, oldest first."""
        self._access.session(session_id)
        return self._interviewer.unsaved(session_id)

    def save_unsaved(self, session_id: str) -> int:
        """Store what a database outage left in memory; return how many replies were stored.

        Quiet while the database is still unreachable (everything stays for later).
        """
        self._access.session(session_id)
        return self._interviewer.save_unsaved(session_id)

    def review_whiteboard(
        self,
        session_id: str,
        png: bytes | None,
        drawing: dict[str, Any] | None,
        typed: TypedKey | None,
    ) -> str:
        """Ask the interviewer to look at the diagram; return its whole follow-up.

        Args:
            session_id: The interview.
            png: The board as the browser last drew it, if any.
            drawing: The drawing the browser last saved; None reads the stored one.
            typed: The key this browser typed, if any.

        Raises:
            InterviewPlatformError: Not active, or the model failed.
        """
        self._access.session(session_id)
        user_action("whiteboard.review", "candidate asked for a diagram review", session_id)
        canvas = drawing or self._whiteboard.load(session_id)
        session = self._sessions.get(session_id)
        stream = self._interviewer.review_whiteboard(
            session_id, canvas, png, creds=self._access.credentials(session, typed)
        )
        return "".join(stream)

    def sees_images(self, session: Session, typed: TypedKey | None) -> bool:
        """Whether the interview's model can look at a screen capture."""
        self._access.session(session.id)
        return self._providers.supports_vision(self._access.credentials(session, typed))

    def screen_review(self, session: Session) -> ScreenReview | None:
        """The review of the latest screen capture, or None when nothing was captured yet."""
        self._access.session(session.id)
        captures = self._media.list_media_files(session.id, MediaKind.SCREEN)
        return ScreenReview(session, captures[-1], self) if captures else None

    def look_at(self, session: Session, capture: MediaFile, typed: TypedKey | None) -> str:
        """Send ``capture`` to the interviewer; return its whole follow-up.

        Raises:
            InterviewPlatformError: The capture could not be read, or the model failed.
        """
        self._access.session(session.id)
        user_action("screen.review", "candidate asked for a screen review", session.id)
        png = self._storage.read(capture)
        stream = self._interviewer.review_screen(
            session.id, png, creds=self._access.credentials(session, typed)
        )
        return "".join(stream)
