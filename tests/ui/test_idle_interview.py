"""An idle interview tab costs nothing (issue 15): the clock ticks in the browser and no
panel of the interview page reruns on a timer; the bar's switches have real names."""

from __future__ import annotations

import ast
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest
from testkit.component_data import clock_data

from interview_platform.app_factory import App
from interview_platform.models import CommunicationMode, ExperienceLevel, SessionStatus
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState

UI = Path(__file__).resolve().parents[2] / "src/interview_platform/ui"
# Fragments that poll only while something is going on (not on an idle interview page).
ACTIVE_POLLERS = {
    "components/voice_panel.py:_listening",  # while hands-free listening is on
    "components/media_panel.py:_camera_closing",  # while a recording is being closed
    "components/outage_banner.py:_watch",  # while the database is down
    "components/tailoring_progress.py:_follow",  # Setup, while a problem is being tailored
}


def _started(app: App, modes: list[CommunicationMode] | None = None) -> str:
    who = app.platform.candidates.create("Idle Tester", "idle@example.com")
    session = app.sessions.create(
        who.id,
        "offline",
        "rubric-interviewer",
        modes or [CommunicationMode.TEXT, CommunicationMode.WHITEBOARD],
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


def _timed_fragments() -> set[str]:
    """``file:function`` of each call given ``run_every`` (a timed rerun) in the interview
    page and the components (other pages, like the evaluation's, are not kept open idle)."""
    found = set()
    for path in [UI / "app_pages/interview.py", *sorted(UI.glob("components/*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            calls = [n for d in func.decorator_list for n in ast.walk(d)]
            calls += list(ast.walk(func))
            for node in calls:
                if isinstance(node, ast.Call) and any(k.arg == "run_every" for k in node.keywords):
                    found.add(f"{path.relative_to(UI).as_posix()}:{func.name}")
    return found


def test_no_panel_of_an_idle_interview_reruns_on_a_timer() -> None:
    timed = _timed_fragments()
    assert "components/voice_panel.py:_listening" in timed  # the scan sees decorators
    assert timed <= ACTIVE_POLLERS, timed - ACTIVE_POLLERS


def test_the_clock_is_drawn_running_with_the_elapsed_time_and_the_plan(
    at: AppTest, app: App
) -> None:
    session_id = _started(app)
    _open(at, session_id)
    clock = clock_data(at)
    assert clock["running"] is True
    assert 0 <= clock["elapsed_s"] < 60
    assert clock["planned_minutes"] == app.sessions.get(session_id).planned_minutes
    names = [name for name, _ in clock["plan"]]
    assert names[0] == "requirements" and "high level design" in names  # words, not keys
    starts = [start for _, start in clock["plan"]]
    assert starts == sorted(starts) and starts[-1] < clock["planned_minutes"] * 60


def test_a_paused_interview_stops_the_clock_and_resuming_starts_it(at: AppTest, app: App) -> None:
    session_id = _started(app)
    _open(at, session_id)
    app.sessions.pause(session_id)
    at.run()
    paused = clock_data(at)
    assert paused["running"] is False
    time.sleep(0.3)  # a running clock would move on meanwhile
    at.run()
    assert clock_data(at)["elapsed_s"] == paused["elapsed_s"]
    next(b for b in at.button if b.label == "Resume interview").click().run()
    assert not at.exception
    assert app.sessions.get(session_id).status is SessionStatus.ACTIVE
    resumed = clock_data(at)
    assert resumed["running"] is True
    assert resumed["elapsed_s"] >= paused["elapsed_s"]


def test_an_ended_interview_shows_a_stopped_clock(at: AppTest, app: App) -> None:
    session_id = _started(app)
    app.sessions.end(session_id)
    _open(at, session_id)
    assert clock_data(at)["running"] is False


def test_the_bar_switches_are_named_not_only_iconed(at: AppTest, app: App) -> None:
    modes = [
        CommunicationMode.TEXT,
        CommunicationMode.AUDIO,
        CommunicationMode.VIDEO,
        CommunicationMode.SCREEN_SHARE,
    ]
    _open(at, _started(app, modes))
    labels = {t.label for t in at.toggle if t.key and t.key.startswith("toggle")}
    assert labels == {"🎤 Microphone", "📹 Camera", "🖥️ Screen share"}, labels
