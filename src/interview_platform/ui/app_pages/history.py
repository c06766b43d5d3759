"""History page: sessions newest first, a detail view, and progress over time."""

from __future__ import annotations

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.application.history import HistoryRow, ProgressPoint
from interview_platform.application.lifecycle import EndRequest
from interview_platform.models import Session, SessionStatus
from interview_platform.ui.browser_state import (
    current_candidate_id,
    entered_page,
    open_session,
    typed_key,
)
from interview_platform.ui.components.charts import (
    competency_trend_chart,
    overall_trend_chart,
)
from interview_platform.ui.components.chat_panel import render_message
from interview_platform.ui.components.page_layout import page_title
from interview_platform.ui.page_registry import PageName
from interview_platform.ui.page_registry import page as page_named
from interview_platform.ui.runtime import get_app, go
from interview_platform.ui.user_text import escape_markdown

PAGE_SIZE = 10
_STATUS = [s.value for s in SessionStatus]


def plural(count: int, noun: str) -> str:
    """``1 interview``, ``2 interviews`` (and ``0 interviews``)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _media(app: Platform, session: Session) -> None:
    # A camera recording still being written when the interview ended is registered now.
    app.video.finalize_ready(session.id)
    media = app.history.media(session.id)
    if media.snapshots:
        st.markdown("**Whiteboard snapshots**")
        st.image([str(p) for p in media.snapshots], width=220)
    for path in media.audio:
        st.audio(str(path))
    for path in media.videos:
        st.video(str(path))
    for note in media.unsaved:  # kept only as the trace of a failure: said, never played
        st.caption(f"⚠️ {escape_markdown(note)}")
    if media.screen_count:
        st.markdown(f"**Screen captures** ({media.screen_count})")
        st.image([str(p) for p in media.screens], width=220)


def _actions(app: Platform, session: Session) -> None:
    if session.status is not SessionStatus.COMPLETED:
        c1, c2 = st.columns(2)
        if c1.button("Resume this interview", key="resume_session"):
            app.lifecycle.continue_interview(session.id)
            open_session(session.id)
            go(PageName.INTERVIEW, session.id)
        if c2.button("End and evaluate", key="end_session"):
            with st.spinner("Scoring the interview…"):
                result = app.lifecycle.end(EndRequest(session.id, typed=typed_key()))
            if result.error:
                st.error(escape_markdown(result.error))
                return
            st.rerun()
    elif st.button("Open the evaluation", key="open_evaluation"):
        open_session(session.id)
        go(PageName.EVALUATION, session.id)


def _detail(app: Platform, row: HistoryRow) -> None:
    session = row.session
    st.header("Session detail", anchor=False)
    st.caption(escape_markdown(row.label))
    _actions(app, session)
    messages = app.history.conversation(session.id)
    if not messages:
        st.caption("No messages in this interview.")
    else:
        with st.container(height=400):
            for message in messages:
                render_message(message)
    _media(app, session)


def _trend_labels(points: list[ProgressPoint]) -> list[str]:
    # The interview's own date (not when it was scored), numbered so two interviews on
    # one day stay two points on the axis.
    return [f"#{i} · {p.held_at:%d %b}" for i, p in enumerate(points, start=1)]


def _progress(app: Platform, candidate_id: str) -> None:
    progress = app.history.progress(candidate_id)
    points = progress.points
    if len(points) < 2:
        st.caption("Complete two or more interviews to see your progress per competency.")
        return
    labels = _trend_labels(points)
    scores = [p.overall for p in points]
    change = scores[-1] - scores[0]
    st.caption(
        f"Overall score over {plural(len(points), 'evaluated interview')}: "
        f"{change:+.0f} points since the first."
    )
    titles = progress.titles
    pick, _ = st.columns([1, 1])
    chosen = pick.selectbox(
        "Competency beside the overall score",
        list(titles),
        format_func=lambda cid: titles.get(cid, cid),
        key="progress_competency",
    )
    series = [p.scores.get(chosen) if chosen else None for p in points]
    title = titles.get(chosen, "") if chosen else ""
    left, right = st.columns(2)
    left.plotly_chart(overall_trend_chart(scores, labels), key="overall_trend")
    right.plotly_chart(competency_trend_chart(title, series, labels), key="competency_trend")


def _table(rows: list[HistoryRow]) -> HistoryRow | None:
    """The sessions as a table; the row the user clicked, if any."""
    event = st.dataframe(
        # Dataframe cells are plain text (not Markdown), so titles are shown as typed.
        [row.cells() for row in rows],
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="history_table",
        column_config={
            "score": st.column_config.ProgressColumn(
                "score", min_value=0, max_value=100, format="%d"
            ),
        },
    )
    picked = event.selection.rows
    return rows[picked[0]] if picked and picked[0] < len(rows) else None


def render() -> None:
    """Draw the history page."""
    app = get_app()
    entered_page("history")
    page_title("History")
    candidate_id = current_candidate_id()
    if candidate_id is None:
        st.info("Pick a candidate on the Setup page to see their interviews.")
        return
    if app.views.candidate(candidate_id) is None:  # unknown, or another account's
        st.error("That candidate profile was not found. The link may be old or mistyped.")
        st.page_link(page_named(PageName.SETUP), label="Choose a profile on Setup", icon="🧭")
        return
    chosen = st.multiselect("Status", _STATUS, default=_STATUS, key="history_status")
    statuses = [SessionStatus(s) for s in chosen]
    total = app.history.count(candidate_id, statuses)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = st.number_input("Page", 1, pages, 1, key="history_page") if pages > 1 else 1
    rows = app.history.rows(candidate_id, statuses, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    st.caption(f"{plural(total, 'interview')} · click a row to open it")
    if not rows:
        st.info("No interviews yet.")
        return
    opened = _table(rows)
    if opened is not None:
        _detail(app, opened)
    st.header("Progress", anchor=False)
    _progress(app, candidate_id)


render()
