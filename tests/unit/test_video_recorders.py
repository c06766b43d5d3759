"""The camera recorders the video handler keeps per session (made on WebRTC's threads)."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from interview_platform.communication.video_handler import VideoHandler


class FakeRecorder:
    """Stands in for aiortc's MediaRecorder: records how it was made and stopped."""

    made: ClassVar[list[FakeRecorder]] = []

    def __init__(self, path: str, format: str) -> None:
        self.path, self.format = path, format
        self.stopped = 0
        self.fail: BaseException | None = None
        self.delay_s = 0.0
        FakeRecorder.made.append(self)

    async def stop(self) -> None:
        await asyncio.sleep(self.delay_s)
        if self.fail is not None:
            raise self.fail
        self.stopped += 1


@pytest.fixture()
def fake_aiortc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    module = types.ModuleType("aiortc.contrib.media")
    module.MediaRecorder = FakeRecorder  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "aiortc.contrib.media", module)
    FakeRecorder.made = []
    yield


@pytest.fixture()
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    """An event loop running on its own thread, like streamlit-webrtc's."""
    running = asyncio.new_event_loop()
    thread = threading.Thread(target=running.run_forever, daemon=True)
    thread.start()
    yield running
    running.call_soon_threadsafe(running.stop)
    thread.join(5)
    running.close()


@pytest.fixture()
def handler(tmp_path: Path) -> VideoHandler:
    storage: Any = types.SimpleNamespace(session_dir=lambda sid: tmp_path / sid)
    return VideoHandler(storage)


def test_the_factory_makes_an_mp4_recorder_and_keeps_it(
    fake_aiortc: None, handler: VideoHandler, loop: asyncio.AbstractEventLoop
) -> None:
    recorder = handler.recorder_factory("s1", "/tmp/s1/video/.recording-1.mp4")()
    assert (recorder.path, recorder.format) == ("/tmp/s1/video/.recording-1.mp4", "mp4")
    assert handler.stop_recorder("s1", lambda: loop) is True
    assert recorder.stopped == 1


def test_stopping_twice_stops_once_and_asks_for_no_loop(
    fake_aiortc: None, handler: VideoHandler, loop: asyncio.AbstractEventLoop
) -> None:
    recorder = handler.recorder_factory("s1", "a.mp4")()
    asked: list[int] = []

    def loop_of() -> asyncio.AbstractEventLoop:
        asked.append(1)
        return loop

    assert handler.stop_recorder("s1", loop_of) is True
    assert handler.stop_recorder("s1", loop_of) is False
    assert recorder.stopped == 1
    assert asked == [1]  # no recorder left: the loop is not even looked up


def test_no_recorder_never_touches_the_loop(handler: VideoHandler) -> None:
    def no_loop() -> asyncio.AbstractEventLoop:
        raise AssertionError("the loop must not be asked for")

    assert handler.stop_recorder("never-recorded", no_loop) is False


def test_sessions_keep_their_own_recorders(
    fake_aiortc: None, handler: VideoHandler, loop: asyncio.AbstractEventLoop
) -> None:
    first = handler.recorder_factory("s1", "1.mp4")()
    second = handler.recorder_factory("s2", "2.mp4")()
    assert handler.stop_recorder("s1", lambda: loop) is True
    assert (first.stopped, second.stopped) == (1, 0)
    assert handler.stop_recorder("s2", lambda: loop) is True
    assert second.stopped == 1


def test_a_new_connection_replaces_the_recorder_of_the_same_session(
    fake_aiortc: None, handler: VideoHandler, loop: asyncio.AbstractEventLoop
) -> None:
    old = handler.recorder_factory("s1", "1.mp4")()
    new = handler.recorder_factory("s1", "2.mp4")()
    assert handler.stop_recorder("s1", lambda: loop) is True
    assert (old.stopped, new.stopped) == (0, 1)


class Kept(logging.Handler):
    """Keeps the records of one logger, whatever other tests did to propagation."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_failing_stop_is_reported_false_and_logged(
    fake_aiortc: None,
    handler: VideoHandler,
    loop: asyncio.AbstractEventLoop,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = handler.recorder_factory("s1", "1.mp4")()
    recorder.fail = OSError("disk full")
    logger = logging.getLogger("interview_platform.communication.video")
    # Another test's logging.config call may have disabled the loggers that existed then.
    monkeypatch.setattr(logger, "disabled", False)
    kept = Kept()
    logger.addHandler(kept)
    try:
        assert handler.stop_recorder("s1", lambda: loop) is False
    finally:
        logger.removeHandler(kept)
    [record] = [r for r in kept.records if r.getMessage() == "camera recorder did not stop"]
    assert record.levelno == logging.WARNING
    assert "disk full" in record.error  # type: ignore[attr-defined]


def test_a_stop_that_hangs_gives_up_after_the_timeout(
    fake_aiortc: None, handler: VideoHandler, loop: asyncio.AbstractEventLoop
) -> None:
    recorder = handler.recorder_factory("s1", "1.mp4")()
    recorder.delay_s = 30.0
    assert handler.stop_recorder("s1", lambda: loop, timeout_s=0.05) is False
    assert handler.stop_recorder("s1", lambda: loop) is False  # it is not kept for a retry


def test_recorders_made_on_many_threads_are_all_kept(
    fake_aiortc: None, handler: VideoHandler, loop: asyncio.AbstractEventLoop
) -> None:
    factories = [handler.recorder_factory(f"s{i}", f"{i}.mp4") for i in range(40)]
    threads = [threading.Thread(target=make) for make in factories]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stopped = [handler.stop_recorder(f"s{i}", lambda: loop) for i in range(40)]
    assert all(stopped)
    assert sorted(r.stopped for r in FakeRecorder.made) == [1] * 40
