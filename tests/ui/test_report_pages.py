"""Evaluation and History pages people would rather look at than read (issue 13)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from streamlit.testing.v1 import AppTest

from interview_platform.app_factory import App
from interview_platform.models import (
    Candidate,
    CommunicationMode,
    Evaluation,
    ExperienceLevel,
    ImprovementStep,
    utcnow,
)
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState
from interview_platform.ui.user_text import escape_markdown

DDIA_5 = "Designing Data-Intensive Applications (Kleppmann), chapter 5: Replication"
SRE = "Google SRE Book, chapter 22: Addressing cascading failures"
USAGE = {
    "input_tokens": 12_400,
    "output_tokens": 2_100,
    "total_tokens": 14_500,
    "cost_usd": "0.0421",
    "calls": 9,
    "unpriced_calls": 0,
    "by_operation": {
        "question_generation": {"input_tokens": 9_000, "output_tokens": 1_500, "calls": 8},
        "evaluation": {"input_tokens": 3_400, "output_tokens": 600, "calls": 1},
    },
}


def _candidate(app: App) -> Candidate:
    return app.store.candidates.create_candidate(Candidate(name="Report Reader"))


def _ended(app: App, who: Candidate) -> tuple[str, Evaluation]:
    session = app.sessions.create(
        who.id,
        "offline",
        "rubric-interviewer",
        [CommunicationMode.TEXT, CommunicationMode.AUDIO, CommunicationMode.WHITEBOARD],
        ExperienceLevel.SENIOR,
        problem_id="url-shortener",
    )
    app.sessions.start(session.id)
    return session.id, app.sessions.end(session.id)


def _open(at: AppTest, page_file: str, **state: Any) -> AppTest:
    at.session_state[BROWSER_KEY] = BrowserState(**state)
    at.run()
    at.switch_page(page_file).run()
    assert not at.exception
    return at


def _readable_report(app: App, evaluation: Evaluation) -> None:
    """The stored report with a whiteboard gap, spoken fillers, usage and a padded plan."""
    modes = dict(evaluation.mode_analysis)
    modes["whiteboard"] = {**modes["whiteboard"], "said_not_drawn": ["cache", "message_queue"]}
    modes["audio"] = {**modes["audio"], "filler_words": {"um": 4, "uh": 0, "like": 2}}
    plan = [
        ImprovementStep("reliability", "Set recovery objectives.", [DDIA_5, SRE]),
        ImprovementStep("reliability", "Plan a region outage.", [SRE, DDIA_5]),
    ]
    app.store.evaluations.save_evaluation(
        replace(evaluation, mode_analysis=modes, token_summary=USAGE, improvement_plan=plan)
    )


def test_the_evaluation_page_says_which_interview_it_is(at: AppTest, app: App) -> None:
    session_id, evaluation = _ended(app, _candidate(app))
    _open(at, "app_pages/evaluation.py", session_id=session_id)
    assert at.header[0].value == app.bank.get("url-shortener").title
    line = next(m.value for m in at.markdown if m.value.startswith("**Level**"))
    assert "**Level** senior" in line and "UTC" in line
    assert "**Duration** 1 min (without pauses)" in line
    assert "**Interviewer** offline/rubric-interviewer" in line
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["Overall score", "Hiring signal", "Engine"]
    assert at.metric[2].value == escape_markdown(evaluation.engine)


def test_modes_and_usage_are_cards_not_json(at: AppTest, app: App) -> None:
    session_id, evaluation = _ended(app, _candidate(app))
    _readable_report(app, evaluation)
    _open(at, "app_pages/evaluation.py", session_id=session_id)
    assert len(at.json) == 0
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Answers"] == "0" and metrics["Components"] == "0"
    assert metrics["AI calls"] == "9" and metrics["Input tokens"] == "12,400"
    assert metrics["Cost"] == "\\$0.0421"
    said = [w.value for w in at.warning if "Said but not drawn" in w.value]
    assert said and "- cache" in said[0] and "- message queue" in said[0]
    charts = [c.key for c in at.get("plotly_chart")]
    assert {"competency_chart", "filler_chart", "usage_chart"} <= set(charts)
    downloads = [d.label for d in at.get("download_button")]
    assert "⬇️ Report (JSON)" in downloads  # the raw figures stay downloadable


def test_the_plan_names_each_book_once(at: AppTest, app: App) -> None:
    session_id, evaluation = _ended(app, _candidate(app))
    _readable_report(app, evaluation)
    _open(at, "app_pages/evaluation.py", session_id=session_id)
    books = [c.value for c in at.caption if c.value.startswith("📚")]
    assert len(books) == 2
    assert any("chapter 5" in b for b in books) and any("chapter 22" in b for b in books)


def test_history_counts_in_words_people_say(at: AppTest, app: App) -> None:
    who = _candidate(app)
    _ended(app, who)
    _open(at, "app_pages/history.py", candidate_id=who.id)
    assert "1 interview · click a row to open it" in [c.value for c in at.caption]
    _ended(app, who)
    at.run()
    assert "2 interviews · click a row to open it" in [c.value for c in at.caption]


def test_clicking_a_row_opens_its_detail(at: AppTest, app: App) -> None:
    who = _candidate(app)
    older, _ = _ended(app, who)
    _ended(app, who)
    _open(at, "app_pages/history.py", candidate_id=who.id)
    assert len(at.dataframe) == 1
    assert "Session detail" not in [h.value for h in at.header]
    at.session_state["history_table"] = {"selection": {"rows": [1], "columns": []}}
    at.run()
    assert not at.exception
    assert "Session detail" in [h.value for h in at.header]
    at.button(key="open_evaluation").click().run()
    assert at.session_state[BROWSER_KEY].session_id == older  # the second row: the older


def _traces(at: AppTest, key: str) -> list[dict[str, Any]]:
    chart = next(c for c in at.get("plotly_chart") if c.key == key)
    traces: list[dict[str, Any]] = json.loads(chart.proto.spec)["data"]
    return traces


def test_progress_is_the_overall_trend_and_one_competency_at_a_time(at: AppTest, app: App) -> None:
    who = _candidate(app)
    _ended(app, who)
    _ended(app, who)
    _open(at, "app_pages/history.py", candidate_id=who.id)
    [overall] = _traces(at, "overall_trend")
    assert len(overall["y"]) == 2 and overall["x"][0].startswith("#1 · ")
    [first] = _traces(at, "competency_trend")
    assert first["name"] == "Requirements and problem decomposition"  # the rubric's title
    picker = at.selectbox(key="progress_competency")
    assert "Back-of-the-envelope estimation" in picker.options
    assert not any("_" in option for option in picker.options)
    picker.set_value("estimation").run()
    [chosen] = _traces(at, "competency_trend")
    assert chosen["name"] == "Back-of-the-envelope estimation"


def _held_on(app: App, session_id: str, day: datetime) -> None:
    session = app.store.sessions.get_session(session_id)
    assert session is not None
    app.store.sessions.update_session(replace(session, started_at=day, ended_at=day))


def test_scoring_an_old_interview_again_does_not_move_it_on_the_chart(
    at: AppTest, app: App
) -> None:
    who = _candidate(app)
    older, first_report = _ended(app, who)
    newer, _ = _ended(app, who)
    _held_on(app, older, datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
    _held_on(app, newer, datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    # The older interview is scored again today, after the newer one was scored.
    rescored = replace(first_report, overall_score=91.0, created_at=utcnow() + timedelta(hours=1))
    app.store.evaluations.save_evaluation(rescored)
    _open(at, "app_pages/history.py", candidate_id=who.id)
    [overall] = _traces(at, "overall_trend")
    assert overall["x"] == ["#1 · 10 Nov", "#2 · 20 Nov"]
    assert overall["y"][0] == 91.0  # the new score, still at the interview's own date
