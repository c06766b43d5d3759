"""The websocket client of ``bench/ws_load.py`` against the real app behind the real nginx.

No browser: :mod:`testkit.st_ws_client` speaks Streamlit's protocol itself. These tests
keep the load bench honest: the interview page must render over the socket, a typed
answer must get its reply stored and drawn, and a turn that cannot happen (an ended
interview) must be reported as a failure, never as a fast turn.
"""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit.browser_media import open_interview
from testkit.proxy import RunningProxy, start_proxy, stop_proxy
from testkit.st_ws_client import open_tab, take_turn
from testkit.streamlit_app import start_app, stop_app

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import CommunicationMode, MessageRole, SessionStatus
from interview_platform.problems.bank import ProblemBank

pytestmark = pytest.mark.e2e
ANSWER = "Writes go to a sharded Postgres keyed by the short code; reads hit a cache."


@pytest.fixture(scope="module")
def proxied_app(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningProxy]:
    """One app process behind nginx (the bench's path: affinity cookie, upgrade)."""
    root: Path = tmp_path_factory.mktemp("wsclient")
    secret = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(16)}
    (root / "app").mkdir()
    app = start_app(database_url, root / "app", secret)
    try:
        proxy = start_proxy([int(app.url.rsplit(":", 1)[1])], root / "nginx")
    except BaseException:
        stop_app(app)
        raise
    yield proxy
    stop_proxy(proxy)
    stop_app(app)


def _interview(store: PostgresDataStore) -> str:
    return open_interview(store, [CommunicationMode.TEXT])


def test_interview_page_renders_and_a_typed_answer_gets_its_reply(
    proxied_app: RunningProxy, store: PostgresDataStore
) -> None:
    session_id = _interview(store)
    problem = ProblemBank.load_default().all()[0]

    async def scenario() -> tuple[float, list[str], list[str], bool]:
        tab = await open_tab(proxied_app.url, "interview", f"session={session_id}", 90)
        try:
            before = [s.text for s in tab.shown]
            took = await take_turn(tab, store, session_id, ANSWER, timeout=60)
            return took, before, [s.text for s in tab.shown], tab.closed or bool(tab.exceptions)
        finally:
            await tab.close()

    took, before, after, broken = asyncio.run(scenario())
    messages = store.conversation.get_messages(session_id)
    # The page rendered: the problem and the stored opening reached the socket.
    assert any(problem.title in text for text in before)
    assert [m.role for m in messages] == [
        MessageRole.INTERVIEWER,
        MessageRole.CANDIDATE,
        MessageRole.INTERVIEWER,
    ]
    assert any(messages[0].content[:60] in text for text in before)
    # The answer is stored as typed, once; its reply was drawn after it, not before.
    assert messages[1].content == ANSWER
    assert not any(messages[2].content[:60] in text for text in before)
    assert any(messages[2].content[:60] in text for text in after)
    assert took > 0
    assert not broken


def test_a_turn_on_an_ended_interview_is_a_failure_not_a_fast_turn(
    proxied_app: RunningProxy, store: PostgresDataStore
) -> None:
    session_id = _interview(store)
    session = store.sessions.get_session(session_id)
    assert session is not None
    store.sessions.update_session(dataclasses.replace(session, status=SessionStatus.COMPLETED))

    async def scenario() -> None:
        tab = await open_tab(proxied_app.url, "interview", f"session={session_id}", 90)
        try:
            await take_turn(tab, store, session_id, ANSWER, timeout=8)
        finally:
            await tab.close()

    with pytest.raises(TimeoutError):
        asyncio.run(scenario())
    assert all(
        m.role is not MessageRole.CANDIDATE for m in store.conversation.get_messages(session_id)
    )
