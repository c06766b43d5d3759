"""Ending, continuing and re-scoring interviews; the read models of the pages (real database)."""

from __future__ import annotations

import asyncio

import pytest

from interview_platform.app_factory import App
from interview_platform.application.credentials import TypedKey
from interview_platform.application.lifecycle import EndRequest
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import SessionStateError
from interview_platform.models import (
    EvaluationStatus,
    SessionStatus,
)
from tests.integration.platform_rig import (
    Clock,
    candidate,
    png,
    png_data_url,
    started,
)

pytestmark = pytest.mark.integration


# -- end, continue, retry ------------------------------------------------------------------
class FakeMic:
    def __init__(self) -> None:
        self.stopped = 0

    def stop_track(self) -> None:
        self.stopped += 1


def _drawing_updated_at(store: PostgresDataStore, session_id: str) -> object:
    with store.connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT updated_at FROM whiteboard_states WHERE session_id = %s", (session_id,))
        row = cur.fetchone()
    return row[0] if row else None


def test_ending_does_not_save_the_drawing_again(app: App, store: PostgresDataStore) -> None:
    session = started(app, candidate(app))
    drawing = {"objects": [{"type": "rect", "left": 1, "top": 2, "width": 3, "height": 4}]}
    app.whiteboard.save(session.id, drawing)
    before = _drawing_updated_at(store, session.id)
    result = app.platform.lifecycle.end(EndRequest(session.id, board_drawing=drawing))
    assert result.error is None
    assert _drawing_updated_at(store, session.id) == before
    assert app.whiteboard.load(session.id) == drawing


def test_ending_without_a_drawing_writes_none(app: App, store: PostgresDataStore) -> None:
    session = started(app, candidate(app))
    app.platform.lifecycle.end(EndRequest(session.id))
    assert _drawing_updated_at(store, session.id) is None


def test_ending_takes_the_final_snapshot_and_finishes_the_mic(app: App) -> None:
    session = started(app, candidate(app))
    mic = FakeMic()
    drawing = {"objects": [{"type": "circle", "left": 5, "top": 5, "radius": 3}]}
    result = app.platform.lifecycle.end(
        EndRequest(session.id, board_png=png(), board_drawing=drawing, mic=mic)
    )
    assert (result.error, result.snapshot_error, result.snapshot_saved) == (None, None, True)
    assert mic.stopped == 1
    [snapshot] = app.store.media.list_whiteboard_snapshots(session.id)
    assert snapshot.object_count == 1
    assert result.queued  # the evaluation is a background job; the app's worker runs it
    evaluation = app.platform.lifecycle.await_evaluation(session.id)
    assert app.sessions.get(session.id).status is SessionStatus.COMPLETED
    assert evaluation.status is EvaluationStatus.COMPLETED


def test_a_broken_snapshot_is_reported_and_the_interview_still_ends(app: App) -> None:
    session = started(app, candidate(app))
    result = app.platform.lifecycle.end(EndRequest(session.id, board_png=b"GIF89a not a png"))
    assert result.snapshot_saved is False
    assert result.snapshot_error is not None
    assert "PNG" in result.snapshot_error
    assert result.error is None
    app.platform.lifecycle.await_evaluation(session.id)
    assert app.sessions.get(session.id).status is SessionStatus.COMPLETED
    assert app.store.media.list_whiteboard_snapshots(session.id) == []


def test_ending_without_a_camera_never_asks_for_the_loop(app: App) -> None:
    session = started(app, candidate(app))

    def no_loop() -> asyncio.AbstractEventLoop:
        raise AssertionError("no recorder: the WebRTC loop must not be needed")

    result = app.platform.lifecycle.end(EndRequest(session.id, camera_loop=no_loop))
    assert (result.error, result.video_error, result.video_pending) == (None, None, False)


def test_ending_twice_gives_the_same_evaluation(app: App) -> None:
    session = started(app, candidate(app))
    first = app.platform.lifecycle.end(EndRequest(session.id))
    second = app.platform.lifecycle.end(EndRequest(session.id))
    assert first.evaluation is not None and second.evaluation is not None
    assert second.evaluation.overall_score == first.evaluation.overall_score
    assert second.error is None


def test_ending_an_interview_never_started_reports_why(app: App) -> None:
    who = candidate(app)
    session = app.sessions.create(
        who.id, "offline", "m", ["text"], "mid", problem_id="url-shortener"
    )
    result = app.platform.lifecycle.end(EndRequest(session.id, board_png=png()))
    assert result.error is not None
    assert result.evaluation is None
    assert app.sessions.get(session.id).status is SessionStatus.CREATED


def test_continuing_resumes_only_a_paused_interview(app: App, clock: Clock) -> None:
    session = started(app, candidate(app))
    app.sessions.pause(session.id)
    clock.advance(90)
    resumed = app.platform.lifecycle.continue_interview(session.id)
    assert resumed.status is SessionStatus.ACTIVE
    assert app.sessions.get(session.id).metadata["pauses"][-1]["end"] is not None
    again = app.platform.lifecycle.continue_interview(session.id)  # active: nothing to do
    assert again.status is SessionStatus.ACTIVE
    app.sessions.end(session.id)
    done = app.platform.lifecycle.continue_interview(session.id)
    assert done.status is SessionStatus.COMPLETED  # an ended interview stays ended


def test_no_second_scoring_before_the_end(app: App) -> None:
    session = started(app, candidate(app))
    with pytest.raises(SessionStateError):
        app.platform.lifecycle.retry_evaluation(session.id, None)


def test_scoring_again_after_the_end(app: App) -> None:
    session = started(app, candidate(app))
    app.platform.lifecycle.end(EndRequest(session.id))
    evaluation = app.platform.lifecycle.retry_evaluation(session.id, TypedKey("offline"))
    assert evaluation.status is EvaluationStatus.COMPLETED


# -- read models -----------------------------------------------------------------------
def test_the_evaluation_view_names_the_next_problem(app: App) -> None:
    session = started(app, candidate(app))
    assert app.platform.views.evaluation(session.id) is None
    app.platform.lifecycle.end(EndRequest(session.id))
    app.platform.lifecycle.await_evaluation(session.id)
    view = app.platform.views.evaluation(session.id)
    assert view is not None
    assert view.videos == 0
    if view.evaluation.next_problem_id:
        assert view.next_problem == app.bank.get(view.evaluation.next_problem_id).title
    else:
        assert view.next_problem is None


def test_the_clock_leaves_pauses_out(app: App, clock: Clock) -> None:
    session = started(app, candidate(app))
    clock.advance(200)
    app.sessions.pause(session.id)
    clock.advance(500)
    view = app.platform.views.clock(session.id)
    assert view.elapsed_s == pytest.approx(200.0)
    assert view.planned_minutes == session.planned_minutes
    assert view.phase


def test_session_media_are_paths_the_page_can_open(app: App) -> None:
    session = started(app, candidate(app))
    for seq in range(8):
        app.screen.save_capture(session.id, png_data_url(), seq)
    media = app.platform.history.media(session.id)
    assert media.screen_count == 8
    assert len(media.screens) == 6  # the latest six
    assert all(p.is_absolute() and p.is_file() for p in media.screens)
    assert media.snapshots == [] and media.audio == [] and media.videos == []
