"""Retry evaluation on the evaluation page runs as a queued re-score whose progress shows."""

from __future__ import annotations

import time
from typing import Any

from streamlit.testing.v1 import AppTest

from interview_platform.app_factory import App
from interview_platform.job_models import JobKind
from interview_platform.jobs.evaluation import EvaluationJobs, RescoreHandler
from interview_platform.models import Candidate, CommunicationMode, ExperienceLevel
from interview_platform.session.session_manager import SessionManager
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState

HOLD = "UPDATE jobs SET run_after = now() + %s * interval '1 second' WHERE session_id = %s"
# The test is the worker: it takes the held job in one statement (no other worker can).
TAKE = """UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'ui-test-worker',
    lease_until = now() + interval '1 hour' WHERE session_id = %s"""
FAIL = "UPDATE jobs SET status = 'failed', attempts = 3, last_error = %s WHERE session_id = %s"


def _execute(app: App, statement: str, *params: object) -> None:
    with app.store.connection() as conn, conn.cursor() as cur:
        cur.execute(statement, params)


def _hold(app: App, session_id: str, seconds: int) -> None:
    _execute(app, HOLD, seconds, session_id)


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(e.proto) for e in at.get("progress")]
    return "\n".join(parts)


def _pending(app: App) -> tuple[str, SessionManager]:
    """A completed interview whose evaluation is pending, and a manager that wakes no worker."""
    who = app.store.candidates.create_candidate(Candidate(name="Unlucky Candidate"))
    session = app.sessions.create(
        who.id,
        "offline",
        "rubric-interviewer",
        [CommunicationMode.TEXT],
        ExperienceLevel.MID,
        problem_id="url-shortener",
    )
    app.sessions.start(session.id)

    def broken(session_id: str, creds: object = None) -> Any:
        raise RuntimeError("evaluator down")

    app.evaluation.evaluate_session = broken  # type: ignore[method-assign]
    try:
        app.sessions.end(session.id)
    finally:
        del app.evaluation.evaluate_session
    manager = SessionManager(
        app.store, app.evaluation, queue=EvaluationJobs(app.store.jobs, app.settings.jobs)
    )
    return session.id, manager


def _open(at: AppTest, session_id: str) -> None:
    at.session_state[BROWSER_KEY] = BrowserState(session_id=session_id)
    at.run()
    at.switch_page("app_pages/evaluation.py").run()
    assert not at.exception


def test_a_queued_rescore_shows_queued_then_scoring_then_the_report(at: AppTest, app: App) -> None:
    session_id, manager = _pending(app)
    manager.ending.rescore.queue(session_id, None)
    _hold(app, session_id, 3600)  # no worker takes it: the test decides when it runs
    _open(at, session_id)
    assert "Scoring your interview again is queued" in _texts(at)
    assert not at.warning and not at.button and not at.metric

    _execute(app, TAKE, session_id)
    at.run()
    assert "Scoring your interview again…" in _texts(at)
    job = app.store.jobs.latest(JobKind.RESCORE, session_id)
    assert job is not None and job.locked_by == "ui-test-worker"

    RescoreHandler(manager.ending).run(job)
    assert app.store.jobs.finish(job.id, "ui-test-worker")
    at.run()
    assert not at.exception
    assert [m.label for m in at.metric][:3] == ["Overall score", "Hiring signal", "Engine"]
    assert "Scoring your interview again" not in _texts(at)


def test_a_rescore_given_up_says_why_and_offers_retry_again(at: AppTest, app: App) -> None:
    session_id, manager = _pending(app)
    manager.ending.rescore.queue(session_id, None)
    _execute(app, FAIL, "RuntimeError: the model is overloaded", session_id)
    _open(at, session_id)
    assert "still pending" in at.warning[0].value
    shown = _texts(at).replace("\u2060", "")  # escape_markdown's joiner after a colon
    assert "The last retry failed too: RuntimeError: the model is overloaded" in shown
    assert [b.label for b in at.button] == ["Retry evaluation"]


def test_pressing_retry_queues_a_rescore_that_the_embedded_worker_runs(
    at: AppTest, app: App
) -> None:
    session_id, _ = _pending(app)
    _open(at, session_id)
    at.button[0].click().run()
    assert not at.exception
    job = app.store.jobs.latest(JobKind.RESCORE, session_id)
    assert job is not None  # queued, not scored inside the click
    deadline = time.monotonic() + 60
    while (job := app.store.jobs.latest(JobKind.RESCORE, session_id)) and job.is_open:
        assert time.monotonic() < deadline, "the embedded worker never ran the re-score"
        time.sleep(0.1)
    assert job is not None and job.status == "done"
    at.run()
    assert [m.label for m in at.metric][:1] == ["Overall score"]
