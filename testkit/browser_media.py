"""Browser helpers for the media end-to-end tests and benches: an open interview, a fake mic."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import numpy as np
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from interview_platform.communication.audio import PcmAudio, decode_wav, encode_wav
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import (
    Candidate,
    CommunicationMode,
    MessageRole,
    Session,
    SessionStatus,
    utcnow,
)
from interview_platform.problems.bank import ProblemBank
from testkit.speech import speak
from testkit.streamlit_app import BASE_ARGS, CHROMIUM

Page = Any  # playwright.sync_api.Page
TIMEOUT = 30_000
ALL_MODES = [
    CommunicationMode.TEXT,
    CommunicationMode.AUDIO,
    CommunicationMode.VIDEO,
    CommunicationMode.WHITEBOARD,
    CommunicationMode.SCREEN_SHARE,
]


def open_interview(store: PostgresDataStore, modes: list[CommunicationMode] = ALL_MODES) -> str:
    """Create a candidate and an ACTIVE interview directly in the database; return its id."""
    candidate = store.candidates.create_candidate(Candidate(name="Media Candidate"))
    problem = ProblemBank.load_default().all()[0]
    session = Session(
        candidate_id=candidate.id,
        provider="offline",
        model="rubric-interviewer",
        modes=modes,
        problem_id=problem.id,
        status=SessionStatus.ACTIVE,
        started_at=utcnow(),
    )
    return store.sessions.create_session(session).id


def padded_speech(text: str, folder: Path, before_s: float = 1.0, after_s: float = 2.0) -> Path:
    """Flite speech with silence around it, as a 16 kHz WAV for Chromium's fake mic."""
    speech = decode_wav(speak(text, folder / "raw.wav"))
    pad = [np.zeros(int(s * speech.rate), dtype=np.int16) for s in (before_s, after_s)]
    samples = np.concatenate([pad[0], speech.samples, pad[1]])
    out = folder / "answer.wav"
    out.write_bytes(encode_wav(PcmAudio(samples, speech.rate)))
    return out


@contextmanager
def chromium(driver: Any, extra_args: list[str], drop: tuple[str, ...] = ()) -> Iterator[Any]:
    """Launch Debian's Chromium with the e2e flags (minus ``drop``) plus ``extra_args``."""
    args = [a for a in BASE_ARGS if not a.startswith(drop)] if drop else list(BASE_ARGS)
    browser = driver.chromium.launch(executable_path=CHROMIUM, args=[*args, *extra_args])
    try:
        yield browser
    finally:
        browser.close()


OPEN_CONTEXTS: list[Any] = []  # closed after each test (an autouse fixture in tests/e2e)


def close_open_contexts() -> None:
    """Close every browser context a test opened.

    A live camera or microphone stream left running would keep loading the app
    during the next tests.
    """
    while OPEN_CONTEXTS:
        context = OPEN_CONTEXTS.pop()
        with suppress(Exception):
            context.close()


def goto_interview(browser: Any, url: str, session_id: str) -> Page:
    """Open the interview page in a fresh context and wait for the bottom bar."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    OPEN_CONTEXTS.append(context)
    page = context.new_page()
    page.goto(f"{url}/interview?session={session_id}")
    page.locator(".mode-indicator").first.wait_for(timeout=TIMEOUT)
    return page


def switch_on(page: Page, icon: str) -> None:
    """Flip the bottom-bar toggle labelled with ``icon`` and wait until the app saw it.

    A click that lands while the page is still re-running can be lost, so the new
    state is checked and the click repeated once if needed.
    """
    toggle = page.get_by_test_id("stCheckbox").filter(has_text=icon)
    box = toggle.locator("input")
    box.wait_for(state="attached", timeout=TIMEOUT)
    wanted = not box.is_checked()
    for _ in range(2):
        toggle.locator("label").click()
        try:
            page.wait_for_function(
                "([el, want]) => el.checked === want",
                arg=[box.element_handle(), wanted],
                timeout=10_000,
            )
            break
        except PlaywrightTimeout:  # the click was lost in a rerun: click again
            continue
    page.wait_for_timeout(1000)


def indicator_state(page: Page, mode: str) -> str:
    """Return the data-state of a mode's indicator."""
    value = page.locator(f'.mode-indicator[data-mode="{mode}"]').get_attribute("data-state")
    return str(value)


def start_camera(page: Page) -> None:
    """Switch the camera on and wait until it is recording."""
    switch_on(page, "📹")
    page.get_by_text("Recording camera").wait_for(state="attached", timeout=60_000)


def wait_for_messages(store: PostgresDataStore, session_id: str, count: int) -> list[Any]:
    """Wait (up to TIMEOUT) until the session holds ``count`` messages; return them."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        messages = store.conversation.get_messages(session_id)
        if len(messages) >= count:
            return messages
        time.sleep(0.3)
    return store.conversation.get_messages(session_id)


def wait_for_spoken(store: PostgresDataStore, session_id: str, word: str) -> list[Any]:
    """Wait (up to 90 s) for a spoken answer containing ``word`` and the reply to it."""
    deadline = time.monotonic() + 90
    messages = store.conversation.get_messages(session_id)
    while time.monotonic() < deadline:
        hits = [
            i
            for i, m in enumerate(messages)
            if m.role is MessageRole.CANDIDATE and word in m.content
        ]
        if hits and hits[0] + 1 < len(messages):
            break
        time.sleep(0.5)
        messages = store.conversation.get_messages(session_id)
    return messages
