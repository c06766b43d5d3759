"""A whole App with ``storage.backend: s3``: media saved by one process, used by another.

Two Apps stand for two app processes (or machines) behind the proxy: the same
database and bucket, separate local folders. A spoken answer and a screen capture
are saved through app A's services; app B's history page and screen review use
them, reading the bucket through its own (empty) cache.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit.app_settings import app_settings
from testkit.s3_server import ACCESS_KEY_ID, SECRET_ACCESS_KEY, S3Server, running_s3_server
from testkit.speech import speak

from interview_platform.app_factory import App, create_app
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import MediaKind
from tests.integration.platform_rig import Clock, candidate, png_data_url, started

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with running_s3_server() as server:
        yield server


def _app(database_url: str, root: Path, s3: S3Server, bucket: str) -> App:
    storage = {
        "backend": "s3",
        "s3": {
            "bucket": bucket,
            "endpoint_url": s3.endpoint_url,
            "access_key_id": ACCESS_KEY_ID,
            "secret_access_key": SECRET_ACCESS_KEY,
            "prefix": "cohort",
        },
    }
    settings = app_settings(database_url, root, logging={"console": False}, storage=storage)
    return create_app(settings, apply_schema=False, clock=Clock())


@pytest.fixture()
def two_apps(
    store: PostgresDataStore, database_url: str, tmp_path: Path, s3: S3Server
) -> Iterator[tuple[App, App, str]]:
    bucket = s3.new_bucket()
    a = _app(database_url, tmp_path / "process-a", s3, bucket)
    b = _app(database_url, tmp_path / "process-b", s3, bucket)
    yield a, b, bucket
    a.close()
    b.close()


def test_media_saved_by_one_process_is_used_by_another(
    two_apps: tuple[App, App, str], s3: S3Server, tmp_path: Path
) -> None:
    a, b, bucket = two_apps
    session = started(a, candidate(a))
    wav = speak("we can shard the database by user id", tmp_path / "answer.wav")
    turn = a.audio.handle(session.id, wav)
    a.screen.save_capture(session.id, png_data_url(), 1)
    keys = s3.keys(bucket, f"cohort/sessions/{session.id}/")
    assert {k.split("/")[3] for k in keys} == {"audio", "transcripts", "screen"}

    # Process B: the history page gets local paths with the same bytes.
    media = b.platform.history.media(session.id)
    [audio] = media.audio
    assert audio.is_relative_to(b.storage.root)
    assert audio.read_bytes() == (a.storage.root / turn.audio.path).read_bytes()
    assert media.screens and media.screens[0].read_bytes().startswith(b"\x89PNG")
    # ...the transcript the evaluation reads...
    [transcript] = b.store.media.list_media_files(session.id, MediaKind.TRANSCRIPT)
    assert "database" in json.loads(b.storage.read(transcript))["text"]
    # ...and the screen review sends the capture process A took.
    review = b.platform.turns.screen_review(session)
    assert review is not None and review.ask(None).strip()


def test_the_apps_redactor_knows_the_s3_secret(two_apps: tuple[App, App, str]) -> None:
    a, _b, _bucket = two_apps
    redacted = a.logging.redactor.redact(f"S3 said: bad signature for {SECRET_ACCESS_KEY}.")
    assert SECRET_ACCESS_KEY not in redacted and redacted.startswith("S3 said: bad signature")
