"""Unwritten replies kept on local disk: a process killed during an outage loses none.

The process is really killed (SIGKILL, no clean-up of any kind) and a later buffer on
the same folder takes over what it held, once, and only when it is dead.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from interview_platform.exceptions import TransientDataStoreError
from interview_platform.llm.write_buffer import WriteBuffer
from interview_platform.llm.write_journal import WriteJournal

DOWN = TransientDataStoreError("Database unavailable during x: connection refused.")

# A process whose database went down: it holds "b" (s2) and "c" (s1) after "a" was
# written, then dies at once ("die") or waits for its stdin to close ("live").
CHILD = """
import os, signal, sys
from pathlib import Path
from interview_platform.exceptions import TransientDataStoreError
from interview_platform.llm.write_buffer import WriteBuffer
from interview_platform.llm.write_journal import WriteJournal
down = TransientDataStoreError("down")
journal = WriteJournal(Path(sys.argv[1]), "reply", lambda s: {"text": s}, lambda d: str(d["text"]))
buffer = WriteBuffer("reply", journal=journal)
for key, item in (("s1", "a"), ("s2", "b"), ("s1", "c")):
    buffer.keep(key, item, down)
def write(item):
    if item != "a":
        raise down
buffer.flush(write)
print("held", flush=True)
if sys.argv[2] == "die":
    os.kill(os.getpid(), signal.SIGKILL)
sys.stdin.read()
"""


def _journal(folder: Path, max_bytes: int = 8 * 1024 * 1024) -> WriteJournal[str]:
    return WriteJournal(folder, "reply", lambda s: {"text": s}, lambda d: str(d["text"]), max_bytes)


def _child(folder: Path, mode: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


def test_replies_held_by_a_killed_process_are_written_by_the_next(tmp_path: Path) -> None:
    child = _child(tmp_path, "die")
    assert child.wait(timeout=60) == -signal.SIGKILL
    buffer: WriteBuffer[str] = WriteBuffer("reply", journal=_journal(tmp_path))
    assert buffer.adopt() == 2
    assert (buffer.pending("s1"), buffer.pending("s2")) == (["c"], ["b"])
    rows: list[str] = []
    assert buffer.flush(rows.append) == 2
    assert rows == ["b", "c"]  # in the order they were kept; "a" was written already
    assert WriteBuffer("reply", journal=_journal(tmp_path)).adopt() == 0  # taken once


def test_a_live_process_keeps_its_journal(tmp_path: Path) -> None:
    child = _child(tmp_path, "live")
    try:
        assert WriteBuffer("reply", journal=_journal(tmp_path)).adopt() == 0
    finally:
        child.kill()
        child.wait(timeout=60)
    assert WriteBuffer("reply", journal=_journal(tmp_path)).adopt() == 2


def test_two_starting_processes_adopt_each_item_once(tmp_path: Path) -> None:
    child = _child(tmp_path, "die")
    child.wait(timeout=60)
    buffers = [WriteBuffer[str]("reply", journal=_journal(tmp_path)) for _ in range(2)]
    start = threading.Barrier(2)
    counts: list[int] = []

    def adopt(buffer: WriteBuffer[str]) -> None:
        start.wait(timeout=10)
        counts.append(buffer.adopt())

    threads = [threading.Thread(target=adopt, args=(b,)) for b in buffers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(counts) == [0, 2]


def test_a_line_cut_short_by_the_kill_is_skipped_not_fatal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lines = [{"keep": 0, "key": "s1", "item": {"text": "whole"}}, {"keep": 1, "key": "s1"}]
    text = "\n".join(json.dumps(line) for line in lines) + '\n{"keep": 2, "key": "s1", "it'
    (tmp_path / "reply.dead.jsonl").write_text(text)
    buffer: WriteBuffer[str] = WriteBuffer("reply", journal=_journal(tmp_path))
    with caplog.at_level(logging.ERROR):
        assert buffer.adopt() == 1
    assert buffer.pending("s1") == ["whole"]
    assert sum("unreadable journal line" in r.getMessage() for r in caplog.records) == 2


def test_the_journal_is_private_and_emptied_with_the_buffer(tmp_path: Path) -> None:
    folder = tmp_path / "journals"
    journal = _journal(folder)
    buffer: WriteBuffer[str] = WriteBuffer("reply", journal=journal)
    buffer.keep("s1", "secretless reply", DOWN)
    assert stat.S_IMODE(os.stat(journal.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert journal.path.stat().st_size > 0
    buffer.flush(lambda item: None)
    assert list(folder.iterdir()) == []  # nothing held: no file left behind, while alive
    buffer.keep("s1", "the next outage", DOWN)  # a new file, still private and locked
    assert stat.S_IMODE(os.stat(journal.path).st_mode) == 0o600
    assert _journal(folder).adopt() == []  # this process lives: its file is not taken
    journal.close()
    assert [p.name for p in folder.iterdir()] == [journal.path.name]


def test_the_journal_stays_bounded_through_a_long_outage(tmp_path: Path) -> None:
    journal = _journal(tmp_path, max_bytes=2_000)
    buffer: WriteBuffer[str] = WriteBuffer("reply", capacity=5, journal=journal)
    for number in range(500):
        buffer.keep("s1", f"reply {number:03d}", DOWN)
        assert journal.path.stat().st_size <= 2_000 + 200  # at most one line beyond
    journal.close()
    after: WriteBuffer[str] = WriteBuffer("reply", journal=_journal(tmp_path))
    assert after.adopt() == 5
    assert after.pending("s1") == [f"reply {n}" for n in range(495, 500)]


def test_a_disk_that_refuses_the_journal_leaves_the_buffer_working(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    buffer: WriteBuffer[str] = WriteBuffer("reply", journal=_journal(blocked))
    with caplog.at_level(logging.ERROR):
        buffer.keep("s1", "kept in memory", DOWN)
    assert buffer.pending("s1") == ["kept in memory"]
    assert any("journal not written" in r.getMessage() for r in caplog.records)
    rows: list[str] = []
    assert buffer.flush(rows.append) == 1
    assert rows == ["kept in memory"]


def test_adopted_items_are_written_by_the_next_flush_of_any_session(tmp_path: Path) -> None:
    _child(tmp_path, "die").wait(timeout=60)
    buffer: WriteBuffer[str] = WriteBuffer("reply", journal=_journal(tmp_path))
    assert buffer.adopt() == 2
    buffer.keep("s9", "own", DOWN)
    buffer.keep("s7", "other live session", DOWN)
    written: list[str] = []
    # s9's next turn: its own reply and the dead process's (s1, s2), never s7's.
    assert buffer.flush(written.append, "s9") == 3
    assert written == ["b", "c", "own"]
    assert buffer.pending("s7") == ["other live session"]
    assert buffer.flush(written.append, "s9") == 0  # adopted ones written once
