from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import EvaluationStatus, SessionStatus

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SCRIPTS = Path(__file__).resolve().parents[1] / "fixtures" / "scripts"
KEYS = {
    "session_id", "engine", "rubric_version", "overall_score", "hiring_signal", "competencies",
    "went_well", "went_okay", "needs_improvement", "improvement_plan", "next_problem_id",
    "mode_analysis", "token_usage",
}  # fmt: skip


def _cli(args: list[str], database_url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "IP_DATABASE__URL": database_url,
        "IP_STORAGE__ROOT": str(tmp_path / "sessions"),
        "IP_LOGGING__FILE": str(tmp_path / "logs" / "app.log"),
        "IP_PROVIDERS__DEFAULT": "offline",
    }
    config = str(tmp_path / "missing-config.yaml")
    return subprocess.run(
        [sys.executable, "-m", "interview_platform", "--config", config, *args],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=240, check=False,
    )  # fmt: skip


def test_simulate_prints_the_evaluation_and_evaluate_reproduces_it(
    store: PostgresDataStore, database_url: str, tmp_path: Path
) -> None:
    script = SCRIPTS / "strong_url_shortener.yaml"
    done = _cli(["simulate", "--script", str(script)], database_url, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert set(report) >= KEYS
    assert report["engine"] == "offline-rubric"
    assert 0 <= report["overall_score"] <= 100
    assert len(report["competencies"]) == 8
    for item in report["competencies"]:
        assert {"name", "score", "assessed", "confidence", "evidence"} <= set(item)
        assert item["score"] is None if not item["assessed"] else 1 <= item["score"] <= 5
    assert report["mode_analysis"]["whiteboard"]["components"] >= 6

    session = store.sessions.get_session(report["session_id"])
    assert session is not None and session.status is SessionStatus.COMPLETED
    said = [
        m.content
        for m in store.conversation.get_messages(session.id)
        if m.role.value == "candidate"
    ]
    assert len(said) == 9
    quotes = [e["quote"] for c in report["competencies"] for e in c["evidence"]]
    assert quotes and all(any(q in turn for turn in said) for q in quotes)
    stored = store.evaluations.get_evaluation(session.id)
    assert stored is not None and stored.status is EvaluationStatus.COMPLETED

    again = _cli(["evaluate", "--session", session.id], database_url, tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    second = json.loads(again.stdout)
    assert second["overall_score"] == report["overall_score"]
    assert second["session_id"] == session.id


def test_bad_script_is_a_clear_error(
    store: PostgresDataStore, database_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("problem: url-shortener\nlevel: wizard\nturns: [hello]\n", encoding="utf-8")
    done = _cli(["simulate", "--script", str(bad)], database_url, tmp_path)
    assert done.returncode == 2
    assert "level" in done.stderr and done.stdout == ""


def test_evaluate_unknown_session_is_a_clear_error(
    store: PostgresDataStore, database_url: str, tmp_path: Path
) -> None:
    done = _cli(
        ["evaluate", "--session", "00000000-0000-0000-0000-000000000000"], database_url, tmp_path
    )
    assert done.returncode == 2
    assert "No interview session" in done.stderr


def test_simulate_moves_the_clock_so_phases_change_and_the_change_is_issued(
    store: PostgresDataStore, database_url: str, tmp_path: Path
) -> None:
    script = SCRIPTS / "strong_url_shortener.yaml"
    args = ["simulate", "--script", str(script), "--minutes-per-turn", "5"]
    done = _cli(args, database_url, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    session_id = json.loads(done.stdout)["session_id"]
    replies = [
        m for m in store.conversation.get_messages(session_id) if m.role.value == "interviewer"
    ]
    phases = [m.metadata.get("phase") for m in replies]
    assert phases[0] == "requirements" and phases[-1] in ("deep_dive", "wrap_up"), phases
    assert len(set(phases)) >= 4, phases
    changes = [m for m in replies if "requirement_change" in m.metadata]
    assert len(changes) == 1  # senior: issued once, kept as state


def test_a_bad_minutes_per_turn_is_a_clear_error(
    store: PostgresDataStore, database_url: str, tmp_path: Path
) -> None:
    script = SCRIPTS / "strong_url_shortener.yaml"
    done = _cli(
        ["simulate", "--script", str(script), "--minutes-per-turn", "0"], database_url, tmp_path
    )
    assert done.returncode == 2 and "minutes-per-turn" in done.stderr
