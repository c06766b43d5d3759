"""A recording that could not be saved is said so, never offered nor counted (real database).

The camera's unreadable MP4 is registered by the real video handler, as it is in the
app, beside a good one: History plays only the good one and names the other with its
reason; the evaluation page counts one recording.
"""

from __future__ import annotations

import pytest
from testkit.video import write_h264

from interview_platform.app_factory import App
from interview_platform.exceptions import CommunicationError
from interview_platform.models import CommunicationMode, MediaKind
from tests.integration.platform_rig import candidate, started

pytestmark = pytest.mark.integration


def _good_and_unreadable(app: App, session_id: str) -> None:
    good = app.video.new_recording_path(session_id)
    write_h264(good)
    bad = app.video.new_recording_path(session_id)
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(CommunicationError, match="could not be saved"):
        app.video.finalize_ready(session_id, min_age_s=0.0)


def test_history_offers_only_the_saved_recording_and_names_the_other(app: App) -> None:
    session = started(app, candidate(app), modes=[CommunicationMode.TEXT, CommunicationMode.VIDEO])
    _good_and_unreadable(app, session.id)
    assert len(app.store.media.list_media_files(session.id, MediaKind.VIDEO)) == 2
    media = app.platform.history.media(session.id)
    assert len(media.videos) == 1
    assert media.videos[0].read_bytes()[4:8] == b"ftyp"  # the playable one
    [note] = media.unsaved
    assert note.startswith("video recording not saved: ")
    assert "could not be read" in note
    assert "/" not in note and "Errno" not in note  # no server path for people to read


def test_the_evaluation_counts_only_saved_recordings(app: App) -> None:
    session = started(app, candidate(app), modes=[CommunicationMode.TEXT, CommunicationMode.VIDEO])
    _good_and_unreadable(app, session.id)
    app.sessions.end(session.id)
    view = app.platform.views.evaluation(session.id)
    assert view is not None
    assert view.videos == 1


def test_only_unreadable_recordings_count_as_none(app: App) -> None:
    session = started(app, candidate(app), modes=[CommunicationMode.TEXT, CommunicationMode.VIDEO])
    bad = app.video.new_recording_path(session.id)
    bad.write_bytes(b"")
    with pytest.raises(CommunicationError):
        app.video.finalize_ready(session.id, min_age_s=0.0)
    app.sessions.end(session.id)
    view = app.platform.views.evaluation(session.id)
    assert view is not None and view.videos == 0
    media = app.platform.history.media(session.id)
    assert media.videos == [] and len(media.unsaved) == 1
