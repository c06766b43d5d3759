"""File storage with the real data store: media rows match the files on disk."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import DataStoreError, ValidationError
from interview_platform.models import Candidate, MediaKind, Session, new_id
from interview_platform.storage.file_storage import FileStorage

pytestmark = pytest.mark.integration


def _session(store: PostgresDataStore) -> str:
    candidate = store.candidates.create_candidate(Candidate(name="Ada"))
    return store.sessions.create_session(Session(candidate.id, provider="offline", model="x")).id


def test_media_rows_record_relative_path_size_and_checksum(
    store: PostgresDataStore, storage_root: Path
) -> None:
    storage = FileStorage(storage_root, store.media)
    sid = _session(store)
    audio = b"RIFF" + bytes(range(256)) * 40
    saved = [
        storage.save_audio(sid, audio, filename="turn-1.wav", seconds=3.2),
        storage.save_whiteboard_png(sid, b"\x89PNG\r\n\x1a\nboard"),
        storage.save_transcript(sid, "turn-1", {"text": "we shard by user id — naïvely"}),
    ]
    rows = store.media.list_media_files(sid)
    assert [r.id for r in rows] == [m.id for m in saved]
    for row in rows:
        on_disk = (storage_root / row.path).read_bytes()
        assert not Path(row.path).is_absolute() and row.path.startswith(f"{sid}/")
        assert row.size_bytes == len(on_disk)
        assert row.sha256 == hashlib.sha256(on_disk).hexdigest()
        assert storage.read(row) == on_disk
    assert rows[0].size_bytes == len(audio) and rows[0].metadata == {"seconds": 3.2}
    assert [r.kind for r in store.media.list_media_files(sid, MediaKind.AUDIO)] == [MediaKind.AUDIO]
    transcript = json.loads(storage.read(rows[2]))
    assert transcript == {"text": "we shard by user id — naïvely"}
    assert storage.disk_usage(sid) == sum(r.size_bytes for r in rows)


def test_a_row_that_cannot_be_recorded_leaves_no_file(
    store: PostgresDataStore, storage_root: Path
) -> None:
    storage = FileStorage(storage_root, store.media)
    unknown_session = new_id()  # no sessions row: the foreign key refuses the media row
    with pytest.raises(DataStoreError):
        storage.save_audio(unknown_session, b"data", filename="a.wav")
    assert [p for p in storage_root.rglob("*") if p.is_file()] == []


def test_traversal_is_rejected_before_touching_the_database(
    store: PostgresDataStore, storage_root: Path
) -> None:
    storage = FileStorage(storage_root, store.media)
    sid = _session(store)
    for name in ("../../escape.wav", "/etc/passwd"):
        with pytest.raises(ValidationError):
            storage.save_audio(sid, b"x", filename=name)
    with pytest.raises(ValidationError):
        storage.save_audio("../" + sid, b"x", filename="a.wav")
    assert store.media.list_media_files(sid) == []
    assert not (storage_root.parent / "escape.wav").exists()
