"""The interview page (issue 13): one opening, long answers kept, the interviewer's phase,
no cost meter for the offline engine, the candidate kept in the URL."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from testkit.component_data import clock_data

from interview_platform.app_factory import App
from interview_platform.interviewer.ai_interviewer import MAX_ANSWER_CHARS
from interview_platform.models import (
    CommunicationMode,
    ExperienceLevel,
    Message,
    MessageRole,
)
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState


def _started(app: App, provider: str = "offline") -> str:
    who = app.platform.candidates.create("Page Tester", "page@example.com")
    session = app.sessions.create(
        who.id,
        provider,
        "rubric-interviewer" if provider == "offline" else "gpt-4o-mini",
        [CommunicationMode.TEXT, CommunicationMode.WHITEBOARD],
        ExperienceLevel.MID,
        problem_id="url-shortener",
    )
    return app.sessions.start(session.id).id


def _open(at: AppTest, session_id: str) -> AppTest:
    at.session_state[BROWSER_KEY] = BrowserState(session_id=session_id)
    at.run()
    at.switch_page("app_pages/interview.py").run()
    assert not at.exception
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_opening_is_shown_once(at: AppTest, app: App) -> None:
    session_id = _open(at, _started(app)).session_state[BROWSER_KEY].session_id
    assert app.store.conversation.count_messages(session_id) == 1
    assert len(at.chat_message) == 1  # the streamed copy, not also the stored one
    at.run()
    assert len(at.chat_message) == 1  # the stored one, drawn again


def test_an_over_long_answer_is_kept_counted_and_sent_once_short(at: AppTest, app: App) -> None:
    session_id = _started(app)
    _open(at, session_id)
    long = "x" * (MAX_ANSWER_CHARS + 5)
    at.chat_input(key="chat_input").set_value(long).run()
    assert not at.exception
    assert app.store.conversation.count_messages(session_id) == 1  # nothing sent
    assert any(f"{MAX_ANSWER_CHARS + 5:,} characters" in w.value for w in at.warning)
    box = at.text_area(key=f"long_answer:{session_id}")
    assert box.value == long  # not a character lost
    assert at.button(key="long_send").disabled
    box.input("A shorter answer: 100M links a day, reads dominate.").run()
    assert not at.button(key="long_send").disabled
    at.button(key="long_send").click().run()
    assert not at.exception
    stored = app.store.conversation.get_messages(session_id)
    assert [m.role for m in stored][-2:] == [MessageRole.CANDIDATE, MessageRole.INTERVIEWER]
    assert stored[-2].content.startswith("A shorter answer")
    assert not at.text_area  # the box is gone once sent


def test_the_bar_shows_the_interviewers_phase_beside_the_clock(at: AppTest, app: App) -> None:
    session_id = _started(app)
    _open(at, session_id)
    assert "requirements" in _markdown(at)  # the opening's phase
    moved = Message(
        session_id=session_id,
        role=MessageRole.INTERVIEWER,
        content="Let's sketch the high-level design.",
        metadata={"phase": "high_level_design"},
    )
    app.store.conversation.append_message(moved)
    at.run()
    clock = clock_data(at)
    assert clock["phase"] == "high level design"  # ahead of the clock's plan
    assert clock["plan"][0][0] == "requirements" and clock["plan"][0][1] == 0
    assert clock["elapsed_s"] < clock["plan"][1][1]  # the plan still says requirements


def test_the_offline_engine_costs_nothing_and_says_so(at: AppTest, app: App) -> None:
    _open(at, _started(app))
    text = _markdown(at)
    assert "🪙 free" in text and "$0.0000" not in text


def test_a_paid_model_shows_its_cost_against_the_budget(at: AppTest, app: App) -> None:
    session_id = _started(app, provider="openai")
    at.session_state[BROWSER_KEY] = BrowserState(session_id=session_id)
    at.run()
    at.switch_page("app_pages/interview.py").run()
    assert "🪙 <b>$0.0000</b> / $" in _markdown(at)


def test_the_candidate_goes_back_into_a_url_that_lost_it(at: AppTest, app: App) -> None:
    who = app.platform.candidates.create("Kept", "kept@example.com")
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=who.id)
    at.run()
    at.query_params.clear()  # what a sidebar link does to the URL
    at.switch_page("app_pages/history.py").run()
    assert not at.exception
    assert at.query_params.get("candidate") == who.id
