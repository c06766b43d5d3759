"""File storage without a database: paths, validation, atomic writes, cleanup."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from interview_platform.exceptions import StorageError, ValidationError
from interview_platform.models import MediaFile, MediaKind, new_id
from interview_platform.storage import atomic
from interview_platform.storage.file_storage import FileStorage
from tests.unit.repository_fakes import InMemoryMedia


@pytest.fixture()
def rows() -> InMemoryMedia:
    return InMemoryMedia()


@pytest.fixture()
def storage(tmp_path: Path, rows: InMemoryMedia) -> FileStorage:
    return FileStorage(tmp_path / "sessions", rows)


def _all_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_save_writes_one_folder_per_session_and_kind(
    storage: FileStorage, rows: InMemoryMedia
) -> None:
    sid = new_id()
    media = storage.save(sid, MediaKind.AUDIO, b"RIFF....", "a.wav", {"seconds": 1.5})
    assert media.path == f"{sid}/audio/a.wav"
    assert not Path(media.path).is_absolute()
    assert storage.absolute_path(media) == storage.root / sid / "audio" / "a.wav"
    assert storage.read(media) == b"RIFF...."
    assert media.size_bytes == 8
    assert media.sha256 == hashlib.sha256(b"RIFF....").hexdigest()
    assert rows.rows == [media]
    assert media.metadata == {"seconds": 1.5}


def test_convenience_wrappers_use_their_sub_folders(storage: FileStorage) -> None:
    sid = new_id()
    saved = [
        storage.save_audio(sid, b"a"),
        storage.save(sid, MediaKind.VIDEO, b"v", "v.mp4"),
        storage.save_whiteboard_png(sid, b"w"),
        storage.save(sid, MediaKind.SCREEN, b"s", "s.png"),
        storage.save_transcript(sid, "turn-1", {"text": "héllo", "words": 1}),
    ]
    folders = [m.path.split("/")[1] for m in saved]
    assert folders == ["audio", "video", "whiteboard", "screen", "transcripts"]
    assert saved[0].path.endswith(".wav") and saved[2].path.endswith(".png")
    assert saved[4].path.endswith("turn-1.json")
    assert json.loads(storage.read(saved[4])) == {"text": "héllo", "words": 1}


def test_same_name_twice_keeps_both_files(storage: FileStorage) -> None:
    sid = new_id()
    first = storage.save(sid, MediaKind.SCREEN, b"one", "cap.png")
    second = storage.save(sid, MediaKind.SCREEN, b"two", "cap.png")
    assert first.path != second.path
    assert second.path.endswith("cap-1.png")
    assert storage.read(first) == b"one" and storage.read(second) == b"two"


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "..",
        "a/../../b",
        "/etc/passwd",
        "sub/file.wav",
        "a\\b.wav",
        "nul\x00.wav",
        ".hidden",
        "",
        "x" * 129,
        "space name.wav",
        "ünïcode.wav",
        "a..b",
    ],
)
def test_bad_file_names_are_rejected_and_nothing_written(
    storage: FileStorage, rows: InMemoryMedia, name: str
) -> None:
    with pytest.raises(ValidationError):
        storage.save(new_id(), MediaKind.AUDIO, b"x", name)
    assert rows.rows == []
    assert not storage.root.exists() or _all_files(storage.root) == []


@pytest.mark.parametrize(
    "sid",
    [
        "../x",
        "..",
        "/tmp",
        "abc",
        "",
        "123E4567-E89B-42D3-A456-426614174000",
        "123e4567-e89b-42d3-a456-426614174000/..",
        "123e4567e89b42d3a456426614174000",
        " 123e4567-e89b-42d3-a456-426614174000",
    ],
)
def test_bad_session_ids_are_rejected(storage: FileStorage, sid: str) -> None:
    with pytest.raises(ValidationError):
        storage.save(sid, MediaKind.AUDIO, b"x", "a.wav")
    with pytest.raises(ValidationError):
        storage.session_dir(sid)
    with pytest.raises(ValidationError):
        storage.delete_session(sid)


def test_symlink_escaping_the_root_is_refused(storage: FileStorage, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    sid = new_id()
    storage.session_dir(sid).mkdir(parents=True)
    (storage.session_dir(sid) / "audio").symlink_to(outside)
    with pytest.raises(StorageError, match="outside the storage root"):
        storage.save_audio(sid, b"x", filename="a.wav")
    assert list(outside.iterdir()) == []


def test_symlinked_session_folder_is_refused_and_delete_keeps_target(
    storage: FileStorage, tmp_path: Path
) -> None:
    outside = tmp_path / "victim"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    sid = new_id()
    storage.root.mkdir(parents=True)
    storage.session_dir(sid).symlink_to(outside)
    with pytest.raises(StorageError):
        storage.save(sid, MediaKind.VIDEO, b"x", "v.mp4")
    storage.delete_session(sid)
    assert (outside / "keep.txt").read_text() == "precious"
    assert not storage.session_dir(sid).exists()


def test_tampered_media_paths_are_refused(storage: FileStorage, tmp_path: Path) -> None:
    sid = new_id()
    media = storage.save_audio(sid, b"x", filename="a.wav")
    for bad in (
        "../../etc/passwd",
        "/etc/passwd",
        f"{sid}/audio/../../x",
        f"{new_id()}/audio/a.wav",
    ):
        forged = MediaFile(sid, MediaKind.AUDIO, bad, 1, media.sha256)
        with pytest.raises(ValidationError):
            storage.read(forged)
    # A symlinked file pointing out of the root is not followed either.
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (storage.session_dir(sid) / "audio" / "link.wav").symlink_to(secret)
    with pytest.raises(StorageError):
        storage.read(MediaFile(sid, MediaKind.AUDIO, f"{sid}/audio/link.wav", 6, ""))


def test_corrupted_file_is_detected_on_read(storage: FileStorage) -> None:
    media = storage.save_audio(new_id(), b"original", filename="a.wav")
    storage.absolute_path(media).write_bytes(b"tampered")
    with pytest.raises(StorageError, match="checksum"):
        storage.read(media)
    assert storage.read(media, verify=False) == b"tampered"


def test_failed_write_leaves_no_partial_file(
    storage: FileStorage, rows: InMemoryMedia, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = new_id()
    real_write = os.write
    calls: list[int] = []

    def flaky_write(fd: int, data: Any) -> int:
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(atomic, "_CHUNK", 4)
    monkeypatch.setattr(os, "write", flaky_write)
    with pytest.raises(StorageError, match="No space left"):
        storage.save(sid, MediaKind.VIDEO, b"0123456789abcdef", "v.mp4")
    assert len(calls) == 2  # the first chunk had really been written
    assert list((storage.session_dir(sid) / "video").iterdir()) == []
    assert rows.rows == []


def test_failed_fsync_leaves_previous_version_intact(
    storage: FileStorage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "file.bin"
    target.write_bytes(b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(StorageError):
        atomic.atomic_write(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.bin"]


def test_database_failure_removes_the_written_file(
    storage: FileStorage, rows: InMemoryMedia
) -> None:
    sid = new_id()
    rows.fail = True
    with pytest.raises(RuntimeError):
        storage.save_audio(sid, b"x", filename="a.wav")
    assert _all_files(storage.root) == []


def test_disk_usage_and_delete_session(storage: FileStorage) -> None:
    sid, other = new_id(), new_id()
    storage.save_audio(sid, b"12345", filename="a.wav")
    storage.save_whiteboard_png(sid, b"123", filename="b.png")
    storage.save_audio(other, b"1", filename="a.wav")
    assert storage.disk_usage(sid) == 8
    storage.delete_session(sid)
    assert storage.disk_usage(sid) == 0
    assert not storage.session_dir(sid).exists()
    assert storage.disk_usage(other) == 1
    storage.delete_session(sid)  # already gone: no error


def _age(path: Path, days: float) -> None:
    stamp = (datetime.now(UTC) - timedelta(days=days)).timestamp()
    for p in [path, *path.rglob("*")]:
        os.utime(p, (stamp, stamp), follow_symlinks=False)


def test_expired_sessions_are_those_untouched_within_the_retention(storage: FileStorage) -> None:
    old, recent, touched = new_id(), new_id(), new_id()
    for sid in (old, recent, touched):
        storage.save_audio(sid, b"x", filename="a.wav")
    _age(storage.session_dir(old), 40)
    _age(storage.session_dir(recent), 5)
    _age(storage.session_dir(touched), 40)
    storage.save(touched, MediaKind.SCREEN, b"new", "s.png")  # recent activity
    stray = storage.root / "not-a-session"
    stray.mkdir()
    _age(stray, 400)
    now = datetime.now(UTC)
    assert storage.expired_sessions(30, now) == [old]
    later = now + timedelta(days=100)
    assert storage.expired_sessions(30, later) == sorted([old, recent, touched])
    assert all(storage.session_dir(s).exists() for s in (old, recent, touched))  # only listed


def test_expiry_validates_retention(storage: FileStorage) -> None:
    now = datetime.now(UTC)
    assert storage.expired_sessions(1, now) == []  # root does not exist yet
    with pytest.raises(ValidationError):
        storage.expired_sessions(-1, now)
