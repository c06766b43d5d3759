"""Evaluation as a background job: what *End* costs the request, and how fast the queue is.

Prints, for a 60-minute session (~120 turns, offline evaluator):

* the *End* request inside the web process — evaluating inline versus queueing the job;
* queue to stored report with the app's embedded worker (wake-up, claim, evaluate, done);
* the queue alone: jobs claimed and finished per second by 2 worker threads (no-op work).

Uses a throw-away database on the server of ``TEST_DATABASE_URL``
(default: postgresql://postgres@127.0.0.1:5432/postgres).

Run: .venv/bin/python bench/evaluation_jobs_bench.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testkit.app_settings import app_settings

from _scratch_db import scratch_database
from _session_data import long_script
from interview_platform.app_factory import App, create_app
from interview_platform.config_jobs import JobsSettings
from interview_platform.job_models import Job
from interview_platform.jobs.worker import JobWorker
from interview_platform.models import (
    Candidate,
    CommunicationMode,
    ExperienceLevel,
    Message,
    MessageRole,
    Session,
    SessionStatus,
)

RUNS = 3
QUEUE_JOBS = 200


def _session(app: App, who: Candidate) -> str:
    session = app.sessions.create(
        who.id, "offline", "rubric-interviewer", [CommunicationMode.TEXT],
        ExperienceLevel.SENIOR, problem_id="url-shortener", planned_minutes=60,
    )  # fmt: skip
    app.sessions.start(session.id)
    for turn in long_script(120).turns:
        app.store.conversation.append_message(Message(session.id, MessageRole.INTERVIEWER, "And?"))
        app.store.conversation.append_message(Message(session.id, MessageRole.CANDIDATE, turn))
    return session.id


def _end_timings(app: App, who: Candidate, background: bool) -> tuple[list[float], list[float]]:
    request, total = [], []
    for _ in range(RUNS):
        sid = _session(app, who)
        start = time.perf_counter()
        app.sessions.end(sid, background=background)
        request.append(time.perf_counter() - start)
        while app.sessions.get(sid).status is not SessionStatus.COMPLETED:
            time.sleep(0.005)
        total.append(time.perf_counter() - start)
    return request, total


class _NoOp:
    def run(self, job: Job) -> None:
        """Nothing: the queue's own cost is measured."""

    def give_up(self, job: Job, reason: str) -> None:
        """Never reached."""


def _drain(worker: JobWorker) -> None:
    while worker.run_once():
        pass


def _queue_rate(app: App, who: Candidate) -> float:
    ids = [app.store.sessions.create_session(_bare(who)).id for _ in range(QUEUE_JOBS)]
    for sid in ids:
        app.store.jobs.enqueue("noop", sid, {}, 1)
    settings = JobsSettings(heartbeat_s=5.0, lease_s=30.0)
    workers = [JobWorker(app.store.jobs, {"noop": _NoOp()}, settings, str) for _ in range(2)]
    start = time.perf_counter()
    threads = [threading.Thread(target=_drain, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return QUEUE_JOBS / (time.perf_counter() - start)


def _bare(who: Candidate) -> Session:
    return Session(candidate_id=who.id, provider="offline", model="m")


def main() -> int:
    with scratch_database() as url, tempfile.TemporaryDirectory() as tmp:
        settings = app_settings(url, Path(tmp), logging={"console": False})
        app = create_app(settings)
        try:
            who = app.store.candidates.create_candidate(Candidate(name="Bench"))
            inline, _ = _end_timings(app, who, background=False)
            queued, stored = _end_timings(app, who, background=True)
            rate = _queue_rate(app, who)
        finally:
            app.close()
    med = statistics.median
    print(f"End request, evaluated inline:  median {med(inline):.3f} s (max {max(inline):.3f})")
    print(f"End request, evaluation queued: median {med(queued):.3f} s (max {max(queued):.3f})")
    print(f"queued End -> stored report (embedded worker): median {med(stored):.3f} s")
    print(f"queue alone: {rate:.0f} jobs/s claimed and finished by 2 workers ({QUEUE_JOBS} jobs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
