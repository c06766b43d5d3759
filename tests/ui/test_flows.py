"""Page flows through AppTest: navigation by page name, typed state, the use cases' effects."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from interview_platform.app_factory import App
from interview_platform.models import (
    Candidate,
    CommunicationMode,
    ExperienceLevel,
    SessionStatus,
    utcnow,
)
from interview_platform.ui import runtime
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState
from interview_platform.ui.tab_state import TabState, tab_key


def _candidate(app: App) -> Candidate:
    return app.platform.candidates.create("Flow Tester", "flow@example.com")


def _started(app: App, who: Candidate, problem_id: str = "url-shortener") -> str:
    session = app.sessions.create(
        who.id,
        "offline",
        "rubric-interviewer",
        [CommunicationMode.TEXT, CommunicationMode.WHITEBOARD],
        ExperienceLevel.MID,
        problem_id=problem_id,
    )
    return app.sessions.start(session.id).id


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_the_answer_box_drops_no_paste(at: AppTest, app: App) -> None:
    session_id = _started(app, _candidate(app))
    at.session_state[BROWSER_KEY] = BrowserState(session_id=session_id)
    at.run()
    at.switch_page("app_pages/interview.py").run()
    assert not at.exception
    # A chat input's max_chars drops a longer paste silently: the page holds it instead
    # (tests/ui/test_interview_page.py), so the box itself has no limit.
    assert at.chat_input(key="chat_input").proto.max_chars == 0


def test_a_short_own_problem_is_refused_on_the_page(at: AppTest, app: App) -> None:
    who = _candidate(app)
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=who.id)
    at.run()
    at.selectbox(key="problem").select("__custom__").run()
    at.text_area(key="custom_problem").input("too short").run()
    at.button(key="start_interview").click().run()
    assert not at.exception
    assert any("sentence or two" in e.value for e in at.error)
    assert app.store.sessions.count_sessions(who.id) == 0


def test_the_history_table_shows_interview_time_without_pauses(at: AppTest, app: App) -> None:
    who = _candidate(app)
    session_id = _started(app, who)
    app.sessions.end(session_id)
    session = app.sessions.get(session_id)
    end = utcnow()
    session.started_at = end - timedelta(minutes=20)
    session.ended_at = end
    pause_start, pause_end = end - timedelta(minutes=15), end - timedelta(minutes=1)
    session.metadata["pauses"] = [{"start": pause_start.isoformat(), "end": pause_end.isoformat()}]
    app.store.sessions.update_session(session)
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=who.id)
    at.run()
    at.switch_page("app_pages/history.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["duration"]) == ["6 min"]  # 20 minutes less a 14-minute pause
    [score] = list(table["score"])
    assert score is not None


def test_history_opens_the_evaluation_page(at: AppTest, app: App) -> None:
    who = _candidate(app)
    session_id = _started(app, who)
    app.sessions.end(session_id)
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=who.id)
    at.run()
    at.switch_page("app_pages/history.py").run()
    at.session_state["history_table"] = {"selection": {"rows": [0], "columns": []}}  # a click
    at.run()
    at.button(key="open_evaluation").click().run()
    assert not at.exception
    assert _titles(at) == ["Your evaluation"]
    assert at.session_state[BROWSER_KEY].session_id == session_id


def test_history_resumes_a_paused_interview(at: AppTest, app: App) -> None:
    who = _candidate(app)
    session_id = _started(app, who)
    app.sessions.pause(session_id)
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=who.id)
    at.run()
    at.switch_page("app_pages/history.py").run()
    at.session_state["history_table"] = {"selection": {"rows": [0], "columns": []}}  # a click
    at.run()
    at.button(key="resume_session").click().run()
    assert not at.exception
    assert app.sessions.get(session_id).status is SessionStatus.ACTIVE
    assert at.chat_input(key="chat_input")  # the interview page is drawn


def test_practising_the_next_problem_preselects_it(at: AppTest, app: App) -> None:
    who = _candidate(app)
    session_id = _started(app, who)
    evaluation = app.sessions.end(session_id)
    if not evaluation.next_problem_id:
        pytest.skip("the offline evaluator recommended no next problem")
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=who.id, session_id=session_id)
    at.run()
    at.switch_page("app_pages/evaluation.py").run()
    at.button(key="practise_next").click().run()
    assert not at.exception
    assert _titles(at) == ["Set up your mock interview"]
    problem = at.selectbox(key="problem")
    assert problem.value == evaluation.next_problem_id
    assert problem.index != 0  # not merely the recommended default: the preselection
    assert at.session_state[BROWSER_KEY].preselect_problem is None  # used once


def test_each_interview_keeps_its_own_tab_state(at: AppTest, app: App) -> None:
    who = _candidate(app)
    first, second = _started(app, who), _started(app, who)
    drawing = {"objects": [{"type": "Rect", "left": 1, "top": 2, "width": 3, "height": 4}]}
    app.whiteboard.save(first, drawing)
    at.session_state[BROWSER_KEY] = BrowserState(session_id=first)
    at.run()
    at.switch_page("app_pages/interview.py").run()
    at.session_state[BROWSER_KEY].session_id = second
    at.switch_page("app_pages/history.py").run()
    at.switch_page("app_pages/interview.py").run()
    assert not at.exception
    one, two = at.session_state[tab_key(first)], at.session_state[tab_key(second)]
    assert isinstance(one, TabState) and isinstance(two, TabState)
    assert one.board.initial == drawing
    assert two.board.initial == {"objects": []}


def test_a_released_app_is_closed(ui_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[App] = []
    close = App.close

    def spy(self: App) -> None:
        closed.append(self)
        close(self)

    monkeypatch.setattr(App, "close", spy)
    config = str(Path(runtime.os.environ["IP_CONFIG_FILE"]))
    built = runtime._build_app(config)
    assert runtime._build_app(config) is built  # cached: one App per process
    runtime._build_app.clear()
    assert built in closed
    assert runtime._build_app(config) is not built  # the next page run builds a new one
    runtime._build_app.clear()
