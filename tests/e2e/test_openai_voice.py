"""The interviewer's OpenAI voice in the real app (Chromium), against a local OpenAI server.

The app's OpenAI endpoint is a wire-protocol stub on 127.0.0.1 with a key configured; the
interview itself runs on the offline interviewer. The candidate picks "OpenAI voice":
the reply is synthesised once, played in the page and billed as ``speech``; when the
endpoint fails, the browser voice reads the reply and a note says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from testkit.browser_media import (
    TIMEOUT,
    chromium,
    goto_interview,
    open_interview,
    switch_on,
    wait_for_messages,
)
from testkit.streamlit_app import RunningApp, require_chromium, screenshot, start_app, stop_app
from testkit.stubs.interview_setup import STUB_KEY
from testkit.stubs.openai_stub import OpenAIStub

from interview_platform.communication.audio import PcmAudio, encode_wav
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import MessageRole, Operation

pytestmark = [pytest.mark.e2e, pytest.mark.flaky(reruns=2, reruns_delay=3)]

# speechSynthesis and audio playback that record what they were given (headless
# Chromium has no voices); the speech "ends" when the test says so, the audio at once.
RECORDER = """
window.__spoken = [];
window.__played = [];
(() => {
  const synth = window.speechSynthesis;
  synth.speak = (u) => {
    window.__spoken.push(u.text);
    setTimeout(() => u.dispatchEvent(new Event("start")), 10);
    setTimeout(() => u.dispatchEvent(new Event("end")), 300);
  };
  synth.cancel = () => {};
  HTMLMediaElement.prototype.play = function () {
    window.__played.push(this.src.slice(0, 22));
    setTimeout(() => this.dispatchEvent(new Event("ended")), 300);
    return Promise.resolve();
  };
})();
"""


@pytest.fixture(scope="module")
def openai_stub() -> Iterator[OpenAIStub]:
    with OpenAIStub(api_key=STUB_KEY) as server:
        yield server


@pytest.fixture(scope="module")
def voice_app(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, openai_stub: OpenAIStub
) -> Iterator[RunningApp]:
    """The app with the stub as its configured OpenAI endpoint and a key for it."""
    require_chromium()
    env = {
        "IP_PROVIDERS__OPENAI__BASE_URL": openai_stub.base_url,
        "IP_PROVIDERS__OPENAI__API_KEY": STUB_KEY,
    }
    app = start_app(database_url, tmp_path_factory.mktemp("voice-app"), extra_env=env)
    yield app
    stop_app(app)


@pytest.fixture()
def quiet_browser(tmp_path: Path, playwright_driver: Any) -> Iterator[Any]:
    """A Chromium whose fake microphone is silent (no answer is heard by accident)."""
    wav = tmp_path / "quiet.wav"
    wav.write_bytes(encode_wav(PcmAudio(np.zeros(80_000, dtype=np.int16), 16_000)))
    with chromium(playwright_driver, [f"--use-file-for-fake-audio-capture={wav}"]) as browser:
        yield browser


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _answer(page: Any, store: PostgresDataStore, session_id: str, text: str) -> str:
    """Type an answer; return the interviewer's reply to it."""
    before = len(store.conversation.get_messages(session_id))
    page.get_by_test_id("stChatInput").locator("textarea").fill(text)
    page.keyboard.press("Enter")
    messages = wait_for_messages(store, session_id, before + 2)
    return [m for m in messages if m.role is MessageRole.INTERVIEWER][-1].content


def _wait_for(page: Any, script: str, seconds: int = 60) -> Any:
    for _ in range(seconds * 2):
        value = page.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(500)
    return page.evaluate(script)


def test_the_openai_voice_reads_the_reply_and_falls_back_with_a_note(
    voice_app: RunningApp,
    quiet_browser: Any,
    store: PostgresDataStore,
    openai_stub: OpenAIStub,
) -> None:
    session_id = open_interview(store)
    page = goto_interview(quiet_browser, voice_app.url, session_id)
    page.add_init_script(RECORDER)
    page.reload()
    page.locator(".mode-indicator").first.wait_for(timeout=TIMEOUT)
    switch_on(page, "🎤")
    page.get_by_text("Listening —").wait_for(timeout=60_000)
    page.locator(".ip-tts-engine").select_option("openai")
    page.locator(".ip-tts-voice").select_option("nova")
    page.locator(".ip-tts-on").check()  # reads the latest question at once
    _wait_for(page, "window.__played.length >= 1")
    opening = openai_stub.requests_to("/v1/audio/speech")
    assert len(opening) == 1, opening
    openai_stub.reset()
    reply = _answer(page, store, session_id, "We need a cache layer in front of the database")
    played = _wait_for(page, "window.__played.length >= 2 && window.__played")
    assert played[-1].startswith("data:audio/wav"), played
    [request] = openai_stub.requests_to("/v1/audio/speech")
    assert _words(request.body["input"]) == _words(reply)
    assert request.body["voice"] == "nova"
    usage = store.usage.get_token_usage_by_operation(session_id)
    billed = len(opening[0].body["input"]) + len(request.body["input"])
    assert usage[Operation.SPEECH].input_tokens == billed  # characters, as OpenAI bills
    assert page.evaluate("window.__spoken") == []  # only the OpenAI voice spoke
    screenshot(page, "media-openai-voice")

    openai_stub.enqueue_error(503, times=3)  # the endpoint is down for this reply
    reply = _answer(page, store, session_id, "Writes go to a queue and then to the shards")
    spoken = _wait_for(page, "window.__spoken.length >= 1 && window.__spoken")
    assert _words(spoken[-1]) == _words(reply)
    page.get_by_text("OpenAI voice unavailable").wait_for(timeout=TIMEOUT)
    assert page.get_by_text("the browser voice reads this reply").count() >= 1
    screenshot(page, "media-openai-voice-fallback")
