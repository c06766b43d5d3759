"""The process's held writes, journaled on disk, and what a killed process left, taken over.

During a database outage an interviewer reply the candidate has read and the usage row
of a paid call are held in memory (:class:`~interview_platform.llm.write_buffer.
WriteBuffer`). :func:`hold_writes` gives both buffers a journal in
``<storage root>/journal/`` (one file per kind and process), so a process that dies
before the database is back loses none of them: the next process to start adopts them
and writes them at once when the database answers; if it does not yet, they stay held
(and journaled again) and the next flush of any session writes them. Both inserts are
``ON CONFLICT (id) DO NOTHING`` with the item's own id, so an item the dead process had
stored without marking it done is not stored twice.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple, Protocol

from interview_platform.database.ports import ConversationRepository, UsageRepository
from interview_platform.llm.journal_codec import (
    decode_message,
    decode_usage,
    encode_message,
    encode_usage,
)
from interview_platform.llm.write_buffer import WriteBuffer
from interview_platform.llm.write_journal import WriteJournal
from interview_platform.models import Message, TokenUsage

__all__ = ["JOURNAL_FOLDER", "HeldWrites", "WriteTargets", "hold_writes"]

JOURNAL_FOLDER = "journal"  # below the storage root; never a session id (those are UUIDs)

_log = logging.getLogger(__name__)


class WriteTargets(Protocol):
    """Where held items are written (the data store)."""

    @property
    def conversation(self) -> ConversationRepository:
        """Messages."""

    @property
    def usage(self) -> UsageRepository:
        """Usage rows."""


class HeldWrites(NamedTuple):
    """The two journaled buffers of a process (a pair: ``replies, usage = ...``).

    Attributes:
        replies: Interviewer replies (for :class:`~interview_platform.interviewer.
            turn_runner.TurnRunner`).
        usage: Usage rows (for :class:`~interview_platform.llm.token_tracker.TokenTracker`).
    """

    replies: WriteBuffer[Message]
    usage: WriteBuffer[TokenUsage]

    def flush(self, store: WriteTargets) -> int:
        """Write every held item (usage rows first); stop at the first transient failure.

        Returns:
            How many items left the buffers.
        """
        done = self.usage.flush(store.usage.record_token_usage)
        return done + self.replies.flush(store.conversation.append_if_active)


def hold_writes(storage_root: Path, store: WriteTargets, capacity: int = 1000) -> HeldWrites:
    """Journaled buffers; what dead processes held is adopted and written if possible.

    Args:
        storage_root: The local storage root; the journals go in its ``journal/`` folder.
        store: Where the adopted items are written.
        capacity: Most items each buffer holds.

    Returns:
        The buffers, holding what could not be written yet.
    """
    folder = storage_root / JOURNAL_FOLDER
    replies = WriteBuffer(
        "interviewer reply",
        capacity,
        WriteJournal(folder, "reply", encode_message, decode_message),
    )
    usage = WriteBuffer(
        "AI usage row", capacity, WriteJournal(folder, "usage", encode_usage, decode_usage)
    )
    held = HeldWrites(replies, usage)
    adopted = usage.adopt() + replies.adopt()
    if adopted:
        stored = held.flush(store)
        _log.warning(
            "held writes of a stopped process taken over",
            extra={"adopted": adopted, "stored": stored, "held": adopted - stored},
        )
    return held
