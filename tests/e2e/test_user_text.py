"""User text is text: Markdown payloads in user fields never make Chromium fetch anything.

A candidate name typed in the form, a resume (name, file name, skills, domains), a custom
problem and an evaluation whose feedback, plan, resources, rationale and evidence hold
image, link, bare-URL and HTML payloads aimed at a counting HTTP server on 127.0.0.1.
Every page that shows them is opened in one real browser page; the server must see no
request, no link or image may point at it, and each payload must read as typed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from testkit.streamlit_app import RunningApp, screenshot

from interview_platform.application.history import TITLE_CHARS
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation_models import (
    CompetencyScore,
    Confidence,
    Evaluation,
    Evidence,
    FeedbackItem,
    ImprovementStep,
)
from interview_platform.model_values import utcnow
from interview_platform.models import CommunicationMode, ResumeData, Session, SessionStatus
from interview_platform.session.setup_checks import MAX_NAME_CHARS

pytestmark = [pytest.mark.e2e]
TIMEOUT = 30_000
# The page's text with the invisible word joiners (which stop autolinks) taken out.
_VISIBLE = "() => document.body.innerText.replaceAll('\\u2060', '')"


class _Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []  # each server gets its own list (see the fixture)

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture()
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request path."""
    hits: ClassVar[list[str]] = []  # each server gets its own list (see the fixture)
    handler = type("Handler", (_Counter,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def _payloads(base: str, tag: str) -> list[str]:
    return [
        f"![{tag}-img]({base}/{tag}.png)",
        f"[{tag}-link]({base}/{tag}-link)",
        f"{base}/{tag}-bare",
        f'<img src="{base}/{tag}-tag.png">',
    ]


def _text(base: str, tag: str) -> str:
    return f"{tag} " + " ".join(_payloads(base, tag)) + " :red[x] $y$"


def _evaluation(session_id: str, base: str) -> Evaluation:
    quote = Evidence(quote=_text(base, "quote"))
    return Evaluation(
        session_id=session_id,
        engine="offline-rubric",
        rubric_version="v1",
        overall_score=61,
        hiring_signal="lean hire",
        competencies=[
            CompetencyScore(
                "requirements", 3, Confidence.HIGH, [quote], rationale=_text(base, "why")
            )
        ],
        went_well=[FeedbackItem(_text(base, "good"), [quote])],
        needs_improvement=[FeedbackItem(_text(base, "bad"))],
        improvement_plan=[ImprovementStep("estimation", _text(base, "step"), [_text(base, "res")])],
    )


def _seed(store: PostgresDataStore, candidate_id: str, base: str) -> str:
    data = ResumeData(
        raw_text="resume",
        name=_text(base, "cvname"),
        domain_expertise=[_text(base, "domain")],
        skills=[_text(base, "skill"), "Kafka"],
    )
    store.candidates.save_resume(candidate_id, f"[cv]({base}/file).pdf", data)
    session = Session(
        candidate_id=candidate_id,
        provider="offline",
        model="rubric-interviewer",
        modes=[CommunicationMode.TEXT],
        problem_text=_text(base, "problem"),
        status=SessionStatus.COMPLETED,
        started_at=utcnow(),
        ended_at=utcnow(),
    )
    store.sessions.create_session(session)
    store.evaluations.save_evaluation(_evaluation(session.id, base))
    return session.id


def _shows(page: Any, base: str, hits: list[str], texts: list[str]) -> None:
    """Each text is on the page as typed, and nothing on it points at the server."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for text in texts:
        try:
            page.wait_for_function(f"t => ({_VISIBLE})().includes(t)", arg=text, timeout=TIMEOUT)
        except PlaywrightTimeout:
            pytest.fail(f"not shown as text: {text!r}; the server was asked for {hits}")
    pointing = page.evaluate(
        "b => [...document.querySelectorAll('a[href], img[src], source[src]')]"
        ".filter(e => (e.href || e.src).startsWith(b)).length",
        base,
    )
    assert pointing == 0


def test_user_fields_render_as_text_and_fetch_nothing(
    running_app: RunningApp,
    browser: Any,
    session_store: PostgresDataStore,
    counting_server: tuple[str, list[str]],
) -> None:
    base, hits = counting_server
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(running_app.url)
    # Names are capped at 100 characters (MAX_NAME_CHARS): image and HTML payloads fit;
    # bare URLs are tried in the resume fields.
    name = f"Eve ![n]({base}/n.png) <img src={base}/i.png>"
    assert len(name) <= MAX_NAME_CHARS
    page.get_by_label("Full name").fill(name)
    page.get_by_role("button", name="Create profile").click()
    page.wait_for_url("**candidate=*", timeout=TIMEOUT)
    _shows(page, base, hits, [f"Candidate: {name}"])
    candidate_id = parse_qs(urlsplit(page.url).query)["candidate"][0]
    session_id = _seed(session_store, candidate_id, base)

    page.goto(f"{running_app.url}/?candidate={candidate_id}")
    resume = [_text(base, t) for t in ("cvname", "domain", "skill")]
    _shows(page, base, hits, [*resume, f"[cv]({base}/file).pdf", f"Candidate: {name}"])
    page.goto(f"{running_app.url}/interview?session={session_id}&candidate={candidate_id}")
    _shows(page, base, hits, [_text(base, "problem")])
    page.goto(f"{running_app.url}/evaluation?session={session_id}&candidate={candidate_id}")
    page.get_by_text("requirements").last.click()  # open the competency's expander
    feedback = [_text(base, t) for t in ("good", "bad", "step", "res", "why", "quote")]
    _shows(page, base, hits, feedback)
    page.goto(f"{running_app.url}/history?candidate={candidate_id}")
    # The table is a data grid painted on a canvas (cells are plain text, never Markdown);
    # its cells are in the DOM for screen readers, outside innerText.
    page.wait_for_function(
        "t => (document.querySelector(\"[data-testid='stDataFrame']\")?.textContent || '')"
        ".includes(t)",
        arg=_text(base, "problem")[:TITLE_CHARS],
        timeout=TIMEOUT,
    )
    _shows(page, base, hits, [])  # nothing on the page points at the server
    screenshot(page, "user_text_history")
    page.wait_for_timeout(500)  # an image the page did ask for would have arrived by now
    page.close()
    assert hits == []
