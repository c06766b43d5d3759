"""The retention sweep's policy and its daily schedule, with real files and in-memory rows."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interview_platform.exceptions import DataStoreError, ValidationError
from interview_platform.models import MediaFile, Session, new_id
from interview_platform.storage.file_storage import FileStorage
from interview_platform.storage.retention import RetentionSweeper, start_daily_sweep
from interview_platform.storage.schedule import PeriodicJob
from tests.unit.repository_fakes import InMemoryMedia

NOW = datetime.now(UTC)


class _Rows(InMemoryMedia):
    """Sessions and media rows in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions: set[str] = set()
        self.down = False

    @property
    def media(self) -> list[MediaFile]:
        return self.rows

    def get_session(self, session_id: str) -> Session | None:
        if self.down:
            raise DataStoreError("database is down")
        if session_id not in self.sessions:
            return None
        return Session("cand", "offline", "rubric", id=session_id)


@pytest.fixture()
def rows() -> _Rows:
    return _Rows()


@pytest.fixture()
def storage(tmp_path: Path, rows: _Rows) -> FileStorage:
    return FileStorage(tmp_path / "sessions", rows)


def recorded(storage: FileStorage, rows: _Rows, age_days: float) -> str:
    """A known session with one recording last written ``age_days`` ago."""
    sid = new_id()
    rows.sessions.add(sid)
    storage.save_audio(sid, b"RIFF" * 64, filename="a.wav")
    stamp = (NOW - timedelta(days=age_days)).timestamp()
    folder = storage.session_dir(sid)
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (stamp, stamp), follow_symlinks=False)
    return sid


def sweeper(storage: FileStorage, rows: _Rows, days: int) -> RetentionSweeper:
    return RetentionSweeper(storage, rows, rows, days)


def test_a_dry_run_lists_what_is_due_and_deletes_nothing(storage: FileStorage, rows: _Rows) -> None:
    old, new = recorded(storage, rows, 40), recorded(storage, rows, 5)
    report = sweeper(storage, rows, 30).sweep(dry_run=True)
    assert [s.session_id for s in report.removed] == [old]
    assert report.freed_bytes == 256
    assert storage.session_dir(old).exists() and storage.session_dir(new).exists()
    assert len(rows.media) == 2


def test_a_folder_the_database_does_not_know_is_left_alone(
    storage: FileStorage, rows: _Rows
) -> None:
    stranger = recorded(storage, rows, 400)
    rows.sessions.discard(stranger)  # another database's session sharing the folder
    report = sweeper(storage, rows, 30).sweep()
    assert report.removed == [] and report.unknown == [stranger]
    assert storage.session_dir(stranger).exists()


def test_zero_days_keeps_everything_forever(storage: FileStorage, rows: _Rows) -> None:
    ancient = recorded(storage, rows, 3650)
    assert sweeper(storage, rows, 0).sweep().removed == []
    assert storage.session_dir(ancient).exists()
    assert start_daily_sweep(sweeper(storage, rows, 0)) is None  # nothing to schedule


def test_the_database_going_down_stops_the_run_with_everything_in_place(
    storage: FileStorage, rows: _Rows
) -> None:
    old = [recorded(storage, rows, 40), recorded(storage, rows, 50)]
    rows.down = True
    report = sweeper(storage, rows, 30).sweep()
    assert report.removed == [] and list(report.failed) == [min(old)]  # the first, then stop
    assert all(storage.session_dir(s).exists() for s in old) and len(rows.media) == 2


def test_a_stop_request_ends_the_sweep_between_sessions(storage: FileStorage, rows: _Rows) -> None:
    recorded(storage, rows, 40)
    stop = threading.Event()
    stop.set()
    assert sweeper(storage, rows, 30).sweep(stop=stop).removed == []


@pytest.mark.parametrize("days", [-1, 1.5, True])
def test_a_retention_that_is_not_a_whole_number_of_days_is_refused(
    storage: FileStorage, rows: _Rows, days: object
) -> None:
    with pytest.raises(ValidationError):
        RetentionSweeper(storage, rows, rows, days)  # type: ignore[arg-type]


def wait_for(condition: Callable[[], bool], timeout_s: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_start_returns_at_once_and_a_failing_run_does_not_end_the_schedule(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[float] = []

    def job(stop: threading.Event) -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise DataStoreError("database is down")

    schedule = PeriodicJob("test-job", job, interval_s=0.05, first_delay_s=0.05)
    with caplog.at_level(logging.ERROR):
        started = time.monotonic()
        schedule.start()
        assert calls == []  # nothing ran during start()
        assert wait_for(lambda: len(calls) >= 3)
    schedule.stop()
    assert calls[0] - started >= 0.05
    assert not schedule.running
    assert any("scheduled job failed" in r.getMessage() for r in caplog.records)
    count = len(calls)
    time.sleep(0.15)
    assert len(calls) == count  # stopped means stopped


def test_stop_ends_a_long_wait_at_once() -> None:
    schedule = PeriodicJob("test-job", lambda stop: None)  # first run minutes away
    schedule.start()
    assert schedule.running
    started = time.monotonic()
    schedule.stop()
    assert not schedule.running and time.monotonic() - started < 1.0
    assert schedule.runs == 0


def test_the_daily_sweep_runs_on_its_own_thread(storage: FileStorage, rows: _Rows) -> None:
    old = recorded(storage, rows, 40)
    schedule = start_daily_sweep(sweeper(storage, rows, 30), interval_s=60, first_delay_s=0)
    assert schedule is not None
    try:
        assert wait_for(lambda: not storage.session_dir(old).exists())
        assert rows.media == []
    finally:
        schedule.stop()


def test_a_schedule_needs_a_positive_interval() -> None:
    with pytest.raises(ValueError):
        PeriodicJob("x", lambda stop: None, interval_s=0)
