"""Pages at any width: style sheets, the pinned problem, the sidebar folded when narrow.

Layout that CSS can do (the sticky bottom bar, the pinned problem, one column below
1024 px) is in ``static/interview_layout.css`` and, for Setup, Evaluation and History,
``static/pages.css``. Folding the sidebar in a narrow window needs more: Python reads
the window width from the whiteboard's fit component, which already measures it, on
the interview page. Setup, Evaluation and History have no such component: a tiny probe
that :func:`page_title` adds folds the sidebar in the browser itself, without a rerun.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.models import CommunicationMode, Session
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


def _fold_once(window: object) -> None:
    folded = "_sidebar_folded"
    narrow = isinstance(window, int | float) and 0 < window < ONE_COLUMN
    # Once per tab: a sidebar the candidate opens again stays open through later reruns
    # (its expand button stays in the page's top-left corner, reachable by Tab).
    if narrow and not st.session_state.get(folded):
        st.session_state[folded] = True
        st.set_page_config(initial_sidebar_state="collapsed")


def fold_sidebar(session: Session) -> None:
    """Fold the sidebar away once the browser reports a window narrower than 1024 px."""
    if CommunicationMode.WHITEBOARD not in session.modes:
        # No board measures the window: the probe folds the sidebar in the browser.
        _window_probe()(data={"below": ONE_COLUMN}, key="window_probe")
        return
    _fold_once(tab_state(session.id).board.fit.get("window"))


@cache
def _pages_sheet() -> str:
    return (_STATIC / "pages.css").read_text("utf-8")


@cache
def _window_probe() -> Any:
    # Declared on first use, inside a page run: a component needs the running server.
    return st.components.v2.component(
        "interview_platform.window_probe",
        js=(_STATIC / "window_probe.js").read_text("utf-8"),
        isolate_styles=False,
    )


def page_title(title: str) -> None:
    """A page's heading (h1), its style sheet, and the sidebar folded in a narrow window.

    Setup, Evaluation and History start with this, so each of them lays itself out by
    width as the interview page does: below 1024 px the sidebar folds away once (its
    button opens it again) and the page takes the whole window.

    Args:
        title: The page's title (plain text, not user input).
    """
    st.html(f"<style>{_pages_sheet()}</style>")
    st.title(title, anchor=False)
    # The probe folds the sidebar in the browser: no value comes back, so no rerun.
    _window_probe()(data={"below": ONE_COLUMN}, key="window_probe")


def pinned_problem(app: Platform, session: Session) -> None:
    """The problem statement above the panels, pinned while they scroll; it folds."""
    card = app.views.problem(session)
    title = f"📌 {escape_markdown(card.title)}"
    with st.container(key="problem_pin"), st.expander(title, expanded=False):
        show_text(card.statement)
