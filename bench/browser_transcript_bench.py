"""End of utterance -> transcript on screen, in headless Chromium (target <= 2 s).

Run: ``.venv/bin/python bench/browser_transcript_bench.py`` (needs chromium, flite and
the local PostgreSQL). Starts the real app on a throw-away database and speaks a ~10 s
answer (flite) into Chromium's fake microphone, in both ways of answering by voice:

* hands-free (streamlit-webrtc, decoded live while it is spoken): from the last speech
  frame the server received (``speech_ended_at`` in the message's metadata, wall clock)
  to the moment the answer appears in the chat (``Date.now()`` in the page, sampled every
  20 ms). The pause that tells the answer is over (0.8 s) is part of the figure.
* push-to-talk (``st.audio_input``): from the click on Stop to the answer in the chat.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testkit.browser_media import (
    chromium,
    goto_interview,
    open_interview,
    padded_speech,
    switch_on,
)
from testkit.streamlit_app import start_app, stop_app

from _scratch_db import scratch_database
from interview_platform.communication.audio import decode_wav
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import CommunicationMode, MessageRole

ANSWER = (
    "We store each short link in a sharded key value store and cache the hottest links in "
    "redis, then a load balancer spreads requests across stateless application servers"
)
HANDS_FREE_ANSWERS = 4
# Records when each spoken answer first shows in the chat, and each new state of the
# transcript panel (page clock = server clock).
WATCH_CHAT = """() => {
  window.__seen = [];
  window.__panel = [];
  const known = new Set();
  let panel = '';
  setInterval(() => {
    for (const el of document.querySelectorAll('[data-testid="stChatMessage"]')) {
      const text = el.innerText;
      if (text.includes('· audio') && !known.has(text)) {
        known.add(text);
        window.__seen.push({text, at: Date.now() / 1000});
      }
    }
    const box = document.querySelector('.st-key-transcript_box');
    if (box && box.innerText !== panel) {
      panel = box.innerText;
      window.__panel.push({text: panel, at: Date.now() / 1000});
    }
  }, 20);
}"""


def push_to_talk(url: str, store: PostgresDataStore, wav: Path, driver: Any) -> tuple[float, float]:
    """One spoken answer; seconds from Stop to the answer in the chat and in the panel."""
    speech_s = decode_wav(wav.read_bytes()).duration_s
    with chromium(driver, [f"--use-file-for-fake-audio-capture={wav}%noloop"]) as browser:
        session_id = open_interview(store)
        page = goto_interview(browser, url, session_id)
        switch_on(page, "🎤")
        page.get_by_text("Push-to-talk").click()
        page.wait_for_timeout(3000)  # let the device check release the microphone
        recorder = page.get_by_test_id("stAudioInput")
        try:
            recorder.get_by_role("button", name="Record").click(timeout=15_000)
        except Exception:
            page.screenshot(path="/tmp/ptt-fail.png")
            raise
        page.wait_for_timeout(int(speech_s * 1000))
        recorder.get_by_role("button", name="Stop recording").click()
        started = time.perf_counter()
        page.get_by_test_id("stChatMessage").filter(has_text="audio").filter(
            has_text="store"
        ).first.wait_for(timeout=60_000)
        in_chat = time.perf_counter() - started
        answer = _spoken(store, session_id)[0].content
        box = page.locator(".st-key-transcript_box").filter(has_text=answer[-40:])
        box.wait_for(timeout=60_000)
        return in_chat, time.perf_counter() - started


def _spoken(store: PostgresDataStore, session_id: str) -> list[Any]:
    return [
        m
        for m in store.conversation.get_messages(session_id)
        if m.role is MessageRole.CANDIDATE and m.mode is CommunicationMode.AUDIO
    ]


def hands_free(
    url: str, store: PostgresDataStore, wav: Path, driver: Any
) -> tuple[list[float], list[float]]:
    """Let the looping microphone answer several times; return each answer's latency to
    the chat and to the transcript panel."""
    with chromium(driver, [f"--use-file-for-fake-audio-capture={wav}"]) as browser:
        session_id = open_interview(store)
        page = goto_interview(browser, url, session_id)
        page.evaluate(WATCH_CHAT)
        switch_on(page, "🎤")
        deadline = time.monotonic() + 45 * HANDS_FREE_ANSWERS
        while len(_spoken(store, session_id)) < HANDS_FREE_ANSWERS:
            if time.monotonic() > deadline:
                raise RuntimeError("the hands-free answers did not arrive")
            time.sleep(0.5)
        page.wait_for_timeout(1500)
        seen = page.evaluate("() => window.__seen")
        panel = page.evaluate("() => window.__panel")
        chat, transcript = [], []
        for message in _spoken(store, session_id):
            ended = float(message.metadata.get("speech_ended_at", 0.0))
            # The looping microphone says the same words each time: an earlier answer's
            # text on the page must not count for this one (that gave negative latencies).
            shown = [s["at"] for s in seen if message.content in s["text"] and s["at"] >= ended]
            listed = [s["at"] for s in panel if message.content in s["text"] and s["at"] >= ended]
            if shown and listed and ended:
                chat.append(min(shown) - ended)
                transcript.append(min(listed) - ended)
        return chat, transcript


def _report(label: str, figures: list[float]) -> None:
    shown = "  ".join(f"{f:.2f}" for f in figures)
    print(
        f"{label}: {shown}  -> median {statistics.median(figures):.2f}s, "
        f"worst {max(figures):.2f}s (target <= 2 s)"
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    with scratch_database() as url, tempfile.TemporaryDirectory() as tmp:
        store = PostgresDataStore(url)
        store.apply_schema()
        folder = Path(tmp)
        for sub in ("once", "loop"):
            (folder / sub).mkdir()
        once = padded_speech(ANSWER, folder / "once", before_s=0.5, after_s=0.5)
        looped = padded_speech(ANSWER, folder / "loop", before_s=2.0, after_s=3.0)
        speech = decode_wav(once.read_bytes()).duration_s
        app = start_app(url, folder)
        try:
            with sync_playwright() as driver:
                # Push-to-talk first: hands-free freezes the heap (ui/runtime.py).
                ptt = [push_to_talk(app.url, store, once, driver) for _ in range(3)]
                free, panel = hands_free(app.url, store, looped, driver)
                again = hands_free(app.url, store, looped, driver)  # a second connection
                free, panel = free + again[0], panel + again[1]
        finally:
            stop_app(app)
            store.close()
    print(f"utterance {speech:.1f}s of speech")
    _report("hands-free, end of speech -> in the chat", free)
    _report("hands-free, end of speech -> in the transcript panel", panel)
    _report("push-to-talk, Stop -> in the chat", [p[0] for p in ptt])
    _report("push-to-talk, Stop -> in the transcript panel", [p[1] for p in ptt])


if __name__ == "__main__":
    main()
