"""The history page's read model: true durations, scores, paging, and one query per page."""

from __future__ import annotations

import pytest

from interview_platform.app_factory import App
from interview_platform.models import SessionStatus
from tests.integration.platform_rig import Clock, StatementCounter, candidate, started

pytestmark = pytest.mark.integration
ALL = list(SessionStatus)


def test_the_duration_leaves_the_pauses_out(app: App, clock: Clock) -> None:
    who = candidate(app)
    session = started(app, who)
    clock.advance(600)
    app.sessions.pause(session.id)
    clock.advance(25 * 60)  # a long coffee break
    app.sessions.resume(session.id)
    clock.advance(120)
    app.sessions.end(session.id)
    [row] = app.platform.history.rows(who.id, ALL, 10, 0)
    assert row.duration_s == pytest.approx(720.0)
    assert row.duration == "12 min"  # not 37: the pause is not interview time
    assert row.cells()["duration"] == "12 min"


def test_an_unfinished_interview_counts_like_the_live_clock(app: App, clock: Clock) -> None:
    who = candidate(app)
    session = started(app, who)
    clock.advance(300)
    app.sessions.pause(session.id)
    clock.advance(3600)  # still paused: the open pause counts up to now, and is left out
    [row] = app.platform.history.rows(who.id, ALL, 10, 0)
    live = app.platform.views.clock(session.id).elapsed_s
    assert row.duration_s == pytest.approx(300.0)
    assert row.duration_s == pytest.approx(live)
    assert row.cells()["duration"] == "5 min"


def test_a_session_never_started_has_no_duration(app: App) -> None:
    who = candidate(app)
    app.sessions.create(
        who.id,
        "offline",
        "rubric-interviewer",
        ["text"],
        "mid",
        problem_id=None,
        problem_text="Design a pastebin with expiring links",
    )
    [row] = app.platform.history.rows(who.id, ALL, 10, 0)
    assert row.duration_s is None
    assert row.cells()["duration"] == "—"
    assert row.title == "Design a pastebin with expiring links"
    assert row.cells()["score"] is None


def test_scores_belong_to_their_own_session(app: App, clock: Clock) -> None:
    who = candidate(app)
    scored = started(app, who)
    for _ in app.interviewer.reply(scored.id, "Requirements: shorten, redirect, 100M links/day."):
        pass
    evaluation = app.sessions.end(scored.id)
    clock.advance(60)
    unscored = started(app, who)
    rows = {r.session.id: r for r in app.platform.history.rows(who.id, ALL, 10, 0)}
    assert rows[scored.id].score == pytest.approx(evaluation.overall_score)
    assert rows[scored.id].cells()["score"] == round(evaluation.overall_score)
    assert rows[unscored.id].score is None


def test_rows_page_and_filter_exactly_like_the_session_list(app: App, clock: Clock) -> None:
    who, other = candidate(app), candidate(app, "Someone Else")
    ids = []
    for i in range(7):
        session = started(app, who)
        ids.append(session.id)
        if i % 2 == 0:
            app.sessions.end(session.id)
        if i % 3 != 0:
            clock.advance(1)  # some share a creation time: the id breaks the tie
    started(app, other)
    history = app.platform.history
    for statuses in ([], [SessionStatus.COMPLETED], [SessionStatus.ACTIVE], ALL):
        for offset in (0, 3, 6, 7, 50):
            expected = [s.id for s in app.store.sessions.list_sessions(who.id, statuses, 3, offset)]
            got = [r.session.id for r in history.rows(who.id, statuses, 3, offset)]
            assert got == expected, (statuses, offset)
        assert history.count(who.id, statuses) == app.store.sessions.count_sessions(
            who.id, statuses
        )
    everything = [r.session.id for r in history.rows(who.id, [], 100, 0)]
    assert sorted(everything) == sorted(ids)  # no other candidate's interview leaks in


@pytest.mark.parametrize("sessions", [1, 9])
def test_one_query_reads_a_page_of_any_size(
    app: App, clock: Clock, monkeypatch: pytest.MonkeyPatch, sessions: int
) -> None:
    who = candidate(app)
    for _ in range(sessions):
        session = started(app, who)
        app.sessions.end(session.id)  # every row has an evaluation to show
        clock.advance(1)
    app.platform.history.count(who.id, ALL)  # the page counts first: ownership is known
    counter = StatementCounter()
    with counter.counting(monkeypatch) as statements:
        rows = app.platform.history.rows(who.id, ALL, 10, 0)
    assert len(rows) == sessions
    assert all(r.score is not None for r in rows)
    assert len(statements) == 1, statements


def test_the_old_way_asked_once_per_row(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """The counter can tell one query from N+1: the page's former reads cost 1 + N."""
    who = candidate(app)
    for _ in range(4):
        started(app, who)
    counter = StatementCounter()
    with counter.counting(monkeypatch) as statements:
        for s in app.store.sessions.list_sessions(who.id, ALL, 10, 0):
            app.store.evaluations.get_evaluation(s.id)
    assert len(statements) == 5


def test_hostile_text_is_data(app: App) -> None:
    who = candidate(app, "Robert'); DROP TABLE sessions;--")
    text = "x'); DELETE FROM evaluations; -- and %(candidate_id)s %s {0}"
    app.sessions.create(who.id, "offline", "m", ["text"], "mid", problem_text=text)
    [row] = app.platform.history.rows(who.id, ALL, 10, 0)
    assert row.title == text[:60]
    assert app.store.sessions.count_sessions(None, None) == 1
