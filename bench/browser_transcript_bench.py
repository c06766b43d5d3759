"""End of utterance -> transcript on screen, in headless Chromium (target <= 2 s).

Run: ``.venv/bin/python bench/browser_transcript_bench.py`` (needs chromium, flite and
the local PostgreSQL). Starts the real app on a throw-away database, speaks a ~10 s
answer into the fake microphone with push-to-talk, clicks Stop when the speech has
ended, and times how long until the transcript shows in the chat.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.conftest import start_app, stop_app
from tests.e2e.media_helpers import (
    chromium,
    goto_interview,
    open_interview,
    padded_speech,
    switch_on,
)

from interview_platform.communication.audio import decode_wav
from interview_platform.database.postgres_store import PostgresDataStore

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ANSWER = (
    "We store each short link in a sharded key value store and cache the hottest links in "
    "redis, then a load balancer spreads requests across stateless application servers"
)


def measure(url: str, store: PostgresDataStore, wav: Path, driver: object) -> float:
    """One spoken answer; return seconds from Stop to the transcript in the chat."""
    speech_s = decode_wav(wav.read_bytes()).duration_s
    with chromium(driver, [f"--use-file-for-fake-audio-capture={wav}%noloop"]) as browser:
        page = goto_interview(browser, url, open_interview(store))
        switch_on(page, "🎤")
        page.get_by_text("Push-to-talk").click()
        page.wait_for_timeout(3000)  # let the device check release the microphone
        recorder = page.get_by_test_id("stAudioInput")
        recorder.get_by_role("button", name="Record").click()
        page.wait_for_timeout(int(speech_s * 1000))
        recorder.get_by_role("button", name="Stop recording").click()
        started = time.perf_counter()
        page.get_by_test_id("stChatMessage").filter(has_text="audio").filter(
            has_text="store"
        ).first.wait_for(timeout=60_000)
        return time.perf_counter() - started


def main() -> None:
    from playwright.sync_api import sync_playwright

    name = f"ip_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(ADMIN)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    store = PostgresDataStore(url)
    store.apply_schema()
    with tempfile.TemporaryDirectory() as tmp:
        wav = padded_speech(ANSWER, Path(tmp), before_s=0.5, after_s=0.5)
        speech = decode_wav(wav.read_bytes()).duration_s
        app = start_app(url, Path(tmp))
        try:
            with sync_playwright() as driver:
                results = [measure(app.url, store, wav, driver) for _ in range(3)]
        finally:
            stop_app(app)
            store.close()
            with admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for i, seconds in enumerate(results, 1):
        print(f"run {i}: utterance {speech:.1f}s  stop -> transcript on screen {seconds:.2f}s")
    print(f"best {min(results):.2f}s  worst {max(results):.2f}s  (target <= 2 s)")


if __name__ == "__main__":
    main()
