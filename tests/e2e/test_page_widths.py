"""Setup, Evaluation and History at 1600, 1280 and 800 px in real Chromium (issue 13).

Below 1024 px each page folds the sidebar away (as the interview page does) so the page
takes the window; the sidebar's button stays in view and opens it again. At 1280 and
1600 px the sidebar stays open. At every width: nothing is wider than the window, and
no word of the page is broken over two lines (a line may only end between words; a
word longer than a whole line, such as a URL, is allowed to break). Screenshots:
``test-artifacts/screenshots/pages-<page>-<width>.png``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from testkit.streamlit_app import RunningApp, screenshot

from interview_platform.database.postgres_store import PostgresDataStore
from tests.e2e.a11y_pages import FIRST_VIEW, TIMEOUT, Seeded, seed, wait_idle

pytestmark = [pytest.mark.e2e]
WIDTHS = (1600, 1280, 800)
ONE_COLUMN = 1024
_SIDEBAR = '[data-testid="stSidebar"]'
_EXPAND = '[data-testid="stExpandSidebarButton"]'
_OVERFLOW = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  return [document.documentElement.scrollWidth, main.scrollWidth, window.innerWidth];
}"""
# Each word of the page's visible text (split at spaces, hyphens and slashes, where a
# line may end) must sit on one line: its pieces' boxes share one top. Words longer
# than 30 characters may break (they may be longer than the line); charts and the data
# grid draw their own text.
_BROKEN_WORDS = """() => {
  const root = document.querySelector('[data-testid="stMain"]');
  const skip = '.js-plotly-plot, [data-testid="stDataFrame"], script, style';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const broken = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip) || !parent.getClientRects().length) continue;
    const text = node.textContent;
    for (const match of text.matchAll(/[^\\s\\-\\/·—–]+/g)) {
      if (match[0].length > 30) continue;
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()]
        .filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def seeded(
    session_store: PostgresDataStore, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Seeded:
    """A candidate with live interviews and one scored (the schema by session_store)."""
    return seed(database_url, Path(tmp_path_factory.mktemp("seed")))


def _setup(page: Any, url: str, seeded: Seeded) -> None:
    page.goto(f"{url}/?candidate={seeded.candidate_id}")
    page.get_by_role("combobox", name="Level to interview at").wait_for(timeout=FIRST_VIEW)


def _evaluation(page: Any, url: str, seeded: Seeded) -> None:
    page.goto(f"{url}/evaluation?session={seeded.evaluated}&candidate={seeded.candidate_id}")
    page.get_by_text("Overall score").first.wait_for(timeout=FIRST_VIEW)
    page.locator(".js-plotly-plot").first.wait_for(timeout=TIMEOUT)


def _history(page: Any, url: str, seeded: Seeded) -> None:
    page.goto(f"{url}/history?candidate={seeded.candidate_id}")
    page.get_by_test_id("stDataFrame").wait_for(timeout=FIRST_VIEW)


PAGES: dict[str, Callable[[Any, str, Seeded], None]] = {
    "setup": _setup,
    "evaluation": _evaluation,
    "history": _history,
}


def _sidebar_open(page: Any) -> bool:
    return bool(page.locator(_SIDEBAR).get_attribute("data-collapsed") == "false")


def _check_sidebar(page: Any, width: int) -> None:
    if width >= ONE_COLUMN:
        assert _sidebar_open(page), f"the sidebar is folded at {width} px"
        return
    # The page folds it once the browser has reported the narrow window.
    page.locator(_EXPAND).wait_for(state="visible", timeout=TIMEOUT)
    page.wait_for_function(
        f"() => document.querySelector('{_SIDEBAR}')?.dataset.collapsed === 'true'",
        timeout=TIMEOUT,
    )
    main = page.get_by_test_id("stMainBlockContainer").bounding_box()
    assert main is not None and main["x"] < 80, f"the page starts at {main} with the sidebar folded"


def _check_fits(page: Any, width: int) -> None:
    document, main, inner = page.evaluate(_OVERFLOW)
    assert inner == width
    assert document <= inner and main <= inner, f"the page is {document}/{main} px in {inner}"
    broken = page.evaluate(_BROKEN_WORDS)
    assert broken == [], f"words broken over two lines at {width} px: {broken}"


def _reopen_sidebar(page: Any) -> None:
    """The folded sidebar is one click (or Enter on its button) away."""
    page.locator(_EXPAND).click()
    page.get_by_text("Candidate: Ada Lovelace").wait_for(state="visible", timeout=TIMEOUT)
    assert _sidebar_open(page)
    wait_idle(page)
    assert _sidebar_open(page), "the reopened sidebar folded again on the next run"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_window(
    running_app: RunningApp, browser: Any, seeded: Seeded, name: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        PAGES[name](page, running_app.url, seeded)
        wait_idle(page)
        _check_sidebar(page, width)
        _check_fits(page, width)
        screenshot(page, f"pages-{name}-{width}")
        if width < ONE_COLUMN:
            _reopen_sidebar(page)
    except Exception:
        screenshot(page, f"failure-pages-{name}-{width}")
        raise
    finally:
        context.close()
