"""Accounts in a real browser: a second account reaches nothing of the first's.

The app runs in accounts mode. Account A and her interview are made through the
application layer; account B signs up in its own browser context and tries the list,
the interview URL, the evaluation URL and the history URL of A's interview. A signs in,
sees her interview, stays signed in across a reload, and signs out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit.app_settings import app_settings
from testkit.start_requests import offline_start
from testkit.streamlit_app import RunningApp, screenshot

from interview_platform.app_factory import App, create_app
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Session

pytestmark = [pytest.mark.e2e]
TIMEOUT = 30_000
PASSWORD = "correct horse battery"
OWNER = "ada.owner@example.com"


@pytest.fixture()
def owned(store: PostgresDataStore, database_url: str, tmp_path: Path) -> Iterator[Session]:
    """A's account and her started interview (made through the application layer)."""
    settings = app_settings(database_url, tmp_path, logging={"console": False})
    app: App = create_app(settings, apply_schema=False)
    owner = app.accounts.sign_up(OWNER, PASSWORD).principal
    platform = app.platform_for(owner)
    who = platform.candidates.create("Ada Owner", OWNER)
    yield platform.start(offline_start(who.id)).session
    app.close()


def _text(page: Any) -> str:
    return str(page.evaluate("() => document.body.innerText"))


def _sign_up(page: Any, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_role("tab", name="Create an account").click()
    page.locator("input[aria-label='E-mail address']:visible").fill(email)
    page.locator("input[type='password']:visible").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("Signed in as").wait_for(timeout=TIMEOUT)


def _sign_in(page: Any, url: str, email: str) -> None:
    page.goto(url)
    page.locator("input[aria-label='E-mail address']:visible").fill(email)
    page.locator("input[type='password']:visible").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for(timeout=TIMEOUT)


def _denials(store: PostgresDataStore) -> int:
    with store.connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM audit_logs WHERE action = 'access.denied'")
        row = cur.fetchone()
        assert row is not None
        return int(row[0])


def test_a_second_account_reaches_nothing_of_the_first(
    accounts_app: RunningApp, browser: Any, owned: Session, store: PostgresDataStore
) -> None:
    url = accounts_app.url
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{url}/interview?session={owned.id}")
    page.get_by_text("E-mail address").first.wait_for(timeout=TIMEOUT)
    assert "Ada Owner" not in _text(page)
    screenshot(page, "accounts-sign-in-1280")
    _sign_up(page, url, "bob.stranger@example.com")
    assert "Ada Owner" not in _text(page)
    for path in (
        f"/interview?session={owned.id}",
        f"/evaluation?session={owned.id}",
    ):
        page.goto(url + path)
        page.get_by_text("was not found").wait_for(timeout=TIMEOUT)
        assert "Ada Owner" not in _text(page) and "URL shortener" not in _text(page)
        assert "encountered an error" not in _text(page)
    page.goto(f"{url}/history?candidate={owned.candidate_id}")
    page.get_by_text("profile was not found").wait_for(timeout=TIMEOUT)
    assert "Ada Owner" not in _text(page) and "encountered an error" not in _text(page)
    screenshot(page, "accounts-stranger-history-1280")
    context.close()
    assert _denials(store) >= 2


def test_the_owner_signs_in_stays_signed_in_and_signs_out(
    accounts_app: RunningApp, browser: Any, owned: Session
) -> None:
    url = accounts_app.url
    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    _sign_in(page, url, OWNER)
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["ip_sign_in"]["sameSite"] == "Strict"
    page.goto(f"{url}/interview?session={owned.id}")  # a new page load: the cookie signs in
    page.get_by_text("Signed in as").wait_for(timeout=TIMEOUT)
    assert "was not found" not in _text(page)
    screenshot(page, "accounts-owner-interview-800")
    # At 800 px the sidebar (where Sign out is) is folded away; sign out in a wider window.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator('[data-testid="stSidebar"]').first.evaluate(
        "el => el.getAttribute('data-collapsed') === 'true'"
        " && document.querySelector('[data-testid=stExpandSidebarButton] button,"
        " [data-testid=stExpandSidebarButton]')?.click()"
    )
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=TIMEOUT)
    page.reload()
    page.get_by_role("button", name="Sign in").wait_for(timeout=TIMEOUT)
    assert "Signed in as" not in _text(page)
    context.close()
