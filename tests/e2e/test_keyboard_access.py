"""Keyboard use (issue 13): every control is reached with Tab and shows where the focus is.

On the Setup page each control is photographed before and after Tab reaches it: a
control never reached, or one that looks the same focused, fails. The interview's own
components (screen share, interviewer voice) draw a 2 px focus ring from
``ui/static/controls.css``; the share-screen button is reached with Tab and checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit.streamlit_app import RunningApp

from interview_platform.database.postgres_store import PostgresDataStore
from tests.e2e.a11y_pages import FIRST_VIEW, Seeded, media_on, seed, wait_idle

pytestmark = [pytest.mark.e2e]


@pytest.fixture(scope="module")
def seeded(
    session_store: PostgresDataStore, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Seeded:
    """A candidate with live interviews and a scored one (the schema by session_store)."""
    return seed(database_url, Path(tmp_path_factory.mktemp("seed")))


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh 1280 px browser context (its own Streamlit session)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    yield context.new_page()
    context.close()


# Every control a keyboard user should reach, each marked with its index; radio buttons
# count once per group (only the checked one is in the tab order).
_MARK_CONTROLS = """() => {
  const sel = 'a[href], button, input, select, textarea, iframe, [tabindex]';
  const shown = el => {
    const widget = el.closest('[data-testid^="st"]') || el;
    const box = widget.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && widget.checkVisibility({visibilityProperty: true});
  };
  const controls = [...document.querySelectorAll(sel)].filter(
    el => el.tabIndex >= 0 && !el.disabled && el.type !== 'hidden' && shown(el));
  const names = [];
  controls.forEach((el, i) => {
    el.dataset.kbd = String(i);
    const group = el.type === 'radio' ? 'radio:' + el.name : String(i);
    names.push([group, el.getAttribute('aria-label') || el.innerText || el.outerHTML.slice(0, 80)]);
  });
  return names;
}"""
_FOCUSED = """() => {
  const el = document.activeElement;
  return el && el.dataset.kbd !== undefined ? el.dataset.kbd : null;
}"""


def _look(page: Any, index: str) -> bytes:
    """A picture of the control's widget (its Streamlit container, or itself)."""
    control = page.locator(f"[data-kbd='{index}']")
    widget = control.locator("xpath=ancestor-or-self::*[starts-with(@data-testid, 'st')][1]")
    target = widget if widget.count() else control
    from playwright.sync_api import Error as PlaywrightError

    try:
        return bytes(target.first.screenshot(animations="disabled", timeout=5000))
    except PlaywrightError as exc:
        html = control.first.evaluate("e => e.outerHTML")[:300]
        raise AssertionError(f"cannot take a picture of control {index}: {html}") from exc


def _keyboard_walk(page: Any, name: str) -> None:
    """Tab through the page: every control is reached and looks different when focused."""
    controls = page.evaluate(_MARK_CONTROLS)
    before = {str(i): _look(page, str(i)) for i in range(len(controls))}
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    reached: dict[str, bool] = {}
    for _ in range(len(controls) * 2 + 10):
        page.keyboard.press("Tab")
        page.wait_for_timeout(150)
        index = page.evaluate(_FOCUSED)
        if index is not None and index not in reached:
            reached[index] = _look(page, index) != before[index]
    groups = {group for i, (group, _label) in enumerate(controls) if str(i) in reached}
    missed = [label for group, label in controls if group not in groups]
    unseen = [controls[int(i)][1] for i, visible in reached.items() if not visible]
    print(f"[{name}] keyboard: {len(reached)} of {len(controls)} controls reached")
    assert missed == [], f"{name}: not reachable with Tab: {missed}"
    assert unseen == [], f"{name}: no visible focus on: {unseen}"


def test_setup_by_keyboard(running_app: RunningApp, page: Any, seeded: Seeded) -> None:
    page.goto(f"{running_app.url}/?candidate={seeded.candidate_id}")
    page.get_by_text("Candidate: Ada Lovelace").first.wait_for(timeout=FIRST_VIEW)
    wait_idle(page)
    _keyboard_walk(page, "setup")


def test_media_buttons_show_keyboard_focus(
    running_app: RunningApp, page: Any, seeded: Seeded
) -> None:
    """The custom components' buttons are in the tab order and draw a 2 px focus ring."""
    media_on(page, running_app.url, seeded)
    wait_idle(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    ring = None
    for _ in range(120):  # the interview page has some 40 controls before the bar
        page.keyboard.press("Tab")
        ring = page.evaluate("""() => {
          let el = document.activeElement;  // components v2 draw inside a shadow root
          while (el && el.shadowRoot && el.shadowRoot.activeElement) {
            el = el.shadowRoot.activeElement;
          }
          if (!el || !el.classList.contains('ip-screen-btn')) return null;
          const s = getComputedStyle(el);
          return [s.outlineStyle, s.outlineWidth];
        }""")
        if ring is not None:
            break
    assert ring == ["solid", "2px"], f"share-screen button focus ring: {ring}"
