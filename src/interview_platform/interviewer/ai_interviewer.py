"""The AI interviewer: conversation turns over the LLM providers with an offline safety net.

Every turn is read from and written to the database, so a browser refresh
loses nothing. The candidate's message is stored *before* any model call. The
LLM engine answers unless the provider is ``offline`` or the session budget is
spent; when the provider fails (after the SDK's own retries) or breaks off
mid-stream, the offline interviewer answers that turn and a notice says so.
Token usage is recorded per call with its operation.

Example::

    interviewer = AIInterviewer(store, gateway, bank, settings, OfflineInterviewer())
    stream = interviewer.reply(session_id, "We need 10k writes per second...")
    text = "".join(stream)            # chunks as they arrive
    stream.notices, stream.engine     # e.g. ["80% of this session's $2.00 budget used."]
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Protocol

from interview_platform.config import Settings
from interview_platform.database.ports import (
    HasConversation,
    HasTurns,
    TurnSnapshot,
)
from interview_platform.exceptions import NotFoundError, ValidationError
from interview_platform.interviewer.reply_stream import ReplyStream
from interview_platform.interviewer.turn_context import ContextBuilder
from interview_platform.interviewer.turn_runner import TurnRunner, TurnSpec
from interview_platform.interviewer.turn_types import TurnEngine
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.gateway import ModelGateway
from interview_platform.models import (
    CommunicationMode,
    Message,
    MessageMetadata,
    MessageRole,
    Operation,
    utcnow,
)
from interview_platform.problems.bank import ProblemBank

__all__ = ["MAX_ANSWER_CHARS", "AIInterviewer"]

logger = logging.getLogger("interview_platform.ai")

MAX_ANSWER_CHARS = 20_000


class TurnRecords(HasTurns, HasConversation, Protocol):
    """The repositories a turn reads and writes."""


class AIInterviewer:
    """Produces interviewer turns for a session (thread-safe; shared by every browser tab).

    Args:
        store: The turn reads and the conversation.
        gateway: The one path to a model (credentials, usage, budget).
        bank: The problem bank.
        settings: Application settings (phases, budget, providers).
        offline: The offline engine used for ``offline`` sessions and as fallback.
        clock: Current time (injected for tests).
    """

    def __init__(  # noqa: PLR0917 - the composition root passes these positionally
        self,
        store: TurnRecords,
        gateway: ModelGateway,
        bank: ProblemBank,
        settings: Settings,
        offline: TurnEngine,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._turns = store.turns
        self._conversation = store.conversation
        self._clock = clock
        self._contexts = ContextBuilder(store.conversation, bank, settings.interview)
        self._runner = TurnRunner(store.conversation, gateway, settings, offline, self._contexts)
        self._opening: set[str] = set()
        self._lock = threading.Lock()

    # -- public API -------------------------------------------------------------
    def open(self, session_id: str, creds: ProviderCredentials | None = None) -> ReplyStream:
        """Stream the opening turn; nothing new when the conversation has already begun.

        Raises:
            NotFoundError: No such session.
            SessionStateError: The session does not accept input (not active).
        """
        snapshot = self._accepting(session_id)
        with self._lock:
            if session_id in self._opening or self._conversation.count_messages(session_id) > 0:
                return ReplyStream.finished(self._last_interviewer(session_id))
            self._opening.add(session_id)
        turn = TurnSpec("opening", Operation.QUESTION_GENERATION)
        return ReplyStream.producing(lambda s: self._guarded_opening(s, snapshot, turn, creds))

    def reply(
        self,
        session_id: str,
        text: str,
        *,
        mode: CommunicationMode = CommunicationMode.TEXT,
        metadata: MessageMetadata | None = None,
        creds: ProviderCredentials | None = None,
    ) -> ReplyStream:
        """Store the candidate's answer, then stream the interviewer's reply.

        Raises:
            ValidationError: Empty or overlong text.
            NotFoundError: No such session.
            SessionStateError: The interview is not active (ended, paused, not started).
        """
        cleaned = _validate_answer(text)
        snapshot = self._accepting(session_id)
        candidate = Message(session_id, MessageRole.CANDIDATE, cleaned, mode=mode)
        candidate.metadata = metadata.copy() if metadata else {}
        self._conversation.append_message(candidate)
        turn = TurnSpec("reply", Operation.RESPONSE_ANALYSIS)
        return self._produce(snapshot, turn, creds)

    def review_whiteboard(
        self,
        session_id: str,
        canvas_json: Any,
        png: bytes | None = None,
        creds: ProviderCredentials | None = None,
    ) -> ReplyStream:
        """Stream a follow-up about the whiteboard, posted as a WHITEBOARD interviewer message.

        Raises:
            NotFoundError: No such session.
            SessionStateError: The interview is not active.
        """
        turn = TurnSpec(
            "review",
            Operation.WHITEBOARD_ANALYSIS,
            CommunicationMode.WHITEBOARD,
            canvas=canvas_json if canvas_json is not None else {},
            png=png,
        )
        return self._produce(self._accepting(session_id), turn, creds)

    def review_screen(
        self, session_id: str, png: bytes | None, creds: ProviderCredentials | None = None
    ) -> ReplyStream:
        """Stream a follow-up about the latest screen capture (a SCREEN_SHARE message).

        Raises:
            NotFoundError: No such session.
            SessionStateError: The interview is not active.
        """
        turn = TurnSpec(
            "screen", Operation.SCREEN_ANALYSIS, CommunicationMode.SCREEN_SHARE, png=png
        )
        return self._produce(self._accepting(session_id), turn, creds)

    # -- helpers ----------------------------------------------------------------
    def _produce(
        self, snapshot: TurnSnapshot, turn: TurnSpec, creds: ProviderCredentials | None
    ) -> ReplyStream:
        return ReplyStream.producing(
            lambda s: self._runner.produce(s, snapshot, turn, creds, self._clock())
        )

    def _accepting(self, session_id: str) -> TurnSnapshot:
        snapshot = self._turns.read_turn(session_id)
        if snapshot is None:
            raise NotFoundError(f"No interview session with id {session_id}.")
        snapshot.session.check_accepting_input()
        return snapshot

    def _last_interviewer(self, session_id: str) -> Message | None:
        messages = self._conversation.get_messages(session_id)
        return next((m for m in reversed(messages) if m.role is MessageRole.INTERVIEWER), None)

    def _guarded_opening(
        self,
        stream: ReplyStream,
        snapshot: TurnSnapshot,
        turn: TurnSpec,
        creds: ProviderCredentials | None,
    ) -> Iterator[str]:
        try:
            yield from self._runner.produce(stream, snapshot, turn, creds, self._clock())
        finally:
            with self._lock:
                self._opening.discard(snapshot.session.id)


def _validate_answer(text: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationError("Your answer is empty: type or say something first.")
    if len(cleaned) > MAX_ANSWER_CHARS:
        raise ValidationError(
            f"Your answer is too long ({len(cleaned):,} characters; the limit is "
            f"{MAX_ANSWER_CHARS:,}). Split it into several messages."
        )
    return cleaned
