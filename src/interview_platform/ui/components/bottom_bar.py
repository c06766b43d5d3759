"""Bottom bar (full width): mode indicators and toggles, snapshot, timer, cost, end."""

from __future__ import annotations

import html
import time

import streamlit as st

from interview_platform.application.actions import user_action
from interview_platform.application.facade import Platform
from interview_platform.application.lifecycle import EndRequest, EndResult
from interview_platform.models import CommunicationMode, Session, SessionStatus
from interview_platform.ui.browser_state import typed_key
from interview_platform.ui.components.media_faults import fault_of, report_failure, set_fault
from interview_platform.ui.components.media_panel import media_controls, webrtc_loop
from interview_platform.ui.components.outage_banner import survives_outage
from interview_platform.ui.components.voice_panel import mic_track
from interview_platform.ui.components.whiteboard_panel import take_snapshot
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
_ON, _OFF, _FAULT = "#1b8a3a", "#8a8f98", "#c0392b"


def mode_active(session_id: str, mode: CommunicationMode) -> bool:
    """Return whether a capture mode is switched on in this browser."""
    if mode in (CommunicationMode.TEXT, CommunicationMode.WHITEBOARD):
        return True
    return widgets(session_id).switched_on(mode)


def _indicator(session: Session, mode: CommunicationMode) -> str:
    fault = fault_of(session.id, mode)
    active = mode_active(session.id, mode)
    state = "fault" if fault else ("on" if active else "off")
    if state == "on" and mode is CommunicationMode.SCREEN_SHARE:
        # Switched on is not sharing: the browser asks first, and the user may decline.
        state = "on" if tab_state(session.id).sharing else "ready"
    color = _FAULT if fault else (_ON if state == "on" else _OFF)
    title = html.escape(str(fault or state))
    return (
        f'<span class="mode-indicator" data-mode="{mode.value}" data-state="{state}" '
        f'title="{title}" style="background:{color};color:white;border-radius:12px;'
        f'padding:2px 10px;margin-right:6px;font-size:0.85rem">'
        f"{_ICONS[mode]} {mode.value.replace('_', ' ')} · {state}</span>"
    )


@st.fragment(run_every=1)
@survives_outage
def _clock(app: Platform, session_id: str) -> None:
    clock = app.views.clock(session_id)
    minutes, seconds = divmod(int(clock.elapsed_s), 60)
    st.markdown(
        f"⏱️ **{minutes:02d}:{seconds:02d}** / {clock.planned_minutes} min · "
        f"phase: **{clock.phase.replace('_', ' ')}**"
    )


@st.fragment(run_every=5)
@survives_outage
def _cost(app: Platform, session_id: str) -> None:
    cost = app.views.cost(session_id)
    summary, budget = cost.usage, cost.budget
    tokens = summary.input_tokens + summary.output_tokens
    unpriced = f" (+{summary.unpriced_calls} unpriced)" if summary.unpriced_calls else ""
    st.markdown(f"🪙 {tokens:,} tokens · **${summary.cost_usd:.4f}** / ${budget.limit}{unpriced}")
    if budget.limit > 0:
        st.progress(min(budget.ratio, 1.0))


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


def bottom_bar(app: Platform, session: Session) -> None:
    """Draw the bar under the three panels."""
    accepting = session.status is SessionStatus.ACTIVE
    with st.container(border=True, key="bottom_bar"):
        c1, c2, c3, c4, c5 = st.columns([3.2, 2.2, 2.2, 2.4, 1.4], vertical_alignment="center")
        with c1:
            toggles = st.columns(3)
            for col, mode in zip(toggles, _TOGGLED, strict=True):
                if mode in session.modes:
                    col.toggle(
                        _ICONS[mode],
                        key=widgets(session.id).toggle(mode),
                        disabled=not accepting,
                    )
            badges = "".join(_indicator(session, m) for m in session.modes)
            st.markdown(badges, unsafe_allow_html=True)
        with c2:
            _clock(app, session.id)
        with c3:
            _cost(app, session.id)
        with c4:
            if st.button("📸 Snapshot", key="bar_snapshot", disabled=not accepting):
                take_snapshot(app, session.id)
        with c5:
            if st.button("⏹ End interview", type="primary", disabled=not accepting, key="end"):
                _confirm_end(app, session.id)
        media_controls(app, session, accepting)
