"""The interview page at 1600, 1280 and 800 px (issue 13), in real Chromium.

Nothing overflows the window sideways, no bottom-bar control covers another, no
bottom-bar label is cut, and the interviewer's opening message is shown once.
Boxes are asserted, not pixels. Screenshots go to
``test-artifacts/screenshots/interview-<width>.png``.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from testkit.streamlit_app import RunningApp, screenshot

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Candidate, CommunicationMode, Session, SessionStatus, utcnow

pytestmark = [pytest.mark.e2e]
TIMEOUT = 90_000  # the machine is shared: a slow run is not a failure
BAR = '[class*="st-key-bottom_bar"]'
# Every control of the bottom bar: its box, and whether its text fits in it.
_BAR_CONTROLS = """bar => {
  // An element is cut when an ancestor inside the bar that hides overflow is narrower.
  const cutByAncestor = (el, r) => {
    for (let a = el.parentElement; a && a !== bar.parentElement; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const b = a.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1) return true;
    }
    return false;
  };
  const sel = 'button, label, [data-testid="stMarkdownContainer"] p, .bar-item';
  return [...bar.querySelectorAll(sel)]
    .filter(el => el.getClientRects().length > 0)
    .map(el => {
      const r = el.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(el);
      const tops = [...range.getClientRects()].map(q => q.top).sort((a, b) => a - b);
      const lines = tops.filter((t, i) => i === 0 || t > tops[i - 1] + 8).length;
      return {text: el.innerText.trim(), box: [r.left, r.top, r.right, r.bottom],
              clipped: el.scrollWidth > el.clientWidth + 1 || cutByAncestor(el, r),
              wrapped: lines > 1,
              button: el.tagName === 'BUTTON' || el.tagName === 'LABEL'};
    });
}"""
_BAR_IN_VIEW = """bar => {
  const r = bar.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight + 0.5;
}"""
_OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def _session(store: PostgresDataStore, width: int) -> Session:
    candidate = store.candidates.create_candidate(Candidate(name=f"Layout {width}"))
    session = Session(
        candidate_id=candidate.id,
        provider="offline",
        model="rubric-interviewer",
        modes=[
            CommunicationMode.TEXT,
            CommunicationMode.AUDIO,
            CommunicationMode.VIDEO,
            CommunicationMode.WHITEBOARD,
            CommunicationMode.SCREEN_SHARE,
        ],
        status=SessionStatus.ACTIVE,
        started_at=utcnow(),
    )
    return store.sessions.create_session(session)


def _overlap(a: list[float], b: list[float]) -> bool:
    """Whether two boxes share more than a pixel's sliver."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def _settled(page: Any) -> None:
    """Wait until the opening is stored and the page has stopped laying itself out."""
    page.locator('[data-testid="stChatMessage"]').first.wait_for(timeout=TIMEOUT)
    page.locator(BAR).first.wait_for(timeout=TIMEOUT)
    deadline = time.monotonic() + TIMEOUT / 1000
    last = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(1500)
        now = (page.evaluate(_OVERFLOW), page.locator('[data-testid="stChatMessage"]').count())
        if now == last and not page.locator('[data-testid="stStatusWidget"]').is_visible():
            return
        last = now


@pytest.mark.parametrize(("width", "height"), [(1600, 1000), (1280, 720), (800, 900)])
def test_the_interview_page_fits_and_opens_once(
    running_app: RunningApp,
    browser: Any,
    session_store: PostgresDataStore,
    width: int,
    height: int,
) -> None:
    session = _session(session_store, width)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{running_app.url}/interview?session={session.id}&candidate={session.candidate_id}")
    _settled(page)
    screenshot(page, f"interview-{width}")
    scroll_width, inner = page.evaluate(_OVERFLOW)
    assert scroll_width <= inner, f"the page is {scroll_width} px wide in a {inner} px window"
    controls = page.locator(BAR).first.evaluate(_BAR_CONTROLS)
    assert controls, "the bottom bar has no visible controls"
    clipped = [c["text"] for c in controls if c["clipped"]]
    assert not clipped, f"cut labels in the bottom bar: {clipped}"
    wrapped = [c["text"] for c in controls if c["wrapped"]]
    assert not wrapped, f"labels broken over two lines in the bottom bar: {wrapped}"
    assert page.locator(BAR).first.evaluate(_BAR_IN_VIEW), "the bottom bar is out of view"
    buttons = [c for c in controls if c["button"]]
    for i, a in enumerate(buttons):
        for b in buttons[i + 1 :]:
            if not (_contains(a["box"], b["box"]) or _contains(b["box"], a["box"])):
                assert not _overlap(a["box"], b["box"]), f"{a['text']!r} covers {b['text']!r}"
    for c in controls:
        assert c["box"][2] <= inner + 0.5, f"{c['text']!r} ends outside the window"
    answer = page.locator('[data-testid="stChatInput"]').first.bounding_box()
    bar = page.locator(BAR).first.bounding_box()
    assert answer is not None and bar is not None
    answer_box = [
        answer["x"],
        answer["y"],
        answer["x"] + answer["width"],
        answer["y"] + answer["height"],
    ]
    bar_box = [bar["x"], bar["y"], bar["x"] + bar["width"], bar["y"] + bar["height"]]
    # The answer box is where the candidate types: the sticky bar must not lie on it.
    assert not _overlap(answer_box, bar_box), f"the bottom bar covers the answer box at {width}"
    if width < 1024:
        expand = page.locator('[data-testid="stExpandSidebarButton"]')
        assert expand.is_visible(), "the sidebar stays open in a narrow window"
    openings = page.locator('[data-testid="stChatMessage"]').count()
    stored = session_store.conversation.count_messages(session.id)
    assert stored == 1
    assert openings == 1, f"{openings} messages shown for one stored opening"
    page.close()


def _contains(outer: list[float], inner: list[float]) -> bool:
    """A label inside its own button is not one control covering another."""
    return (
        outer[0] <= inner[0] + 0.5
        and outer[1] <= inner[1] + 0.5
        and outer[2] >= inner[2] - 0.5
        and outer[3] >= inner[3] - 0.5
    )


def test_a_sidebar_link_keeps_the_candidate_across_a_refresh(
    running_app: RunningApp, browser: Any, session_store: PostgresDataStore
) -> None:
    session = _session(session_store, 1)
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(f"{running_app.url}/interview?session={session.id}&candidate={session.candidate_id}")
    _settled(page)
    page.locator('[data-testid="stSidebarNav"] a', has_text="History").click()
    page.wait_for_url(f"**/history?*candidate={session.candidate_id}*", timeout=TIMEOUT)
    page.reload()
    page.get_by_text("Layout 1", exact=True).first.wait_for(timeout=TIMEOUT)  # sidebar
    assert f"candidate={session.candidate_id}" in page.url
    page.close()
