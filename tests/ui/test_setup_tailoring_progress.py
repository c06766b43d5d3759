"""Setup follows the job writing a tailored problem, then starts the interview."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

import pytest
from streamlit.testing.v1 import AppTest
from testkit import tailored_problems as answers
from testkit.stubs.openai_stub import OpenAIStub

from interview_platform.app_factory import App
from interview_platform.job_models import JobKind
from interview_platform.models import Candidate, Session, SessionStatus
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState, ProviderChoice
from interview_platform.ui.components.tailoring_progress import TAILORING_KEY

TAILORED = "__tailored__"


@pytest.fixture()
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server


def _with_resume(app: App, at: AppTest, stub: OpenAIStub) -> Candidate:
    candidate = app.store.candidates.create_candidate(Candidate(name="Sam Lee"))
    app.resumes.save(candidate.id, "sam.txt", answers.resume_data())
    state = BrowserState(candidate_id=candidate.id)
    state.provider = ProviderChoice(
        provider="openai_compatible", model="llama3.1", base_url=stub.base_url
    )
    at.session_state[BROWSER_KEY] = state
    return candidate


def _only_session(app: App, candidate: Candidate) -> Session:
    [session] = app.store.sessions.list_sessions(candidate.id)
    return session


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.proto) for e in at.get("progress"))


def _until(at: AppTest, check: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "the page never got there"
        time.sleep(0.1)
        at.run()
        assert not at.exception


def test_the_page_shows_the_problem_being_written_then_starts_the_interview(
    at: AppTest, app: App, stub: OpenAIStub
) -> None:
    candidate = _with_resume(app, at, stub)
    document = json.dumps(answers.tailored_document())
    # The page's worker is held inside the call long enough for the page to show it.
    stub.enqueue_text(json.dumps(answers.tailored_document(title="Late answer")), delay_s=15)
    stub.enqueue_text(document)
    at.run()
    at.selectbox(key="problem").select(TAILORED).run()
    at.button(key="start_interview").click().run()
    assert not at.exception
    session = _only_session(app, candidate)
    assert session.status is SessionStatus.CREATED  # not started: no problem yet
    _until(at, lambda: "Writing a problem from your experience" in _texts(at))
    assert TAILORING_KEY in at.session_state
    assert all(b.key != "start_interview" for b in at.button)  # no second Start meanwhile

    # Another try writes it (the held worker is still waiting for its model).
    job = app.store.jobs.latest(JobKind.TAILORING, session.id)
    assert job is not None and job.status == "running"
    assert app.tailoring is not None
    app.tailoring.handlers()[JobKind.TAILORING].run(job)
    _until(at, lambda: TAILORING_KEY not in at.session_state)
    started = app.sessions.get(session.id)
    assert started.status is SessionStatus.ACTIVE
    assert started.problem_id == "tailored-driver-payout-ledger"
    assert not at.warning
    # The held worker's model answers late: the problem already written stays.
    deadline = time.monotonic() + 120
    while (latest := app.store.jobs.latest(JobKind.TAILORING, session.id)) and latest.is_open:
        assert time.monotonic() < deadline, "the held worker never let go"
        time.sleep(0.1)
    assert app.sessions.get(session.id).problem_id == "tailored-driver-payout-ledger"
