"""The whiteboard fits at every width, and two tabs never silently lose a drawing.

In real Chromium at 1600, 1280 and 800 px: the canvas lies inside the block it is shown
in (its column, or the page when the window is narrow), the canvas toolbar covers no
control, and a box drawn at the right edge is stored and painted. A drawing made at
one width is shown whole at another; full screen gives the board the page. Two tabs
drawing on one board: the second is told and keeps its drawing until it chooses.
Screenshots go to ``test-artifacts/screenshots/whiteboard_*.png``.
"""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from PIL import Image
from testkit.streamlit_app import RunningApp, screenshot

from interview_platform.communication.board_json import LOGICAL_WIDTH
from interview_platform.database.ports import StoredDrawing
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.diagram.graph import build_diagram_graph
from interview_platform.models import Session
from interview_platform.ui.components.whiteboard_sync import CONFLICT, KEEP_MINE, LOAD_NEWER
from tests.e2e.board_kit import board_session

pytestmark = [pytest.mark.e2e]
TIMEOUT = 60_000  # the machine is shared: a slow run is not a failure
CANVAS = "canvas.upper-canvas"
# The canvas and the block it sits in (found across the component's shadow root).
_BOXES = """el => {
  const r = el.getBoundingClientRect();
  let n = el, block = null;
  while (n) {
    if (n.matches && n.matches('[data-testid="stColumn"], [data-testid="stVerticalBlock"]')) {
      block = n; break;
    }
    n = n.parentNode || n.host;
  }
  let t = el;
  while (t && !(t.querySelector && t.querySelector('.dc-toolbar-card'))) t = t.parentNode || t.host;
  if (!block || !t) return null;  // between two renders of the panel
  const b = block.getBoundingClientRect();
  const bar = t.querySelector('.dc-toolbar-card').getBoundingClientRect();
  return {canvas: [r.left, r.top, r.right, r.bottom], block: [b.left, b.top, b.right, b.bottom],
          toolbar: [bar.left, bar.top, bar.right, bar.bottom], window: window.innerWidth};
}"""


def _open(browser: Any, app: RunningApp, session: Session, width: int, height: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{app.url}/interview?session={session.id}&candidate={session.candidate_id}")
    if width < 1024:  # one column: the board is in its tab (test_interview_tabs.py)
        page.get_by_role("tab", name="🖊️ Whiteboard").click(timeout=TIMEOUT)
    page.locator(CANVAS).first.wait_for(timeout=TIMEOUT)
    return page


def _boxes(page: Any) -> dict[str, Any]:
    """The canvas, its block and the toolbar once the canvas has taken the block's width."""
    deadline = time.monotonic() + TIMEOUT / 1000
    boxes: dict[str, Any] = {}
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        boxes = page.locator(CANVAS).first.evaluate(_BOXES) or {}
        if boxes and boxes["block"][2] - 40 <= boxes["canvas"][2] <= boxes["block"][2] + 0.5:
            page.wait_for_timeout(800)  # no further rerun resizes it again
            again = page.locator(CANVAS).first.evaluate(_BOXES) or {}
            if again.get("canvas") == boxes["canvas"]:
                return boxes
    return boxes


def _full_screen_canvas(page: Any, width: int, height: int) -> list[float]:
    """The canvas once full screen has sized it: the window's width or (less Streamlit's
    header) its height, whichever binds (test_whiteboard_full_screen.py checks more)."""
    deadline = time.monotonic() + TIMEOUT / 1000
    box: list[float] = []
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        b = page.locator(CANVAS).first.bounding_box()
        box = [b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]] if b else []
        if box and (box[2] - box[0] >= 0.9 * (width - 15) or box[3] - box[1] >= height - 82):
            return box
    raise AssertionError(f"the full-screen canvas never filled the window: {box}")


def _inside(inner: list[float], outer: list[float]) -> bool:
    return inner[0] >= outer[0] - 0.5 and inner[2] <= outer[2] + 0.5


def _overlaps(a: list[float], b: dict[str, float]) -> bool:
    bx = [b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]]
    return a[0] < bx[2] and bx[0] < a[2] and a[1] < bx[3] and bx[1] < a[3]


def _stored(store: PostgresDataStore, session_id: str, version: int) -> StoredDrawing:
    """The stored drawing once it has reached ``version``."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        drawing = store.media.get_whiteboard_drawing(session_id)
        if drawing is not None and drawing.version >= version:
            return drawing
        time.sleep(0.2)
    raise AssertionError(f"the board never reached version {version}")


def _stored_objects(store: PostgresDataStore, session_id: str, count: int) -> StoredDrawing:
    """The stored drawing once it holds ``count`` objects."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        drawing = store.media.get_whiteboard_drawing(session_id)
        if drawing is not None and len(drawing.canvas.get("objects", [])) >= count:
            return drawing
        time.sleep(0.2)
    raise AssertionError(f"the board never held {count} objects")


def _draw_box(page: Any, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Drag a labelled box between two fractions of the canvas's width and height."""
    box = page.locator(CANVAS).first.bounding_box()
    x0, y0 = box["x"] + start[0] * box["width"], box["y"] + start[1] * box["height"]
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(box["x"] + end[0] * box["width"], box["y"] + end[1] * box["height"], steps=8)
    page.mouse.up()


def _ink_right(page: Any, band: float = 0.8) -> int:
    """Coloured pixels painted in the right part of the canvas, as seen on the page."""
    canvas = page.locator(CANVAS).first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    left, right = int(box["x"] + band * box["width"]), int(box["x"] + box["width"] - 3)
    area = shot.crop((left, int(box["y"]) + 3, right, int(box["y"] + box["height"]) - 3))
    return sum(1 for r, g, b in area.getdata() if b > r + 40)  # the board's blue ink


def _right_edge(drawing: StoredDrawing) -> float:
    obj = drawing.canvas["objects"][-1]
    return float(obj["left"] + obj["width"] * obj.get("scaleX", 1))


@pytest.mark.parametrize(("width", "height"), [(1600, 1000), (1280, 720), (800, 900)])
def test_the_canvas_fits_and_a_box_at_the_right_edge_shows(
    running_app: RunningApp,
    browser: Any,
    session_store: PostgresDataStore,
    width: int,
    height: int,
) -> None:
    session = board_session(session_store, f"Fit {width}")
    page = _open(browser, running_app, session, width, height)
    page.locator(CANVAS).first.hover()
    boxes = _boxes(page)
    assert _inside(boxes["canvas"], boxes["block"]), boxes
    assert boxes["canvas"][2] <= width
    for control in (page.get_by_label("Box label"), page.get_by_test_id("stSlider").first):
        assert not _overlaps(boxes["toolbar"], control.bounding_box()), boxes
    _draw_box(page, (0.82, 0.1), (0.98, 0.3))
    stored = _stored(session_store, session.id, 1)
    assert len(stored.canvas["objects"]) == 1
    assert 0.9 * LOGICAL_WIDTH <= _right_edge(stored) <= LOGICAL_WIDTH + 1
    page.wait_for_timeout(500)
    assert _ink_right(page) > 50
    screenshot(page, f"whiteboard_fit_{width}")
    page.close()


def test_a_drawing_made_wide_shows_whole_when_narrow_and_in_full_screen(
    running_app: RunningApp, browser: Any, session_store: PostgresDataStore
) -> None:
    session = board_session(session_store, "Fit resize")
    page = _open(browser, running_app, session, 1600, 1000)
    wide = _boxes(page)
    _draw_box(page, (0.8, 0.1), (0.97, 0.3))
    stored = _stored(session_store, session.id, 1)
    page.set_viewport_size({"width": 1280, "height": 720})
    narrow = _boxes(page)
    assert narrow["canvas"][2] - narrow["canvas"][0] < wide["canvas"][2] - wide["canvas"][0]
    assert _inside(narrow["canvas"], narrow["block"]), narrow
    assert _ink_right(page) > 30
    page.get_by_text("Full screen").click()
    page.get_by_text("💬 Chat").first.wait_for(timeout=TIMEOUT)
    full = _full_screen_canvas(page, 1280, 720)
    main = page.get_by_test_id("stMainBlockContainer").bounding_box()
    assert full[2] - full[0] > narrow["canvas"][2] - narrow["canvas"][0]
    assert full[2] <= main["x"] + main["width"]
    assert _ink_right(page) > 30
    # Showing the drawing at other sizes saved nothing: no other tab is made stale.
    assert session_store.media.get_whiteboard_drawing(session.id) == stored
    page.close()


def test_a_second_tab_is_told_and_keeps_its_drawing_until_it_chooses(
    running_app: RunningApp, browser: Any, session_store: PostgresDataStore
) -> None:
    session = board_session(session_store, "Two tabs")
    first = _open(browser, running_app, session, 1600, 1000)
    second = _open(browser, running_app, session, 1600, 1000)
    for page in (first, second):
        _boxes(page)  # both canvases have their size before anything is drawn
    _draw_box(first, (0.05, 0.1), (0.3, 0.3))
    mine_first = _stored(session_store, session.id, 1)
    _draw_box(second, (0.6, 0.6), (0.9, 0.9))
    second.get_by_text(CONFLICT).wait_for(timeout=TIMEOUT)
    screenshot(second, "whiteboard_conflict")
    second.wait_for_timeout(4500)  # a timed rerun of the panel does not save it either
    assert session_store.media.get_whiteboard_drawing(session.id) == mine_first
    second.get_by_role("button", name=KEEP_MINE).click()
    kept = _stored(session_store, session.id, 2)
    assert len(kept.canvas["objects"]) == 1
    assert kept.canvas["objects"][0]["left"] > mine_first.canvas["objects"][0]["left"] + 100
    second.get_by_text(CONFLICT).wait_for(state="detached", timeout=TIMEOUT)

    _draw_box(first, (0.05, 0.6), (0.3, 0.9))  # the first tab is now the stale one
    first.get_by_text(CONFLICT).wait_for(timeout=TIMEOUT)
    assert session_store.media.get_whiteboard_drawing(session.id) == kept
    first.get_by_role("button", name=LOAD_NEWER).click()
    first.get_by_text(CONFLICT).wait_for(state="detached", timeout=TIMEOUT)
    first.wait_for_timeout(1000)
    assert _ink_right(first, band=0.6) > 50  # the other tab's box, now on this canvas
    _draw_box(first, (0.05, 0.1), (0.25, 0.25))
    both = _stored(session_store, session.id, 3)
    assert len(both.canvas["objects"]) == 2
    first.close()
    second.close()


def test_the_arrow_key_picks_the_arrow_tool_and_a_line_becomes_an_arrow(
    running_app: RunningApp, browser: Any, session_store: PostgresDataStore
) -> None:
    session = board_session(session_store, "Arrows")
    page = _open(browser, running_app, session, 1280, 720)
    _boxes(page)
    _draw_box(page, (0.05, 0.3), (0.3, 0.55))
    _stored(session_store, session.id, 1)
    _draw_box(page, (0.65, 0.3), (0.95, 0.55))
    # Two quick strokes may reach the server in one value (one save): count the boxes.
    _stored_objects(session_store, session.id, 2)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("a")  # the arrow tool's shortcut
    tool = page.get_by_test_id("stSelectbox").filter(has_text="Tool").locator("input")
    deadline = time.monotonic() + TIMEOUT / 1000
    while "Line / arrow" not in tool.input_value() and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert "Line / arrow" in tool.input_value()
    page.wait_for_timeout(1000)  # the new tool reaches the canvas after the rerun
    _draw_box(page, (0.33, 0.45), (0.63, 0.42))  # from beside one box to beside the other
    deadline = time.monotonic() + TIMEOUT / 1000
    kinds: list[str] = []
    while time.monotonic() < deadline and "Triangle" not in kinds:
        time.sleep(0.3)
        stored = session_store.media.get_whiteboard_drawing(session.id)
        kinds = [o["type"] for o in stored.canvas["objects"]] if stored else []
    assert kinds == ["LabeledRect", "LabeledRect", "Line", "Triangle"]
    graph = build_diagram_graph(stored.canvas if stored else None)
    assert len(graph.components) == 2 and len(graph.connections) == 1
    page.wait_for_timeout(1500)  # the canvas shows the arrow it was given back
    page.locator(CANVAS).first.scroll_into_view_if_needed()
    screenshot(page, "whiteboard_arrow_1280")
    assert session_store.media.get_whiteboard_drawing(session.id) == stored  # saved once
    page.close()
