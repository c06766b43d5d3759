"""User text on the pages: control characters refused with a message, Markdown shown as text."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from interview_platform.app_factory import App
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState
from interview_platform.ui.user_text import escape_markdown

PAYLOAD = "Eve ![x](http://127.0.0.1:9/x.png) :red[boss]"


def test_a_name_with_a_nul_is_refused_on_the_page(at: AppTest, app: App) -> None:
    at.run()
    at.text_input[0].input("Ada\x00 Lovelace")
    at.button[0].click().run()

    assert not at.exception
    assert any("The name contains a control character" in e.value for e in at.error)
    assert app.store.candidates.list_candidates() == []


def test_an_own_problem_with_an_escape_sequence_is_refused(at: AppTest, app: App) -> None:
    who = app.platform.candidates.create("Ctrl Tester")
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=who.id)
    at.run()
    at.selectbox(key="problem").select("__custom__").run()
    at.text_area(key="custom_problem").input("Design a chat service \x1b[2J for a bank").run()
    at.button(key="start_interview").click().run()

    assert not at.exception
    assert any("problem description contains a control character" in e.value for e in at.error)
    assert app.store.sessions.count_sessions(who.id) == 0


def test_the_sidebar_shows_a_markdown_name_escaped(at: AppTest, app: App) -> None:
    who = app.platform.candidates.create(PAYLOAD)
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=who.id)
    at.run()

    assert not at.exception
    captions = [c.value for c in at.sidebar.caption]
    assert f"Candidate: **{escape_markdown(PAYLOAD)}**" in captions
    # No bracket is left unescaped, so neither the image nor the directive can form.
    assert not any(re.search(r"(?<!\\)[\[\]]", c) for c in captions)
