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
import weakref
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Protocol

from interview_platform.config import Settings
from interview_platform.database.lease_ports import HasTurnLeases
from interview_platform.database.ports import (
    HasConversation,
    HasTurns,
    TurnSnapshot,
)
from interview_platform.exceptions import NotFoundError, SessionStateError, ValidationError
from interview_platform.interviewer.reply_stream import ReplyStream
from interview_platform.interviewer.turn_context import ContextBuilder
from interview_platform.interviewer.turn_gate import TurnGate
from interview_platform.interviewer.turn_runner import TurnRunner, TurnSpec
from interview_platform.interviewer.turn_types import TurnEngine
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.gateway import ModelGateway
from interview_platform.llm.write_buffer import WriteBuffer
from interview_platform.model_values import is_id
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
# How long a second tab waits for the reply another tab of the interview is streaming.
TURN_WAIT_S = 120.0
_BUSY = (
    "The interviewer is still answering this interview in another tab; "
    "send again when that reply has finished."
)
_ENDED = "This interview has ended; it no longer accepts answers."
_RECENT = 10  # where an answer sent again after a failure would be found


class TurnRecords(HasTurns, HasConversation, HasTurnLeases, Protocol):
    """The repositories a turn reads and writes, and the turn leases."""


class AIInterviewer:
    """Produces interviewer turns for a session (thread-safe; shared by every browser tab).

    Turns of one session are serialised: from storing the candidate's answer until the
    interviewer's reply is stored, another answer (or review) of the same session waits,
    so answer/reply pairs never interleave, between tabs (threads) or between app
    processes (a lease in PostgreSQL, see :class:`~.turn_gate.TurnGate`). The opening
    is produced once under the same lease.

    Args:
        store: The turn reads and the conversation.
        gateway: The one path to a model (credentials, usage, budget).
        bank: The problem bank.
        settings: Application settings (phases, budget, providers).
        offline: The offline engine used for ``offline`` sessions and as fallback.
        clock: Current time (injected for tests).
        unsaved: Where replies wait while the database is down (None: in memory only).
    """

    def __init__(  # noqa: PLR0917 - the composition root passes these positionally
        self,
        store: TurnRecords,
        gateway: ModelGateway,
        bank: ProblemBank,
        settings: Settings,
        offline: TurnEngine,
        clock: Callable[[], datetime] = utcnow,
        unsaved: WriteBuffer[Message] | None = None,
    ) -> None:
        self._turns = store.turns
        self._conversation = store.conversation
        self._clock = clock
        self._contexts = ContextBuilder(store.conversation, bank, settings.interview)
        self._runner = TurnRunner(
            store.conversation, gateway, settings, offline, self._contexts, unsaved=unsaved
        )
        self._usage = gateway.usage
        self._gate = TurnGate(store.turn_leases)

    # -- public API -------------------------------------------------------------
    def open(self, session_id: str, creds: ProviderCredentials | None = None) -> ReplyStream:
        """Stream the opening turn; nothing new when the conversation has already begun.

        Raises:
            NotFoundError: No such session.
            SessionStateError: The session does not accept input (not active).
        """
        turn = TurnSpec("opening", Operation.QUESTION_GENERATION)
        return self._serialised(session_id, turn, creds)

    def reply(
        self,
        session_id: str,
        text: str,
        *,
        mode: CommunicationMode = CommunicationMode.TEXT,
        metadata: MessageMetadata | None = None,
        creds: ProviderCredentials | None = None,
        message_id: str | None = None,
    ) -> ReplyStream:
        """Store the candidate's answer, then stream the interviewer's reply.

        ``message_id``: the answer's id chosen by the sender, so that an answer sent again
        after a failure is stored once (None: a new id).

        Raises:
            ValidationError: Empty or overlong text, or a malformed ``message_id``.
            NotFoundError: No such session.
            SessionStateError: The interview is not active (ended, paused, not started).
            TransientDataStoreError: The database is unreachable (the answer is not stored).
        """
        cleaned = _validate_answer(text)
        candidate = Message(session_id, MessageRole.CANDIDATE, cleaned, mode=mode)
        if message_id is not None:
            if not is_id(message_id):
                raise ValidationError("The answer's id is malformed.")
            candidate.id = message_id
        candidate.metadata = metadata.copy() if metadata else {}
        turn = TurnSpec("reply", Operation.RESPONSE_ANALYSIS)
        return self._serialised(session_id, turn, creds, candidate)

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
        return self._serialised(session_id, turn, creds)

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
        return self._serialised(session_id, turn, creds)

    # -- helpers ----------------------------------------------------------------
    def _serialised(
        self,
        session_id: str,
        turn: TurnSpec,
        creds: ProviderCredentials | None,
        candidate: Message | None = None,
    ) -> ReplyStream:
        """Take the session's turn, store the answer, stream the reply, then let go.

        The turn is given back when the stream ends or is closed, or when a stream that
        was never read is garbage-collected.
        """
        opening = turn.kind == "opening"
        # An opening does not wait: a turn under way (here or in another process) is the
        # opening or comes after it.
        if not self._gate.acquire(session_id, 0 if opening else TURN_WAIT_S):
            if not opening:
                raise SessionStateError(_BUSY)
            self._accepting(session_id)
            return ReplyStream.finished(self._last_interviewer(session_id))
        release = _Once(lambda: self._gate.release(session_id))
        try:
            snapshot = self._accepting(session_id)
            # The check and the insert are one statement: no answer after the end.
            if candidate is not None and not self._store_answer(candidate):
                raise SessionStateError(_ENDED)
            if opening and self._conversation.count_messages(session_id) > 0:
                release()
                return ReplyStream.finished(self._last_interviewer(session_id))
        except BaseException:
            release()
            raise

        def chunks(stream: ReplyStream) -> Iterator[str]:
            try:
                yield from self._runner.produce(stream, snapshot, turn, creds, self._clock())
            finally:
                release()

        stream = ReplyStream.producing(chunks)
        weakref.finalize(stream, release)
        return stream

    def unsaved(self, session_id: str) -> list[Message]:
        """Replies of ``session_id`` shown but not stored yet (the database was unreachable)."""
        return self._runner.unsaved.pending(session_id)

    def save_unsaved(self, session_id: str) -> int:
        """Store what an outage left in memory (replies of ``session_id``, any usage rows).

        Returns the replies stored; while the database is still down nothing is raised.
        """
        self._usage.flush()
        return self._runner.unsaved.flush(self._conversation.append_if_active, session_id)

    def _accepting(self, session_id: str) -> TurnSnapshot:
        snapshot = self._turns.read_turn(session_id)
        if snapshot is None:
            raise NotFoundError(f"No interview session with id {session_id}.")
        self.save_unsaved(session_id)  # what an outage left goes first: the order holds
        snapshot.session.check_accepting_input()
        return snapshot

    def _store_answer(self, answer: Message) -> bool:
        """Store the answer while the session is active; True also when it was already there.

        (An answer sent again keeps its id: an attempt committed unacknowledged counts.)
        """
        if self._conversation.append_if_active(answer):
            return True
        recent = self._conversation.get_messages(answer.session_id, limit=_RECENT)
        return any(m.id == answer.id for m in recent)

    def _last_interviewer(self, session_id: str) -> Message | None:
        messages = self._conversation.get_messages(session_id)
        return next((m for m in reversed(messages) if m.role is MessageRole.INTERVIEWER), None)


class _Once:
    """Runs a callable the first time it is called, never again (thread-safe)."""

    def __init__(self, action: Callable[[], None]) -> None:
        self._action: Callable[[], None] | None = action
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            action, self._action = self._action, None
        if action is not None:
            action()


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
