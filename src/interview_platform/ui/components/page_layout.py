"""The interview page at any width: its style sheet, the pinned problem, the sidebar.

Layout that CSS can do (the sticky bottom bar, the pinned problem, one column below
1024 px) is in ``static/interview_layout.css``. What needs Python (folding the
sidebar in a narrow window) reads the window width the whiteboard's fit component
already measures, rather than measuring it a second time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.models import Session
from interview_platform.ui.tab_state import tab_state
from interview_platform.ui.user_text import escape_markdown, show_text

_STATIC = Path(__file__).parent.parent / "static"
ONE_COLUMN = 1024  # px: below this the panels stack and the sidebar folds away
CHAT_HEIGHT = 520
CHAT_MIN_HEIGHT = 260
# What a window shows besides the chat box: the header, the pinned problem, the answer
# box and the sticky bottom bar (two lines tall in a narrow window). A short window
# (1280x720) shrinks the box, so the answer box is never under the bar.
PAGE_AROUND_CHAT = 420


def chat_height(window_height: int | None) -> int:
    """The chat box's height for a window this tall (None: not measured yet)."""
    if not window_height:
        return CHAT_HEIGHT
    return max(CHAT_MIN_HEIGHT, min(CHAT_HEIGHT, window_height - PAGE_AROUND_CHAT))


@cache
def _style_sheet() -> str:
    return (_STATIC / "interview_layout.css").read_text("utf-8")


def page_style() -> None:
    """Add the interview page's responsive style sheet to the page."""
    st.html(f"<style>{_style_sheet()}</style>")


def fold_sidebar(session: Session) -> None:
    """Fold the sidebar away once the browser reports a window narrower than 1024 px."""
    window = tab_state(session.id).board.fit.get("window")
    folded = "_sidebar_folded"
    # Once per tab: a sidebar the candidate opens again stays open through later reruns.
    if window is not None and window < ONE_COLUMN and not st.session_state.get(folded):
        st.session_state[folded] = True
        st.set_page_config(initial_sidebar_state="collapsed")


def pinned_problem(app: Platform, session: Session) -> None:
    """The problem statement above the panels, pinned while they scroll; it folds."""
    card = app.views.problem(session)
    title = f"📌 {escape_markdown(card.title)}"
    with st.container(key="problem_pin"), st.expander(title, expanded=False):
        show_text(card.statement)
