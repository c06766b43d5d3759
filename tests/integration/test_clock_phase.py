"""The bar's phase is the interviewer's (issue 13 / F), with the clock's plan beside it."""

from __future__ import annotations

import pytest

from interview_platform.app_factory import App
from interview_platform.models import Message, MessageRole
from tests.integration.platform_rig import Clock, candidate, started

pytestmark = pytest.mark.integration


def _interviewer(session_id: str, phase: str) -> Message:
    return Message(session_id, MessageRole.INTERVIEWER, "Next.", metadata={"phase": phase})


def test_the_phase_follows_the_interviewer_not_the_clock(app: App, clock: Clock) -> None:
    session = started(app, candidate(app))
    view = app.platform.views.clock(session.id)
    assert view.phase == view.clock_phase == "requirements"  # nothing said yet: the clock's
    app.store.conversation.append_message(_interviewer(session.id, "high_level_design"))
    clock.advance(60)
    view = app.platform.views.clock(session.id)
    assert (view.phase, view.clock_phase) == ("high_level_design", "requirements")


def test_an_interviewer_behind_the_clock_is_shown_where_it_is(app: App, clock: Clock) -> None:
    session = started(app, candidate(app))
    app.store.conversation.append_message(_interviewer(session.id, "requirements"))
    app.store.conversation.append_message(
        Message(session.id, MessageRole.CANDIDATE, "Still clarifying the read/write ratio.")
    )
    clock.advance(session.planned_minutes * 60 * 0.6)
    view = app.platform.views.clock(session.id)
    assert view.phase == "requirements"
    assert view.clock_phase != "requirements"
