"""Tailoring the problem from the resume as a job on the PostgreSQL queue (issue 15).

Start creates the session (CREATED, a placeholder problem) and queues one job; the
problem is written by a worker, once, with a typed key that never reaches the stored
payload; a failing job retries with a doubling delay and ends on the bank template with
a redacted reason; a worker process killed mid-call is replaced by another that writes it.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit import tailored_problems as answers
from testkit.stubs import OpenAIStub
from testkit.stubs.interview_setup import STUB_MODELS

from interview_platform.app_factory import App
from interview_platform.application.start import StartRequest, StartResult
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import SessionStateError
from interview_platform.job_models import JobKind
from interview_platform.jobs.evaluation import evaluation_worker
from interview_platform.jobs.worker import JobWorker
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import CommunicationMode, ExperienceLevel, SessionStatus
from interview_platform.problems.resolution import TAILORED_KEY
from interview_platform.session.tailoring import NOTICE_KEY, PLACEHOLDER, TAILORING_KEY
from tests.integration.job_rig import SECRET, TYPED, jobs_app, rows, until, worker_process
from tests.integration.platform_rig import candidate

pytestmark = pytest.mark.integration


@pytest.fixture()
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server


@pytest.fixture()
def app(
    store: PostgresDataStore, database_url: str, tmp_path: Path, stub: OpenAIStub
) -> Iterator[App]:
    """An app whose problems are written by jobs, with no worker of its own."""
    application = jobs_app(database_url, tmp_path, base_url=stub.base_url)
    yield application
    application.close()


def _start(app: App, api_key: str = "") -> StartResult:
    who = candidate(app, "Sam Lee")
    resume = app.resumes.save(who.id, "sam.txt", answers.resume_data())
    request = StartRequest(
        candidate_id=who.id,
        provider="openai",
        model=STUB_MODELS["openai"],
        modes=[CommunicationMode.TEXT],
        level=ExperienceLevel.SENIOR,
        minutes=45,
        tailor=True,
        resume=resume,
        api_key=api_key,
    )
    return app.platform.start(request)


def _jobs(store: PostgresDataStore, session_id: str) -> list[dict[str, Any]]:
    query = "SELECT * FROM jobs WHERE session_id = %s AND kind = 'tailoring'"
    return rows(store, query, session_id)


def _worker(app: App) -> JobWorker:
    extra = app.tailoring.handlers()  # type: ignore[union-attr]
    return evaluation_worker(app.store.jobs, app.sessions.ending, app.settings.jobs, str, extra)


def test_start_queues_one_job_that_writes_the_problem_with_the_typed_key(
    app: App, stub: OpenAIStub
) -> None:
    stub.enqueue_text(json.dumps(answers.tailored_document()))
    result = _start(app, api_key=TYPED)
    session = result.session
    assert result.queued and session.status is SessionStatus.CREATED
    assert session.problem_text == PLACEHOLDER and session.metadata[TAILORING_KEY] is True
    assert stub.completion_requests() == []  # nothing written inside the request
    with pytest.raises(SessionStateError):
        app.platform.start.begin(session.id)  # not before the problem is written
    queue = app.tailoring
    assert queue is not None
    keyless = ProviderCredentials(provider="openai", model=STUB_MODELS["openai"])
    queue.enqueue_tailoring(session.id, keyless, ExperienceLevel.SENIOR.value)  # pressed again
    (job,) = _jobs(app.store, session.id)  # asked twice: one open job
    assert TYPED not in json.dumps(job["payload"]) and SECRET not in json.dumps(job["payload"])
    assert job["payload"]["typed_key"] is True
    assert app.platform.start.tailoring_progress(session.id).state == "queued"  # type: ignore[union-attr]

    worker = _worker(app)
    assert worker.run_once() is True
    assert worker.run_once() is False
    (request,) = stub.completion_requests()
    assert request.headers["authorization"] == f"Bearer {TYPED}"  # the handoff's key
    assert "Built the driver payout ledger" in json.dumps(request.body)
    started = app.platform.start.begin(session.id)
    assert started.notice is None
    assert started.session.status is SessionStatus.ACTIVE
    assert started.session.problem_id == "tailored-driver-payout-ledger"
    assert started.session.metadata[TAILORED_KEY]["title"] == answers.TITLE
    assert TAILORING_KEY not in started.session.metadata


def test_a_failing_job_retries_then_uses_the_bank_template_with_a_redacted_reason(
    store: PostgresDataStore, database_url: str, tmp_path: Path, stub: OpenAIStub
) -> None:
    app = jobs_app(database_url, tmp_path, base_url=stub.base_url, backoff_s=1.0, max_attempts=2)
    try:
        calls: list[str] = []

        def broken(*args: Any, **kwargs: Any) -> Any:
            calls.append("tailor")
            raise RuntimeError(f"provider refused key {SECRET}")

        assert app.tailoring is not None
        app.tailoring.tailor.tailor = broken  # type: ignore[method-assign]
        session = _start(app).session
        worker = evaluation_worker(
            app.store.jobs,
            app.sessions.ending,
            app.settings.jobs,
            app.logging.redactor.redact,
            app.tailoring.handlers(),
        )
        assert worker.run_once() is True
        (job,) = _jobs(store, session.id)
        assert (job["status"], job["attempts"]) == ("queued", 1)
        assert (job["run_after"] - job["updated_at"]).total_seconds() == 1.0
        progress = app.platform.start.tailoring_progress(session.id)
        assert progress is not None and progress.in_progress
        until(worker.run_once)  # the last try, once the delay is over
        (job,) = _jobs(store, session.id)
        assert (job["status"], job["attempts"], len(calls)) == ("failed", 2, 2)
        assert SECRET not in job["last_error"]
        started = app.platform.start.begin(session.id)
        assert started.session.status is SessionStatus.ACTIVE
        assert started.notice is not None and SECRET not in started.notice
        assert started.notice.startswith("Couldn't generate a tailored problem (RuntimeError")
        title = app.bank.get(started.session.problem_id or "").title
        assert started.notice.endswith(f"using {title} from the bank.")
        assert started.session.metadata[NOTICE_KEY] == started.notice
    finally:
        app.close()


def test_a_try_after_the_problem_was_written_calls_no_model_again(
    app: App, stub: OpenAIStub
) -> None:
    stub.enqueue_text(json.dumps(answers.tailored_document()))
    session = _start(app).session
    dead = app.store.jobs.claim("dead-worker", [JobKind.TAILORING], 1.0)
    assert dead is not None
    app.tailoring.handlers()[JobKind.TAILORING].run(dead)  # type: ignore[union-attr]
    assert len(stub.completion_requests()) == 1  # written; then the worker died
    until(_worker(app).run_once)  # claimed again once the lease lapsed
    assert len(stub.completion_requests()) == 1
    (job,) = _jobs(app.store, session.id)
    assert (job["status"], job["attempts"]) == ("done", 2)
    assert app.sessions.get(session.id).problem_id == "tailored-driver-payout-ledger"


def test_a_worker_killed_mid_tailoring_is_replaced_and_the_problem_is_written(
    app: App, stub: OpenAIStub, database_url: str, tmp_path: Path
) -> None:
    stub.enqueue_text(json.dumps(answers.tailored_document()), delay_s=600)  # hangs
    stub.enqueue_text(json.dumps(answers.tailored_document()))
    session = _start(app).session
    first = worker_process(database_url, tmp_path, stub.base_url)
    try:
        until(lambda: len(stub.completion_requests()) == 1)
        os.kill(first.pid, signal.SIGKILL)  # mid-call
        first.wait(30)
        assert TAILORING_KEY in app.sessions.get(session.id).metadata
        second = worker_process(database_url, tmp_path, stub.base_url)
        try:
            until(lambda: _jobs(app.store, session.id)[0]["status"] == "done")
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(30) == 0
    finally:
        if first.poll() is None:
            first.kill()
    assert len(stub.completion_requests()) == 2
    (job,) = _jobs(app.store, session.id)
    assert job["attempts"] == 2
    started = app.platform.start.begin(session.id)
    assert started.session.problem_id == "tailored-driver-payout-ledger"
    assert started.session.status is SessionStatus.ACTIVE
