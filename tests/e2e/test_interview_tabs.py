"""The interview page below 1024 px: Chat · Whiteboard · Transcript as tabs (issue 13).

In real Chromium at 800x900: three tabs, the chat's open; a half-typed answer survives a
switch to the board and back; the board, drawn only while its tab is open, lies inside
the window and stores a box; after a typed answer the Chat tab stays selected and the
Transcript tab shows the turn; the tabs switch from the keyboard; nothing overflows the
window sideways. Screenshots: ``test-artifacts/screenshots/interview-tabs-800*.png``.
"""

from __future__ import annotations

from typing import Any

import pytest
from testkit.streamlit_app import RunningApp, screenshot

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Candidate, CommunicationMode, Session, SessionStatus, utcnow
from tests.e2e.board_kit import CANVAS, TIMEOUT, board_session, draw_stored, wait_until

pytestmark = [pytest.mark.e2e]
WIDTH, HEIGHT = 800, 900
CHAT, BOARD, TRANSCRIPT = "💬 Chat", "🖊️ Whiteboard", "📝 Transcript"
_OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"
_SELECTED = """() => [...document.querySelectorAll('[role="tab"]')]
  .filter(t => t.getAttribute('aria-selected') === 'true').map(t => t.innerText.trim())"""


def _tab(page: Any, name: str) -> Any:
    return page.get_by_role("tab", name=name)


def _selected(page: Any) -> list[str]:
    return list(page.evaluate(_SELECTED))


def _open_tab(page: Any, name: str) -> None:
    _tab(page, name).click()
    wait_until(lambda: _selected(page) == [name], f"the {name} tab to be selected")


def _open(browser: Any, app: RunningApp, store: PostgresDataStore, name: str) -> tuple[Any, Any]:
    session = board_session(store, name)
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    page.goto(f"{app.url}/interview?session={session.id}&candidate={session.candidate_id}")
    # The first run lays out three columns until the browser has measured the window.
    _tab(page, TRANSCRIPT).wait_for(timeout=TIMEOUT)
    page.locator('[data-testid="stChatMessage"]').first.wait_for(timeout=TIMEOUT)
    return page, session


def _draft(page: Any) -> str:
    return str(page.locator('[data-testid="stChatInputTextArea"]').first.input_value())


def test_tabs_keep_the_draft_and_the_board_draws_inside_the_window(
    running_app: RunningApp, browser: Any, session_store: PostgresDataStore
) -> None:
    page, session = _open(browser, running_app, session_store, "Tabs 800")
    for name in (CHAT, BOARD, TRANSCRIPT):
        assert _tab(page, name).is_visible(), f"no {name} tab"
    assert _selected(page) == [CHAT]
    assert page.locator(CANVAS).count() == 0, "the board is drawn in a hidden tab"
    screenshot(page, "interview-tabs-800")
    draft = "Shard the writes by user id"
    page.locator('[data-testid="stChatInputTextArea"]').first.fill(draft)
    _open_tab(page, BOARD)
    page.locator(CANVAS).first.wait_for(timeout=TIMEOUT)
    objs = draw_stored(page, session_store, session, (0.6, 0.1), (0.95, 0.3))
    assert len(objs) == 1
    box = page.locator(CANVAS).first.bounding_box()
    inner = page.evaluate("() => document.documentElement.clientWidth")
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= inner, box
    assert box["width"] > 0.6 * inner, f"the board is {box['width']} px in a {inner} px window"
    scroll_width, window = page.evaluate(_OVERFLOW)
    assert scroll_width <= window, f"the page is {scroll_width} px wide in {window} px"
    screenshot(page, "interview-tabs-800-board")
    _open_tab(page, CHAT)
    assert _draft(page) == draft, "the half-typed answer was lost by switching tabs"
    page.locator('[data-testid="stChatInputTextArea"]').first.press("Enter")
    wait_until(
        lambda: session_store.conversation.count_messages(session.id) >= 3,
        "the answer and the interviewer's reply to be stored",
    )
    page.get_by_text(draft).first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1500)  # any redraw after the turn has happened
    assert _selected(page) == [CHAT], "a redraw after the turn left the Chat tab"
    _open_tab(page, TRANSCRIPT)
    transcript = page.get_by_role("tabpanel").filter(has_text=draft)
    transcript.first.wait_for(timeout=TIMEOUT)
    screenshot(page, "interview-tabs-800-transcript")
    scroll_width, window = page.evaluate(_OVERFLOW)
    assert scroll_width <= window, f"the page is {scroll_width} px wide in {window} px"
    page.close()


def test_the_tabs_switch_from_the_keyboard(
    running_app: RunningApp, browser: Any, session_store: PostgresDataStore
) -> None:
    page, _ = _open(browser, running_app, session_store, "Tabs keys")
    _tab(page, CHAT).focus()
    ring = _tab(page, CHAT).evaluate(
        "el => { const s = getComputedStyle(el);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0"
        " || s.boxShadow !== 'none'; }"
    )
    assert ring, "the focused tab shows no focus ring"
    page.keyboard.press("ArrowRight")
    wait_until(lambda: _selected(page) == [BOARD], "the arrow key to select the Whiteboard tab")
    page.locator(CANVAS).first.wait_for(timeout=TIMEOUT)
    page.keyboard.press("ArrowRight")
    wait_until(lambda: _selected(page) == [TRANSCRIPT], "the arrow key to select the Transcript")
    page.close()


def test_a_text_only_interview_keeps_one_column_without_tabs(
    running_app: RunningApp, browser: Any, session_store: PostgresDataStore
) -> None:
    candidate = session_store.candidates.create_candidate(Candidate(name="Tabs text"))
    session = session_store.sessions.create_session(
        Session(
            candidate_id=candidate.id,
            provider="offline",
            model="rubric-interviewer",
            modes=[CommunicationMode.TEXT],
            status=SessionStatus.ACTIVE,
            started_at=utcnow(),
        )
    )
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    page.goto(f"{running_app.url}/interview?session={session.id}&candidate={candidate.id}")
    page.locator('[data-testid="stChatMessage"]').first.wait_for(timeout=TIMEOUT)
    page.get_by_text("The whiteboard is off").first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1500)  # the sidebar fold and any relayout have happened
    assert page.get_by_role("tab").count() == 0, "tabs without a board to put in one"
    sidebar = page.locator('[data-testid="stSidebar"]').first
    assert sidebar.get_attribute("data-collapsed") == "true", "the sidebar stayed open"
    chat = page.locator('[data-testid="stChatInput"]').first.bounding_box()
    assert chat is not None and chat["x"] >= 0 and chat["x"] + chat["width"] <= WIDTH, chat
    scroll_width, window = page.evaluate(_OVERFLOW)
    assert scroll_width <= window, f"the page is {scroll_width} px wide in {window} px"
    screenshot(page, "interview-tabs-800-text-only")
    page.close()
