"""Runs one interviewer turn: engine choice, streaming, fallback, budget, storage.

Used by :class:`~interview_platform.interviewer.ai_interviewer.AIInterviewer`. The LLM
engine answers unless the session is offline, its budget is spent or the call's worst
case would exceed what is left; when the provider fails (after the SDK's retries),
breaks off mid-stream or misses the turn's deadline (``providers.turn_deadline_s``),
the offline engine answers the turn and a notice says why (and that any text already
shown was discarded). A reply stopped by its output cap ends with a mark and a notice.
The interviewer message is stored at the end with ``metadata = {"phase", "engine",
"notices"}``; if the database is down then, the reply is held (``unsaved``, journaled on
disk by the app: llm/held_writes.py) for the next turn to store, and a notice says so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from interview_platform.analysis.limits import cap_reply
from interview_platform.config import Settings
from interview_platform.database.ports import ConversationRepository, TurnSnapshot
from interview_platform.diagram.gaps import find_gaps
from interview_platform.diagram.model import DiagramGraph
from interview_platform.exceptions import AIProviderError, TransientDataStoreError
from interview_platform.interviewer.llm_engine import LLMInterviewer
from interview_platform.interviewer.reply_stream import ReplyStream
from interview_platform.interviewer.turn_context import ContextBuilder
from interview_platform.interviewer.turn_notices import (
    NOT_SAVED_YET,
    already_noticed,
    fallback_notice,
)
from interview_platform.interviewer.turn_types import TurnContext, TurnEngine
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.deadline import within_deadline
from interview_platform.llm.errors import classify
from interview_platform.llm.gateway import BUDGET_REACHED, BudgetExhaustedError, ModelGateway
from interview_platform.llm.limits import CUT_MARK, CapWatch, estimate_tokens, output_cap
from interview_platform.llm.write_buffer import WriteBuffer
from interview_platform.models import (
    CommunicationMode,
    Message,
    MessageMetadata,
    MessageRole,
    Operation,
)
from interview_platform.provider import Provider

__all__ = ["NOT_SAVED_YET", "TurnRunner", "TurnSpec"]

logger = logging.getLogger("interview_platform.ai")


@dataclass(frozen=True)
class TurnSpec:
    """What kind of turn is being produced.

    Attributes:
        kind: ``opening``, ``reply``, ``review`` (whiteboard) or ``screen``.
        operation: Token-accounting operation of the model call.
        mode: Mode of the stored interviewer message.
        canvas: Canvas JSON to read (reviews); None means the saved drawing.
        png: Whiteboard snapshot or screen capture for vision models.
    """

    kind: str
    operation: Operation
    mode: CommunicationMode = CommunicationMode.TEXT
    canvas: Any = None
    png: bytes | None = None


class TurnRunner:
    """Produces and stores one interviewer turn.

    Args:
        conversation: Where the interviewer message is stored.
        gateway: The one path to a model (credentials, usage, budget).
        settings: Application settings.
        offline: The offline engine.
        contexts: Builds turn contexts from the database.
        unsaved: Where a reply waits when the database cannot take it (None: a new one).
    """

    def __init__(
        self,
        conversation: ConversationRepository,
        gateway: ModelGateway,
        settings: Settings,
        offline: TurnEngine,
        contexts: ContextBuilder,
        *,
        unsaved: WriteBuffer[Message] | None = None,
    ) -> None:
        self._conversation = conversation
        self._gateway = gateway
        self._settings = settings
        self._offline = offline
        self._contexts = contexts
        # Not ``unsaved or ...``: an empty buffer is falsy (it has a length).
        self.unsaved = WriteBuffer[Message]("interviewer reply") if unsaved is None else unsaved

    def _llm(
        self, snapshot: TurnSnapshot, creds: ProviderCredentials, turn: TurnSpec, ctx: TurnContext
    ) -> tuple[TurnEngine, CapWatch]:
        session = snapshot.session
        # The turn read the session's usage with the session: no second query for it.
        budget = self._gateway.budget(session.id, snapshot.usage)
        limits = self._settings.providers
        call = self._gateway.open(
            turn.operation,
            creds,
            session_id=session.id,
            streaming=True,
            budget=budget,
            input_tokens=estimate_tokens(m.content for m in ctx.history),
            deadline_s=limits.turn_deadline_s,
        )
        watch = CapWatch(call.record_as, output_cap(limits, turn.operation))
        engine = LLMInterviewer(
            call.model,
            creds,
            watch.record,
            phase_clock=self._contexts.clock(session),
            vision=call.vision,
        )
        return engine, watch

    def _call(self, engine: TurnEngine, ctx: TurnContext, turn: TurnSpec) -> Iterator[str]:
        if turn.kind == "opening":
            return engine.opening(ctx)
        if turn.kind == "reply":
            return engine.respond(ctx)
        if turn.kind == "screen":
            return engine.review_screen(ctx, turn.png)
        candidate_text = "\n".join(m.content for m in ctx.candidate_turns())
        gaps = find_gaps(ctx.diagram or DiagramGraph(), ctx.problem, candidate_text)
        return engine.review_diagram(ctx, gaps, turn.png)

    def _budget_blocks(self, snapshot: TurnSnapshot, ctx: TurnContext, notices: list[str]) -> bool:
        if not self._gateway.budget(snapshot.session.id, snapshot.usage).exhausted:
            return False
        if not already_noticed(ctx, BUDGET_REACHED):
            notices.append(BUDGET_REACHED)
        return True

    def _budget_after(self, session_id: str, ctx: TurnContext, notices: list[str]) -> None:
        try:
            status = self._gateway.budget(session_id)
        except TransientDataStoreError:  # the next turn reads the budget again
            logger.warning("budget not read after the reply: database unreachable")
            return
        if status.exhausted and not already_noticed(ctx, BUDGET_REACHED):
            notices.append(BUDGET_REACHED)
        elif status.warn and not any(m.metadata.get("budget_warned") for m in ctx.history):
            notices.append(status.warning_text())

    def produce(
        self,
        stream: ReplyStream,
        snapshot: TurnSnapshot,
        turn: TurnSpec,
        creds: ProviderCredentials | None,
        now: datetime,
    ) -> Iterator[str]:
        """Yield the turn's chunks; store the interviewer message when done.

        Args:
            stream: Receives the engine, the notices and the stored message.
            snapshot: The session, resume, drawing and usage read for this turn.
            turn: What kind of turn to produce.
            creds: Credentials typed by the user (None: the session's configured ones).
            now: The time of the turn (the phase clock).
        """
        started = time.perf_counter()
        session = snapshot.session
        ctx, info = self._contexts.build(snapshot, now, turn.canvas)
        parts: list[str] = []
        stream.engine = self._offline.name
        use_llm = not creds.is_offline if creds else session.provider != Provider.OFFLINE
        if use_llm and not self._budget_blocks(snapshot, ctx, stream.notices):
            parts = yield from self._try_llm(stream, snapshot, turn, creds, ctx)
        if stream.engine == self._offline.name:
            for chunk in self._call(self._offline, ctx, turn):
                parts.append(chunk)
                yield chunk
        # Capped before it is stored: every later turn and the grader analyse it.
        text = cap_reply("".join(parts))
        reply = Message(session.id, MessageRole.INTERVIEWER, text, mode=turn.mode)
        reply.metadata = _kept_metadata(ctx, stream, turn)
        self._store(stream, reply)
        logger.info(
            "interviewer turn",
            extra={
                "session_id": session.id,
                "kind": turn.kind,
                "engine": stream.engine,
                "phase": info.name,
                "fallback": bool(stream.notices) and stream.engine == self._offline.name,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )

    def _store(self, stream: ReplyStream, reply: Message) -> None:
        """Store the reply, or keep it for later when the database is unreachable."""
        try:
            # Stored only while the session is still active (one statement): a reply that
            # outlived the interview's end is not added after it, and the stream says so.
            stored = self._conversation.append_if_active(reply)
        except TransientDataStoreError as exc:  # the candidate has read it: keep it
            self.unsaved.keep(reply.session_id, reply, exc)
            stream.message = reply
            stream.notices.append(NOT_SAVED_YET)
            return
        stream.settle(reply, stored)

    def _try_llm(
        self,
        stream: ReplyStream,
        snapshot: TurnSnapshot,
        turn: TurnSpec,
        creds: ProviderCredentials | None,
        ctx: TurnContext,
    ) -> Generator[str, None, list[str]]:
        """Stream from the LLM; on failure leave ``stream.engine`` offline and add a notice.

        Returns (as the generator's value) the chunks of a successful reply.
        """
        parts: list[str] = []
        resolved: ProviderCredentials | None = None
        session = snapshot.session
        # The stream runs in a worker thread that may outlive the deadline: it gets its own
        # notes, copied back only when its reply is the one kept.
        llm_ctx = replace(ctx, notes=dict(ctx.notes))
        try:
            resolved = self._gateway.credentials(session.provider, session.model, creds)
            engine, watch = self._llm(snapshot, resolved, turn, llm_ctx)
            stream.engine = engine.name
            deadline = self._settings.providers.turn_deadline_s
            for chunk in within_deadline(lambda: self._call(engine, llm_ctx, turn), deadline):
                parts.append(chunk)
                yield chunk
        except BudgetExhaustedError:  # this call's worst case exceeds what is left
            stream.engine = self._offline.name
            if not already_noticed(ctx, BUDGET_REACHED):
                stream.notices.append(BUDGET_REACHED)
            return []
        except Exception as exc:  # every provider failure ends in the offline fallback
            self._fall_back(stream, resolved, exc, streamed=bool(parts))
            return []
        ctx.notes.clear()
        ctx.notes.update(llm_ctx.notes)
        if watch.cut:
            # The candidate saw the text stop mid-sentence: end it visibly and say why.
            parts.append(CUT_MARK)
            yield CUT_MARK
            stream.notices.append(watch.notice())
        self._budget_after(session.id, ctx, stream.notices)
        return parts

    def _fall_back(
        self,
        stream: ReplyStream,
        creds: ProviderCredentials | None,
        exc: Exception,
        streamed: bool,
    ) -> None:
        label = creds.label if creds else "The AI provider"
        url = self._gateway.display_url(creds) if creds else None
        error = classify(exc, label, url)
        stream.engine = self._offline.name
        stream.restarted = streamed
        stream.notices.append(fallback_notice(label, error, streamed, self._attempts(error)))
        logger.warning(
            "ai provider failed; offline fallback",
            extra={"provider": creds.provider if creds else "", "kind": error.kind},
            exc_info=error.kind in ("unknown", "bad_response"),
        )

    def _attempts(self, error: AIProviderError) -> int:
        return self._settings.providers.max_attempts if error.transient else 1


def _kept_metadata(ctx: TurnContext, stream: ReplyStream, turn: TurnSpec) -> MessageMetadata:
    """What the interviewer message keeps of its turn (read back by later turns)."""
    metadata: MessageMetadata = {
        **ctx.kept_notes(),
        "engine": stream.engine,
        "notices": list(stream.notices),
    }
    if any(n.endswith("budget used.") for n in stream.notices):
        metadata["budget_warned"] = True
    if turn.kind == "review":
        metadata["review"] = True
        metadata["diagram_components"] = len(ctx.diagram.components) if ctx.diagram else 0
    return metadata
