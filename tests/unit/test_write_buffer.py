"""The in-process buffer of writes an outage refused: order, bounds, and nothing silent."""

from __future__ import annotations

import logging

import pytest

from interview_platform.exceptions import DataStoreError, TransientDataStoreError
from interview_platform.llm.write_buffer import WriteBuffer

DOWN = TransientDataStoreError("Database unavailable during x: connection refused.")


class Store:
    """Writes items; refuses while ``down``, refuses ``bad`` items for good."""

    def __init__(self) -> None:
        self.rows: list[str] = []
        self.down = False
        self.bad: set[str] = set()

    def write(self, item: str) -> None:
        if self.down:
            raise DOWN
        if item in self.bad:
            raise DataStoreError("Database error during x: value too long")
        self.rows.append(item)


def test_items_are_written_in_order_per_key_once_the_store_is_back() -> None:
    buffer: WriteBuffer[str] = WriteBuffer("reply")
    store = Store()
    for key, item in (("s1", "a"), ("s2", "x"), ("s1", "b")):
        buffer.keep(key, item, DOWN)
    store.down = True
    assert buffer.flush(store.write, "s1") == 0
    assert buffer.pending("s1") == ["a", "b"]
    store.down = False
    assert buffer.flush(store.write, "s1") == 2
    assert store.rows == ["a", "b"]
    assert buffer.pending("s1") == [] and buffer.pending("s2") == ["x"]
    assert buffer.flush(store.write) == 1
    assert len(buffer) == 0


def test_a_full_buffer_drops_the_oldest_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    buffer: WriteBuffer[str] = WriteBuffer("AI usage row", capacity=2)
    with caplog.at_level(logging.WARNING):
        for item in ("first", "second", "third"):
            buffer.keep("s", item, DOWN)
    assert buffer.pending("s") == ["second", "third"]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "dropped unsaved" in errors[0].getMessage()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 3  # each kept item is logged, without the error's text
    assert all("refused" not in r.getMessage() for r in warnings)


def test_an_item_refused_for_good_does_not_block_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    buffer: WriteBuffer[str] = WriteBuffer("reply")
    store = Store()
    store.bad = {"poison"}
    for item in ("poison", "fine"):
        buffer.keep("s", item, DOWN)
    with caplog.at_level(logging.ERROR):
        assert buffer.flush(store.write, "s") == 2
    assert store.rows == ["fine"]
    assert any("refused; dropped" in r.getMessage() for r in caplog.records)
