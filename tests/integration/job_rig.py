"""Shared by the background-job tests: an app with fast job timings, worker processes.

Re-score and tailoring jobs are checked the way the evaluation job is (see
``test_evaluation_jobs.py``): against the real database and real worker processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from testkit.app_settings import app_settings

from interview_platform.app_factory import App, create_app
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation.evidence import sentences
from interview_platform.evaluation.rubric import COMPETENCY_IDS
from interview_platform.simulation.script import load_script
from tests.integration.platform_rig import Clock

REPO = Path(__file__).resolve().parents[2]
SECRET = "sk-live-0123456789abcdefghijklmnop"  # the operator's key: never in a job or error
TYPED = "sk-typed-9876543210zyxwvutsrqponm"  # a key typed in the browser
FAST_JOBS = {"embedded_worker": False, "lease_s": 2.0, "heartbeat_s": 0.5, "poll_s": 0.1}
TURNS = load_script(REPO / "tests" / "fixtures" / "scripts" / "strong_url_shortener.yaml").turns


def jobs_app(database_url: str, root: Path, base_url: str | None = None, **jobs: Any) -> App:
    """An app whose jobs are queued with fast timings and no worker of its own."""
    openai: dict[str, Any] = {"api_key": SECRET}
    if base_url is not None:
        openai["base_url"] = base_url
    settings = app_settings(
        database_url,
        root,
        logging={"console": False},
        jobs={**FAST_JOBS, **jobs},
        providers={"openai": openai},
    )
    return create_app(settings, apply_schema=False, clock=Clock())


def llm_report() -> str:
    """A schema-valid evaluation report quoting the script's turns."""
    quotes = [sentences(turn)[0] for turn in TURNS]
    competencies = [
        {
            "competency": cid,
            "evidence": [quotes[i % len(quotes)]],
            "rationale": "The choice is reasoned from the access pattern and the numbers.",
            "assessed": True,
            "score": 4,
            "confidence": "high",
        }
        for i, cid in enumerate(COMPETENCY_IDS)
    ]
    return json.dumps({"competencies": competencies, "went_well": [], "needs_improvement": []})


def rows(store: PostgresDataStore, query: str, *params: Any) -> list[dict[str, Any]]:
    """The rows of a query, as dicts."""
    with store.connection() as conn, conn.cursor() as cur:
        cur.execute(query, params)
        names = [c.name for c in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def until(check: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Wait for ``check`` (polling; generous for a slow machine)."""
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def worker_process(database_url: str, root: Path, base_url: str) -> subprocess.Popen[bytes]:
    """A real ``python -m interview_platform worker`` on the test database and model stub."""
    env = {
        **os.environ,
        "IP_DATABASE__URL": database_url,
        "IP_STORAGE__ROOT": str(root / "sessions"),
        "IP_LOGGING__FILE": str(root / "worker.log"),
        "IP_LOGGING__CONSOLE": "false",
        "OPENAI_API_KEY": SECRET,
        "IP_PROVIDERS__OPENAI__BASE_URL": base_url,
        **{f"IP_JOBS__{k.upper()}": str(v).lower() for k, v in FAST_JOBS.items()},
    }
    command = [sys.executable, "-m", "interview_platform", "worker"]
    return subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.DEVNULL)
