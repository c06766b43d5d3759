"""Shared media storage without a server: settings, and FileStorage over a folder blob store.

The folder store (:class:`LocalBlobStore`) is the fake twin of the S3 store; the
S3 store itself is tested against a real S3 wire-protocol server in
``tests/integration/test_s3_storage.py``.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interview_platform.config import load_settings
from interview_platform.exceptions import ConfigurationError
from interview_platform.models import MediaKind, new_id
from interview_platform.storage.backends import build_file_storage
from interview_platform.storage.blob_store import (
    BlobChecksumError,
    BlobMissingError,
    LocalBlobStore,
)
from interview_platform.storage.file_storage import FileStorage
from interview_platform.storage.shared_media import SharedMedia
from tests.unit.repository_fakes import InMemoryMedia

SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"


def _settings(environ: dict[str, str] | None = None, **storage: object) -> object:
    overrides = {"storage": storage} if storage else None
    return load_settings(None, None, environ=environ or {}, overrides=overrides)


# -- settings ----------------------------------------------------------------------------
def test_local_disk_stays_the_default_and_loads_no_s3_client() -> None:
    settings = load_settings(None, None, environ={})
    assert settings.storage.backend == "local"
    storage = build_file_storage(settings.storage, InMemoryMedia())
    assert "shared=None" in repr(storage)


def test_environment_selects_s3_and_the_secret_stays_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {
        "IP_STORAGE__BACKEND": "s3",
        "IP_STORAGE__S3__BUCKET": "cohort-media",
        "IP_STORAGE__S3__ENDPOINT_URL": "http://127.0.0.1:9000/",
        "IP_STORAGE__S3__SECRET_ACCESS_KEY": SECRET,
        "IP_STORAGE__S3__PREFIX": "/spring/2026",
    }.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(None, None, environ={})
    s3 = settings.storage.s3
    assert (settings.storage.backend, s3.bucket) == ("s3", "cohort-media")
    assert s3.endpoint_url == "http://127.0.0.1:9000"
    assert s3.prefix == "spring/2026/"
    assert s3.secret_access_key is not None and s3.secret_access_key.get_secret_value() == SECRET
    assert SECRET not in repr(settings) and SECRET not in settings.model_dump_json()


@pytest.mark.parametrize(
    ("storage", "key"),
    [
        ({"backend": "s3"}, "storage"),  # no bucket
        ({"backend": "s3", "s3": {"bucket": "Upper_Case"}}, "storage.s3.bucket"),
        ({"backend": "s3", "s3": {"bucket": "ok-name", "prefix": "a/../b"}}, "storage.s3.prefix"),
        ({"backend": "s3", "s3": {"bucket": "ok-name", "endpoint_url": "ftp://x"}}, "endpoint"),
        ({"backend": "azure"}, "storage.backend"),
        ({"s3": {"bucket": "ok-name", "secret": "typo"}}, "storage.s3.secret"),
    ],
)
def test_bad_storage_settings_fail_at_start_naming_the_key(
    storage: dict[str, object], key: str
) -> None:
    with pytest.raises(ConfigurationError, match=key.replace(".", r"\.")):
        _settings(**storage)


# -- FileStorage over a shared folder ("two machines, one bucket") -------------------------
@pytest.fixture()
def rows() -> InMemoryMedia:
    return InMemoryMedia()


@pytest.fixture()
def bucket(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "bucket")


def _machine(tmp_path: Path, name: str, rows: InMemoryMedia, bucket: LocalBlobStore) -> FileStorage:
    return FileStorage(tmp_path / name, rows, SharedMedia(bucket, "deploy/"))


def test_a_save_lands_in_the_store_under_the_session_prefix(
    tmp_path: Path, rows: InMemoryMedia, bucket: LocalBlobStore
) -> None:
    sid = new_id()
    media = _machine(tmp_path, "a", rows, bucket).save_audio(sid, b"wav", "x.wav")
    assert [b.key for b in bucket.list("")] == [f"deploy/sessions/{sid}/audio/x.wav"]
    assert media.path == f"{sid}/audio/x.wav"


def test_names_taken_on_another_machine_are_not_overwritten(
    tmp_path: Path, rows: InMemoryMedia, bucket: LocalBlobStore
) -> None:
    sid = new_id()
    a, b = (_machine(tmp_path, n, rows, bucket) for n in ("a", "b"))
    first = a.save(sid, MediaKind.SCREEN, b"one", "shot.png")
    second = b.save(sid, MediaKind.SCREEN, b"two", "shot.png")
    third = a.save(sid, MediaKind.SCREEN, b"three", "shot.png")
    names = [m.path.rsplit("/", 1)[1] for m in (first, second, third)]
    assert names == ["shot.png", "shot-1.png", "shot-2.png"]
    assert [b.read(m) for m in (first, second, third)] == [b"one", b"two", b"three"]


def test_a_failed_row_removes_the_shared_object_too(
    tmp_path: Path, rows: InMemoryMedia, bucket: LocalBlobStore
) -> None:
    rows.fail = True
    storage = _machine(tmp_path, "a", rows, bucket)
    with pytest.raises(RuntimeError, match="database is down"):
        storage.save_audio(new_id(), b"wav", "x.wav")
    assert bucket.list("") == []
    assert [p for p in (tmp_path / "a").rglob("*") if p.is_file()] == []


def test_a_changed_or_missing_shared_copy_is_an_error_on_the_other_machine(
    tmp_path: Path, rows: InMemoryMedia, bucket: LocalBlobStore
) -> None:
    sid = new_id()
    a = _machine(tmp_path, "a", rows, bucket)
    media = a.save_audio(sid, b"good", "x.wav")
    shared_copy = tmp_path / "bucket" / bucket.list("")[0].key
    shared_copy.write_bytes(b"bad!")
    with pytest.raises(BlobChecksumError, match="recorded SHA-256"):
        _machine(tmp_path, "b", rows, bucket).read(media)
    assert a.read(media) == b"good"  # the machine that wrote it still has a good copy
    shared_copy.unlink()
    with pytest.raises(BlobMissingError):
        _machine(tmp_path, "c", rows, bucket).read(media)


def test_expiry_needs_both_the_local_and_the_shared_copies_to_be_old(
    tmp_path: Path, rows: InMemoryMedia, bucket: LocalBlobStore
) -> None:
    sid = new_id()
    a = _machine(tmp_path, "a", rows, bucket)
    a.save_audio(sid, b"wav", "x.wav")
    now = datetime.now(UTC)
    assert a.expired_sessions(30, now + timedelta(days=31)) == [sid]
    assert a.expired_sessions(30, now) == []
    # Another machine holding no local folder still sees the session through the store.
    assert _machine(tmp_path, "b", rows, bucket).expired_sessions(30, now + timedelta(days=31)) == [
        sid
    ]
    # A recording still being written here keeps the session alive.
    old = (now - timedelta(days=100)).timestamp()
    for blob in bucket.list(""):
        os.utime(tmp_path / "bucket" / blob.key, (old, old))
    assert a.expired_sessions(30, now) == []
    a.delete_session(sid)
    assert bucket.list("") == [] and not a.session_dir(sid).exists()


def test_threads_saving_one_name_at_once_get_distinct_files(
    tmp_path: Path, rows: InMemoryMedia, bucket: LocalBlobStore
) -> None:
    sid = new_id()
    storage = _machine(tmp_path, "a", rows, bucket)
    with ThreadPoolExecutor(8) as pool:
        saved = list(
            pool.map(lambda n: storage.save(sid, MediaKind.SCREEN, b"%d" % n, "s.png"), range(16))
        )
    assert len({m.path for m in saved}) == 16
    assert sorted(storage.read(m) for m in saved) == sorted(b"%d" % n for n in range(16))


class _SlowStore(LocalBlobStore):
    """Holds uploads below ``slow_prefix`` until released (a slow network for one session)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.slow_prefix = "-"
        self.entered = threading.Event()
        self.release = threading.Event()

    def put_new(self, key: str, data: bytes, sha256: str) -> bool:
        if key.startswith(self.slow_prefix):
            self.entered.set()
            assert self.release.wait(30)
        return super().put_new(key, data, sha256)


def test_a_slow_upload_does_not_hold_up_another_sessions_save(
    tmp_path: Path, rows: InMemoryMedia
) -> None:
    store = _SlowStore(tmp_path / "bucket")
    storage = FileStorage(tmp_path / "a", rows, SharedMedia(store))
    slow, fast = new_id(), new_id()
    locks = storage._name_locks
    for _ in range(200):  # a session on another lock stripe, as almost every other is
        if locks.for_folder(storage.session_dir(fast) / "video") is not locks.for_folder(
            storage.session_dir(slow) / "video"
        ):
            break
        fast = new_id()
    else:
        pytest.fail("every session's saves wait on one lock")
    store.slow_prefix = f"sessions/{slow}/"
    with ThreadPoolExecutor(1) as pool:
        upload = pool.submit(storage.save, slow, MediaKind.VIDEO, b"big", "v.mp4")
        assert store.entered.wait(30)
        try:
            done = storage.save(fast, MediaKind.VIDEO, b"small", "v.mp4")
            assert not upload.done()  # the other save finished while this upload waited
        finally:
            store.release.set()
        assert storage.read(upload.result(30)) == b"big"
    assert storage.read(done) == b"small"
