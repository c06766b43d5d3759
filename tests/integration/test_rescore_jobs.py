"""Re-scoring an interview (*Retry evaluation*) as a job on the PostgreSQL queue (issue 15).

One open re-score per session however often it is asked; a typed key never reaches the
job's stored payload; a failing re-score retries with a doubling delay and leaves the
stored evaluation as it was with a redacted reason; a worker process killed mid-call is
replaced by another that finishes it; a try whose report was stored before its worker
died stores nothing again.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit.stubs import OpenAIStub
from testkit.stubs.interview_setup import STUB_MODELS

from interview_platform.app_factory import App
from interview_platform.application.credentials import TypedKey
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import SessionStateError
from interview_platform.job_models import JobKind
from interview_platform.jobs.evaluation import RescoreHandler, evaluation_worker
from interview_platform.models import (
    CommunicationMode,
    EvaluationStatus,
    ExperienceLevel,
    Message,
    MessageRole,
    Session,
)
from tests.integration.job_rig import (
    SECRET,
    TURNS,
    TYPED,
    jobs_app,
    llm_report,
    rows,
    until,
    worker_process,
)
from tests.integration.platform_rig import candidate, started

pytestmark = pytest.mark.integration


@pytest.fixture()
def app(store: PostgresDataStore, database_url: str, tmp_path: Path) -> Iterator[App]:
    """An app whose re-scores are queued, with no worker of its own."""
    application = jobs_app(database_url, tmp_path)
    yield application
    application.close()


def _rescores(store: PostgresDataStore, session_id: str) -> list[dict[str, Any]]:
    query = "SELECT * FROM jobs WHERE session_id = %s AND kind = 'rescore' ORDER BY created_at"
    return rows(store, query, session_id)


def _pending_interview(app: App) -> Session:
    """A completed interview whose evaluation is pending (the evaluator failed at the end)."""
    session = started(app, candidate(app))

    def broken(session_id: str, creds: object = None) -> Any:
        raise RuntimeError("evaluator down")

    app.evaluation.evaluate_session = broken  # type: ignore[method-assign]
    try:
        app.sessions.end(session.id)  # at once, no job: the evaluation is stored pending
    finally:
        del app.evaluation.evaluate_session  # the real evaluator again
    stored = app.sessions.ending.stored_evaluation(session.id)
    assert stored is not None and stored.status is EvaluationStatus.PENDING
    return session


def _openai_interview(app: App) -> Session:
    session = app.sessions.create(
        candidate(app).id,
        "openai",
        STUB_MODELS["openai"],
        [CommunicationMode.TEXT],
        ExperienceLevel.SENIOR,
        problem_id="url-shortener",
    )
    app.sessions.start(session.id)
    for turn in TURNS:
        app.store.conversation.append_message(Message(session.id, MessageRole.CANDIDATE, turn))
    return session


def test_retry_pressed_again_and_again_queues_one_rescore_that_clears_the_pending(
    app: App,
) -> None:
    lifecycle = app.platform.lifecycle
    active = started(app, candidate(app, "Still Talking"))
    with pytest.raises(SessionStateError):
        lifecycle.queue_rescore(active.id, None)  # not ended: nothing to score again
    assert _rescores(app.store, active.id) == []

    session = _pending_interview(app)
    assert lifecycle.rescore_progress(session.id) is None
    assert all(lifecycle.queue_rescore(session.id, None) for _ in range(3))
    (job,) = _rescores(app.store, session.id)
    assert job["status"] == "queued"
    assert lifecycle.rescore_progress(session.id).state == "queued"  # type: ignore[union-attr]

    worker = evaluation_worker(app.store.jobs, app.sessions.ending, app.settings.jobs, str)
    assert worker.run_once() is True
    assert worker.run_once() is False  # it ran once
    stored = app.sessions.ending.stored_evaluation(session.id)
    assert stored is not None and stored.status is EvaluationStatus.COMPLETED
    assert "evaluation_pending" not in app.sessions.get(session.id).metadata
    assert lifecycle.rescore_progress(session.id).state == "done"  # type: ignore[union-attr]
    # Once done, asking again queues a new one (a refresh), not the old one again.
    lifecycle.queue_rescore(session.id, None)
    assert [j["status"] for j in _rescores(app.store, session.id)] == ["done", "queued"]


def test_a_typed_key_is_used_by_this_process_but_never_stored_in_the_job(
    store: PostgresDataStore, database_url: str, tmp_path: Path
) -> None:
    with OpenAIStub() as stub:
        app = jobs_app(database_url, tmp_path, base_url=stub.base_url)
        try:
            stub.enqueue_text(llm_report())
            session = _openai_interview(app)
            app.sessions.end(session.id)  # the first evaluation, at once
            stub.enqueue_text(llm_report())
            app.platform.lifecycle.queue_rescore(session.id, TypedKey("openai", TYPED))
            (job,) = _rescores(store, session.id)
            stored_payload = json.dumps(job["payload"])
            assert TYPED not in stored_payload and SECRET not in stored_payload
            assert job["payload"]["typed_key"] is True
            worker = evaluation_worker(app.store.jobs, app.sessions.ending, app.settings.jobs, str)
            assert worker.run_once() is True
            last = stub.completion_requests()[-1]
            assert last.headers["authorization"] == f"Bearer {TYPED}"  # the handoff's key
        finally:
            app.close()


def test_a_failing_rescore_retries_with_backoff_and_keeps_the_evaluation_it_had(
    store: PostgresDataStore, database_url: str, tmp_path: Path
) -> None:
    app = jobs_app(database_url, tmp_path, backoff_s=1.0, max_attempts=2)
    try:
        session = _pending_interview(app)
        before = app.sessions.ending.stored_evaluation(session.id)
        calls: list[str] = []

        def broken(session_id: str, creds: object = None) -> Any:
            calls.append(session_id)
            raise RuntimeError(f"provider refused key {SECRET}")

        app.evaluation.evaluate_session = broken  # type: ignore[method-assign]
        app.platform.lifecycle.queue_rescore(session.id, None)
        worker = evaluation_worker(
            app.store.jobs, app.sessions.ending, app.settings.jobs, app.logging.redactor.redact
        )
        assert worker.run_once() is True
        (job,) = _rescores(store, session.id)
        assert (job["status"], job["attempts"]) == ("queued", 1)
        assert (job["run_after"] - job["updated_at"]).total_seconds() == 1.0
        until(worker.run_once)  # the second (last) try, once the delay is over
        (job,) = _rescores(store, session.id)
        assert (job["status"], job["attempts"], len(calls)) == ("failed", 2, 2)
        assert SECRET not in job["last_error"] and "RuntimeError" in job["last_error"]
        progress = app.platform.lifecycle.rescore_progress(session.id)
        assert progress is not None and progress.state == "failed"
        assert progress.last_error is not None and SECRET not in progress.last_error
        after = app.sessions.ending.stored_evaluation(session.id)
        assert after == before  # the pending evaluation is as it was
    finally:
        app.close()


def test_a_try_whose_report_was_stored_before_its_worker_died_is_not_made_again(
    app: App,
) -> None:
    session = _pending_interview(app)
    app.platform.lifecycle.queue_rescore(session.id, None)
    dead = app.store.jobs.claim("dead-worker", [JobKind.RESCORE], 1.0)
    assert dead is not None
    RescoreHandler(app.sessions.ending).run(dead)  # stored; then the worker died
    stored = app.sessions.ending.stored_evaluation(session.id)
    assert stored is not None and stored.status is EvaluationStatus.COMPLETED
    calls: list[str] = []

    def counted(session_id: str, creds: object = None) -> Any:
        calls.append(session_id)
        raise AssertionError("evaluated a second time")

    app.evaluation.evaluate_session = counted  # type: ignore[method-assign]
    worker = evaluation_worker(app.store.jobs, app.sessions.ending, app.settings.jobs, str)
    until(worker.run_once)  # claimed again once the lease lapsed
    assert calls == []
    (job,) = _rescores(app.store, session.id)
    assert (job["status"], job["attempts"]) == ("done", 2)
    assert app.sessions.ending.stored_evaluation(session.id) == stored


def test_a_worker_killed_mid_rescore_is_replaced_and_the_report_is_made_once(
    store: PostgresDataStore, database_url: str, tmp_path: Path
) -> None:
    with OpenAIStub() as stub:
        app = jobs_app(database_url, tmp_path, base_url=stub.base_url)
        try:
            stub.enqueue_text(llm_report())  # the first evaluation, at the end
            stub.enqueue_text(llm_report(), delay_s=600)  # the first worker hangs in the call
            stub.enqueue_text(llm_report())
            session = _openai_interview(app)
            first_report = app.sessions.end(session.id)
            app.platform.lifecycle.queue_rescore(session.id, None)
            first = worker_process(database_url, tmp_path, stub.base_url)
            try:
                until(lambda: len(stub.completion_requests()) == 2)
                os.kill(first.pid, signal.SIGKILL)  # mid-rescore: the model call in flight
                first.wait(30)
                second = worker_process(database_url, tmp_path, stub.base_url)
                try:
                    until(lambda: _rescores(store, session.id)[0]["status"] == "done")
                finally:
                    second.send_signal(signal.SIGTERM)
                    assert second.wait(30) == 0
            finally:
                if first.poll() is None:
                    first.kill()
            assert len(stub.completion_requests()) == 3  # end, killed try, finishing try
            (job,) = _rescores(store, session.id)
            assert job["attempts"] == 2
            stored = app.sessions.ending.stored_evaluation(session.id)
            assert stored is not None and stored.status is EvaluationStatus.COMPLETED
            assert stored.created_at > first_report.created_at  # a new report replaced it
            usage = rows(
                store,
                "SELECT 1 FROM token_usage WHERE session_id = %s AND operation = 'evaluation'",
                session.id,
            )
            assert len(usage) == 2  # the end's evaluation and one completed re-score
        finally:
            app.close()
