"""A reply the offline engine takes over mid-stream is shown as two parts, not one."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from interview_platform.interviewer.reply_stream import ReplyStream
from interview_platform.ui.components.chat_panel import before_restart


def _stream(restart_after: int | None) -> ReplyStream:
    def produce(stream: ReplyStream) -> Iterator[str]:
        for i, chunk in enumerate(["The model ", "starts ", "then ", "stops."]):
            if i == restart_after:
                stream.restarted = True  # as the turn runner does when it falls back
            yield chunk

    return ReplyStream.producing(produce)


def test_the_offline_answer_starts_a_part_of_its_own() -> None:
    stream = _stream(restart_after=2)
    held: list[str] = []
    shown_first = list(before_restart(stream, held))
    assert shown_first == ["The model ", "starts "]
    assert list(itertools.chain(held, stream)) == ["then ", "stops."]


def test_a_reply_without_a_fallback_is_one_part() -> None:
    stream = _stream(restart_after=None)
    held: list[str] = []
    assert "".join(before_restart(stream, held)) == "The model starts then stops."
    assert held == []


def test_closing_an_abandoned_reply_runs_its_clean_up_now() -> None:
    released: list[bool] = []

    def produce(stream: ReplyStream) -> Iterator[str]:
        try:
            yield "first "
            yield "second"
        finally:
            released.append(True)  # the interviewer lets go of the session's turn lock here

    stream = ReplyStream.producing(produce)
    assert next(stream) == "first "
    stream.close()  # what the chat panel does when a rerun interrupts the page mid-reply
    assert released == [True]
    assert list(stream) == []
