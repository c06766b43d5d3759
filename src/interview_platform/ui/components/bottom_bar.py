"""Bottom bar (full width): mode indicators and toggles, snapshot, timer, cost, end."""

from __future__ import annotations

import html

import streamlit as st

from interview_platform.app_factory import App
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.interviewer.phases import PhaseClock
from interview_platform.models import CommunicationMode, Session, SessionStatus
from interview_platform.ui.components.media_panel import (
    finalize_video,
    media_controls,
    stop_camera,
)
from interview_platform.ui.components.voice_panel import stop_mic_track
from interview_platform.ui.components.whiteboard_panel import take_snapshot
from interview_platform.ui.runtime import go, session_credentials, user_action

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
    return bool(st.session_state.get(f"toggle_{mode.value}_{session_id}", False))


def _indicator(session: Session, mode: CommunicationMode) -> str:
    fault = st.session_state.get(f"fault_{mode.value}_{session.id}")
    active = mode_active(session.id, mode)
    state = "fault" if fault else ("on" if active else "off")
    if state == "on" and mode is CommunicationMode.SCREEN_SHARE:
        # Switched on is not sharing: the browser asks first, and the user may decline.
        state = "on" if st.session_state.get(f"sharing_{session.id}") else "ready"
    color = _FAULT if fault else (_ON if state == "on" else _OFF)
    title = html.escape(str(fault or state))
    return (
        f'<span class="mode-indicator" data-mode="{mode.value}" data-state="{state}" '
        f'title="{title}" style="background:{color};color:white;border-radius:12px;'
        f'padding:2px 10px;margin-right:6px;font-size:0.85rem">'
        f"{_ICONS[mode]} {mode.value.replace('_', ' ')} · {state}</span>"
    )


@st.fragment(run_every=1)
def _clock(app: App, session_id: str) -> None:
    session = app.sessions.get(session_id)
    elapsed = app.sessions.elapsed_seconds(session)
    phases = PhaseClock(app.settings.interview.phases, session.planned_minutes)
    phase = phases.phase_at(elapsed)
    minutes, seconds = divmod(int(elapsed), 60)
    st.markdown(
        f"⏱️ **{minutes:02d}:{seconds:02d}** / {session.planned_minutes} min · "
        f"phase: **{phase.name.replace('_', ' ')}**"
    )


@st.fragment(run_every=5)
def _cost(app: App, session_id: str) -> None:
    summary = app.tracker.session_summary(session_id)
    budget = app.settings.budget.per_session_usd
    tokens = summary.input_tokens + summary.output_tokens
    unpriced = f" (+{summary.unpriced_calls} unpriced)" if summary.unpriced_calls else ""
    st.markdown(f"🪙 {tokens:,} tokens · **${summary.cost_usd:.4f}** / ${budget}{unpriced}")
    if budget > 0:
        st.progress(min(float(summary.cost_usd / budget), 1.0))


@st.dialog("End the interview?")
def _confirm_end(app: App, session_id: str) -> None:
    st.write("You won't be able to add answers afterwards. Your evaluation will be generated.")
    if st.button("End and evaluate", type="primary", key="confirm_end"):
        user_action("session.end", "candidate ended the interview", session_id)
        take_snapshot(app, session_id, quiet=True)
        # A recording the recorder has finished can be registered at once; otherwise the
        # evaluation page registers it when the recorder lets go of it.
        stop_mic_track(session_id)
        finalize_video(app, session_id, min_age_s=0.0 if stop_camera(session_id) else 3.0)
        with st.spinner("Saving the recording and scoring your interview…"):
            try:
                canvas = app.whiteboard.load(session_id)
                app.sessions.end(
                    session_id,
                    final_canvas=canvas,
                    creds=session_credentials(app.sessions.get(session_id)),
                )
            except InterviewPlatformError as exc:
                st.error(str(exc))
                return
        go("app_pages/evaluation.py", session_id)


def bottom_bar(app: App, session: Session) -> None:
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
                        key=f"toggle_{mode.value}_{session.id}",
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
