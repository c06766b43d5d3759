"""Two app processes finalizing the same recordings: each file is taken by one of them.

"Two processes" are two handlers over two stores (two connection pools) on one database
and one session folder, as ``./startup.sh --processes N`` runs them; their per-process
locks do not see each other, so only the claim on the file itself keeps them apart.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from testkit.video import write_h264

from interview_platform.communication import file_claims, video_handler
from interview_platform.communication.mic_track import MicTrack
from interview_platform.communication.video_handler import VideoHandler
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import MediaFile, MediaKind, Session
from interview_platform.storage.file_storage import FileStorage

pytestmark = pytest.mark.integration
RATE = 16_000


def tone(seconds: float) -> np.ndarray:
    """A 440 Hz tone of ``seconds`` as 16 kHz PCM (what the microphone track writes)."""
    t = np.arange(int(seconds * RATE)) / RATE
    return (8000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)


@pytest.fixture()
def other_store(store: PostgresDataStore, database_url: str) -> Iterator[PostgresDataStore]:
    """A second pool on the same database (another app process)."""
    second = PostgresDataStore(database_url, pool_min=1, pool_max=3)
    yield second
    second.close()


@pytest.fixture()
def probes_meet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Hold each probe until a second one starts (or 2 s pass): the racers overlap.

    Without a claim both processes probe the same file before either registers it.
    """
    meet = threading.Barrier(2)
    real: Callable[[Path], dict[str, Any]] = video_handler.probe_video
    probed: list[str] = []

    def probe(path: Path) -> dict[str, Any]:
        probed.append(path.name)
        # A broken barrier: the other process never probed this file, nothing to wait for.
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait(timeout=2.0)
        return real(path)

    monkeypatch.setattr(video_handler, "probe_video", probe)
    return probed


def _race(handlers: list[VideoHandler], session_id: str) -> list[list[MediaFile]]:
    """Both handlers finalize at once; return what each registered."""
    start = threading.Barrier(len(handlers))
    results: list[list[MediaFile]] = [[] for _ in handlers]
    errors: list[BaseException] = []

    def run(index: int) -> None:
        start.wait(timeout=10)
        try:
            results[index] = handlers[index].finalize_ready(session_id, min_age_s=3.0)
        except BaseException as exc:  # reported below, with the test's own assertion
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(handlers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def _setup(handler: VideoHandler, session_id: str) -> None:
    """A finished 3 s recording and a finished microphone track covering it."""
    ended = time.time() - 10
    path = handler.new_recording_path(session_id)
    write_h264(path, frames=30)
    os.utime(path, (ended, ended))
    track = MicTrack(handler.mic_folder(session_id))
    track.write(tone(5.0), at=ended - 4.0)
    track.close()
    assert track.path is not None
    os.utime(track.path, (ended + 1.0, ended + 1.0))


def test_two_processes_register_one_recording_once(
    store: PostgresDataStore,
    other_store: PostgresDataStore,
    storage_root: Path,
    session: Session,
    probes_meet: list[str],
) -> None:
    first = VideoHandler(FileStorage(storage_root, store.media))
    second = VideoHandler(FileStorage(storage_root, other_store.media))
    _setup(first, session.id)
    results = _race([first, second], session.id)
    assert len(probes_meet) == 1  # the loser never read the file
    videos = store.media.list_media_files(session.id, MediaKind.VIDEO)
    assert sorted(bool(v.metadata.get("audio_s")) for v in videos) == [False, True]
    assert sorted(len(r) for r in results) == [0, 2]  # one process did it all
    mics = store.media.list_media_files(session.id, MediaKind.AUDIO)
    assert [m.metadata["track"] for m in mics] == ["microphone"]
    assert first.pending(session.id) == second.pending(session.id) == []
    folder = storage_root / session.id
    assert sorted(p.name for p in folder.rglob(".*")) == []  # no claim or track left
    assert len(list((folder / "video").glob("*.mp4"))) == 2


def test_a_claim_left_by_a_dead_process_is_taken_over(
    store: PostgresDataStore,
    storage_root: Path,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handler = VideoHandler(FileStorage(storage_root, store.media))
    _setup(handler, session.id)
    dead = file_claims.claim(handler.pending(session.id)[0])  # then the process died
    assert dead is not None
    assert handler.pending(session.id) == [dead]  # shown as still being saved
    assert handler.finalize_ready(session.id, min_age_s=0.0) == []  # a live claim is kept
    assert store.media.list_media_files(session.id) == []  # the track waits for the join
    monkeypatch.setattr(file_claims, "CLAIM_LAPSE_S", 0.0)  # as if 15 minutes had passed
    registered = handler.finalize_ready(session.id, min_age_s=0.0)
    assert sorted(bool(m.metadata.get("audio_s")) for m in registered) == [False, True]
    assert handler.pending(session.id) == []
    assert len(store.media.list_media_files(session.id, MediaKind.AUDIO)) == 1


def test_a_recording_not_registered_is_given_back(
    store: PostgresDataStore,
    storage_root: Path,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handler = VideoHandler(FileStorage(storage_root, store.media))
    _setup(handler, session.id)
    pending = handler.pending(session.id)

    def down(*_: object, **__: object) -> None:
        raise ConnectionError("database unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(FileStorage, "save", down)
        with pytest.raises(ConnectionError):
            handler.finalize_ready(session.id, min_age_s=0.0)
    assert handler.pending(session.id) == pending  # under its own name, not a claim
    assert len(handler.finalize_ready(session.id, min_age_s=0.0)) == 2
