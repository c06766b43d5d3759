"""The whole candidate journey in real headless Chromium (offline and stub provider)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from testkit.streamlit_app import RunningApp, start_app, stop_app
from testkit.stubs.openai_stub import OpenAIStub

from tests.e2e.journey import answer, choose, full_journey, wait_idle

# A whole journey in a real browser depends on machine load; a failure is re-run (at most
# twice) before it counts, and a real regression fails every attempt.
pytestmark = [pytest.mark.e2e, pytest.mark.flaky(reruns=2, reruns_delay=3)]


def _counts(database_url: str, name: str) -> dict[str, int]:
    with psycopg2.connect(database_url) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT s.id, s.status FROM sessions s JOIN candidates c ON c.id = s.candidate_id"
            " WHERE c.name = %s",
            (name,),
        )
        [(session_id, status)] = cur.fetchall()
        counts = {"completed": int(status == "completed")}
        for table in ("messages", "whiteboard_snapshots", "evaluations"):
            cur.execute(f"SELECT count(*) FROM {table} WHERE session_id = %s", (session_id,))
            counts[table] = cur.fetchone()[0]
    return counts


def _drawing(database_url: str, name: str) -> list[dict[str, Any]]:
    with psycopg2.connect(database_url) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT w.canvas FROM whiteboard_states w JOIN sessions s ON s.id = w.session_id"
            " JOIN candidates c ON c.id = s.candidate_id WHERE c.name = %s",
            (name,),
        )
        objects: list[dict[str, Any]] = cur.fetchone()[0]["objects"]
    return objects


def test_offline_journey(
    running_app: RunningApp, browser: Any, database_url: str, tmp_path: Path
) -> None:
    name = f"Ada Offline {uuid.uuid4().hex[:6]}"
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    full_journey(page, running_app.url, name, tmp_path, "offline")
    counts = _counts(database_url, name)
    assert counts["completed"] == 1
    assert counts["messages"] >= 7  # opening + 3 answers + 3 replies
    assert counts["whiteboard_snapshots"] >= 1
    assert counts["evaluations"] == 1
    drawing = _drawing(database_url, name)
    assert [o.get("label") for o in drawing if o.get("type") == "LabeledRect"] == [
        "API service",
        "Postgres database",
    ]
    assert any(o.get("type") == "Line" for o in drawing)
    page.close()


def _use_stub(base_url: str) -> Callable[[Any], None]:
    def setup(page: Any) -> None:
        choose(page, "Interviewer", "OpenAI-compatible server (Ollama, vLLM, LM Studio)")
        page.get_by_label("Base URL").fill(base_url)
        page.get_by_label("Base URL").press("Enter")
        wait_idle(page)

    return setup


def test_stub_provider_journey(database_url: str, browser: Any, tmp_path: Path) -> None:
    with OpenAIStub() as stub:
        for i in range(4):
            stub.enqueue_text(f"Thanks. Question {i}: how would you handle hot keys?")
        app = start_app(database_url, tmp_path)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            name = f"Grace Stub {uuid.uuid4().hex[:6]}"
            full_journey(page, app.url, name, tmp_path, "stub", _use_stub(stub.base_url))
            page.get_by_text("Question 3").first.wait_for(timeout=30_000)
            counts = _counts(database_url, name)
            assert counts["completed"] == 1 and counts["evaluations"] == 1
            # opening + 3 replies went to the stub; the evaluation call(s) after them
            assert len(stub.completion_requests()) >= 4
            page.close()
        finally:
            stop_app(app)


def test_script_payloads_show_as_text(
    running_app: RunningApp, browser: Any, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(running_app.url)
    from tests.e2e.journey import create_candidate

    create_candidate(page, f"Mallory {uuid.uuid4().hex[:6]}")
    page.get_by_role("button", name="Start interview").click()
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=30_000)
    page.evaluate("window.__xss = 0")
    payload = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    answer(page, payload)
    assert page.evaluate("window.__xss") == 0
    assert page.get_by_text("<script>window.__xss=1</script>", exact=False).count() >= 1
    # A refresh keeps the conversation (it lives in PostgreSQL, not the browser).
    page.reload()
    page.get_by_text("<script>window.__xss=1</script>", exact=False).first.wait_for(timeout=30_000)
    page.close()
