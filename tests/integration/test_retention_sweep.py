"""The retention sweep on the real PostgreSQL and real files: the sweep, `db sweep`, the app."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from testkit.app_settings import app_settings

from interview_platform.__main__ import main
from interview_platform.app_factory import create_app
from interview_platform.config import load_settings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import StorageError
from interview_platform.models import Candidate, Evaluation, Message, MessageRole, Session
from interview_platform.storage.file_storage import FileStorage
from interview_platform.storage.retention import RetentionSweeper

pytestmark = pytest.mark.integration


def recorded(store: PostgresDataStore, storage: FileStorage, age_days: float) -> str:
    """A session with a conversation, an evaluation and two files last written ``age_days`` ago."""
    candidate = store.candidates.create_candidate(Candidate(name="Ada"))
    sid = store.sessions.create_session(Session(candidate.id, provider="offline", model="x")).id
    store.conversation.append_message(
        Message(sid, MessageRole.CANDIDATE, "I would shard by user id.")
    )
    store.evaluations.save_evaluation(
        Evaluation(sid, engine="offline", rubric_version="v1", overall_score=61)
    )
    storage.save_audio(sid, b"RIFF" * 100, filename="turn-1.wav")
    storage.save_whiteboard_png(sid, b"\x89PNG\r\n\x1a\nboard")
    stamp = (datetime.now(UTC) - timedelta(days=age_days)).timestamp()
    folder = storage.session_dir(sid)
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (stamp, stamp), follow_symlinks=False)
    return sid


def files_of(storage: FileStorage, sid: str) -> list[Path]:
    return sorted(p for p in storage.session_dir(sid).rglob("*") if p.is_file())


def rows_point_at_files(store: PostgresDataStore, storage: FileStorage, sid: str) -> bool:
    return all(storage.absolute_path(m).is_file() for m in store.media.list_media_files(sid))


@pytest.fixture()
def storage(store: PostgresDataStore, storage_root: Path) -> FileStorage:
    return FileStorage(storage_root, store.media)


def sweeper(store: PostgresDataStore, storage: FileStorage, days: int) -> RetentionSweeper:
    return RetentionSweeper(storage, store.sessions, store.media, days)


def test_an_old_session_loses_its_files_and_keeps_its_history(
    store: PostgresDataStore, storage: FileStorage
) -> None:
    old, new = recorded(store, storage, 400), recorded(store, storage, 10)
    report = sweeper(store, storage, 365).sweep()
    assert [(s.session_id, s.media_rows) for s in report.removed] == [(old, 2)]
    assert report.freed_bytes == 400 + len(b"\x89PNG\r\n\x1a\nboard")
    assert not storage.session_dir(old).exists()
    assert store.media.list_media_files(old) == []
    # The interview itself stays in the history: session, conversation, score.
    assert store.sessions.get_session(old) is not None
    assert [m.content for m in store.conversation.get_messages(old)] == [
        "I would shard by user id."
    ]
    assert store.evaluations.get_evaluation(old).overall_score == 61  # type: ignore[union-attr]
    # The newer session is untouched.
    assert len(files_of(storage, new)) == 2 and len(store.media.list_media_files(new)) == 2
    assert sweeper(store, storage, 365).sweep().removed == []  # nothing left to do


def test_zero_days_keeps_files_forever(store: PostgresDataStore, storage: FileStorage) -> None:
    ancient = recorded(store, storage, 3650)
    settings = load_settings(None, None, environ={}, overrides={"storage": {"retention_days": 0}})
    days = settings.storage.retention_days
    assert sweeper(store, storage, days).sweep().removed == []
    assert len(files_of(storage, ancient)) == 2 and len(store.media.list_media_files(ancient)) == 2


def test_a_folder_that_cannot_be_removed_leaves_the_rest_consistent(
    store: PostgresDataStore, storage: FileStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    stuck, other = sorted([recorded(store, storage, 400), recorded(store, storage, 500)])
    real_delete = storage.delete_session

    def refuse_first(session_id: str) -> None:
        if session_id == stuck:
            raise StorageError("Device or resource busy")
        real_delete(session_id)

    monkeypatch.setattr(storage, "delete_session", refuse_first)
    report = sweeper(store, storage, 365).sweep()
    assert list(report.failed) == [stuck]
    assert [s.session_id for s in report.removed] == [other]  # the sweep went on
    assert not storage.session_dir(other).exists() and store.media.list_media_files(other) == []
    # No row points at a missing file; the stuck files go at the next sweep.
    assert rows_point_at_files(store, storage, stuck)
    monkeypatch.setattr(storage, "delete_session", real_delete)
    assert [s.session_id for s in sweeper(store, storage, 365).sweep().removed] == [stuck]
    assert not storage.session_dir(stuck).exists()


def test_a_database_that_is_down_stops_the_sweep_with_nothing_removed(
    store: PostgresDataStore, storage: FileStorage
) -> None:
    old = recorded(store, storage, 400)
    down = PostgresDataStore(
        "postgresql://postgres@127.0.0.1:1/none", connect_timeout_s=1, retry_base_delay_s=0.01
    )
    report = RetentionSweeper(storage, down.sessions, down.media, 365).sweep()
    assert list(report.failed) == [old] and report.removed == []
    assert len(files_of(storage, old)) == 2 and rows_point_at_files(store, storage, old)


def run_cli(args: list[str], url: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("IP_STORAGE__ROOT", str(root))
    monkeypatch.setenv("IP_STORAGE__RETENTION_DAYS", "365")
    return main(["--config", "missing.yaml", "db", "sweep", "--url", url, *args])


def test_db_sweep_lists_with_dry_run_then_removes(
    store: PostgresDataStore,
    storage: FileStorage,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old, new = recorded(store, storage, 400), recorded(store, storage, 10)
    assert run_cli(["--dry-run"], database_url, storage.root, monkeypatch) == 0
    out = capsys.readouterr().out
    assert f"would remove {old} (0.4 KB)" in out and new not in out
    assert "(dry run: nothing deleted)" in out and len(files_of(storage, old)) == 2
    assert run_cli([], database_url, storage.root, monkeypatch) == 0
    out = capsys.readouterr().out
    assert f"removed {old} (0.4 KB, 2 media rows)" in out
    assert "removed 1 session(s)" in out and not storage.session_dir(old).exists()


def test_the_app_runs_the_daily_sweep_in_the_background_until_closed(
    database_url: str, tmp_path: Path
) -> None:
    settings = app_settings(database_url, tmp_path, logging={"audit_to_database": False})
    before = sweep_threads()  # apps that other tests left open have theirs
    app = create_app(settings, apply_schema=False)
    assert app.sweeps is not None and app.sweeps.running and sweep_threads() == before + 1
    assert app.sweeps.runs == 0  # start-up did not sweep
    app.close()
    assert not app.sweeps.running and sweep_threads() == before


def sweep_threads() -> int:
    return sum(t.name == "retention-sweep" for t in threading.enumerate())
