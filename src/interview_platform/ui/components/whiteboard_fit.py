"""A whiteboard that fits: the page layout and the canvas size follow the browser.

The canvas needs its size in pixels, so a small component measures the block the
board sits in and the window, and sends them to Python. The interview page has four
layouts: the three columns; a stacked one for windows of 1024-1099 px (the board below
chat and transcript, across the page); tabs below 1024 px (Chat · Whiteboard ·
Transcript, one at a time, the board drawn only while its tab is open so it measures a
visible block); and full screen (the board takes the window; chat and transcript fold
into expanders above it). In full screen the board sits in a container
keyed ``board_full``: the style sheet (``interview_layout.css``) then narrows the page's
margins and un-pins the problem and the bottom bar, and ``board_fit.js`` folds an open
sidebar (opening it again when full screen ends).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import streamlit as st

from interview_platform.communication.board_json import LOGICAL_HEIGHT, LOGICAL_WIDTH
from interview_platform.models import CommunicationMode, Session
from interview_platform.ui.components.page_layout import chat_height
from interview_platform.ui.tab_state import tab_state
from interview_platform.ui.widget_state import widgets

_STATIC = Path(__file__).parent.parent / "static"
# One script: board_canvas.js (centred box labels) and board_view.js (zoom, pan) hook
# into fabric.js before the drawing canvas (rendered after this component) builds it.
_SCRIPTS = ("board_canvas.js", "board_view.js", "board_fit.js")
_fit_component = st.components.v2.component(
    "interview_platform.board_fit",
    js="\n".join((_STATIC / name).read_text("utf-8") for name in _SCRIPTS),
    css=(_STATIC / "board_fit.css").read_text("utf-8"),
    isolate_styles=False,  # it measures the page's own column, outside any shadow root
)
NARROW_WINDOW = 1100  # px: below this the three columns are too narrow to draw in
TABS_WINDOW = 1024  # px: below this the page is one column (ONE_COLUMN in page_layout)
TABS = ("💬 Chat", "🖊️ Whiteboard", "📝 Transcript")
TAB_BOARD_KEY = "board_tab"  # the board inside its tab (the style sheet's hook)
DEFAULT_WIDTH = 340  # px until the browser has measured (fits the narrowest column)
MIN_WIDTH = 160
MAX_WIDTH = 2400
_SIZES = ("column", "window", "height")
FULL_KEY = "board_full"  # the full-screen board's container (the style sheet's hook)
FULL_MARGIN = 80  # px of the window a full-screen board leaves (Streamlit's header)


# Letters for the common tools (shown under the tools as a hint).
SHORTCUTS = {
    "b": "labeled_rect",
    "r": "rect",
    "c": "circle",
    "a": "line",
    "l": "line",
    "t": "text",
    "d": "freedraw",
}
SHORTCUT_HINT = (
    "Keys: B box · R rectangle · C circle · A arrow · T text · D draw. "
    "Ctrl/⌘ + wheel zooms the board, Space + drag (or the middle button) pans it, "
    "⤢ Fit shows it whole."
)


class BoardLayout(Enum):
    """How the interview page places the board."""

    COLUMNS = "columns"
    STACKED = "stacked"
    TABS = "tabs"
    FULL = "full"


@dataclass(frozen=True)
class CanvasSize:
    """The canvas as shown: its size in pixels and its scale from the logical board."""

    width: int
    height: int

    @property
    def factor(self) -> float:
        """Display pixels per logical pixel."""
        return self.width / LOGICAL_WIDTH


def _full_key(session_id: str) -> str:
    return widgets(session_id).board("full")


def _by_width(window: int | None) -> BoardLayout:
    """The layout a window of this width gets (columns until the browser has measured)."""
    if window is None or window >= NARROW_WINDOW:
        return BoardLayout.COLUMNS
    return BoardLayout.TABS if window < TABS_WINDOW else BoardLayout.STACKED


def board_layout(session: Session) -> BoardLayout:
    """The layout for this run: full screen when asked, else by the window's width."""
    if CommunicationMode.WHITEBOARD not in session.modes:
        return BoardLayout.COLUMNS
    if st.session_state.get(_full_key(session.id)):
        return BoardLayout.FULL
    return _by_width(tab_state(session.id).board.fit.get("window"))


def lay_out(
    session: Session,
    chat: Callable[[], None],
    center: Callable[[], None],
    transcript: Callable[[], None],
) -> None:
    """Place the chat, the centre (board or problem card) and the transcript."""
    layout = board_layout(session)
    tab_state(session.id).board.layout = layout.value
    if layout is BoardLayout.COLUMNS:
        left, middle, right = st.columns([30, 45, 25], gap="small")
        with left:
            chat()
        with middle:
            _full_screen_toggle(session)
            center()
        with right:
            transcript()
        return
    if layout is BoardLayout.TABS:
        _tabs(session, chat, center, transcript)
        return
    left, right = st.columns([60, 40], gap="small")
    if layout is BoardLayout.STACKED:
        with left:
            chat()
        with right:
            transcript()
    else:
        with left.expander("💬 Chat — answer the interviewer here"):
            chat()
        with right.expander("📝 Transcript"):
            transcript()
    _full_screen_toggle(session)
    if layout is BoardLayout.FULL:
        with st.container(key=FULL_KEY):
            center()
    else:
        center()


def _tabs(
    session: Session,
    chat: Callable[[], None],
    center: Callable[[], None],
    transcript: Callable[[], None],
) -> None:
    """One panel at a time, below 1024 px (Chat · Whiteboard · Transcript).

    Chat and transcript are always drawn (a half-typed answer survives a switch); the
    board only while its tab is open, since a canvas in a hidden tab would measure 0 px.
    The keyed state keeps the chosen tab across reruns; the last choice is also kept
    aside, so leaving full screen (which draws no tabs) comes back to the Whiteboard tab.
    """
    key = widgets(session.id).board("tabs")
    last = widgets(session.id).board("tabs_last")
    if key not in st.session_state and last in st.session_state:
        st.session_state[key] = st.session_state[last]  # back from full screen
    on_chat, on_board, on_transcript = st.tabs(list(TABS), key=key, on_change="rerun")
    st.session_state[last] = st.session_state.get(key)
    with on_chat:
        chat()
    with on_board:
        if on_board.open:
            with st.container(key=TAB_BOARD_KEY):
                _full_screen_toggle(session)
                center()
    with on_transcript:
        transcript()


def _full_screen_toggle(session: Session) -> None:
    if CommunicationMode.WHITEBOARD in session.modes:
        # Outside the board's fragment, so switching it lays the whole page out again.
        st.toggle("Full screen", key=_full_key(session.id), help="The board takes the page")


def measure(session_id: str) -> None:
    """Read the browser's sizes; lay the page out again when the window changed class."""
    board = tab_state(session_id).board
    result: Any = _fit_component(
        data={"full": is_full(session_id)},  # full screen folds the sidebar (in the browser)
        key=widgets(session_id).board("fit"),
        on_size_change=lambda: None,
        on_shortcut_change=lambda: None,
    )
    _shortcut(session_id, getattr(result, "shortcut", None))
    size = getattr(result, "size", None)
    if not isinstance(size, dict):
        return
    measured = {k: int(size[k]) for k in _SIZES if isinstance(size.get(k), (int, float))}
    if all(board.fit.get(k) == v for k, v in measured.items()):
        return
    chat_before = chat_height(board.fit.get("height"))
    board.fit.update(measured)
    if chat_height(board.fit.get("height")) != chat_before:
        st.rerun(scope="app")  # the chat box (another fragment) follows the window height
    if not board.layout or board.layout == BoardLayout.FULL.value:
        return
    if _by_width(board.fit.get("window")).value != board.layout:
        st.rerun(scope="app")


def _shortcut(session_id: str, key: object) -> None:
    """A tool's letter typed on the page picks that tool (before its selectbox is drawn)."""
    mode = SHORTCUTS.get(key) if isinstance(key, str) else None
    if mode is not None:
        st.session_state[widgets(session_id).board("mode")] = mode


def canvas_size(session_id: str, full: bool) -> CanvasSize:
    """The canvas size that fits the measured block: its column, or in full screen the page.

    The board keeps its logical proportions. In full screen it is as wide as the page
    unless that would make it taller than the window less Streamlit's header: then it is
    as tall as that, so the whole board is in view at once (scrolled to), never cut.
    """
    fit = tab_state(session_id).board.fit
    width = min(max(fit.get("column", DEFAULT_WIDTH), MIN_WIDTH), MAX_WIDTH)
    height = round(width * LOGICAL_HEIGHT / LOGICAL_WIDTH)
    window_h = fit.get("height")
    if full and window_h is not None and height > window_h - FULL_MARGIN:
        height = max(window_h - FULL_MARGIN, round(MIN_WIDTH * LOGICAL_HEIGHT / LOGICAL_WIDTH))
        width = round(height * LOGICAL_WIDTH / LOGICAL_HEIGHT)
    return CanvasSize(width, height)


def is_full(session_id: str) -> bool:
    """Whether the board is in full-screen mode."""
    return bool(st.session_state.get(_full_key(session_id)))
