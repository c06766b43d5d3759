"""Starting an interview, its turns and the facade, on the real database (offline models)."""

from __future__ import annotations

import dataclasses
from contextlib import AbstractContextManager, nullcontext
from decimal import Decimal

import pytest

from interview_platform.app_factory import App
from interview_platform.application.credentials import TypedKey, credentials_for
from interview_platform.application.lifecycle import EndRequest
from interview_platform.application.start import OWN_PROBLEM_TOO_SHORT, Stage, StartRequest
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import OutboundRefusedError, SessionStateError, ValidationError
from interview_platform.interviewer.ai_interviewer import MAX_ANSWER_CHARS
from interview_platform.models import (
    CommunicationMode,
    ExperienceLevel,
    MediaKind,
    MessageRole,
    Operation,
    SessionStatus,
    TokenUsage,
)
from interview_platform.session.setup_checks import MIN_PROBLEM_CHARS
from interview_platform.storage.file_storage import FileStorage
from tests.integration.platform_rig import (
    candidate,
    png_data_url,
    started,
)

pytestmark = pytest.mark.integration


def _request(app: App, **changes: object) -> StartRequest:
    who = candidate(app)
    request = StartRequest(
        candidate_id=who.id,
        provider="offline",
        model="rubric-interviewer",
        modes=[CommunicationMode.TEXT],
        level=ExperienceLevel.MID,
        minutes=45,
        problem_id="url-shortener",
    )
    return dataclasses.replace(request, **changes)  # type: ignore[arg-type]


class Stages:
    def __init__(self) -> None:
        self.seen: list[Stage] = []

    def __call__(self, stage: Stage) -> AbstractContextManager[object]:
        self.seen.append(stage)
        return nullcontext()


# -- the facade ----------------------------------------------------------------------
def test_the_facade_gives_the_ui_no_store_and_no_files(app: App) -> None:
    platform = app.platform
    assert platform is app.platform  # built once per App
    for name in ("store", "storage", "_store", "_storage"):
        assert not hasattr(platform, name)
    for value in vars(platform).values():
        assert not isinstance(value, PostgresDataStore | FileStorage)


# -- start -----------------------------------------------------------------------------
def test_start_keeps_the_base_url_and_starts_the_clock(app: App) -> None:
    request = _request(app, base_url="http://127.0.0.1:11434/v1")
    stages = Stages()
    result = app.platform.start(request, progress=stages)
    stored = app.sessions.get(result.session.id)
    assert stored.status is SessionStatus.ACTIVE
    assert stored.started_at is not None
    assert stored.metadata["base_url"] == "http://127.0.0.1:11434/v1"
    assert result.notice is None
    assert stages.seen == ["preparing"]


def test_start_without_a_base_url_stores_none(app: App) -> None:
    result = app.platform.start(_request(app))
    assert "base_url" not in app.sessions.get(result.session.id).metadata


@pytest.mark.parametrize("text", ["", "too short", "x" * (MIN_PROBLEM_CHARS - 1)])
def test_an_own_problem_too_short_is_refused_before_anything_is_stored(app: App, text: str) -> None:
    request = _request(app, problem_id=None, problem_text=text)
    with pytest.raises(ValidationError, match="sentence or two") as caught:
        app.platform.start(request)
    assert str(caught.value) == OWN_PROBLEM_TOO_SHORT
    assert app.store.sessions.count_sessions(request.candidate_id) == 0


def test_an_own_problem_of_the_minimum_length_starts(app: App) -> None:
    text = "A web shop"
    assert len(text) == MIN_PROBLEM_CHARS
    result = app.platform.start(_request(app, problem_id=None, problem_text=text))
    assert app.sessions.get(result.session.id).problem_text == text


def test_tailoring_offline_falls_back_to_the_bank_and_says_so(app: App) -> None:
    who = candidate(app)
    resume = app.resumes.save(who.id, "cv.txt", app.resumes.parse_text("Staff engineer, payments"))
    request = dataclasses.replace(
        _request(app), candidate_id=who.id, problem_id=None, tailor=True, resume=resume
    )
    stages = Stages()
    result = app.platform.start(request, progress=stages)
    assert stages.seen == ["tailoring", "preparing"]
    assert result.notice is not None
    assert "Couldn't generate a tailored problem" in result.notice
    session = app.sessions.get(result.session.id)
    assert session.problem_id is not None
    assert result.notice.endswith(f"using {app.bank.get(session.problem_id).title} from the bank.")
    assert session.resume_id == resume.id
    assert session.status is SessionStatus.ACTIVE


def test_a_start_for_an_unknown_candidate_stores_nothing(app: App) -> None:
    request = dataclasses.replace(_request(app), candidate_id="no-such-candidate")
    with pytest.raises(ValidationError):
        app.platform.start(request)
    assert app.store.sessions.count_sessions(None, None) == 0


# -- credentials -------------------------------------------------------------------------
def test_a_typed_key_only_serves_its_own_provider(app: App) -> None:
    session = started(app, candidate(app))
    session.provider = "openai"
    session.metadata["base_url"] = "http://127.0.0.1:9/v1"
    creds = credentials_for(session, TypedKey("openai", "sk-typed-123"))
    assert creds.api_key is not None
    assert creds.api_key.get_secret_value() == "sk-typed-123"
    assert creds.base_url == "http://127.0.0.1:9/v1"
    assert credentials_for(session, TypedKey("anthropic", "sk-other")).api_key is None
    assert credentials_for(session, TypedKey("openai", "")).api_key is None
    assert credentials_for(session, None).api_key is None
    assert "sk-typed-123" not in repr(TypedKey("openai", "sk-typed-123"))
    assert "sk-typed-123" not in repr(creds)


# -- turns -------------------------------------------------------------------------------
def test_an_answer_is_stored_and_answered(app: App) -> None:
    session = started(app, candidate(app))
    "".join(app.platform.turns.open(session, None))
    reply = "".join(app.platform.turns.answer(session, "100M new links a day?", None))
    roles = [m.role for m in app.store.conversation.get_messages(session.id)]
    assert roles == [MessageRole.INTERVIEWER, MessageRole.CANDIDATE, MessageRole.INTERVIEWER]
    assert reply.strip()


def test_an_answer_over_the_limit_is_refused_and_not_stored(app: App) -> None:
    session = started(app, candidate(app))
    with pytest.raises(ValidationError, match="too long"):
        app.platform.turns.answer(session, "a" * (MAX_ANSWER_CHARS + 1), None)
    assert app.store.conversation.count_messages(session.id) == 0


def test_no_answer_after_the_end(app: App) -> None:
    session = started(app, candidate(app))
    app.platform.lifecycle.end(EndRequest(session.id))
    with pytest.raises(SessionStateError):
        app.platform.turns.answer(session, "one more thing", None)


def test_the_whiteboard_review_reads_the_stored_drawing(app: App) -> None:
    session = started(app, candidate(app))
    drawing = {"objects": [{"type": "labeled_rect", "label": "Cache", "left": 1, "top": 1}]}
    app.whiteboard.save(session.id, drawing)
    text = app.platform.turns.review_whiteboard(session.id, None, None, None)
    assert text.strip()
    [message] = app.store.conversation.get_messages(session.id)
    assert message.mode is CommunicationMode.WHITEBOARD


def test_no_screen_review_without_a_capture(app: App) -> None:
    session = started(app, candidate(app))
    assert app.platform.turns.screen_review(session) is None
    assert app.platform.turns.sees_images(session, None) is False  # offline sees no images


def test_the_screen_review_sends_the_latest_capture(app: App) -> None:
    session = started(app, candidate(app))
    for seq in (1, 2):
        app.screen.save_capture(session.id, png_data_url(), seq)
    review = app.platform.turns.screen_review(session)
    assert review is not None
    latest = app.store.media.list_media_files(session.id, MediaKind.SCREEN)[-1]
    assert review.capture.id == latest.id
    assert review.ask(None).strip()
    [message] = app.store.conversation.get_messages(session.id)
    assert message.mode is CommunicationMode.SCREEN_SHARE


# -- candidates ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_a_profile_needs_a_name(app: App, name: str) -> None:
    with pytest.raises(ValidationError, match="enter a name"):
        app.platform.candidates.create(name, "a@example.com")
    assert app.store.candidates.list_candidates() == []


def test_a_profile_is_trimmed(app: App) -> None:
    created = app.platform.candidates.create("  Grace Hopper ", " grace@example.com ")
    [stored] = app.store.candidates.list_candidates()
    assert (stored.id, stored.name, stored.email) == (
        created.id,
        "Grace Hopper",
        "grace@example.com",
    )


def test_the_cost_view_judges_the_budget_as_the_gateway_does(app: App) -> None:
    session = started(app, candidate(app))
    usage = TokenUsage(
        session.id, "openai", "gpt-4o", Operation.RESPONSE_ANALYSIS, 680_000, 0, Decimal("1.70")
    )
    app.store.usage.record_token_usage(usage)  # $1.70 of the $2.00 budget
    cost = app.platform.views.cost(session.id)
    assert cost.usage.input_tokens == 680_000
    assert cost.budget == app.gateway.budget(session.id)
    assert (cost.budget.percent, cost.budget.warn, cost.budget.exhausted) == (85, True, False)


def test_a_start_with_a_base_url_the_operator_did_not_allow_stores_nothing(app: App) -> None:
    request = _request(
        app,
        provider="openai_compatible",
        model="llama3.1",
        base_url="http://10.0.0.5:11434/v1",  # private, not in outbound.allowed_hosts
    )
    with pytest.raises(OutboundRefusedError, match=r"10\.0\.0\.5"):
        app.platform.start(request)
    assert app.store.sessions.count_sessions(request.candidate_id, list(SessionStatus)) == 0
