"""Every page through Streamlit's AppTest, against the real database."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from interview_platform.app_factory import App
from interview_platform.models import (
    Candidate,
    CommunicationMode,
    ExperienceLevel,
    MessageRole,
    SessionStatus,
)
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState
from interview_platform.ui.tab_state import TabState, tab_key


def _candidate(app: App, name: str = "Page Tester") -> Candidate:
    return app.store.candidates.create_candidate(Candidate(name=name, email="pt@example.com"))


def _started_session(app: App, candidate: Candidate) -> str:
    session = app.sessions.create(
        candidate.id,
        "offline",
        "rubric-interviewer",
        [CommunicationMode.TEXT, CommunicationMode.WHITEBOARD],
        ExperienceLevel.SENIOR,
        problem_id="url-shortener",
    )
    app.sessions.start(session.id)
    return session.id


def test_setup_creates_a_candidate(at: AppTest, app: App) -> None:
    at.run()
    assert not at.exception
    assert at.title[0].value == "Set up your mock interview"
    at.text_input[0].input("Lin Setup")
    at.button[0].click().run()
    assert [c.name for c in app.store.candidates.list_candidates()] == ["Lin Setup"]
    assert (
        at.session_state[BROWSER_KEY].candidate_id == app.store.candidates.list_candidates()[0].id
    )


def test_setup_starts_an_interview(at: AppTest, app: App) -> None:
    candidate = _candidate(app)
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=candidate.id)
    at.run()
    assert not at.exception
    at.button(key="start_interview").click().run()
    [session] = app.store.sessions.list_sessions(candidate.id)
    assert session.status is SessionStatus.ACTIVE
    assert session.provider == "offline"
    assert CommunicationMode.WHITEBOARD in session.modes


def test_interview_page_answers_and_refuses_after_end(at: AppTest, app: App) -> None:
    candidate = _candidate(app)
    session_id = _started_session(app, candidate)
    at.session_state[BROWSER_KEY] = BrowserState(session_id=session_id)
    at.run()
    at.switch_page("app_pages/interview.py").run()
    assert not at.exception
    messages = app.store.conversation.get_messages(session_id)
    assert messages and messages[0].role is MessageRole.INTERVIEWER  # the opening
    at.chat_input(key="chat_input").set_value("I'd clarify: 100M new links a day?").run()
    roles = [m.role for m in app.store.conversation.get_messages(session_id)]
    assert roles == [MessageRole.INTERVIEWER, MessageRole.CANDIDATE, MessageRole.INTERVIEWER]
    assert app.logging.flush(10)
    actions = [e.action for e in app.store.audit.list_audit_events(session_id)]
    assert "answer.sent" in actions  # the user action is audited with its session id
    app.sessions.end(session_id)
    at.run()
    assert at.chat_input(key="chat_input").disabled
    assert any("has ended" in s.value for s in at.success)


def test_interview_page_restores_the_drawing(at: AppTest, app: App) -> None:
    candidate = _candidate(app)
    session_id = _started_session(app, candidate)
    drawing = {"objects": [{"type": "Rect", "left": 1, "top": 2, "width": 30, "height": 20}]}
    app.whiteboard.save(session_id, drawing)
    at.session_state[BROWSER_KEY] = BrowserState(session_id=session_id)
    at.run()
    at.switch_page("app_pages/interview.py").run()
    assert not at.exception
    tab = at.session_state[tab_key(session_id)]
    assert isinstance(tab, TabState)
    assert tab.board.initial == drawing


def test_evaluation_page_shows_the_report(at: AppTest, app: App) -> None:
    candidate = _candidate(app)
    session_id = _started_session(app, candidate)
    for _ in app.interviewer.reply(session_id, "Requirements: shorten, redirect, 100M/day."):
        pass
    app.sessions.end(session_id)
    at.session_state[BROWSER_KEY] = BrowserState(session_id=session_id)
    at.run()
    at.switch_page("app_pages/evaluation.py").run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["Overall score", "Hiring signal", "Engine"]
    assert at.metric[2].value.startswith("offline")


def test_history_lists_and_opens_sessions(at: AppTest, app: App) -> None:
    candidate = _candidate(app)
    first = _started_session(app, candidate)
    app.sessions.end(first)
    _started_session(app, candidate)
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=candidate.id)
    at.run()
    at.switch_page("app_pages/history.py").run()
    assert not at.exception
    assert any("2 interviews" in c.value for c in at.caption)
    # Clicking a row of the table (newest first: the ended one is the second).
    at.session_state["history_table"] = {"selection": {"rows": [1], "columns": []}}
    at.run()
    assert any(h.value == "Session detail" for h in at.header)


@pytest.mark.parametrize(
    "bad_id",
    ["../../etc/passwd", "abc\x00def", "4b1c2f1e-0000-4000-8000-000000000000", "' OR 1=1 --"],
    ids=["path", "nul", "unknown", "sql"],
)
@pytest.mark.parametrize("page_file", ["app_pages/interview.py", "app_pages/evaluation.py"])
def test_a_bad_or_unknown_session_id_is_not_found_with_a_way_back(
    at: AppTest, app: App, bad_id: str, page_file: str
) -> None:
    at.session_state[BROWSER_KEY] = BrowserState(session_id=bad_id)
    at.run()
    at.switch_page(page_file).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "That interview was not found. The link may be old or mistyped."
    ]
