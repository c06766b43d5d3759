"""History page: sessions newest first, a detail view, and progress over time."""

from __future__ import annotations

import streamlit as st

from interview_platform.app_factory import App
from interview_platform.models import MediaKind, Session, SessionStatus
from interview_platform.problems.resolution import resolve_problem
from interview_platform.ui.components.charts import progress_chart
from interview_platform.ui.components.chat_panel import render_message
from interview_platform.ui.runtime import (
    current_candidate_id,
    entered_page,
    get_app,
    go,
    open_session,
    session_credentials,
)

PAGE_SIZE = 10
_STATUS = [s.value for s in SessionStatus]


def _duration(session: Session) -> str:
    if session.started_at is None:
        return "—"
    end = session.ended_at or session.started_at
    return f"{int((end - session.started_at).total_seconds() // 60)} min"


def _rows(app: App, sessions: list[Session]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for s in sessions:
        evaluation = app.store.get_evaluation(s.id)
        title = resolve_problem(s, app.bank).title if s.problem_id else s.problem_text[:60]
        rows.append(
            {
                "date": s.created_at.strftime("%Y-%m-%d %H:%M"),
                "problem": title,
                "status": s.status.value,
                "duration": _duration(s),
                "score": round(evaluation.overall_score) if evaluation else None,
                "provider": f"{s.provider}/{s.model}",
            }
        )
    return rows


def _media(app: App, session: Session) -> None:
    # A camera recording still being written when the interview ended is registered now.
    app.video.finalize_ready(session.id)
    snaps = app.store.list_media_files(session.id, MediaKind.WHITEBOARD)
    if snaps:
        st.markdown("**Whiteboard snapshots**")
        st.image([str(app.storage.absolute_path(m)) for m in snaps[-6:]], width=220)
    for media in app.store.list_media_files(session.id, MediaKind.AUDIO)[-5:]:
        st.audio(str(app.storage.absolute_path(media)))
    for media in app.store.list_media_files(session.id, MediaKind.VIDEO)[-2:]:
        st.video(str(app.storage.absolute_path(media)))
    screens = app.store.list_media_files(session.id, MediaKind.SCREEN)
    if screens:
        st.markdown(f"**Screen captures** ({len(screens)})")
        st.image([str(app.storage.absolute_path(m)) for m in screens[-6:]], width=220)


def _detail(app: App, session: Session) -> None:
    st.subheader("Session detail")
    if session.status is not SessionStatus.COMPLETED:
        c1, c2 = st.columns(2)
        if c1.button("Resume this interview", key="resume_session"):
            if session.status is SessionStatus.PAUSED:
                app.sessions.resume(session.id)
            open_session(session.id)
            go("app_pages/interview.py", session.id)
        if c2.button("End and evaluate", key="end_session"):
            with st.spinner("Scoring the interview…"):
                app.sessions.end(session.id, creds=session_credentials(session))
            st.rerun()
    elif st.button("Open the evaluation", key="open_evaluation"):
        open_session(session.id)
        go("app_pages/evaluation.py", session.id)
    with st.container(height=400):
        for message in app.store.get_messages(session.id):
            render_message(message)
    _media(app, session)


def _progress(app: App, candidate_id: str) -> None:
    evaluations = app.store.list_evaluations(candidate_id)
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
    chosen = st.multiselect("Status", _STATUS, default=_STATUS, key="history_status")
    statuses = [SessionStatus(s) for s in chosen]
    total = app.store.count_sessions(candidate_id, statuses)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = st.number_input("Page", 1, pages, 1, key="history_page") if pages > 1 else 1
    sessions = app.store.list_sessions(candidate_id, statuses, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    st.caption(f"{total} interviews")
    if not sessions:
        st.info("No interviews yet.")
        return
    rows = _rows(app, sessions)
    st.table(rows)
    labels = {
        s.id: f"{r['date']} · {r['problem']} · {r['status']}"
        for s, r in zip(sessions, rows, strict=True)
    }
    chosen_id = st.selectbox(
        "Open an interview",
        [None, *labels],
        format_func=lambda sid: "Choose…" if sid is None else labels[sid],
        key="history_open",
    )
    if chosen_id:
        _detail(app, next(s for s in sessions if s.id == chosen_id))
    st.subheader("Progress")
    _progress(app, candidate_id)


render()
