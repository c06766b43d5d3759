"""Two app processes on one database behind a real nginx: one interview, one truth.

The browser talks to nginx only (as with ``./startup.sh --processes 2``). Each test asks
the proxy which process its browser is pinned to (``X-Upstream``, added by
:mod:`testkit.proxy`), so a test knows which process to kill or to compare with.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from testkit.browser_media import OPEN_CONTEXTS, open_interview, wait_for_messages
from testkit.proxy import RunningProxy, require_nginx, start_proxy, stop_proxy
from testkit.streamlit_app import RunningApp, require_chromium, start_app, stop_app

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import CommunicationMode, MessageRole
from tests.e2e.journey import answer, wait_idle

pytestmark = pytest.mark.e2e

TIMEOUT = 60_000  # a reconnect after a kill waits for Streamlit's back-off
DRAWING = Path(__file__).resolve().parents[1] / "fixtures" / "canvas" / "sharded_db.json"
MODES = [CommunicationMode.TEXT, CommunicationMode.WHITEBOARD]
INK = """() => {
    // The canvas lives in the component's shadow root: look through every open one.
    const canvases = (root) => [...root.querySelectorAll('canvas.lower-canvas')].concat(
        ...[...root.querySelectorAll('*')].filter(e => e.shadowRoot)
            .map(e => canvases(e.shadowRoot)));
    let n = 0;
    for (const c of canvases(document)) {
        if (!c.width) continue;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] < 200) n++;
    }
    return n;
}"""


@pytest.fixture(scope="module")
def cluster(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list[RunningApp], RunningProxy]]:
    """Two app processes (one storage folder, one cookie secret) behind nginx."""
    require_chromium()
    require_nginx()
    root = tmp_path_factory.mktemp("cluster")
    shared = {
        "IP_STORAGE__ROOT": str(root / "sessions"),
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(16),
    }
    apps = []
    for name in ("a", "b"):
        (root / name).mkdir()
        apps.append(start_app(database_url, root / name, shared))
    proxy = start_proxy([int(app.url.rsplit(":", 1)[1]) for app in apps], root / "nginx")
    yield apps, proxy
    stop_proxy(proxy)
    for app in apps:
        stop_app(app)


def _context(browser: Any, proxy: RunningProxy, affinity: str = "") -> Any:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    OPEN_CONTEXTS.append(context)
    if affinity:
        context.add_cookies([{"name": "ip_affinity", "value": affinity, "url": proxy.url}])
    return context


def _open(context: Any, proxy: RunningProxy, session_id: str) -> Page:
    page: Page = context.new_page()
    page.goto(f"{proxy.url}/interview?session={session_id}")
    page.locator(".mode-indicator").first.wait_for(timeout=TIMEOUT)
    wait_idle(page)
    return page


def _served_by(context: Any, proxy: RunningProxy) -> str:
    """The process (host:port) this browser's requests, websocket included, go to."""
    response = context.request.get(f"{proxy.url}/_stcore/health")
    assert response.ok
    return str(response.headers["x-upstream"]).split(",")[-1].strip()


def _app_at(apps: list[RunningApp], upstream: str) -> RunningApp:
    return next(app for app in apps if app.url.endswith(upstream.rsplit(":", 1)[1]))


def _store(database_url: str) -> PostgresDataStore:
    store = PostgresDataStore(database_url, pool_min=1, pool_max=4)
    store.apply_schema()
    return store


def test_two_processes_answering_one_interview_take_turns(
    cluster: tuple[list[RunningApp], RunningProxy], browser: Any, database_url: str
) -> None:
    _, proxy = cluster
    store = _store(database_url)
    session_id = open_interview(store, MODES)
    first = _open(_context(browser, proxy), proxy, session_id)
    # A second tab pinned to the other process (a cookie the hash sends there).
    pinned = _served_by(first.context, proxy)
    other = next(
        c
        for c in (_context(browser, proxy, f"other-{i}") for i in range(20))
        if _served_by(c, proxy) != pinned
    )
    second = _open(other, proxy, session_id)
    wait_for_messages(store, session_id, 1)  # the opening, produced once
    for page, text in ((first, "Tab one: shard by user id."), (second, "Tab two: a queue.")):
        page.get_by_test_id("stChatInputTextArea").fill(text)
    for page in (first, second):  # sent together, one through each process
        page.get_by_test_id("stChatInputTextArea").press("Enter")
    messages = wait_for_messages(store, session_id, 5)
    time.sleep(1)  # anything stored late would show in the order below
    messages = store.conversation.get_messages(session_id)
    store.close()
    roles = [m.role for m in messages]
    assert roles == [MessageRole.INTERVIEWER] + [MessageRole.CANDIDATE, MessageRole.INTERVIEWER] * 2
    assert {m.content for m in messages[1::2]} == {
        "Tab one: shard by user id.",
        "Tab two: a queue.",
    }


def test_killing_the_process_of_an_interview_loses_nothing(
    cluster: tuple[list[RunningApp], RunningProxy], browser: Any, database_url: str
) -> None:
    apps, proxy = cluster
    store = _store(database_url)
    session_id = open_interview(store, MODES)
    drawing = json.loads(DRAWING.read_text(encoding="utf-8"))
    store.media.save_whiteboard_state(session_id, drawing)
    page = _open(_context(browser, proxy), proxy, session_id)
    answer(page, "Writes go to a sharded Postgres keyed by user id.")
    page.wait_for_function(f"() => ({INK})() > 500", timeout=TIMEOUT)
    before = _served_by(page.context, proxy)

    with page.expect_websocket(timeout=TIMEOUT) as reconnect:
        _app_at(apps, before).process.kill()  # a crash: no goodbye to the browser
    # The browser reconnects through nginx to the other process, which reruns the page
    # from PostgreSQL (?session= in the URL): wait until that process talks on it.
    reconnect.value.wait_for_event("framereceived", timeout=TIMEOUT)
    wait_idle(page)
    answer(page, "Reads come from replicas behind a cache.")
    after = _served_by(page.context, proxy)
    assert after != before
    page.get_by_text("sharded Postgres keyed by user id").first.wait_for(timeout=TIMEOUT)
    page.wait_for_function(f"() => ({INK})() > 500", timeout=TIMEOUT)  # the drawing is shown again
    messages = store.conversation.get_messages(session_id)
    stored = store.media.get_whiteboard_state(session_id)
    store.close()
    assert [m.role for m in messages] == [MessageRole.INTERVIEWER] + [
        MessageRole.CANDIDATE,
        MessageRole.INTERVIEWER,
    ] * 2
    assert "sharded Postgres" in messages[1].content and "replicas" in messages[3].content
    assert stored is not None and len(stored["objects"]) == len(drawing["objects"])
