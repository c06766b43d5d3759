"""A database outage in the browser loses nothing and says so plainly.

The app reaches PostgreSQL through :class:`testkit.db_proxy.DbProxy`. The candidate
types an answer, the database is cut, the answer is sent: one banner says the database
is not reachable, the sidebar agrees, the answer stays on screen as not sent yet and no
exception box appears. When the database is back the answer and a reply are stored,
each exactly once. What was stored is read directly, around the proxy.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit.db_proxy import DbProxy
from testkit.streamlit_app import RunningApp, require_chromium, screenshot, start_app, stop_app

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import (
    Candidate,
    CommunicationMode,
    MessageRole,
    Session,
    SessionStatus,
    utcnow,
)
from interview_platform.ui.components.outage_banner import OUTAGE

pytestmark = [pytest.mark.e2e]
TIMEOUT = 30_000
ANSWER = "Writes go to a primary; reads are served by two replicas behind a cache."
_EXCEPTIONS = '[data-testid="stException"]'


@pytest.fixture(scope="module")
def proxy(database_url: str) -> Iterator[DbProxy]:
    """The proxy the app reaches the test database through."""
    with DbProxy.around(database_url) as running:
        yield running


@pytest.fixture(scope="module")
def proxied_app(
    proxy: DbProxy, session_store: PostgresDataStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
    """The app, its database URL pointing at the proxy (schema applied beforehand)."""
    require_chromium()
    app = start_app(proxy.url, Path(tmp_path_factory.mktemp("outage_app")))
    yield app
    stop_app(app)


def _active_session(store: PostgresDataStore) -> Session:
    candidate = store.candidates.create_candidate(Candidate(name="Outage Olga"))
    session = Session(
        candidate_id=candidate.id,
        provider="offline",
        model="rubric-interviewer",
        modes=[CommunicationMode.TEXT],
        problem_id="url-shortener",
        status=SessionStatus.ACTIVE,
        started_at=utcnow(),
    )
    return store.sessions.create_session(session)


def _stored(store: PostgresDataStore, session_id: str, count: int) -> list[Any]:
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        messages = store.conversation.get_messages(session_id)
        if len(messages) >= count:
            return messages
        time.sleep(0.2)
    return store.conversation.get_messages(session_id)


def _no_exception_box(page: Any) -> None:
    assert page.locator(_EXCEPTIONS).count() == 0, page.locator(_EXCEPTIONS).first.inner_text()


def test_an_answer_sent_during_an_outage_is_kept_then_stored_once(
    proxied_app: RunningApp, proxy: DbProxy, browser: Any, session_store: PostgresDataStore
) -> None:
    session = _active_session(session_store)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{proxied_app.url}/interview?session={session.id}&candidate={session.candidate_id}")
    page.get_by_text("Interviewer ·").first.wait_for(timeout=TIMEOUT)  # the opening
    assert len(_stored(session_store, session.id, 1)) == 1
    box = page.get_by_placeholder("Type your answer…")
    box.fill(ANSWER)

    proxy.cut()
    box.press("Enter")
    page.get_by_text(OUTAGE).wait_for(timeout=TIMEOUT)
    page.get_by_text("Database: not reachable").wait_for(timeout=TIMEOUT)
    page.get_by_text(ANSWER).wait_for(timeout=TIMEOUT)
    page.get_by_text("Not sent yet").first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(3000)  # the timed panels (clock, cost, transcript) refresh meanwhile
    screenshot(page, "db_outage_banner")
    _no_exception_box(page)
    assert page.get_by_text(OUTAGE).count() == 1
    assert len(session_store.conversation.get_messages(session.id)) == 1

    proxy.restore()
    page.get_by_text("Database: connected").wait_for(timeout=TIMEOUT)
    messages = _stored(session_store, session.id, 3)
    page.wait_for_timeout(1500)  # a second send, were there one, would have landed by now
    messages = session_store.conversation.get_messages(session.id)
    assert [m.role for m in messages] == [
        MessageRole.INTERVIEWER,
        MessageRole.CANDIDATE,
        MessageRole.INTERVIEWER,
    ]
    assert messages[1].content == ANSWER
    assert page.get_by_text(OUTAGE).count() == 0
    page.get_by_text("Not sent yet").first.wait_for(state="detached", timeout=TIMEOUT)
    _no_exception_box(page)
    screenshot(page, "db_outage_recovered")
    page.close()
