"""The tab's drawing and the stored board: versioned saves and the choice after a conflict.

A tab saves only over the version it loaded. When another tab saved first, nothing is
overwritten: the candidate is told, their drawing stays on their canvas and in the tab,
and they choose to load the newer board or to keep theirs.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.communication.board_json import drawings_match
from interview_platform.ui.tab_state import tab_state
from interview_platform.ui.widget_state import widgets

CONFLICT = (
    "This board was changed in another tab. Your drawing here is not saved yet; it stays "
    "on this canvas until you choose."
)
LOAD_NEWER = "Load the newer board"
KEEP_MINE = "Keep mine (replace the other tab's)"


def reset_canvas(app: Platform, session_id: str) -> None:
    """Reload the drawing from the database and remount the canvas (page entry, clear)."""
    board = tab_state(session_id).board
    stored = app.whiteboard.load_versioned(session_id)
    board.initial = stored.canvas
    board.saved = stored.canvas
    board.stored_version = stored.version
    board.conflict = None
    board.mine = None
    board.version += 1


def persist(app: Platform, session_id: str, drawing: dict[str, Any] | None) -> None:
    """Save the tab's drawing (logical space) over the version the tab holds."""
    board = tab_state(session_id).board
    if drawing is None:
        return
    if board.conflict is not None:
        board.mine = drawing  # kept, not saved, until the candidate chooses
        return
    if drawings_match(drawing, board.saved):
        return
    save(app, session_id, drawing)


def save(app: Platform, session_id: str, drawing: dict[str, Any]) -> bool:
    """Save over the tab's version; on a conflict keep the drawing and return False."""
    board = tab_state(session_id).board
    outcome = app.whiteboard.save_over(session_id, drawing, board.stored_version)
    if outcome.conflict:
        board.conflict = outcome.version
        board.mine = drawing
        return False
    board.stored_version = outcome.version
    board.saved = drawing
    board.changed_at = time.monotonic()
    return True


def _keep_mine(app: Platform, session_id: str) -> None:
    board = tab_state(session_id).board
    if board.conflict is None or board.mine is None:
        return
    outcome = app.whiteboard.save_over(session_id, board.mine, board.conflict)
    if outcome.conflict:
        board.conflict = outcome.version  # yet another save: ask again
        return
    board.stored_version, board.saved = outcome.version, board.mine
    board.conflict, board.mine = None, None
    board.changed_at = time.monotonic()


def conflict_banner(app: Platform, session_id: str) -> None:
    """Tell the candidate about a conflict and offer the two ways out."""
    if tab_state(session_id).board.conflict is None:
        return
    st.warning(CONFLICT, icon="⚠️")
    keys = widgets(session_id)
    load, keep = st.columns(2)
    # Callbacks run before the panel is drawn again, so the choice shows at once.
    load.button(
        LOAD_NEWER, key=keys.board("load_newer"), on_click=reset_canvas, args=(app, session_id)
    )
    keep.button(KEEP_MINE, key=keys.board("keep_mine"), on_click=_keep_mine, args=(app, session_id))
