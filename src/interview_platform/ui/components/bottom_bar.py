"""Bottom bar (full width): one control per mode, phase and clock, cost, end.

The whiteboard's own actions save its snapshot; the bar keeps to what is always needed.
"""

from __future__ import annotations

import html
import time

import streamlit as st

from interview_platform.application.actions import user_action
from interview_platform.application.facade import Platform
from interview_platform.application.lifecycle import EndRequest, EndResult
from interview_platform.models import CommunicationMode, Session, SessionStatus
from interview_platform.provider import Provider
from interview_platform.ui.browser_state import typed_key
from interview_platform.ui.components.clock import interview_clock
from interview_platform.ui.components.media_faults import fault_of, report_failure, set_fault
from interview_platform.ui.components.media_panel import media_controls, webrtc_loop
from interview_platform.ui.components.outage_banner import survives_outage
from interview_platform.ui.components.voice_panel import mic_track
from interview_platform.ui.page_registry import PageName
from interview_platform.ui.runtime import go
from interview_platform.ui.tab_state import tab_state
from interview_platform.ui.user_text import escape_markdown
from interview_platform.ui.widget_state import widgets

_ICONS = {
    CommunicationMode.TEXT: "⌨️",
    CommunicationMode.AUDIO: "🎤",
    CommunicationMode.VIDEO: "📹",
    CommunicationMode.WHITEBOARD: "🖊️",
    CommunicationMode.SCREEN_SHARE: "🖥️",
}
_TOGGLED = (CommunicationMode.AUDIO, CommunicationMode.VIDEO, CommunicationMode.SCREEN_SHARE)
_ALWAYS_ON = (CommunicationMode.TEXT, CommunicationMode.WHITEBOARD)
_HELP = {
    CommunicationMode.AUDIO: "Microphone: answer by voice",
    CommunicationMode.VIDEO: "Camera: record yourself",
    CommunicationMode.SCREEN_SHARE: "Screen: share a window",
    CommunicationMode.TEXT: "Typing: always on",
    CommunicationMode.WHITEBOARD: "Whiteboard: always on",
}
# A switch's accessible name: an icon alone is read as "studio microphone" or not at all.
_NAMES = {
    CommunicationMode.AUDIO: "Microphone",
    CommunicationMode.VIDEO: "Camera",
    CommunicationMode.SCREEN_SHARE: "Screen share",
}
_ON, _OFF, _FAULT = "#17753a", "#5f6368", "#c0392b"  # AA contrast on white (axe)


def mode_active(session_id: str, mode: CommunicationMode) -> bool:
    """Return whether a capture mode is switched on in this browser."""
    if mode in (CommunicationMode.TEXT, CommunicationMode.WHITEBOARD):
        return True
    return widgets(session_id).switched_on(mode)


def _indicator(session: Session, mode: CommunicationMode) -> str:
    """A mode's state as a short coloured word; the tooltip names the mode and any fault."""
    fault = fault_of(session.id, mode)
    active = mode_active(session.id, mode)
    state = "fault" if fault else ("on" if active else "off")
    if state == "on" and mode is CommunicationMode.SCREEN_SHARE:
        # Switched on is not sharing: the browser asks first, and the user may decline.
        state = "on" if tab_state(session.id).sharing else "ready"
    color = _FAULT if fault else (_ON if state == "on" else _OFF)
    hint = _HELP[mode]
    title = html.escape(f"{hint} — {fault or state}")
    # A switch's label is hidden (the bar stays compact): its icon is shown with the state.
    shown = _ICONS[mode] if mode in _ALWAYS_ON else f"{_ICONS[mode]} {state}"
    return (
        f'<span class="mode-indicator bar-item" data-mode="{mode.value}" data-state="{state}" '
        f'title="{title}" style="color:{color}">{shown}</span>'
    )


def _item(text: str, title: str) -> None:
    """One bar item: its text on one line, its explanation in a tooltip."""
    st.markdown(
        f'<span class="bar-item" title="{html.escape(title)}">{text}</span>',
        unsafe_allow_html=True,
        width="content",
    )


@survives_outage
def _clock(app: Platform, session: Session) -> None:
    # Drawn with the page: the browser counts the seconds (issue 15: an idle tab is free).
    interview_clock(app, session)


@survives_outage
def _cost(app: Platform, session_id: str) -> None:
    # Drawn with the page, which a stored turn redraws: the cost changes only with a turn.
    cost = app.views.cost(session_id)
    summary, budget = cost.usage, cost.budget
    tokens = summary.input_tokens + summary.output_tokens
    unpriced = f" (+{summary.unpriced_calls} unpriced)" if summary.unpriced_calls else ""
    _item(
        f"🪙 <b>${summary.cost_usd:.4f}</b> / ${budget.limit}",
        f"{tokens:,} tokens used{unpriced}; no model is called beyond the budget",
    )


def _free() -> None:
    # The offline interviewer never costs anything: a meter at $0 would only be noise.
    _item("🪙 free", "The offline interviewer costs nothing")


def _after_end(session_id: str, result: EndResult) -> None:
    """Keep in this tab what ending reported: snapshot time, recording failures."""
    tab = tab_state(session_id)
    if result.snapshot_saved:
        tab.board.snapshot_at = time.monotonic()
    if result.snapshot_error:
        st.error(f"Snapshot not saved: {escape_markdown(result.snapshot_error)}")
    if result.video_error:
        set_fault(session_id, CommunicationMode.VIDEO, result.video_error)
        report_failure(session_id, result.video_error)
    if not result.video_pending:
        tab.video_path = None


@st.dialog("End the interview?")
def _confirm_end(app: Platform, session_id: str) -> None:
    st.write("You won't be able to add answers afterwards. Your evaluation will be generated.")
    if st.button("End and evaluate", type="primary", key="confirm_end"):
        user_action("session.end", "candidate ended the interview", session_id)
        tab = tab_state(session_id)
        request = EndRequest(
            session_id,
            typed=typed_key(),
            board_png=tab.board.png,
            board_drawing=tab.board.saved,
            mic=mic_track(session_id),
            camera_loop=webrtc_loop,
        )
        with st.spinner("Saving the recording and scoring your interview…"):
            result = app.lifecycle.end(request)
        _after_end(session_id, result)
        if result.error:
            st.error(escape_markdown(result.error))
            return
        go(PageName.EVALUATION, session_id)


def _modes(session: Session, accepting: bool) -> None:
    """One control per mode: its switch (capture modes) and its state beside it."""
    always = " ".join(_indicator(session, m) for m in session.modes if m in _ALWAYS_ON)
    st.markdown(always, unsafe_allow_html=True, width="content")
    for mode in (m for m in _TOGGLED if m in session.modes):
        with st.container(horizontal=True, gap="xxsmall", width="content", key=f"bar_{mode.value}"):
            st.toggle(
                f"{_ICONS[mode]} {_NAMES[mode]}",  # the switch's accessible name
                key=widgets(session.id).toggle(mode),
                disabled=not accepting,
                width="content",
                label_visibility="collapsed",
            )
            st.markdown(_indicator(session, mode), unsafe_allow_html=True, width="content")


def bottom_bar(app: Platform, session: Session) -> None:
    """Draw the bar under the panels: it wraps rather than cuts, and stays in view."""
    accepting = session.status is SessionStatus.ACTIVE
    with st.container(
        border=True,
        key="bottom_bar",
        horizontal=True,
        vertical_alignment="center",
        gap="small",
    ):
        _modes(session, accepting)
        _clock(app, session)
        if session.provider == Provider.OFFLINE:
            _free()
        else:
            _cost(app, session.id)
        if st.button("⏹ End interview", type="primary", disabled=not accepting, key="end"):
            _confirm_end(app, session.id)
    media_controls(app, session, accepting)
