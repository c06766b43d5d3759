"""Cost of journaling held writes during an outage, and of adopting them at the next start.

Keeps N interviewer replies (realistic size and metadata) in a WriteBuffer with and
without a journal (each kept item is appended and fsynced), then adopts the journal of
a "dead" process (its file let go) and reports the time per item. Prints figures only.

Usage: .venv/bin/python bench/journal_bench.py [N]
"""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

from interview_platform.exceptions import TransientDataStoreError
from interview_platform.llm.journal_codec import decode_message, encode_message
from interview_platform.llm.write_buffer import WriteBuffer
from interview_platform.llm.write_journal import WriteJournal
from interview_platform.models import Message, MessageRole

DOWN = TransientDataStoreError("Database unavailable: connection refused.")
TEXT = "Good. Now, where would you put the cache, and what would it hold? " * 12


def _reply(i: int) -> Message:
    message = Message(f"session-{i % 20}", MessageRole.INTERVIEWER, TEXT)
    message.metadata = {"phase": "deep_dive", "engine": "openai", "notices": ["Not saved yet."]}
    return message


def _keep_all(buffer: WriteBuffer[Message], n: int) -> list[float]:
    times = []
    for i in range(n):
        started = time.perf_counter()
        buffer.keep(f"session-{i % 20}", _reply(i), DOWN)
        times.append((time.perf_counter() - started) * 1e6)
    return times


def main(n: int) -> None:
    """Print per-item keep cost (memory, journal) and adoption cost."""
    logging.disable(logging.CRITICAL)  # one warning per kept item would be measured too
    memory = _keep_all(WriteBuffer[Message]("reply", n + 1), n)
    with tempfile.TemporaryDirectory() as folder:

        def journal() -> WriteJournal[Message]:
            return WriteJournal(Path(folder), "reply", encode_message, decode_message)

        dead = journal()
        journaled = _keep_all(WriteBuffer("reply", n + 1, dead), n)
        size = dead.path.stat().st_size
        dead.close()  # as the kernel does for a killed process
        heir = WriteBuffer("reply", n + 1, journal())
        started = time.perf_counter()
        adopted = heir.adopt()
        adopt_s = time.perf_counter() - started
    print(f"items kept: {n}, journal size {size / 1024:.0f} KiB ({size / n:.0f} B/item)")
    for name, times in (("memory only", memory), ("journaled", journaled)):
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"keep, {name}: median {statistics.median(times):.0f} us, p95 {p95:.0f} us")
    print(f"adopt {adopted} items (read, decode, re-journal): {adopt_s * 1000:.0f} ms total")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
