"""The setup page in real Chromium follows a parsed resume without a reload (issue 13).

At 1600, 1280 and 800 px a new candidate uploads a senior or staff resume: the level box
changes from mid to the resume's level in the same page (a marker set on ``window``
before the upload is still there, so nothing reloaded), the uploader states the
configured limit, and the three lines of what happens next are shown. At 1600 px a
profile picked in the selectbox is named in the sidebar at once. Screenshots:
``test-artifacts/screenshots/setup-<width>.png`` (the level and problem) and
``setup-<width>-top.png`` (what happens next, the upload and the parsed summary).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from testkit.streamlit_app import RunningApp, screenshot

from tests.e2e.journey import choose, create_candidate, wait_idle

pytestmark = [pytest.mark.e2e]
TIMEOUT = 30_000
FIRST_RUN = 180_000  # the first run builds the App: slow on a busy shared machine
RESUMES = Path(__file__).resolve().parents[1] / "fixtures" / "resumes"
_LEVEL = "Level to interview at"


def _wait_level(page: Any, level: str) -> None:
    # The selectbox shows its choice as the value of its combobox input.
    page.wait_for_function(
        "([label, level]) => document.querySelector(`input[aria-label='${label}']`)"
        "?.value === level",
        arg=[_LEVEL, level],
        timeout=TIMEOUT,
    )


@pytest.mark.parametrize(
    ("width", "resume", "level"),
    [
        (1600, "senior_payments.txt", "senior"),
        (1280, "staff_search.txt", "staff"),
        (800, "senior_payments.txt", "senior"),
    ],
)
def test_the_level_follows_a_parsed_resume_without_reload(
    running_app: RunningApp, browser: Any, width: int, resume: str, level: str
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(running_app.url)
    page.get_by_text("What happens next").wait_for(timeout=FIRST_RUN)
    create_candidate(page, f"Casey Setup {uuid.uuid4().hex[:6]}")
    _wait_level(page, "mid")
    dropzone = page.get_by_test_id("stFileUploaderDropzoneInstructions").inner_text()
    assert "5MB per file" in dropzone  # uploads.max_resume_mb, not server.maxUploadSize
    assert "50MB" not in dropzone
    assert page.get_by_text("…or paste your resume as text").is_visible()

    page.evaluate("() => { window.__setupNoReload = true; }")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(RESUMES / resume))
    page.get_by_text("parser:").first.wait_for(timeout=TIMEOUT)
    _wait_level(page, level)
    wait_idle(page)
    assert page.evaluate("() => window.__setupNoReload === true")  # no reload happened
    problem = page.get_by_role("combobox", name="Problem").input_value()
    assert "recommended for you" in problem
    # The main block scrolls inside the window: one picture of the top, one of the level.
    page.get_by_text("What happens next").scroll_into_view_if_needed()
    screenshot(page, f"setup-{width}-top")
    page.get_by_role("combobox", name=_LEVEL).scroll_into_view_if_needed()
    screenshot(page, f"setup-{width}")
    page.close()


def test_the_sidebar_names_a_profile_as_soon_as_it_is_picked(
    running_app: RunningApp, browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(running_app.url)
    page.get_by_text("What happens next").wait_for(timeout=FIRST_RUN)
    first, second = (f"{who} Switch {uuid.uuid4().hex[:6]}" for who in ("Ann", "Ben"))
    create_candidate(page, first)
    choose(page, "Candidate profile", "➕ New candidate…")
    create_candidate(page, second)
    page.evaluate("() => { window.__setupNoReload = true; }")
    choose(page, "Candidate profile", first)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(f"Candidate: {first}").wait_for(timeout=TIMEOUT)
    assert second not in sidebar.inner_text()
    assert page.evaluate("() => window.__setupNoReload === true")
    page.close()
