"""A second account can neither list, open, write to nor end the first's interviews.

Every attempt goes through the application layer (the facade the UI holds, bound to
the signed-in account) on the real database; each refusal is audited.
"""

from __future__ import annotations

import pytest
from testkit.start_requests import offline_start

from interview_platform.app_factory import App
from interview_platform.application.facade import Platform
from interview_platform.application.lifecycle import EndRequest
from interview_platform.exceptions import NotFoundError, ValidationError
from interview_platform.models import (
    CommunicationMode,
    ResumeData,
    Session,
    SessionStatus,
)
from interview_platform.principal import Principal, Role
from tests.integration.platform_rig import png

ALL = list(SessionStatus)


def _account(app: App, email: str) -> Principal:
    return app.accounts.sign_up(email, "correct horse battery").principal


def _interview(platform: Platform) -> Session:
    who = platform.candidates.create("Ada Owner", "ada@example.com")
    modes = [CommunicationMode.TEXT, CommunicationMode.WHITEBOARD]
    session = platform.start(offline_start(who.id, modes=modes)).session
    platform.turns.answer(session, "Mostly mobile users, 100M a day.", None).text()
    return session


@pytest.fixture()
def owner(app: App) -> Platform:
    return app.platform_for(_account(app, "owner@example.com"))


@pytest.fixture()
def stranger(app: App) -> Platform:
    return app.platform_for(_account(app, "stranger@example.com"))


def _denials(app: App) -> int:
    assert app.logging.flush(timeout=10)
    with app.store.connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM audit_logs WHERE action = 'access.denied'")
        row = cur.fetchone()
        assert row is not None
        return int(row[0])


def test_a_stranger_cannot_list_or_read_anything(
    app: App, owner: Platform, stranger: Platform
) -> None:
    session = _interview(owner)
    assert [c.name for c in owner.views.candidates()] == ["Ada Owner"]
    assert stranger.views.candidates() == []
    assert stranger.views.candidate(session.candidate_id) is None
    assert stranger.views.find_session(session.id) is None
    assert stranger.views.evaluation(session.id) is None
    assert stranger.resumes.latest(session.candidate_id) is None
    for read in (
        lambda: stranger.views.session(session.id),
        lambda: stranger.views.messages(session.id),
        lambda: stranger.views.message_count(session.id),
        lambda: stranger.views.clock(session.id),
        lambda: stranger.views.cost(session.id),
        lambda: stranger.views.problem(session),
        lambda: stranger.history.count(session.candidate_id, ALL),
        lambda: stranger.history.rows(session.candidate_id, ALL, 10, 0),
        lambda: stranger.history.progress(session.candidate_id),
        lambda: stranger.history.conversation(session.id),
        lambda: stranger.history.media(session.id),
    ):
        with pytest.raises(NotFoundError):
            read()
    assert _denials(app) >= 15


def test_a_stranger_cannot_write_to_or_end_an_interview(
    app: App, owner: Platform, stranger: Platform
) -> None:
    session = _interview(owner)
    before = owner.views.message_count(session.id)
    with pytest.raises(NotFoundError):
        stranger.turns.answer(session, "I was never here", None)
    with pytest.raises(NotFoundError):
        stranger.turns.open(session, None)
    with pytest.raises(NotFoundError):
        stranger.turns.review_whiteboard(session.id, None, {"objects": []}, None)
    with pytest.raises(NotFoundError):
        stranger.snapshots.take(session.id, png(), None, auto=False)
    with pytest.raises(NotFoundError):
        stranger.lifecycle.continue_interview(session.id)
    with pytest.raises(NotFoundError):
        stranger.lifecycle.retry_evaluation(session.id, None)
    with pytest.raises(NotFoundError):
        mallory = ResumeData(raw_text="Mallory", name="Mallory")
        stranger.resumes.save(session.candidate_id, "cv.txt", mallory)
    ended = stranger.lifecycle.end(EndRequest(session_id=session.id))
    assert ended.evaluation is None and ended.error == "This interview was not found."
    assert owner.views.message_count(session.id) == before
    assert owner.views.session(session.id).status is SessionStatus.ACTIVE
    assert app.store.evaluations.get_evaluation(session.id) is None
    assert _denials(app) >= 8


def test_a_stranger_cannot_start_an_interview_for_someone_elses_profile(
    owner: Platform, stranger: Platform
) -> None:
    session = _interview(owner)
    with pytest.raises(ValidationError, match="not found"):
        stranger.start(offline_start(session.candidate_id))
    assert len(owner.history.rows(session.candidate_id, ALL, 10, 0)) == 1


def test_an_unknown_id_and_a_foreign_id_look_the_same(owner: Platform, stranger: Platform) -> None:
    session = _interview(owner)
    unknown = "11111111-2222-4333-8444-555555555555"
    with pytest.raises(NotFoundError) as foreign_error:
        stranger.views.session(session.id)
    with pytest.raises(NotFoundError) as unknown_error:
        stranger.views.session(unknown)
    assert str(foreign_error.value) == str(unknown_error.value)


def test_the_owner_and_an_administrator_reach_it(app: App, owner: Platform) -> None:
    session = _interview(owner)
    operator = Principal("99999999-2222-4333-8444-555555555555", "op@x.io", Role.ADMIN)
    admin = app.platform_for(operator)
    assert admin.views.session(session.id).id == session.id
    assert [c.id for c in admin.views.candidates()] == [session.candidate_id]
    assert app.platform_for(operator) is admin  # built once per principal, not per run
    result = owner.lifecycle.end(EndRequest(session_id=session.id))
    assert result.evaluation is not None and result.error is None
