"""The evaluation page's read model: which interview a report is about (real database)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from interview_platform.app_factory import App
from interview_platform.application.lifecycle import EndRequest
from interview_platform.models import (
    CommunicationMode,
    Evaluation,
    ExperienceLevel,
    ImprovementStep,
    MediaKind,
)
from tests.integration.platform_rig import Clock, candidate, started

pytestmark = pytest.mark.integration
DDIA_5 = "Designing Data-Intensive Applications (Kleppmann), chapter 5: Replication"


def test_the_header_names_problem_level_date_duration_without_pauses_and_engine(
    app: App, clock: Clock
) -> None:
    session = started(app, candidate(app))
    clock.advance(300)
    app.sessions.pause(session.id)
    clock.advance(900)  # a pause of 15 minutes does not count
    app.sessions.resume(session.id)
    clock.advance(120)
    app.platform.lifecycle.end(EndRequest(session.id))
    app.platform.lifecycle.await_evaluation(session.id)  # the background job's result
    view = app.platform.views.evaluation(session.id)
    assert view is not None
    header = view.header
    assert header.problem == app.bank.get("url-shortener").title
    assert header.level == ExperienceLevel.MID.value
    assert header.held_at == session.started_at
    assert header.duration_s == pytest.approx(420.0)
    assert header.duration == "7 min"
    assert header.engine == view.evaluation.engine and header.engine.startswith("offline")
    assert header.interviewer == "offline/rubric-interviewer"


def test_an_own_problem_is_cut_and_a_session_never_started_has_no_duration(app: App) -> None:
    who = candidate(app)
    text = "Design   a ledger " + "with many words " * 20
    session = app.sessions.create(
        who.id, "offline", "m", [CommunicationMode.TEXT], ExperienceLevel.SENIOR, problem_text=text
    )
    # Not started, so not endable: a report stored by hand (as a pending one can be).
    app.store.evaluations.save_evaluation(Evaluation(session.id, "offline-rubric", "v1"))
    view = app.platform.views.evaluation(session.id)
    assert view is not None
    assert view.header.problem.startswith("Design a ledger with many words")
    assert view.header.problem.endswith("…") and len(view.header.problem) == 80
    assert view.header.level == "senior"
    assert view.header.duration_s is None and view.header.duration == "—"
    assert view.header.held_at == session.created_at


def test_a_stored_plan_is_shown_with_each_reading_once_and_videos_counted(app: App) -> None:
    session = started(app, candidate(app), modes=[CommunicationMode.TEXT, CommunicationMode.VIDEO])
    evaluation = app.sessions.end(session.id)
    plan = [
        ImprovementStep("reliability", "Replicate.", [DDIA_5, "Google SRE Book, chapter 22"]),
        ImprovementStep("reliability", "Fail over.", [DDIA_5, "Google SRE Book, chapter 22"]),
    ]
    app.store.evaluations.save_evaluation(replace(evaluation, improvement_plan=plan))
    app.storage.save(session.id, MediaKind.VIDEO, b"\x00" * 16, "video.mp4")
    view = app.platform.views.evaluation(session.id)
    assert view is not None
    assert [s.resources for s in view.evaluation.improvement_plan] == [plan[0].resources, []]
    assert view.videos == 1
