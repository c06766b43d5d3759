"""``python -m interview_platform worker``: run background jobs until stopped.

Runs queued evaluations, re-scores and tailored problems (queued by any app process).
Start as many as you like, on any machine that reaches the database: a job is claimed
by one worker only, and a job whose worker died is taken over once its lease lapses
(``jobs.lease_s``).
SIGTERM or Ctrl+C stops it after the job in hand. Example::

    python -m interview_platform worker            # until stopped
    python -m interview_platform worker --once     # the jobs ready now, then exit
"""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType
from typing import Any

from interview_platform.config import load_settings


def register(subparsers: Any) -> None:
    """Add the ``worker`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "worker", help="run background jobs (evaluations, re-scores, tailoring) until stopped"
    )
    parser.add_argument("--once", action="store_true", help="run the ready jobs, then exit")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run jobs until SIGTERM/SIGINT (or, with ``--once``, until none is ready)."""
    from interview_platform.app_factory import create_app
    from interview_platform.jobs.evaluation import evaluation_worker
    from interview_platform.jobs.tailoring import TailoringJobs

    settings = load_settings(args.config)
    # This process is the worker: no second, embedded one inside it.
    jobs = settings.jobs.model_copy(update={"embedded_worker": False})
    app = create_app(settings.model_copy(update={"jobs": jobs}))
    redact = app.logging.redactor.redact
    tailoring = TailoringJobs(app.store, app.tailor, app.store.jobs, jobs)
    worker = evaluation_worker(
        app.store.jobs, app.sessions.ending, jobs, redact, tailoring.handlers()
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        worker.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"worker {worker.name} started", file=sys.stderr, flush=True)
    try:
        if args.once:
            while worker.run_once():
                pass
        else:
            worker.run_until_stopped()
    finally:
        app.close()
    return 0
