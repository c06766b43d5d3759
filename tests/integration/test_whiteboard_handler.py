"""The whiteboard drawing and its snapshots survive in the database and on disk."""

import io
from pathlib import Path

import pytest
from PIL import Image

from interview_platform.communication.whiteboard_handler import (
    AutoSnapshotPolicy,
    WhiteboardHandler,
    object_count,
)
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import ValidationError
from interview_platform.models import Candidate, MediaKind, Session
from interview_platform.storage.file_storage import FileStorage

pytestmark = pytest.mark.integration

DRAWING = {
    "version": "5.3.0",
    "objects": [
        {"type": "rect", "left": 10, "top": 10, "width": 100, "height": 50, "label": "API"},
        {"type": "line", "x1": -50, "y1": 0, "x2": 50, "y2": 0, "left": 110, "top": 35},
    ],
}


def _png(width: int = 1920, height: int = 1080) -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (width, height), (255, 255, 255, 255)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture()
def handler_and_session(
    store: PostgresDataStore, storage_root: Path
) -> tuple[WhiteboardHandler, Session]:
    candidate = store.candidates.create_candidate(Candidate(name="Board Tester"))
    session = store.sessions.create_session(
        Session(candidate_id=candidate.id, provider="offline", model="m")
    )
    return WhiteboardHandler(store.media, FileStorage(storage_root, store.media)), session


def test_drawing_round_trips(handler_and_session: tuple[WhiteboardHandler, Session]) -> None:
    handler, session = handler_and_session
    assert handler.load(session.id) == {"objects": []}
    handler.save(session.id, DRAWING)
    assert handler.load(session.id) == DRAWING
    handler.save(session.id, {"objects": []})
    assert handler.load(session.id) == {"objects": []}


def test_snapshot_writes_png_and_rows(
    store: PostgresDataStore,
    storage_root: Path,
    handler_and_session: tuple[WhiteboardHandler, Session],
) -> None:
    handler, session = handler_and_session
    png = _png()
    snap = handler.snapshot(session.id, png, DRAWING)
    assert snap.object_count == 2
    [stored] = store.media.list_whiteboard_snapshots(session.id)
    assert stored.canvas_json == DRAWING
    [media] = store.media.list_media_files(session.id, MediaKind.WHITEBOARD)
    assert media.id == stored.media_file_id
    assert (storage_root / media.path).read_bytes() == png


def test_non_png_snapshot_is_refused(
    handler_and_session: tuple[WhiteboardHandler, Session],
) -> None:
    handler, session = handler_and_session
    with pytest.raises(ValidationError):
        handler.snapshot(session.id, b"GIF89a", DRAWING)


def test_object_count_tolerates_junk() -> None:
    assert object_count(DRAWING) == 2
    assert object_count(None) == 0
    assert object_count({"objects": "nope"}) == 0


def test_auto_snapshot_waits_for_a_pause_after_a_change() -> None:
    policy = AutoSnapshotPolicy(pause_seconds=4)
    assert not policy.due(None, None, 100)
    assert not policy.due(changed_at=98, snapshot_at=None, now=100)
    assert policy.due(changed_at=90, snapshot_at=None, now=100)
    assert not policy.due(changed_at=90, snapshot_at=95, now=100)
    assert policy.due(changed_at=96, snapshot_at=95, now=101)
