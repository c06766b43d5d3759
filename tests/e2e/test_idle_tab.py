"""An idle interview tab costs nothing (issue 15), in real Chromium at 1280 px.

The clock counts in the browser while the tab sends the server nothing (no rerun, so
no script run and no database query for it); a typed answer redraws the transcript and
the clock without a reload; a paused interview's clock stands still until resumed.
The browser's websocket frames are counted: a timed rerun coming back would show there.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from testkit.app_settings import app_settings
from testkit.streamlit_app import RunningApp

from interview_platform.app_factory import App, create_app
from interview_platform.application.start import StartRequest
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import (
    CommunicationMode,
    ExperienceLevel,
    MessageRole,
    SessionStatus,
)

pytestmark = [pytest.mark.e2e]
TIMEOUT = 90_000  # the machine is shared: a slow run is not a failure
CLOCK = ".ip-clock"
QUIET_S = 3.0  # no frame for this long: the page has settled (measure, layout reruns)
_ELAPSED = "() => Number(document.querySelector('.ip-clock')?.dataset.elapsed ?? -1)"


@pytest.fixture(scope="module")
def platform_app(
    database_url: str, session_store: PostgresDataStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[App]:
    """The services, on the app's database (its schema applied by ``session_store``)."""
    root = tmp_path_factory.mktemp("idle")
    app = create_app(app_settings(database_url, root, logging={"console": False}), False)
    yield app
    app.close()


def _start(app: App, board: bool = False) -> tuple[str, str]:
    who = app.platform.candidates.create("Idle Candidate", "idle@example.com").id
    request = StartRequest(
        candidate_id=who,
        provider="offline",
        model="rubric-interviewer",
        modes=[CommunicationMode.TEXT, *([CommunicationMode.WHITEBOARD] if board else [])],
        level=ExperienceLevel.MID,
        minutes=45,
        problem_id="url-shortener",
    )
    return app.platform.start(request).session.id, who


class Frames:
    """The websocket frames the page sent (rerun requests) and received, with times."""

    def __init__(self, page: Any) -> None:
        self.sent: list[float] = []
        self.received: list[float] = []
        page.on("websocket", self._watch)

    def _watch(self, ws: Any) -> None:
        ws.on("framesent", lambda _payload: self.sent.append(time.monotonic()))
        ws.on("framereceived", lambda _payload: self.received.append(time.monotonic()))

    def last(self) -> float:
        return max([0.0, *self.sent, *self.received])


def _open(browser: Any, url: str, session_id: str, who: str) -> tuple[Any, Frames]:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    frames = Frames(page)
    page.goto(f"{url}/interview?session={session_id}&candidate={who}")
    _settle(page, frames)
    return page, frames


def _settle(page: Any, frames: Frames) -> None:
    """Wait for the opening and the clock, then until no frame moved for ``QUIET_S``."""
    page.locator('[data-testid="stChatMessage"]').first.wait_for(timeout=TIMEOUT)
    page.locator(CLOCK).wait_for(timeout=TIMEOUT)
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() - frames.last() < QUIET_S:
        assert time.monotonic() < deadline, "the page never stopped talking to the server"
        page.wait_for_timeout(500)


def _elapsed(page: Any) -> int:
    return int(page.evaluate(_ELAPSED))


def _wait_elapsed(page: Any, at_least: int) -> None:
    page.wait_for_function(f"() => ({_ELAPSED})() >= {at_least}", timeout=TIMEOUT)


def test_the_clock_ticks_in_the_browser_while_the_tab_asks_nothing(
    running_app: RunningApp, browser: Any, platform_app: App
) -> None:
    session_id, who = _start(platform_app)
    page, frames = _open(browser, running_app.url, session_id, who)
    try:
        clock = page.locator(CLOCK)
        assert clock.get_attribute("aria-live") == "off"
        assert clock.get_attribute("role") == "timer"
        sent, received = len(frames.sent), len(frames.received)
        start = _elapsed(page)
        _wait_elapsed(page, start + 5)  # five seconds counted in the browser
        assert len(frames.sent) == sent, "the idle tab asked the server for a rerun"
        assert len(frames.received) == received, "the server pushed to an idle tab"
        text = clock.inner_text()
        assert re.fullmatch(r"🧭 requirements · ⏱️ \d\d:\d\d / 45 min", text), text
        label = clock.get_attribute("aria-label") or ""
        assert re.fullmatch(r"Interview clock: requirements, \d\d:\d\d of 45 minutes", label)
        # The browser's count agrees with the server's clock (loosely: the machine is shared).
        server = platform_app.platform.views.clock(session_id).elapsed_s
        assert abs(_elapsed(page) - server) < 10, (_elapsed(page), server)
    finally:
        page.close()


def test_a_typed_answer_redraws_the_transcript_and_the_clock(
    running_app: RunningApp, browser: Any, platform_app: App
) -> None:
    session_id, who = _start(platform_app)
    page, _frames = _open(browser, running_app.url, session_id, who)
    try:
        drawn = page.locator(CLOCK).get_attribute("data-drawn-at")
        transcript = page.locator('[class*="st-key-transcript_box"]')
        answer = "Reads dominate writes a hundred to one; one hundred million new links a day."
        assert answer not in transcript.inner_text()
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill(answer)
        box.press("Enter")
        page.wait_for_function(
            "t => document.querySelector('[class*=\"st-key-transcript_box\"]')"
            "?.innerText.includes(t)",
            arg=answer,
            timeout=TIMEOUT,
        )
        stored = platform_app.platform.views.messages(session_id)
        assert [m.role for m in stored][-2:] == [MessageRole.CANDIDATE, MessageRole.INTERVIEWER]
        reply = stored[-1].content.splitlines()[0][:40]
        page.wait_for_function(
            "t => document.querySelector('[class*=\"st-key-transcript_box\"]')"
            "?.innerText.includes(t)",
            arg=reply,
            timeout=TIMEOUT,
        )
        page.wait_for_function(
            "d => document.querySelector('.ip-clock')?.dataset.drawnAt !== d",
            arg=drawn,
            timeout=TIMEOUT,
        )
        phase = platform_app.platform.views.clock(session_id).phase.replace("_", " ")
        assert page.locator(f"{CLOCK} b").inner_text() == phase
        assert page.locator(CLOCK).get_attribute("data-running") == "yes"
    finally:
        page.close()


def test_a_paused_interview_stops_the_browser_clock_and_resuming_restarts_it(
    running_app: RunningApp, browser: Any, platform_app: App
) -> None:
    session_id, who = _start(platform_app)
    page, frames = _open(browser, running_app.url, session_id, who)
    try:
        _wait_elapsed(page, 2)
        platform_app.sessions.pause(session_id)
        page.reload()
        page.get_by_text("This interview is paused.").wait_for(timeout=TIMEOUT)
        page.wait_for_function(
            "() => document.querySelector('.ip-clock')?.dataset.running === 'no'",
            timeout=TIMEOUT,
        )
        _settle(page, frames)
        stopped = _elapsed(page)
        page.wait_for_timeout(3000)  # a running clock would move on meanwhile
        assert _elapsed(page) == stopped
        assert "stopped" in (page.locator(CLOCK).get_attribute("aria-label") or "")
        page.get_by_role("button", name="Resume interview").click()
        page.wait_for_function(
            "() => document.querySelector('.ip-clock')?.dataset.running === 'yes'",
            timeout=TIMEOUT,
        )
        assert platform_app.sessions.get(session_id).status is SessionStatus.ACTIVE
        _wait_elapsed(page, stopped + 2)
    finally:
        page.close()


_INK = """c => {
  const ctx = document.createElement('canvas');
  ctx.width = c.width; ctx.height = c.height;
  const g = ctx.getContext('2d');
  for (const layer of c.parentElement.querySelectorAll('canvas')) g.drawImage(layer, 0, 0);
  const px = g.getImageData(0, 0, ctx.width, ctx.height).data;
  let ink = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] && px[i] + px[i + 1] + px[i + 2] < 600) ink++;
  }
  return ink;
}"""


def test_the_redraw_after_a_turn_keeps_the_drawing_and_a_draft(
    running_app: RunningApp, browser: Any, platform_app: App
) -> None:
    session_id, who = _start(platform_app, board=True)
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    try:
        page.goto(f"{running_app.url}/interview?session={session_id}&candidate={who}")
        canvas = page.locator("canvas.upper-canvas").first
        canvas.wait_for(timeout=TIMEOUT)
        page.locator(CLOCK).wait_for(timeout=TIMEOUT)
        page.wait_for_timeout(3000)  # the canvas takes its measured width (one rerun)
        box = canvas.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + 0.1 * box["width"], box["y"] + 0.1 * box["height"])
        page.mouse.down()
        page.mouse.move(box["x"] + 0.5 * box["width"], box["y"] + 0.5 * box["height"], steps=8)
        page.mouse.up()
        deadline = time.monotonic() + TIMEOUT / 1000
        while platform_app.store.media.get_whiteboard_drawing(session_id) is None:
            assert time.monotonic() < deadline, "the box was never saved"
            page.wait_for_timeout(200)
        ink = canvas.evaluate(_INK)
        assert ink > 50, ink
        answer = "A cache in front of the key value store serves the hot links."
        chat = page.get_by_test_id("stChatInputTextArea")
        chat.fill(answer)
        chat.press("Enter")
        chat.fill("draft: the write path")  # typed while the reply comes (or just after)
        page.wait_for_function(
            "t => document.querySelector('[class*=\"st-key-transcript_box\"]')"
            "?.innerText.includes(t)",
            arg=answer,
            timeout=TIMEOUT,
        )
        page.wait_for_timeout(1500)  # the redraw has reached the canvas
        assert chat.input_value() == "draft: the write path"
        assert canvas.evaluate(_INK) >= ink * 0.9  # the box is still on the canvas
        drawing = platform_app.store.media.get_whiteboard_drawing(session_id)
        assert drawing is not None and len(drawing.canvas["objects"]) == 1
    finally:
        page.close()


def test_an_idle_board_asks_nothing_and_a_review_reaches_the_transcript(
    running_app: RunningApp, browser: Any, platform_app: App
) -> None:
    session_id, who = _start(platform_app, board=True)
    page, frames = _open(browser, running_app.url, session_id, who)
    try:
        canvas = page.locator("canvas.upper-canvas").first
        canvas.wait_for(timeout=TIMEOUT)
        _settle(page, frames)
        sent, received = len(frames.sent), len(frames.received)
        start = _elapsed(page)
        _wait_elapsed(page, start + 6)  # longer than the board's old 4 s poll
        assert len(frames.sent) == sent, "the idle board asked the server for a rerun"
        assert len(frames.received) == received, "the server pushed to an idle board"
        canvas.evaluate("el => el.scrollIntoView({block: 'center'})")
        box = canvas.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + 0.1 * box["width"], box["y"] + 0.2 * box["height"])
        page.mouse.down()
        page.mouse.move(box["x"] + 0.4 * box["width"], box["y"] + 0.5 * box["height"], steps=8)
        page.mouse.up()
        deadline = time.monotonic() + TIMEOUT / 1000
        while platform_app.store.media.get_whiteboard_drawing(session_id) is None:
            assert time.monotonic() < deadline, "the box was never saved"
            page.wait_for_timeout(200)
        before = len(platform_app.platform.views.messages(session_id))
        page.get_by_role("button", name="Ask the interviewer to look").click()
        deadline = time.monotonic() + TIMEOUT / 1000
        while len(platform_app.platform.views.messages(session_id)) < before + 1:
            assert time.monotonic() < deadline, "the review was never stored"
            page.wait_for_timeout(300)
        reply = platform_app.platform.views.messages(session_id)[-1]
        assert reply.role is MessageRole.INTERVIEWER
        # Without any timer, the review's turn redraws the page: the transcript shows it.
        page.wait_for_function(
            "t => document.querySelector('[class*=\"st-key-transcript_box\"]')"
            "?.innerText.includes(t)",
            arg=reply.content.splitlines()[0][:40],
            timeout=TIMEOUT,
        )
    finally:
        page.close()
