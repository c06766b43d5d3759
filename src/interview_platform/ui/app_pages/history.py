"""History page: sessions newest first, a detail view, and progress over time."""

from __future__ import annotations

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.application.lifecycle import EndRequest
from interview_platform.models import Session, SessionStatus
from interview_platform.ui.browser_state import (
    current_candidate_id,
    entered_page,
    open_session,
    typed_key,
)
from interview_platform.ui.components.charts import progress_chart
from interview_platform.ui.components.chat_panel import render_message
from interview_platform.ui.page_registry import PageName
from interview_platform.ui.page_registry import page as page_named
from interview_platform.ui.runtime import get_app, go
from interview_platform.ui.user_text import escape_markdown

PAGE_SIZE = 10
_STATUS = [s.value for s in SessionStatus]


def _cell(value: object) -> object:
    # st.table renders string cells as Markdown; a custom problem's title is user text.
    return escape_markdown(value) if isinstance(value, str) else value


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


def _detail(app: Platform, session: Session) -> None:
    st.subheader("Session detail")
    _actions(app, session)
    with st.container(height=400):
        for message in app.history.conversation(session.id):
            render_message(message)
    _media(app, session)


def _progress(app: Platform, candidate_id: str) -> None:
    evaluations = app.history.progress(candidate_id)
    if len(evaluations) < 2:
        st.caption("Complete two or more interviews to see your progress per competency.")
        return
    labels = [e.created_at.strftime("%m-%d %H:%M") for e in evaluations]
    st.plotly_chart(progress_chart(evaluations, labels), key="progress_chart")


def render() -> None:
    """Draw the history page."""
    app = get_app()
    entered_page("history")
    st.title("History")
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
    st.caption(f"{total} interviews")
    if not rows:
        st.info("No interviews yet.")
        return
    st.table([{k: _cell(v) for k, v in row.cells().items()} for row in rows])
    by_id = {row.session.id: row for row in rows}
    chosen_id = st.selectbox(
        "Open an interview",
        [None, *by_id],
        # Options of a selectbox are plain text (only its label is Markdown).
        format_func=lambda sid: "Choose…" if sid is None else by_id[sid].label,
        key="history_open",
    )
    if chosen_id:
        _detail(app, by_id[chosen_id].session)
    st.subheader("Progress")
    _progress(app, candidate_id)


render()
