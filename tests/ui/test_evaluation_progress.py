"""The evaluation page follows a queued evaluation: queued, evaluating, then the report."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from interview_platform.app_factory import App
from interview_platform.job_models import JobKind
from interview_platform.jobs.evaluation import EvaluationHandler, EvaluationJobs
from interview_platform.models import Candidate, CommunicationMode, ExperienceLevel
from interview_platform.session.session_manager import SessionManager
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState

HOLD = "UPDATE jobs SET run_after = now() + %s * interval '1 second' WHERE session_id = %s"
# The test is the worker: it takes the held job in one statement (no other worker can).
TAKE = """UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'ui-test-worker',
    lease_until = now() + interval '1 hour' WHERE session_id = %s"""


def _queued(app: App) -> tuple[str, SessionManager]:
    """An ended interview whose evaluation is queued and held back (no worker takes it)."""
    who = app.store.candidates.create_candidate(Candidate(name="Patient Candidate"))
    session = app.sessions.create(
        who.id,
        "offline",
        "rubric-interviewer",
        [CommunicationMode.TEXT],
        ExperienceLevel.MID,
        problem_id="url-shortener",
    )
    app.sessions.start(session.id)
    # A manager whose queue wakes no worker: the test decides when the job runs.
    manager = SessionManager(
        app.store, app.evaluation, queue=EvaluationJobs(app.store.jobs, app.settings.jobs)
    )
    manager.end(session.id, background=True)
    _hold(app, session.id, 3600)
    return session.id, manager


def _hold(app: App, session_id: str, seconds: int) -> None:
    _execute(app, HOLD, seconds, session_id)


def _execute(app: App, statement: str, *params: object) -> None:
    with app.store.connection() as conn, conn.cursor() as cur:
        cur.execute(statement, params)


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(e.proto) for e in at.get("progress")]
    return "\n".join(parts)


def test_the_page_shows_queued_then_evaluating_then_the_report(at: AppTest, app: App) -> None:
    session_id, manager = _queued(app)
    at.session_state[BROWSER_KEY] = BrowserState(session_id=session_id)
    at.run()
    at.switch_page("app_pages/evaluation.py").run()
    assert not at.exception
    assert "queued" in _texts(at)
    assert not at.metric  # no report yet, and no "pending (the evaluator failed)" either
    assert not at.warning

    _execute(app, TAKE, session_id)
    job = app.store.jobs.latest(JobKind.EVALUATION, session_id)
    assert job is not None and job.locked_by == "ui-test-worker"
    at.run()
    assert "Evaluating your interview" in _texts(at)
    assert not at.metric

    EvaluationHandler(manager.ending).run(job)
    assert app.store.jobs.finish(job.id, "ui-test-worker")
    at.run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["Overall score", "Hiring signal", "Engine"]
    assert "Evaluating" not in _texts(at)
