"""Helpers for the whiteboard's e2e tests: a session with a board, strokes that are
stored, the page's pixels (see ``test_whiteboard_board.py``)."""

from __future__ import annotations

import io
import math
import time
from collections.abc import Callable
from typing import Any

from PIL import Image
from testkit.streamlit_app import RunningApp

from interview_platform.communication.board_arrows import HEAD_SIZE
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.diagram.shapes import extract_primitives
from interview_platform.models import Candidate, CommunicationMode, Session, SessionStatus, utcnow

TIMEOUT = 60_000  # the machine is shared: a slow run is not a failure
CANVAS = "canvas.upper-canvas"


def board_session(store: PostgresDataStore, name: str) -> Session:
    """An active interview with the whiteboard, for a new candidate called ``name``."""
    candidate = store.candidates.create_candidate(Candidate(name=name))
    session = Session(
        candidate_id=candidate.id,
        provider="offline",
        model="rubric-interviewer",
        modes=[CommunicationMode.TEXT, CommunicationMode.WHITEBOARD],
        status=SessionStatus.ACTIVE,
        started_at=utcnow(),
    )
    return store.sessions.create_session(session)


def wait_until(check: Callable[[], Any], what: str) -> Any:
    """``check()``'s first truthy value; fails after ``TIMEOUT`` naming ``what``."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def open_board(browser: Any, app: RunningApp, session: Session, width: int, height: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{app.url}/interview?session={session.id}&candidate={session.candidate_id}")
    if width < 1024:  # one column: the board is in its tab (test_interview_tabs.py)
        page.get_by_role("tab", name="🖊️ Whiteboard").click(timeout=TIMEOUT)
    page.locator(CANVAS).first.wait_for(timeout=TIMEOUT)
    last: list[Any] = [None]
    # The board's top at the window's top: the sticky bottom bar covers no part drawn on.
    page.locator(CANVAS).first.evaluate("el => el.scrollIntoView({block: 'center'})")

    def settled() -> bool:  # the canvas has its measured width and keeps it
        page.wait_for_timeout(700)
        box = page.locator(CANVAS).first.bounding_box()
        same = box is not None and box == last[0] and box["width"] != 340
        last[0] = box
        return same

    wait_until(settled, "the canvas to settle at its width")
    return page


def stored_objects(store: PostgresDataStore, session_id: str) -> list[dict[str, Any]]:
    drawing = store.media.get_whiteboard_drawing(session_id)
    return list(drawing.canvas.get("objects", [])) if drawing else []


_SHOW = """el => {
  const r = el.getBoundingClientRect();
  if (r.top < 100 || r.bottom > window.innerHeight - 80) el.scrollIntoView({block: 'center'});
}"""


def show_canvas(page: Any) -> Any:
    """The canvas's box once it is in view (the layout may have moved it since)."""
    canvas = page.locator(CANVAS).first
    canvas.evaluate(_SHOW)  # clear of the pinned problem above and the bottom bar below
    page.wait_for_timeout(200)
    return canvas.bounding_box()


def drag(page: Any, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Drag between two fractions of the canvas's width and height."""
    box = show_canvas(page)
    page.mouse.move(box["x"] + start[0] * box["width"], box["y"] + start[1] * box["height"])
    page.mouse.down()
    page.mouse.move(box["x"] + end[0] * box["width"], box["y"] + end[1] * box["height"], steps=8)
    page.mouse.up()


def page_image(page: Any) -> Image.Image:
    """A screenshot of the viewport."""
    return Image.open(io.BytesIO(page.screenshot())).convert("RGB")


def stored_within(store: PostgresDataStore, session: Session, count: int, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        objs = stored_objects(store, session.id)
        if len(objs) >= count:
            return objs
        time.sleep(0.25)
    return None


def draw_stored(
    page: Any,
    store: PostgresDataStore,
    session: Session,
    start: tuple[float, float],
    end: tuple[float, float],
) -> list[dict[str, Any]]:
    """Drag until the board stores one more object (a stroke lost to a remount is redone)."""
    count = len(stored_objects(store, session.id))
    for _ in range(4):
        drag(page, start, end)
        objs = stored_within(store, session, count + 1, 15)
        if objs is not None:
            return list(objs)
        page.wait_for_timeout(1000)
    raise AssertionError("the stroke was never stored")


def blue_ink(image: Image.Image, at: tuple[float, float], radius: float) -> int:
    x, y = at
    area = image.crop((round(x - radius), round(y - radius), round(x + radius), round(y + radius)))
    return sum(1 for r, g, b in area.getdata() if b > r + 40)  # the board's blue ink


def line_middle(line: dict[str, Any]) -> tuple[float, float]:
    """The middle of a stored line (logical space)."""
    (seg,) = extract_primitives({"objects": [line]}).segments
    return (seg.x1 + seg.x2) / 2, (seg.y1 + seg.y2) / 2


def head_on_end(objs: list[dict[str, Any]]) -> bool:
    """Whether the board is two boxes and an arrow whose head's tip is on the line's end."""
    if [o["type"] for o in objs] != ["LabeledRect", "LabeledRect", "Line", "Triangle"]:
        return False
    (seg,) = extract_primitives({"objects": [objs[2]]}).segments
    head = objs[3]
    rad = math.radians(head["angle"] - 90)
    tip = (
        head["left"] + math.cos(rad) * HEAD_SIZE / 2,
        head["top"] + math.sin(rad) * HEAD_SIZE / 2,
    )
    return math.dist(tip, (seg.x2, seg.y2)) < 1.0
