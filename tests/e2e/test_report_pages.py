"""The evaluation and history pages in real Chromium at 1600, 1280 and 800 px (issue 13).

Two evaluated interviews of one candidate are stored; at each width the evaluation page
shows its header (problem, level, date, duration) in view, the mode cards (with
"said but not drawn") and no JSON tree, and the history page opens an interview when
its row is clicked. No page is wider than the window. Screenshots go to
``test-artifacts/screenshots/evaluation-<width>.png`` and ``history-<width>.png`` (and
``-cards`` / ``-progress`` ones scrolled to the mode cards and the progress charts).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from testkit.streamlit_app import RunningApp, screenshot

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation.rubric import COMPETENCY_IDS
from interview_platform.evaluation_models import (
    CompetencyScore,
    Confidence,
    Evaluation,
    FeedbackItem,
    ImprovementStep,
)
from interview_platform.models import (
    Candidate,
    CommunicationMode,
    ExperienceLevel,
    Session,
    SessionStatus,
    utcnow,
)

pytestmark = [pytest.mark.e2e]
TIMEOUT = 60_000  # the machine is shared: a slow run is not a failure
WIDTHS = (1600, 1280, 800)
_OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"
_MODES = {
    "text": {"turns": 9, "words": 820, "mean_words_per_turn": 91.1},
    "audio": {
        "spoken_turns": 4,
        "recordings": 4,
        "duration_s": 185.0,
        "words": 410,
        "words_per_minute": 133.0,
        "filler_words": {"um": 6, "uh": 2, "like": 3, "you know": 0},
        "filler_total": 11,
        "transcription_confidence": 0.86,
        "mean_level_dbfs": -23.5,
    },
    "whiteboard": {
        "components": 5,
        "connections": 4,
        "component_kinds": ["client", "load_balancer", "service", "database"],
        "objects": 14,
        "snapshots": 2,
        "missing_components": ["cache"],
        "said_not_drawn": ["cache", "queue"],
        "drawn_not_discussed": [],
    },
}
_USAGE = {
    "input_tokens": 18_250,
    "output_tokens": 3_140,
    "cost_usd": "0.0612",
    "calls": 11,
    "unpriced_calls": 0,
    "by_operation": {
        "question_generation": {"input_tokens": 14_000, "output_tokens": 2_400},
        "evaluation": {"input_tokens": 4_250, "output_tokens": 740},
    },
}


def _evaluation(session_id: str, base: int) -> Evaluation:
    scores = [
        CompetencyScore(cid, 1 + (base + i) % 5, Confidence.MEDIUM, rationale="Grounded.")
        for i, cid in enumerate(COMPETENCY_IDS)
    ]
    return Evaluation(
        session_id=session_id,
        engine="offline-rubric",
        rubric_version="v1",
        overall_score=40 + 10 * base,
        hiring_signal="lean hire",
        competencies=scores,
        went_well=[FeedbackItem("Clear estimates with units.")],
        needs_improvement=[FeedbackItem("Replication was not discussed.")],
        improvement_plan=[
            ImprovementStep("reliability", "Set recovery objectives.", ["Google SRE Book, ch. 22"])
        ],
        mode_analysis=_MODES,
        token_summary=_USAGE,
    )


def _seed(store: PostgresDataStore) -> tuple[str, str]:
    candidate = store.candidates.create_candidate(Candidate(name="Wide Narrow"))
    session_id = ""
    for base in (0, 2):
        start = utcnow() - timedelta(days=3 - base, minutes=40)
        session = Session(
            candidate_id=candidate.id,
            provider="offline",
            model="rubric-interviewer",
            modes=[CommunicationMode.TEXT, CommunicationMode.AUDIO, CommunicationMode.WHITEBOARD],
            problem_id="url-shortener",
            level=ExperienceLevel.SENIOR,
            status=SessionStatus.COMPLETED,
            created_at=start,
            started_at=start,
            ended_at=start + timedelta(minutes=38),
        )
        store.sessions.create_session(session)
        store.evaluations.save_evaluation(_evaluation(session.id, base))
        session_id = session.id
    return candidate.id, session_id


def _fits(page: Any) -> None:
    page.wait_for_timeout(800)  # charts size themselves after the first paint
    scroll, inner = page.evaluate(_OVERFLOW)
    assert scroll <= inner, f"the page is {scroll} px wide in a {inner} px window"


def _evaluation_page(page: Any, width: int) -> None:
    header = page.locator(".st-key-report_header")
    header.get_by_text("URL Shortener").first.wait_for(timeout=TIMEOUT)
    page.get_by_text("Said but not drawn").wait_for(timeout=TIMEOUT)
    page.locator(".st-key-usage_card .js-plotly-plot").wait_for(timeout=TIMEOUT)
    text = header.inner_text()
    assert "senior" in text and "38 min" in text and "Overall score" in text
    box = header.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["y"] < 1000  # seen without scrolling
    assert page.locator("[data-testid='stJson']").count() == 0
    _fits(page)
    screenshot(page, f"evaluation-{width}")
    # Streamlit scrolls inside its main block, so the cards get a picture of their own.
    page.locator(".st-key-mode_card_whiteboard").scroll_into_view_if_needed()
    screenshot(page, f"evaluation-{width}-cards")


def _history_page(page: Any, width: int) -> None:
    page.get_by_text("2 interviews · click a row to open it").wait_for(timeout=TIMEOUT)
    grid = page.locator("[data-testid='stDataFrame']")
    grid.locator("canvas").first.wait_for(timeout=TIMEOUT)
    page.locator(".js-plotly-plot").nth(1).wait_for(timeout=TIMEOUT)  # the two trends
    # The grid draws on a canvas; its cells are also in the DOM (for screen readers).
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stDataFrame']\").textContent"
        ".includes('URL shortener')",
        timeout=TIMEOUT,
    )
    box = grid.bounding_box()
    assert box is not None
    # The first data row's selection box: a click on the row opens its detail.
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.get_by_text("Session detail").wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="Open the evaluation").wait_for(timeout=TIMEOUT)
    _fits(page)
    screenshot(page, f"history-{width}")
    page.locator(".js-plotly-plot").nth(1).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, f"history-{width}-progress")


@pytest.mark.parametrize("width", WIDTHS)
def test_report_pages_fit_and_say_what_they_show(
    running_app: RunningApp, browser: Any, session_store: PostgresDataStore, width: int
) -> None:
    candidate_id, session_id = _seed(session_store)
    page = browser.new_page(viewport={"width": width, "height": 1000})
    try:
        page.goto(f"{running_app.url}/evaluation?session={session_id}&candidate={candidate_id}")
        _evaluation_page(page, width)
        page.goto(f"{running_app.url}/history?candidate={candidate_id}")
        _history_page(page, width)
    except Exception:
        screenshot(page, f"failure-report-pages-{width}")
        raise
    finally:
        page.close()
