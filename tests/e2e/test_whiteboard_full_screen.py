"""Full-screen drawing gives the board the window (issue 13).

In real Chromium at 1600x1000, 1280x720 and 800x900: after "Full screen" the sidebar is
folded, the canvas fills the window in the dimension that binds (at least 90% of its
width, or its height less Streamlit's header) and is never taller than that, so the whole
board is in view at once; nothing pinned (the problem, the bottom bar) covers it, and a
box drawn at its right edge is stored at the right edge of the logical board.
Leaving full screen opens the sidebar again as it was.
Screenshots: ``test-artifacts/screenshots/whiteboard_full_screen_{1600,1280,800}.png`` (the
top of the page) and ``..._lower.png`` (scrolled down: the box drawn, the bar below).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from testkit.streamlit_app import RunningApp, screenshot

from interview_platform.communication.board_json import LOGICAL_WIDTH
from interview_platform.database.ports import StoredDrawing
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.ui.components.whiteboard_fit import FULL_MARGIN
from tests.e2e.board_kit import board_session

pytestmark = [pytest.mark.e2e]
TIMEOUT = 60_000  # the machine is shared: a slow run is not a failure
CANVAS = "canvas.upper-canvas"
# The folded chat's own words (below 1024 px the "💬 Chat" tab has that label too).
_CHAT_FOLDED = "answer the interviewer here"
_SIDEBAR = """() => {
  const s = document.querySelector('[data-testid="stSidebar"]');
  return s ? s.getAttribute('data-collapsed') : null;
}"""


def _box(page: Any, locator: Any) -> list[float]:
    """An element's box in page coordinates (the window's scroll added)."""
    b = locator.bounding_box()
    sx, sy = page.evaluate("() => [window.scrollX, window.scrollY]")
    return [b["x"] + sx, b["y"] + sy, b["x"] + b["width"] + sx, b["y"] + b["height"] + sy]


def _not_covered(page: Any) -> None:
    """Neither the pinned problem nor the bottom bar lies over the canvas."""
    board = _box(page, page.locator(CANVAS).first)
    for name in ("bottom_bar", "problem_pin"):
        other = _box(page, page.locator(f".st-key-{name}").first)
        assert not _intersect(board, other), (name, board, other)


def _toolbar_clear(page: Any) -> None:
    """The canvas's own toolbar, shown while the pointer is on the board, is above it."""
    page.locator(CANVAS).first.hover()
    bar = page.locator(".dc-toolbar").first
    deadline = time.monotonic() + 10
    while bar.evaluate("e => getComputedStyle(e).opacity") != "1":
        assert time.monotonic() < deadline, "the toolbar never showed"
        page.wait_for_timeout(200)
    page.wait_for_timeout(500)  # it has finished moving into place
    board = _box(page, page.locator(CANVAS).first)
    tools = _box(page, page.locator(".dc-toolbar-card").first)
    assert not _intersect(board, tools), ("toolbar", board, tools)


def _draw_at_right_edge(page: Any, window_height: int) -> None:
    """Drag a box from 85% to 98.5% of the canvas's width, in its part that is in view."""
    shown = page.locator(CANVAS).first.bounding_box()
    top = max(shown["y"], 80)  # below Streamlit's header
    bottom = min(shown["y"] + shown["height"], window_height)
    y0, y1 = top + 0.3 * (bottom - top), top + 0.6 * (bottom - top)
    page.mouse.move(shown["x"] + 0.85 * shown["width"], y0)
    page.mouse.down()
    page.mouse.move(shown["x"] + 0.985 * shown["width"], y1, steps=8)
    page.mouse.up()


def _intersect(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _big_canvas(page: Any, share: float, height: int) -> dict[str, float]:
    """The canvas's box once it is ``share`` of the window wide or as tall as the window
    less the header (whichever binds), and stays that size."""
    deadline = time.monotonic() + TIMEOUT / 1000
    last: dict[str, float] = {}
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        box = page.locator(CANVAS).first.bounding_box() or {}
        inner = page.evaluate("() => document.documentElement.clientWidth")
        tall = height - FULL_MARGIN - 2
        if box and (box["width"] >= share * inner or box["height"] >= tall):
            page.wait_for_timeout(1000)  # no further rerun resizes it again
            if page.locator(CANVAS).first.bounding_box() == box:
                return box
        last = box
    raise AssertionError(f"the canvas never filled the window: {last}")


def _stored(store: PostgresDataStore, session_id: str) -> StoredDrawing:
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        drawing = store.media.get_whiteboard_drawing(session_id)
        if drawing is not None and drawing.canvas.get("objects"):
            return drawing
        time.sleep(0.2)
    raise AssertionError("the box was never stored")


def _wait_sidebar(page: Any, state: str) -> None:
    deadline = time.monotonic() + TIMEOUT / 1000
    while page.evaluate(_SIDEBAR) != state and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert page.evaluate(_SIDEBAR) == state


@pytest.mark.parametrize(("width", "height"), [(1600, 1000), (1280, 720), (800, 900)])
def test_full_screen_gives_the_board_the_window(
    running_app: RunningApp,
    browser: Any,
    session_store: PostgresDataStore,
    width: int,
    height: int,
) -> None:
    session = board_session(session_store, f"Full {width}")
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{running_app.url}/interview?session={session.id}&candidate={session.candidate_id}")
    if width < 1024:  # one column: the board and its switch are in the Whiteboard tab
        page.get_by_role("tab", name="🖊️ Whiteboard").click(timeout=TIMEOUT)
    page.locator(CANVAS).first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1500)  # the narrow window's sidebar fold, if any, has happened
    sidebar_before = page.evaluate(_SIDEBAR)
    page.get_by_text("Full screen").click()
    page.get_by_text(_CHAT_FOLDED).first.wait_for(timeout=TIMEOUT)
    canvas = _big_canvas(page, 0.9, height)
    assert page.evaluate(_SIDEBAR) == "true"
    assert canvas["x"] >= 0 and canvas["x"] + canvas["width"] <= width
    assert canvas["height"] <= height - FULL_MARGIN + 1  # the whole board fits in view
    page.locator(CANVAS).first.evaluate("el => el.scrollIntoView({block: 'end'})")
    page.wait_for_timeout(500)
    shown = page.locator(CANVAS).first.bounding_box()
    assert shown["y"] >= 0 and shown["y"] + shown["height"] <= height + 1, shown
    for scroll in (5000, -5000, 5000):  # the page's bottom, top and bottom again
        page.locator(CANVAS).first.hover()
        page.mouse.wheel(0, scroll)
        page.wait_for_timeout(600)
        _not_covered(page)
    _toolbar_clear(page)
    _draw_at_right_edge(page, height)
    obj = _stored(session_store, session.id).canvas["objects"][-1]
    right = obj["left"] + obj["width"] * obj.get("scaleX", 1)
    assert 0.95 * LOGICAL_WIDTH <= right <= LOGICAL_WIDTH + 1, obj
    page.wait_for_timeout(800)
    screenshot(page, f"whiteboard_full_screen_{width}_lower")  # the box, the bar below
    page.mouse.wheel(0, -5000)
    page.wait_for_timeout(800)
    screenshot(page, f"whiteboard_full_screen_{width}")
    page.get_by_text("Full screen").click()  # back: the sidebar is as it was
    page.get_by_text(_CHAT_FOLDED).first.wait_for(state="detached", timeout=TIMEOUT)
    _wait_sidebar(page, sidebar_before)
    if width < 1024:  # back to the tab it was entered from
        tab = page.get_by_role("tab", name="🖊️ Whiteboard")
        tab.and_(page.locator('[aria-selected="true"]')).wait_for(timeout=TIMEOUT)
    page.close()
