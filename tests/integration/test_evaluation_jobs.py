"""Evaluation as a background job on the PostgreSQL queue (issue 15, item 4).

One job per session however End is pressed; a failing job retries with a doubling delay
and ends as a pending evaluation whose reason holds no secret; a worker process killed
mid-evaluation (SIGKILL, a real subprocess) is replaced by another that finishes it, and
the evaluation is made and stored once.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit.app_settings import app_settings
from testkit.stubs import OpenAIStub
from testkit.stubs.interview_setup import STUB_MODELS

from interview_platform.app_factory import App, create_app
from interview_platform.application.lifecycle import EndRequest, EndResult
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.job_models import JobKind
from interview_platform.jobs.evaluation import EvaluationJobs, evaluation_worker
from interview_platform.jobs.worker import LOST_WORKER
from interview_platform.models import (
    CommunicationMode,
    EvaluationStatus,
    ExperienceLevel,
    Message,
    MessageRole,
    SessionStatus,
)
from interview_platform.session.ending import SessionEnding
from interview_platform.session.session_manager import SessionManager
from tests.integration.job_rig import TURNS, worker_process
from tests.integration.job_rig import llm_report as _report
from tests.integration.platform_rig import Clock, candidate, started

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
SECRET = "sk-live-0123456789abcdefghijklmnop"
FAST_JOBS = {"embedded_worker": False, "lease_s": 2.0, "heartbeat_s": 0.5, "poll_s": 0.1}


def _app(database_url: str, root: Path, **jobs: Any) -> App:
    settings = app_settings(
        database_url,
        root,
        logging={"console": False},
        jobs={**FAST_JOBS, **jobs},
        providers={"openai": {"api_key": SECRET}},
    )
    return create_app(settings, apply_schema=False, clock=Clock())


@pytest.fixture()
def app(store: PostgresDataStore, database_url: str, tmp_path: Path) -> Iterator[App]:
    """An app whose evaluations are queued, with no worker of its own."""
    application = _app(database_url, tmp_path)
    yield application
    application.close()


def _rows(store: PostgresDataStore, query: str, *params: Any) -> list[dict[str, Any]]:
    with store.connection() as conn, conn.cursor() as cur:
        cur.execute(query, params)
        names = [c.name for c in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _jobs(store: PostgresDataStore, session_id: str) -> list[dict[str, Any]]:
    return _rows(store, "SELECT * FROM jobs WHERE session_id = %s", session_id)


def _until(check: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_end_pressed_twice_in_two_tabs_and_another_process_queues_one_job(app: App) -> None:
    session = started(app, candidate(app))
    queue = EvaluationJobs(app.store.jobs, app.settings.jobs)
    other_process = SessionManager(app.store, app.evaluation, queue=queue)
    results: list[EndResult] = []

    def press_end() -> None:
        results.append(app.platform.lifecycle.end(EndRequest(session.id)))

    tabs = [threading.Thread(target=press_end) for _ in range(3)]
    for tab in tabs:
        tab.start()
    elsewhere = other_process.end(session.id, background=True)
    for tab in tabs:
        tab.join()
    assert [r.queued for r in results] == [True] * 3
    assert SessionEnding.is_queued(elsewhere)
    assert len(_jobs(app.store, session.id)) == 1
    assert app.sessions.get(session.id).status is SessionStatus.ENDING
    progress = app.platform.lifecycle.evaluation_progress(session.id)
    assert progress is not None and progress.state == "queued"

    worker = evaluation_worker(app.store.jobs, app.sessions.ending, app.settings.jobs, str)
    assert worker.run_once() is True
    assert worker.run_once() is False  # nothing left: it ran once
    assert app.sessions.get(session.id).status is SessionStatus.COMPLETED
    evaluation = app.platform.lifecycle.await_evaluation(session.id, timeout_s=5)
    assert evaluation.status is EvaluationStatus.COMPLETED
    assert app.platform.lifecycle.evaluation_progress(session.id).state == "done"  # type: ignore[union-attr]
    # Ending again, after the job: the stored evaluation, no second job.
    again = app.platform.lifecycle.end(EndRequest(session.id))
    assert (
        again.evaluation is not None and again.evaluation.overall_score == evaluation.overall_score
    )
    assert len(_jobs(app.store, session.id)) == 1


def test_a_failing_job_retries_with_backoff_then_pends_with_a_redacted_reason(
    store: PostgresDataStore, database_url: str, tmp_path: Path
) -> None:
    app = _app(database_url, tmp_path, backoff_s=1.0, max_attempts=3)
    calls: list[str] = []

    def broken(session_id: str, creds: object = None) -> Any:
        calls.append(session_id)
        raise RuntimeError(f"provider refused key {SECRET}")

    app.evaluation.evaluate_session = broken  # type: ignore[method-assign]
    try:
        session = started(app, candidate(app))
        app.platform.lifecycle.end(EndRequest(session.id))
        worker = evaluation_worker(
            app.store.jobs, app.sessions.ending, app.settings.jobs, app.logging.redactor.redact
        )
        delays = []
        assert worker.run_once() is True  # the first try
        for attempt in (1, 2):
            (job,) = _jobs(store, session.id)
            assert (job["status"], job["attempts"]) == ("queued", attempt)
            delays.append((job["run_after"] - job["updated_at"]).total_seconds())
            assert SECRET not in job["last_error"]
            assert "RuntimeError" in job["last_error"]
            _until(worker.run_once)  # claimed again once the delay is over
        assert delays == [1.0, 2.0]  # the delay doubles
        (job,) = _jobs(store, session.id)
        assert (job["status"], job["attempts"], len(calls)) == ("failed", 3, 3)
        ended = app.sessions.get(session.id)
        assert ended.status is SessionStatus.COMPLETED
        assert ended.metadata["evaluation_pending"] is True
        assert SECRET not in ended.metadata["evaluation_error"]
        stored = app.sessions.ending.stored_evaluation(session.id)
        assert stored is not None and stored.status is EvaluationStatus.PENDING
        progress = app.platform.lifecycle.evaluation_progress(session.id)
        assert progress is not None and progress.state == "failed" and not progress.in_progress
    finally:
        app.close()


def test_a_worker_killed_mid_evaluation_is_replaced_and_the_evaluation_runs_once(
    app: App, database_url: str, tmp_path: Path
) -> None:
    with OpenAIStub() as stub:
        stub.enqueue_text(_report(), delay_s=600)  # the first worker hangs inside the call
        stub.enqueue_text(_report())
        who = candidate(app)
        session = app.sessions.create(
            who.id,
            "openai",
            STUB_MODELS["openai"],
            [CommunicationMode.TEXT],
            ExperienceLevel.SENIOR,
            problem_id="url-shortener",
        )
        app.sessions.start(session.id)
        for turn in TURNS:
            app.store.conversation.append_message(Message(session.id, MessageRole.CANDIDATE, turn))
        app.platform.lifecycle.end(EndRequest(session.id))
        first = worker_process(database_url, tmp_path, stub.base_url)
        try:
            _until(lambda: len(stub.completion_requests()) == 1)
            os.kill(first.pid, signal.SIGKILL)  # mid-evaluation: the model call is in flight
            first.wait(30)
            assert app.sessions.get(session.id).status is SessionStatus.ENDING
            second = worker_process(database_url, tmp_path, stub.base_url)
            try:
                _until(lambda: app.sessions.get(session.id).status is SessionStatus.COMPLETED)
            finally:
                second.send_signal(signal.SIGTERM)
                assert second.wait(30) == 0
        finally:
            if first.poll() is None:
                first.kill()
        evaluation = app.platform.lifecycle.await_evaluation(session.id, timeout_s=5)
        assert evaluation.status is EvaluationStatus.COMPLETED and not evaluation.is_fallback
        assert len(stub.completion_requests()) == 2  # the killed try and the finishing one
    (job,) = _jobs(app.store, session.id)
    assert (job["status"], job["attempts"]) == ("done", 2)
    assert len(_rows(app.store, "SELECT 1 FROM evaluations WHERE session_id = %s", session.id)) == 1
    usage = _rows(
        app.store,
        "SELECT 1 FROM token_usage WHERE session_id = %s AND operation = 'evaluation'",
        session.id,
    )
    assert len(usage) == 1  # one evaluation call completed and was counted


def test_a_worker_lost_on_the_last_try_leaves_a_pending_evaluation_that_says_so(
    store: PostgresDataStore, database_url: str, tmp_path: Path
) -> None:
    app = _app(database_url, tmp_path, max_attempts=1)
    try:
        session = started(app, candidate(app))
        app.platform.lifecycle.end(EndRequest(session.id))
        # A worker takes the job and dies: it never renews the lease nor finishes.
        assert app.store.jobs.claim("dead-worker", [JobKind.EVALUATION], 1.0) is not None
        worker = evaluation_worker(app.store.jobs, app.sessions.ending, app.settings.jobs, str)
        _until(worker.run_once)  # claimed again once the lease lapsed
        (job,) = _jobs(store, session.id)
        assert (job["status"], job["attempts"], job["last_error"]) == ("failed", 2, LOST_WORKER)
        ended = app.sessions.get(session.id)
        assert ended.status is SessionStatus.COMPLETED
        assert ended.metadata["evaluation_error"] == LOST_WORKER
        stored = app.sessions.ending.stored_evaluation(session.id)
        assert stored is not None and stored.status is EvaluationStatus.PENDING
    finally:
        app.close()
