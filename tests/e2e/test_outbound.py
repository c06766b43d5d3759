"""Check connection in real Chromium: a loopback base URL is refused, a server's words unshown.

The app runs with ``outbound.allowed_hosts: [localhost]`` only, so the stub on 127.0.0.1
is refused when the page names it by its address (as by default: nothing reaches it), and
reached when named ``localhost`` (then the page must not print what the stub answered).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from testkit.streamlit_app import RunningApp, require_chromium, start_app, stop_app
from testkit.stubs.openai_stub import OpenAIStub

from tests.e2e.journey import choose, create_candidate, wait_idle

pytestmark = [pytest.mark.e2e]
TIMEOUT = 30_000
MARKER = "INTERNAL-SERVICE-SAYS-7f3a9c"
# The page's text with the invisible word joiners (which stop autolinks) taken out.
_VISIBLE = "() => document.body.innerText.replaceAll('\\u2060', '')"


@pytest.fixture(scope="module")
def strict_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The app allowing no loopback address (only the name ``localhost``)."""
    require_chromium()
    app = start_app(
        database_url,
        tmp_path_factory.mktemp("outbound"),
        {"IP_OUTBOUND__ALLOWED_HOSTS": '["localhost"]'},
    )
    yield app
    stop_app(app)


def _check(page: Any, base_url: str) -> str:
    page.get_by_label("Base URL").fill(base_url)
    page.get_by_label("Base URL").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Check connection").click()
    wait_idle(page)
    page.get_by_test_id("stAlert").first.wait_for(timeout=TIMEOUT)
    return str(page.evaluate(_VISIBLE))


def test_check_connection_refuses_loopback_and_never_shows_the_servers_answer(
    strict_app: RunningApp, browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(strict_app.url)
    # The first run of a fresh app builds it: slow when the machine is busy.
    page.get_by_label("Full name").wait_for(timeout=3 * TIMEOUT)
    create_candidate(page, f"Eve Outbound {uuid.uuid4().hex[:6]}")
    choose(page, "Interviewer", "OpenAI-compatible server (Ollama, vLLM, LM Studio)")
    with OpenAIStub(models=[MARKER]) as stub:
        refused = _check(page, f"http://127.0.0.1:{stub.port}/v1")
        assert stub.requests == []
        assert "This server may not call 127.0.0.1: private and loopback addresses" in refused
        assert "outbound.allowed_hosts in config.yaml" in refused

        _check(page, f"http://localhost:{stub.port}/v1")
        page.get_by_text("has no model").first.wait_for(timeout=TIMEOUT)
        answered = str(page.evaluate(_VISIBLE))
        assert [r.path for r in stub.requests] == ["/v1/models"]
    assert "has no model 'llama3.1' (it lists 1)" in answered
    assert MARKER not in answered
    page.close()
