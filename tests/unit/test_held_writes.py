"""hold_writes: journaled buffers, what a dead process held adopted and written at start."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from interview_platform.config import PricingSettings
from interview_platform.exceptions import TransientDataStoreError
from interview_platform.llm.held_writes import JOURNAL_FOLDER, hold_writes
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.llm.write_buffer import WriteBuffer
from interview_platform.models import Message, MessageRole, Operation, TokenUsage

DOWN = TransientDataStoreError("Database unavailable: connection refused.")


@dataclass
class FakeStore:
    """Conversation and usage in memory; ``down`` refuses every write as an outage does."""

    down: bool = False
    messages: dict[str, Message] = field(default_factory=dict)
    rows: dict[str, TokenUsage] = field(default_factory=dict)

    @property
    def conversation(self) -> FakeStore:
        return self

    @property
    def usage(self) -> FakeStore:
        return self

    def append_if_active(self, message: Message) -> bool:
        if self.down:
            raise DOWN
        # ON CONFLICT (id) DO NOTHING, as the real insert.
        return self.messages.setdefault(message.id, message) is message

    def record_token_usage(self, usage: TokenUsage) -> TokenUsage:
        if self.down:
            raise DOWN
        self.rows.setdefault(usage.id, usage)
        return usage


def _die_holding(root: Path) -> tuple[Message, TokenUsage]:
    """A process holds a reply and a usage row, then is gone (its journals let go)."""
    held = hold_writes(root, FakeStore(down=True))
    reply = Message("s1", MessageRole.INTERVIEWER, "Where does the cache sit?")
    usage = TokenUsage("s1", "openai", "gpt-4o", Operation.QUESTION_GENERATION, 9, 4, Decimal(1))
    held.replies.keep("s1", reply, DOWN)
    held.usage.keep("s1", usage, DOWN)
    for buffer in (held.replies, held.usage):
        assert buffer._journal is not None
        buffer._journal.close()  # what the kernel does when the process dies
    return reply, usage


def test_what_a_dead_process_held_is_written_at_start_when_the_database_answers(
    tmp_path: Path,
) -> None:
    reply, usage = _die_holding(tmp_path)
    store = FakeStore()
    held = hold_writes(tmp_path, store)
    assert list(store.messages.values()) == [reply]
    assert list(store.rows.values()) == [usage]
    assert (len(held.replies), len(held.usage)) == (0, 0)
    assert list((tmp_path / JOURNAL_FOLDER).iterdir()) == []


def test_while_the_database_is_down_they_stay_held_and_journaled(tmp_path: Path) -> None:
    reply, usage = _die_holding(tmp_path)
    store = FakeStore(down=True)
    held = hold_writes(tmp_path, store)
    assert held.replies.pending("s1") == [reply] and held.usage.pending("s1") == [usage]
    assert len(list((tmp_path / JOURNAL_FOLDER).iterdir())) == 2  # now this process's
    store.down = False
    assert held.replies.flush(store.append_if_active, "another session") == 1
    assert held.flush(store) == 1  # the usage row; the reply went once
    assert len(store.messages) == 1 and len(store.rows) == 1


def test_a_tracker_given_an_empty_buffer_uses_it(tmp_path: Path) -> None:
    # An empty buffer is falsy: ``unsaved or WriteBuffer(...)`` would drop the journal.
    buffer: WriteBuffer[TokenUsage] = WriteBuffer("usage")
    tracker = TokenTracker(FakeStore(down=True), PricingSettings(), unsaved=buffer)
    tracker.record(
        session_id="s1",
        provider="openai",
        model="gpt-4o",
        operation=Operation.EVALUATION,
        input_tokens=1,
        output_tokens=1,
    )
    assert len(buffer) == 1
