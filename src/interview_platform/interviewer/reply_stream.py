"""The interviewer's streamed reply: text chunks now, the stored message afterwards.

A :class:`ReplyStream` is a plain iterator of ``str`` chunks (what
``st.write_stream`` consumes). Once it is exhausted it exposes the stored
interviewer :class:`~interview_platform.models.Message`, the notices the
candidate should see (provider fallback, budget warnings) and the name of the
engine that produced the turn. Consume it to the end: the turn is stored when
the last chunk has been produced.

Example::

    stream = interviewer.reply(session_id, "I'd start with the read path...")
    for chunk in stream:
        print(chunk, end="")
    stream.message, stream.notices, stream.engine
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from interview_platform.models import Message

__all__ = ["NOT_SAVED", "ReplyStream"]

NOT_SAVED = "The interview ended before this reply was finished, so it was not saved."


class ReplyStream:
    """Iterator of reply chunks with the outcome attached after exhaustion.

    Attributes:
        message: The stored interviewer message (None until the stream ends,
            or when nothing new was produced, e.g. an opening already given).
        notices: Visible notices for the candidate, in order.
        engine: Name of the engine that answered (``offline``, ``openai``...).
        restarted: True when a failing model had already streamed text that
            was discarded (the stored message is the fallback's text only).
        done: True once the stream is exhausted.
        discarded: True when the reply was produced but not stored, because the
            interview ended (or was paused) while it was being written.
    """

    def __init__(self) -> None:
        self.message: Message | None = None
        self.notices: list[str] = []
        self.engine = ""
        self.restarted = False
        self.done = False
        self.discarded = False
        self._chunks: Iterator[str] = iter(())

    @classmethod
    def producing(cls, produce: Callable[[ReplyStream], Iterator[str]]) -> ReplyStream:
        """Build a stream whose chunks come from ``produce(stream)`` (run lazily)."""
        stream = cls()
        stream._chunks = produce(stream)
        return stream

    @classmethod
    def finished(cls, message: Message | None = None, engine: str = "") -> ReplyStream:
        """An already exhausted stream (nothing new to show)."""
        stream = cls()
        stream.message = message
        stream.engine = engine
        stream.done = True
        return stream

    def settle(self, message: Message, stored: bool) -> None:
        """Record the outcome of storing the reply: the message, or a notice that it was not."""
        if stored:
            self.message = message
            return
        self.message = None
        self.discarded = True
        self.notices.append(NOT_SAVED)

    def __iter__(self) -> ReplyStream:
        return self

    def __next__(self) -> str:
        try:
            return next(self._chunks)
        except StopIteration:
            self.done = True
            raise

    def text(self) -> str:
        """Consume the remaining chunks and return them joined."""
        return "".join(self)

    def close(self) -> None:
        """Stop a reply the reader abandons (a page rerun mid-stream); its clean-up runs now.

        The producer's ``finally`` blocks run at once (the session's turn lock is let go)
        instead of whenever the garbage collector reaches the abandoned generator.
        """
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()
