"""Interview page: chat 30% | whiteboard 45% | transcript 25%, and the bottom bar.

Below 1024 px the panels stack in one column (``static/interview_layout.css``); with the
whiteboard on they are tabs there instead (``components/whiteboard_fit.lay_out``).
"""

from __future__ import annotations

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.exceptions import TransientDataStoreError
from interview_platform.models import CommunicationMode, Session, SessionStatus
from interview_platform.ui.browser_state import current_session_id, entered_page
from interview_platform.ui.components.bottom_bar import bottom_bar
from interview_platform.ui.components.chat_panel import chat_panel
from interview_platform.ui.components.page_layout import fold_sidebar, page_style, pinned_problem
from interview_platform.ui.components.transcript_panel import transcript_panel
from interview_platform.ui.components.whiteboard_fit import lay_out
from interview_platform.ui.components.whiteboard_panel import whiteboard_panel
from interview_platform.ui.components.whiteboard_sync import reset_canvas
from interview_platform.ui.page_registry import PageName, page
from interview_platform.ui.runtime import get_app
from interview_platform.ui.user_text import escape_markdown, show_text


def _problem_card(app: Platform, session: Session) -> None:
    card = app.views.problem(session)
    st.markdown(f"### {escape_markdown(card.title)}")
    show_text(card.statement)


def _center(app: Platform, session: Session) -> None:
    if CommunicationMode.WHITEBOARD in session.modes:
        whiteboard_panel(app, session.id)
    else:
        _problem_card(app, session)
        st.caption("The whiteboard is off for this interview; enable it in Setup next time.")


def _status(app: Platform, session: Session) -> None:
    if session.status is SessionStatus.PAUSED:
        st.warning("This interview is paused.")
        if st.button("Resume interview", type="primary"):
            app.lifecycle.continue_interview(session.id)
            st.rerun()
    elif session.status is SessionStatus.COMPLETED:
        st.success("This interview has ended — inputs are disabled.")
        st.page_link(page(PageName.EVALUATION), label="See the evaluation", icon="📊")


def render() -> None:
    """Draw the interview page."""
    app = get_app()
    session_id = current_session_id()
    try:
        session = app.views.find_session(session_id) if session_id else None
    except TransientDataStoreError:
        if session_id:  # the database is down: the chat keeps what is typed, in its place
            with st.columns([30, 45, 25], gap="small")[0]:
                chat_panel(app, session_id)
        raise
    if session is None:
        if session_id:
            st.error("That interview was not found. The link may be old or mistyped.")
        else:
            st.info("No interview is open. Start one on the Setup page or resume it from History.")
        st.page_link(page(PageName.SETUP), label="Go to Setup", icon="🧭")
        st.page_link(page(PageName.HISTORY), label="Open History", icon="🗂️")
        return
    if entered_page("interview"):
        reset_canvas(app, session.id)
    page_style()
    fold_sidebar(session)
    _status(app, session)
    if CommunicationMode.WHITEBOARD in session.modes:
        pinned_problem(app, session)  # without the board, the card is in the centre
    lay_out(
        session,
        chat=lambda: chat_panel(app, session.id),
        center=lambda: _center(app, session),
        transcript=lambda: transcript_panel(app, session.id),
    )
    bottom_bar(app, session)


render()
