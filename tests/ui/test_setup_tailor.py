"""The setup page's "tailored to my resume" problem, through AppTest and the OpenAI stub."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest
from testkit import tailored_problems as answers
from testkit.stubs.openai_stub import OpenAIStub

from interview_platform.app_factory import App
from interview_platform.models import Candidate, Session
from interview_platform.problems.resolution import TAILORED_KEY
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState, ProviderChoice
from interview_platform.ui.components.tailoring_progress import TAILORING_KEY

TAILORED = "__tailored__"


@pytest.fixture()
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server


def _with_resume(app: App, at: AppTest, stub: OpenAIStub | None) -> Candidate:
    candidate = app.store.candidates.create_candidate(Candidate(name="Sam Lee"))
    app.resumes.save(candidate.id, "sam.txt", answers.resume_data())
    state = BrowserState(candidate_id=candidate.id)
    if stub is not None:
        state.provider = ProviderChoice(
            provider="openai_compatible", model="llama3.1", base_url=stub.base_url
        )
    at.session_state[BROWSER_KEY] = state
    return candidate


def _start_tailored(at: AppTest) -> None:
    """Press Start with the tailored problem; wait while the job writes it (the page follows)."""
    at.run()
    assert not at.exception
    at.selectbox(key="problem").select(TAILORED).run()
    at.button(key="start_interview").click().run()
    assert not at.exception
    deadline = time.monotonic() + 60
    while TAILORING_KEY in at.session_state:  # the embedded worker is writing the problem
        assert time.monotonic() < deadline, "the tailoring job never finished"
        time.sleep(0.1)
        at.run()
        assert not at.exception


def _only_session(app: App, candidate: Candidate) -> Session:
    [session] = app.store.sessions.list_sessions(candidate.id)
    return session


def test_the_offline_interviewer_offers_no_tailored_problem(at: AppTest, app: App) -> None:
    _with_resume(app, at, stub=None)
    at.run()
    assert TAILORED not in at.selectbox(key="problem").options


def test_a_tailored_problem_starts_the_interview(at: AppTest, app: App, stub: OpenAIStub) -> None:
    candidate = _with_resume(app, at, stub)
    stub.enqueue_text(json.dumps(answers.tailored_document()))
    _start_tailored(at)
    session = _only_session(app, candidate)
    assert session.problem_id == "tailored-driver-payout-ledger"
    assert session.metadata[TAILORED_KEY]["title"] == answers.TITLE
    body = stub.completion_requests()[0].body
    assert "Built the driver payout ledger" in json.dumps(body)  # the resume reached the model
    assert not at.warning


def test_a_failed_tailoring_says_so_and_uses_the_bank_problem(
    at: AppTest, app: App, stub: OpenAIStub
) -> None:
    candidate = _with_resume(app, at, stub)
    stub.enqueue_error(401)
    _start_tailored(at)
    notice = " ".join(w.value for w in at.warning)
    assert "Couldn't generate a tailored problem" in notice
    assert "using Payment system from the bank" in notice
    session = _only_session(app, candidate)
    assert session.problem_id == "payment-system"
    assert TAILORED_KEY not in session.metadata
