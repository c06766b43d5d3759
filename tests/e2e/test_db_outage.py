"""A database outage in the browser loses nothing and says so plainly.

The app reaches PostgreSQL through :class:`testkit.db_proxy.DbProxy`. The candidate
types an answer, the database is cut, the answer is sent: one banner says the database
is not reachable, the sidebar agrees, the answer stays on screen as not sent yet and no
exception box appears. When the database is back the answer and a reply are stored,
each exactly once. A reply streaming from a model (the OpenAI stub) when the database
goes away stays on screen marked not saved yet, nothing blames the provider, and the
reply and the call's usage are stored once it is back. What was stored is read
directly, around the proxy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit.browser_media import wait_for_messages
from testkit.db_proxy import DbProxy
from testkit.streamlit_app import RunningApp, require_chromium, screenshot, start_app, stop_app
from testkit.stubs.openai_stub import OpenAIStub

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
FIRST_LOAD = 90_000  # a cold app builds itself on the first page: slow on a busy machine
ANSWER = "Writes go to a primary; reads are served by two replicas behind a cache."
OPENING = "Welcome. We will design a URL shortener; who uses it?"
SAVED_LATER = "This reply is kept and will be saved"  # from the not-saved-yet notice
REPLY = (
    "Shard the links by hash of the short code, keep hot codes in a cache near the "
    "readers, and tell me how you would size that cache for peak traffic."
)
_EXCEPTIONS = '[data-testid="stException"]'


@pytest.fixture(scope="module")
def proxy(database_url: str) -> Iterator[DbProxy]:
    """The proxy the app reaches the test database through."""
    with DbProxy.around(database_url) as running:
        yield running


@pytest.fixture(scope="module")
def stub() -> Iterator[OpenAIStub]:
    """The model server the app's OpenAI-compatible provider is configured with."""
    with OpenAIStub() as server:
        yield server


@pytest.fixture(scope="module")
def proxied_app(
    proxy: DbProxy,
    stub: OpenAIStub,
    session_store: PostgresDataStore,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp]:
    """The app, its database URL pointing at the proxy (schema applied beforehand)."""
    require_chromium()
    env = {"OPENAI_COMPATIBLE_BASE_URL": stub.base_url, "OPENAI_COMPATIBLE_API_KEY": "sk-stub"}
    app = start_app(proxy.url, Path(tmp_path_factory.mktemp("outage_app")), extra_env=env)
    yield app
    stop_app(app)


def _active_session(
    store: PostgresDataStore, provider: str = "offline", model: str = "rubric-interviewer"
) -> Session:
    candidate = store.candidates.create_candidate(Candidate(name="Outage Olga"))
    session = Session(
        candidate_id=candidate.id,
        provider=provider,
        model=model,
        modes=[CommunicationMode.TEXT],
        problem_id="url-shortener",
        status=SessionStatus.ACTIVE,
        started_at=utcnow(),
    )
    return store.sessions.create_session(session)


def _no_exception_box(page: Any) -> None:
    assert page.locator(_EXCEPTIONS).count() == 0, page.locator(_EXCEPTIONS).first.inner_text()


def test_an_answer_sent_during_an_outage_is_kept_then_stored_once(
    proxied_app: RunningApp, proxy: DbProxy, browser: Any, session_store: PostgresDataStore
) -> None:
    session = _active_session(session_store)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{proxied_app.url}/interview?session={session.id}&candidate={session.candidate_id}")
    page.get_by_text("Interviewer ·").first.wait_for(timeout=FIRST_LOAD)  # the opening
    assert len(wait_for_messages(session_store, session.id, 1)) == 1
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
    messages = wait_for_messages(session_store, session.id, 3)
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


def test_a_reply_streaming_when_the_database_goes_away_is_kept_then_stored(
    proxied_app: RunningApp,
    proxy: DbProxy,
    stub: OpenAIStub,
    browser: Any,
    session_store: PostgresDataStore,
) -> None:
    session = _active_session(session_store, "openai_compatible", "llama3.1")
    stub.enqueue_text(OPENING)
    stub.enqueue_text(REPLY, chunk_delay_s=0.2)  # about five seconds of streaming
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{proxied_app.url}/interview?session={session.id}&candidate={session.candidate_id}")
    page.get_by_text(OPENING).first.wait_for(timeout=FIRST_LOAD)
    box = page.get_by_placeholder("Type your answer…")
    box.fill(ANSWER)
    box.press("Enter")
    page.get_by_text("Shard the links", exact=False).first.wait_for(timeout=TIMEOUT)

    proxy.cut()  # the candidate is reading the reply
    page.get_by_text(SAVED_LATER).first.wait_for(timeout=TIMEOUT)
    page.get_by_text(OUTAGE).wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(3000)  # six seconds of outage, as in the report
    assert page.get_by_text(REPLY).count() >= 1  # the whole reply is still on screen
    assert page.get_by_text("broke off", exact=False).count() == 0
    _no_exception_box(page)
    screenshot(page, "db_outage_stream")

    proxy.restore()
    page.get_by_text("Database: connected").wait_for(timeout=TIMEOUT)
    messages = wait_for_messages(session_store, session.id, 3)
    assert [(m.role, m.content) for m in messages][1:] == [
        (MessageRole.CANDIDATE, ANSWER),
        (MessageRole.INTERVIEWER, REPLY),
    ]
    usage = session_store.usage.get_token_summary(session.id)
    assert usage.calls == 2  # the opening and the reply, paid calls both recorded
    page.get_by_text(SAVED_LATER).first.wait_for(state="detached", timeout=TIMEOUT)
    _no_exception_box(page)
    page.close()
