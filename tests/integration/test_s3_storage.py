"""Session media on an S3 bucket: a real S3 wire-protocol server (moto) on 127.0.0.1.

Two FileStorage objects with separate local folders stand for two processes (or
machines) of one deployment: they share the database and the bucket, nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from testkit.s3_server import SECRET_ACCESS_KEY, S3Server, running_s3_server

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import ConfigurationError
from interview_platform.models import MediaKind, Session, utcnow
from interview_platform.storage.backends import build_file_storage
from interview_platform.storage.blob_store import BlobChecksumError, BlobMissingError
from interview_platform.storage.file_storage import FileStorage
from interview_platform.storage.retention import RetentionSweeper

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with running_s3_server() as server:
        yield server


@pytest.fixture()
def bucket(s3: S3Server) -> str:
    return s3.new_bucket()


def _storage(s3: S3Server, store: PostgresDataStore, root: Path, bucket: str) -> FileStorage:
    return build_file_storage(s3.storage_settings(root, bucket, prefix="deploy-a"), store.media)


@pytest.fixture()
def first(s3: S3Server, store: PostgresDataStore, tmp_path: Path, bucket: str) -> FileStorage:
    return _storage(s3, store, tmp_path / "machine-a", bucket)


@pytest.fixture()
def second(s3: S3Server, store: PostgresDataStore, tmp_path: Path, bucket: str) -> FileStorage:
    return _storage(s3, store, tmp_path / "machine-b", bucket)


def test_every_media_kind_is_saved_to_the_bucket_and_read_back_elsewhere(
    s3: S3Server, bucket: str, first: FileStorage, second: FileStorage, session: Session
) -> None:
    saved = [
        first.save_audio(session.id, b"RIFF-audio", "answer.wav"),
        first.save(session.id, MediaKind.VIDEO, b"\x00\x00\x00\x18ftypmp4", "cam.mp4"),
        first.save_whiteboard_png(session.id, b"\x89PNG-board", "board.png"),
        first.save(session.id, MediaKind.SCREEN, b"\x89PNG-screen", "screen.png"),
        first.save_transcript(session.id, "turn-1", {"text": "shard by user id"}),
    ]
    prefix = f"deploy-a/sessions/{session.id}/"
    assert s3.keys(bucket) == sorted(prefix + m.path.split("/", 1)[1] for m in saved)
    for media in saved:
        # The other machine has nothing on its disk: every read comes from the bucket.
        assert not (second.root / media.path).exists()
        assert second.read(media) == first.read(media)
        assert (second.root / media.path).read_bytes() == first.read(media)
    head = s3.client().head_object(
        Bucket=bucket, Key=prefix + "audio/answer.wav", ChecksumMode="ENABLED"
    )
    digest = hashlib.sha256(b"RIFF-audio").digest()
    assert head["ChecksumSHA256"] == base64.b64encode(digest).decode()


def test_a_path_for_ffmpeg_or_whisper_is_fetched_on_another_machine(
    first: FileStorage, second: FileStorage, session: Session
) -> None:
    media = first.save(session.id, MediaKind.VIDEO, b"mp4-bytes", "cam.mp4")
    path = second.absolute_path(media)
    assert path.is_file() and path.read_bytes() == b"mp4-bytes"
    # The copy keeps the file's age, so reading it does not renew the session's retention.
    assert abs(path.stat().st_mtime - media.created_at.timestamp()) < 1


def test_an_object_changed_on_the_server_is_refused_not_served(
    s3: S3Server, bucket: str, first: FileStorage, second: FileStorage, session: Session
) -> None:
    media = first.save_audio(session.id, b"the real answer", "a.wav")
    evil = b"a different answer"
    # The tamperer even rewrites the object's own checksums to match its new body.
    s3.client().put_object(
        Bucket=bucket,
        Key=f"deploy-a/sessions/{media.path}",
        Body=evil,
        ChecksumAlgorithm="SHA256",
        Metadata={"sha256": hashlib.sha256(evil).hexdigest()},
    )
    with pytest.raises(BlobChecksumError, match="does not match its recorded SHA-256"):
        second.read(media)
    assert not (second.root / media.path).exists()  # nothing bad is cached


def test_a_missing_object_is_a_clear_error(
    s3: S3Server, bucket: str, first: FileStorage, second: FileStorage, session: Session
) -> None:
    media = first.save_whiteboard_png(session.id, b"png", "b.png")
    s3.client().delete_object(Bucket=bucket, Key=f"deploy-a/sessions/{media.path}")
    with pytest.raises(BlobMissingError, match=f"{media.path}' does not exist in bucket"):
        second.read(media)
    # A page asking for a path gets one (missing, as a deleted local file would be).
    assert not second.absolute_path(media).exists()


def test_two_processes_saving_one_name_keep_both_files(
    first: FileStorage, second: FileStorage, session: Session
) -> None:
    one = first.save_transcript(session.id, "conversation", {"turns": 1})
    two = second.save_transcript(session.id, "conversation", {"turns": 2})
    assert (one.path.rsplit("/", 1)[1], two.path.rsplit("/", 1)[1]) == (
        "conversation.json",
        "conversation-1.json",
    )
    assert b'"turns": 1' in second.read(one) and b'"turns": 2' in first.read(two)


def test_delete_session_removes_every_key_and_leaves_other_sessions(
    s3: S3Server,
    bucket: str,
    store: PostgresDataStore,
    first: FileStorage,
    second: FileStorage,
    session: Session,
) -> None:
    other = store.sessions.create_session(
        Session(candidate_id=session.candidate_id, provider="offline", model="m")
    )
    for n in range(3):
        first.save_audio(session.id, b"x" * n, f"a{n}.wav")
    kept = first.save_audio(other.id, b"kept", "k.wav")
    second.delete_session(session.id)
    assert s3.keys(bucket, f"deploy-a/sessions/{session.id}/") == []
    assert s3.keys(bucket) == [f"deploy-a/sessions/{kept.path}"]
    assert second.read(kept) == b"kept"


def test_a_multi_megabyte_recording_round_trips(
    first: FileStorage, second: FileStorage, session: Session
) -> None:
    data = os.urandom(12 * 1024 * 1024 + 7)
    media = first.save(session.id, MediaKind.VIDEO, data, "long.mp4")
    assert second.read(media) == data
    assert second.disk_usage(session.id) == len(data)


def test_retention_sweeps_the_bucket(
    s3: S3Server,
    bucket: str,
    store: PostgresDataStore,
    first: FileStorage,
    second: FileStorage,
    session: Session,
) -> None:
    first.save_audio(session.id, b"old answer", "a.wav")
    sweeper = RetentionSweeper(second, store.sessions, store.media, retention_days=30)
    assert sweeper.sweep(now=utcnow()).removed == []  # the objects are fresh
    # Machine B has no local folder for the session: the bucket alone says it expired.
    report = sweeper.sweep(now=utcnow() + timedelta(days=31))
    assert [s.session_id for s in report.removed] == [session.id]
    assert report.removed[0].size_bytes == len(b"old answer")
    assert s3.keys(bucket) == []
    assert store.media.list_media_files(session.id) == []


def test_a_missing_bucket_stops_start_up_with_the_key_at_fault(
    s3: S3Server, store: PostgresDataStore, tmp_path: Path
) -> None:
    settings = s3.storage_settings(tmp_path, "no-such-bucket-here")
    with pytest.raises(ConfigurationError, match=r"storage\.s3\.bucket.*does not exist"):
        build_file_storage(settings, store.media)


def test_an_unreachable_endpoint_stops_start_up(store: PostgresDataStore, tmp_path: Path) -> None:
    closed = S3Server("http://127.0.0.1:9")  # discard port: nothing listens
    settings = closed.storage_settings(tmp_path, "media", connect_timeout_s=2)
    with pytest.raises(ConfigurationError, match=r"storage\.s3\.endpoint_url.*cannot reach"):
        build_file_storage(settings, store.media)


def test_the_secret_key_is_never_in_a_repr_or_a_log_line(
    s3: S3Server,
    bucket: str,
    store: PostgresDataStore,
    tmp_path: Path,
    session: Session,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = s3.storage_settings(tmp_path, bucket)
    with caplog.at_level(logging.DEBUG):  # botocore logs requests at DEBUG
        storage = build_file_storage(settings, store.media)
        media = storage.save_audio(session.id, b"a", "a.wav")
        storage.read(media)
        with pytest.raises(ConfigurationError):
            build_file_storage(s3.storage_settings(tmp_path, "no-such-bucket-x"), store.media)
    shown = [repr(storage), repr(settings), str(settings), settings.model_dump_json()]
    shown += [r.getMessage() + repr(r.__dict__) for r in caplog.records]
    assert len(caplog.records) > 5  # the requests were logged, so the check looked at them
    assert [s for s in shown if SECRET_ACCESS_KEY in s] == []
