"""Shared steps of the accessibility tests: the interviews they open and settled pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from testkit.app_settings import app_settings

from interview_platform.app_factory import create_app
from interview_platform.application.facade import Platform
from interview_platform.application.lifecycle import EndRequest
from interview_platform.application.start import StartRequest
from interview_platform.models import CommunicationMode, ExperienceLevel

TIMEOUT = 30_000
FIRST_VIEW = 90_000  # a fresh app on a busy machine takes more than 30 s to serve a page


@dataclass(frozen=True)
class Seeded:
    """The interviews the pages show."""

    candidate_id: str
    text_only: str
    whiteboard: str
    media: str
    evaluated: str


def start_interview(platform: Platform, candidate_id: str, modes: list[CommunicationMode]) -> str:
    """Start an offline interview on the URL shortener and stream its opening."""
    request = StartRequest(
        candidate_id=candidate_id,
        provider="offline",
        model="rubric-interviewer",
        modes=modes,
        level=ExperienceLevel.SENIOR,
        minutes=45,
        problem_id="url-shortener",
    )
    session = platform.start(request).session
    "".join(platform.turns.open(session, None))
    return session.id


def seed(database_url: str, root: Path) -> Seeded:
    """A candidate with three live interviews and one ended and scored offline."""
    settings = app_settings(database_url, root, logging={"console": False})
    app = create_app(settings, apply_schema=False)
    try:
        platform = app.platform
        who = platform.candidates.create("Ada Lovelace", "ada@example.com").id
        text = CommunicationMode.TEXT
        media = [text, CommunicationMode.AUDIO, CommunicationMode.VIDEO]
        ended = start_interview(platform, who, [text])
        session = platform.views.find_session(ended)
        assert session is not None
        reply = platform.turns.answer(session, "100M new URLs a day, reads dominate 100:1.", None)
        "".join(reply)
        assert platform.lifecycle.end(EndRequest(session_id=ended)).evaluation is not None
        platform.lifecycle.await_evaluation(ended)  # queued: the app's worker runs it
        return Seeded(
            candidate_id=who,
            text_only=start_interview(platform, who, [text]),
            whiteboard=start_interview(platform, who, [text, CommunicationMode.WHITEBOARD]),
            media=start_interview(platform, who, [*media, CommunicationMode.SCREEN_SHARE]),
            evaluated=ended,
        )
    finally:
        app.close()


def wait_idle(page: Any) -> None:
    """Wait until the script run has ended and the components have drawn."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')",
        timeout=TIMEOUT,
    )
    page.wait_for_timeout(1500)  # components and charts draw after the script run ends


def media_on(page: Any, url: str, seeded: Seeded) -> None:
    """Open the media interview and switch the microphone, camera and screen on."""
    from testkit.browser_media import switch_on

    page.goto(f"{url}/interview?session={seeded.media}&candidate={seeded.candidate_id}")
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=FIRST_VIEW)
    for icon in ("🎤", "📹", "🖥️"):
        switch_on(page, icon)
    page.locator(".ip-screen-btn").wait_for(timeout=TIMEOUT)
    page.locator("iframe").first.wait_for(timeout=TIMEOUT)  # the camera's WebRTC component
