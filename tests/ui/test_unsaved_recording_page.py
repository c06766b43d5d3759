"""History names a camera recording that could not be saved and does not offer it (AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from testkit.video import write_h264

from interview_platform.app_factory import App
from interview_platform.exceptions import CommunicationError
from interview_platform.models import Candidate, CommunicationMode, ExperienceLevel
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState


def _ended_with_two_recordings(app: App) -> str:
    """An ended interview with one good and one unreadable camera recording."""
    who = app.store.candidates.create_candidate(Candidate(name="Camera Shy"))
    session = app.sessions.create(
        who.id,
        "offline",
        "rubric-interviewer",
        [CommunicationMode.TEXT, CommunicationMode.VIDEO],
        ExperienceLevel.MID,
        problem_id="url-shortener",
    )
    app.sessions.start(session.id)
    write_h264(app.video.new_recording_path(session.id))
    app.video.new_recording_path(session.id).write_bytes(b"\x00" * 64)
    with pytest.raises(CommunicationError):
        app.video.finalize_ready(session.id, min_age_s=0.0)
    app.sessions.end(session.id)
    return who.id


def test_history_plays_the_saved_recording_and_names_the_unreadable_one(
    at: AppTest, app: App
) -> None:
    candidate_id = _ended_with_two_recordings(app)
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=candidate_id)
    at.run()
    at.switch_page("app_pages/history.py").run()
    at.session_state["history_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    assert len(at.get("video")) == 1  # only the playable one is offered
    # Markdown-escaped on the page: word joiners after colons, backslashes before marks.
    notes = [
        c.value.replace("\u2060", "").replace("\\", "")
        for c in at.caption
        if "not saved" in c.value
    ]
    assert notes == [
        "⚠️ video recording not saved: The video recording could not be read: "
        "Invalid data found when processing input"
    ], notes
