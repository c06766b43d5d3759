"""Whiteboard panel (centre, 45%): the canvas, its tools, snapshots and review."""

from __future__ import annotations

import time
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit_drawable_canvas import st_canvas

from interview_platform.application.facade import Platform
from interview_platform.communication.board_arrows import add_arrowheads, follow_arrows
from interview_platform.communication.board_json import scale_drawing
from interview_platform.communication.whiteboard_handler import AutoSnapshotPolicy
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import SessionStatus
from interview_platform.observability.context import session_context
from interview_platform.ui.browser_state import typed_key
from interview_platform.ui.components.outage_banner import survives_outage
from interview_platform.ui.components.panel_refresh import turn_stored
from interview_platform.ui.components.whiteboard_fit import (
    SHORTCUT_HINT,
    canvas_size,
    is_full,
    measure,
)
from interview_platform.ui.components.whiteboard_sync import (
    conflict_banner,
    persist,
    reset_canvas,
    save,
)
from interview_platform.ui.tab_state import tab_state
from interview_platform.ui.user_text import escape_markdown
from interview_platform.ui.widget_state import widgets

_MODES = {
    "labeled_rect": "▭ Labelled box",
    "rect": "□ Rectangle",
    "circle": "○ Circle",
    "line": "╱ Line / arrow",
    "text": "T Text",
    "freedraw": "✎ Free draw",
    "point": "• Point",
    "polygon": "⬠ Polygon",
}
_POLICY = AutoSnapshotPolicy()
SNAPSHOT_HELP = "Save a picture of the board for the interviewer and the report"
REVIEW_HELP = "The interviewer looks at your diagram and asks a follow-up"
CLEAR_HELP = "Remove every shape (snapshots are kept)"


def _toolbar(session_id: str) -> tuple[str, str, int, str]:
    keys = widgets(session_id)
    full = is_full(session_id)
    # Full screen: the box label joins the tools' row, so the board starts higher up.
    row = st.columns([3, 1, 2, 3] if full else [3, 1, 2])
    c1, c2, c3 = row[:3]
    mode = c1.selectbox(
        "Tool",
        list(_MODES),
        format_func=_MODES.__getitem__,
        key=keys.board("mode"),
        help=SHORTCUT_HINT,
    )
    color = c2.color_picker("Colour", "#1f4e79", key=keys.board("color"))
    width = c3.slider("Stroke", 1, 12, 3, key=keys.board("stroke"))
    label = ""
    if mode == "labeled_rect":
        where = row[3] if full else st
        label = where.text_input("Box label", "Service", key=keys.board("label"), max_chars=40)
        label = label.strip()
    return mode, color, width, label


def _arrows(session_id: str, drawing: dict[str, Any], mode: str) -> dict[str, Any] | None:
    """The drawing with its arrows whole, or None when nothing needed changing.

    New lines get heads (and their ends on box edges); a moved line's head goes to its
    new end, and lines on a moved box's edge go with the box.
    """
    board = tab_state(session_id).board
    known = board.mine if board.conflict is not None else board.saved
    count = len((known or {}).get("objects") or [])
    arrowed = add_arrowheads(drawing, since=count) if mode == "line" else None
    fixed = follow_arrows(known, arrowed or drawing) or arrowed
    if fixed is not None:
        # A new canvas with the arrows: the old one's state is the drawing without them.
        board.initial = fixed
        board.version += 1
    return fixed


def _redraw() -> None:
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:  # this is a full run of the page, not the panel's own
        st.rerun()


def take_snapshot(app: Platform, session_id: str, quiet: bool = False) -> None:
    """Save the board as a PNG tied to the session."""
    board = tab_state(session_id).board
    if not board.png:
        if not quiet:
            st.warning("Draw something first — the board is empty.")
        return
    try:
        app.snapshots.take(session_id, board.png, board.saved, auto=quiet)
    except InterviewPlatformError as exc:
        st.error(f"Snapshot not saved: {escape_markdown(exc)}")
        return
    board.snapshot_at = time.monotonic()
    if not quiet:
        st.toast("Snapshot saved", icon="📸")


@st.dialog("Clear the whiteboard?")
def _confirm_clear(app: Platform, session_id: str) -> None:
    st.write("This removes every shape from the board. Saved snapshots are kept.")
    if st.button("Yes, clear it", type="primary"):
        board = tab_state(session_id).board
        shown = board.mine or board.saved
        # Over this tab's version only: a board changed in another tab is not wiped unseen.
        if save(app, session_id, {"objects": []}):
            reset_canvas(app, session_id)
        else:
            board.mine = shown  # the conflict keeps what this canvas still shows
        st.rerun()


def _review(app: Platform, session_id: str) -> None:
    board = tab_state(session_id).board
    with st.spinner("The interviewer is looking at your diagram…"):
        try:
            app.turns.review_whiteboard(session_id, board.png, board.saved, typed_key())
        except InterviewPlatformError as exc:
            st.error(escape_markdown(exc))
            return
    # The review is a turn: the chat, transcript and bar show it after one redraw.
    turn_stored()


def _actions(app: Platform, session_id: str, accepting: bool) -> None:
    # A wrapping row of buttons at their own width: in a narrow column a button moves to
    # the next line instead of having its label cut ("Ask the intervie…").
    row = st.container(horizontal=True, gap="small", key="wb_actions")
    off = not accepting
    if row.button(
        "📸 Save snapshot", key="wb_snapshot", disabled=off, help=SNAPSHOT_HELP, wrap=True
    ):
        take_snapshot(app, session_id)
    if row.button(
        "👀 Ask the interviewer to look", key="wb_review", disabled=off, help=REVIEW_HELP, wrap=True
    ):
        _review(app, session_id)
    if row.button("🧹 Clear", key="wb_clear", disabled=off, help=CLEAR_HELP, wrap=True):
        _confirm_clear(app, session_id)


@st.fragment
@survives_outage
def whiteboard_panel(app: Platform, session_id: str) -> None:
    """Draw the whiteboard; drawing reruns only this panel, which autosaves.

    It never reruns on a clock (an idle tab asks the server nothing): another tab's save
    is found by this tab's next save, and an auto-snapshot that fell due is taken at the
    next stroke or turn.
    """
    with session_context(session_id):
        _whiteboard_body(app, session_id)


def _whiteboard_body(app: Platform, session_id: str) -> None:
    board = tab_state(session_id).board
    if board.initial is None:
        reset_canvas(app, session_id)
    accepting = app.views.session(session_id).status is SessionStatus.ACTIVE
    measure(session_id)
    conflict_banner(app, session_id)
    mode, color, width, label = _toolbar(session_id)
    size = canvas_size(session_id, is_full(session_id))
    if board.fit.get("shown") != size.width:
        # The canvas is remounted at its new size with what this tab shows now.
        board.initial = board.mine or board.saved or board.initial
        board.fit["shown"] = size.width
    result = st_canvas(
        fill_color="rgba(31, 78, 121, 0.08)",
        stroke_width=width,
        stroke_color=color,
        background_color="#ffffff",
        height=size.height,
        width=size.width,
        drawing_mode=mode,
        initial_drawing=scale_drawing(board.initial or {"objects": []}, size.factor),
        return_image_data=True,
        # A new size is a new canvas: its drawing comes back in the new size's pixels.
        key=f"{widgets(session_id).canvas(board.version)}_{size.width}",
        disabled=not accepting,
        font_size=16,
        label=label,
    )
    if result.json_data is not None:
        drawing = scale_drawing(result.json_data, 1 / size.factor)
        fixed = _arrows(session_id, drawing, mode)
        had_conflict = board.conflict is not None
        persist(app, session_id, fixed or drawing)
        # A conflict found by this save: the banner (drawn above) must show it now.
        if fixed is not None or (board.conflict is not None and not had_conflict):
            _redraw()
    png = result.image_bytes
    if png:
        board.png = png
    _actions(app, session_id, accepting)
    if accepting and _POLICY.due(board.changed_at, board.snapshot_at, time.monotonic()):
        take_snapshot(app, session_id, quiet=True)
