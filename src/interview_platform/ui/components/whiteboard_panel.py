"""Whiteboard panel (centre, 45%): the canvas, its tools, snapshots and review."""

from __future__ import annotations

import time
from typing import Any

import streamlit as st
from streamlit_drawable_canvas import st_canvas

from interview_platform.app_factory import App
from interview_platform.communication.whiteboard_handler import AutoSnapshotPolicy
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import SessionStatus
from interview_platform.observability.context import session_context
from interview_platform.ui.runtime import session_credentials, user_action

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


def _key(session_id: str, name: str) -> str:
    return f"wb_{name}_{session_id}"


def reset_canvas(app: App, session_id: str) -> None:
    """Reload the drawing from the database and remount the canvas (page entry, clear)."""
    st.session_state[_key(session_id, "init")] = app.whiteboard.load(session_id)
    st.session_state[_key(session_id, "version")] = (
        st.session_state.get(_key(session_id, "version"), 0) + 1
    )


def _toolbar(session_id: str) -> tuple[str, str, int, str]:
    c1, c2, c3 = st.columns([3, 1, 2])
    mode = c1.selectbox(
        "Tool", list(_MODES), format_func=_MODES.__getitem__, key=_key(session_id, "mode")
    )
    color = c2.color_picker("Colour", "#1f4e79", key=_key(session_id, "color"))
    width = c3.slider("Stroke", 1, 12, 3, key=_key(session_id, "stroke"))
    label = ""
    if mode == "labeled_rect":
        label = st.text_input(
            "Box label", "Service", key=_key(session_id, "label"), max_chars=40
        ).strip()
    return mode, color, width, label


def _persist_changes(app: App, session_id: str, json_data: dict[str, Any] | None) -> None:
    saved_key = _key(session_id, "saved")
    if json_data is None or json_data == st.session_state.get(saved_key):
        return
    if saved_key not in st.session_state and json_data == st.session_state.get(
        _key(session_id, "init")
    ):
        st.session_state[saved_key] = json_data
        return
    app.whiteboard.save(session_id, json_data)
    st.session_state[saved_key] = json_data
    st.session_state[_key(session_id, "changed_at")] = time.monotonic()


def take_snapshot(app: App, session_id: str, quiet: bool = False) -> None:
    """Save the board as a PNG tied to the session."""
    png = st.session_state.get(_key(session_id, "png"))
    if not png:
        if not quiet:
            st.warning("Draw something first — the board is empty.")
        return
    try:
        app.whiteboard.snapshot(session_id, png, st.session_state.get(_key(session_id, "saved")))
    except InterviewPlatformError as exc:
        st.error(f"Snapshot not saved: {exc}")
        return
    st.session_state[_key(session_id, "snap_at")] = time.monotonic()
    user_action("whiteboard.snapshot", "whiteboard snapshot saved", session_id, auto=quiet)
    if not quiet:
        st.toast("Snapshot saved", icon="📸")


@st.dialog("Clear the whiteboard?")
def _confirm_clear(app: App, session_id: str) -> None:
    st.write("This removes every shape from the board. Saved snapshots are kept.")
    if st.button("Yes, clear it", type="primary"):
        app.whiteboard.save(session_id, {"objects": []})
        st.session_state.pop(_key(session_id, "saved"), None)
        reset_canvas(app, session_id)
        st.rerun()


def _review(app: App, session_id: str) -> None:
    user_action("whiteboard.review", "candidate asked for a diagram review", session_id)
    png = st.session_state.get(_key(session_id, "png"))
    canvas = st.session_state.get(_key(session_id, "saved")) or app.whiteboard.load(session_id)
    with st.spinner("The interviewer is looking at your diagram…"):
        try:
            stream = app.interviewer.review_whiteboard(
                session_id, canvas, png, creds=session_credentials(app.sessions.get(session_id))
            )
            text = "".join(stream)
        except InterviewPlatformError as exc:
            st.error(str(exc))
            return
    st.info(f"Interviewer: {text}")


def _actions(app: App, session_id: str, accepting: bool) -> None:
    c1, c2, c3 = st.columns(3)
    if c1.button("📸 Save snapshot", key="wb_snapshot", disabled=not accepting):
        take_snapshot(app, session_id)
    if c2.button("👀 Ask the interviewer to look", key="wb_review", disabled=not accepting):
        _review(app, session_id)
    if c3.button("🧹 Clear", key="wb_clear", disabled=not accepting):
        _confirm_clear(app, session_id)


@st.fragment(run_every=4)
def whiteboard_panel(app: App, session_id: str) -> None:
    """Draw the whiteboard; drawing reruns only this panel, which autosaves."""
    with session_context(session_id):
        _whiteboard_body(app, session_id)


def _whiteboard_body(app: App, session_id: str) -> None:
    if _key(session_id, "init") not in st.session_state:
        reset_canvas(app, session_id)
    accepting = app.sessions.get(session_id).status is SessionStatus.ACTIVE
    full = st.toggle("Full screen", key=_key(session_id, "full"))
    mode, color, width, label = _toolbar(session_id)
    result = st_canvas(
        fill_color="rgba(31, 78, 121, 0.08)",
        stroke_width=width,
        stroke_color=color,
        background_color="#ffffff",
        height=640 if full else 420,
        width=1100 if full else 520,
        drawing_mode=mode,
        initial_drawing=st.session_state[_key(session_id, "init")],
        return_image_data=True,
        key=f"canvas_{session_id}_{st.session_state[_key(session_id, 'version')]}",
        disabled=not accepting,
        font_size=16,
        label=label,
    )
    _persist_changes(app, session_id, result.json_data)
    png = result.image_bytes
    if png:
        st.session_state[_key(session_id, "png")] = png
    _actions(app, session_id, accepting)
    changed = st.session_state.get(_key(session_id, "changed_at"))
    snapped = st.session_state.get(_key(session_id, "snap_at"))
    if accepting and _POLICY.due(changed, snapped, time.monotonic()):
        take_snapshot(app, session_id, quiet=True)
