"""Camera recording and screen sharing controls, and the media modes' switchboard."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import CommunicationMode, Session
from interview_platform.ui.browser_state import typed_key
from interview_platform.ui.components.media_faults import (
    RTC_CONFIGURATION,
    device_message,
    device_ready,
    fault_of,
    report_failure,
    set_fault,
    show_failures,
    show_fault,
)
from interview_platform.ui.components.voice_panel import voice
from interview_platform.ui.heap_freeze import webrtc_settled, webrtc_settling
from interview_platform.ui.tab_state import tab_state
from interview_platform.ui.user_text import escape_markdown
from interview_platform.ui.widget_state import widgets

_STATIC = Path(__file__).parent.parent / "static"
_screen_component = st.components.v2.component(
    "interview_platform.screen_share",
    js=(_STATIC / "screen_share.js").read_text("utf-8"),
    css=(_STATIC / "controls.css").read_text("utf-8"),
)


def screen_share(app: Platform, session: Session, accepting: bool) -> None:
    """Render the screen-share control and store the captures it sends."""
    result: Any = _screen_component(
        data={
            "key": session.id,
            "interval_ms": int(app.settings.media.screen_capture_interval_s * 1000),
            "disabled": not accepting,
        },
        key=widgets(session.id).screen,
        on_capture_change=lambda: None,
        on_error_change=lambda: None,
        on_sharing_change=lambda: None,
    )
    # The badge in the bottom bar says "on" only while the browser really shares; it is
    # drawn by the full page run, so a change of sharing state redraws the page once.
    tab = tab_state(session.id)
    sharing = bool(getattr(result, "sharing", False))
    changed, tab.sharing = tab.sharing != sharing, sharing
    if changed:
        st.rerun(scope="app")
    error = getattr(result, "error", None)
    if error:  # a trigger: present in this run only, so the fault keeps the message
        name = str(error).split(":", 1)[0]
        message = device_message(CommunicationMode.SCREEN_SHARE, name, str(error))
        show_fault(session.id, CommunicationMode.SCREEN_SHARE, message)
    elif fault := fault_of(session.id, CommunicationMode.SCREEN_SHARE):
        st.error(escape_markdown(fault))
    capture = getattr(result, "capture", None)
    if isinstance(capture, dict) and capture.get("seq") != tab.screen_seen:
        tab.screen_seen = capture.get("seq")
        try:
            app.screen.save_capture(session.id, str(capture.get("png")), int(capture["seq"]))
            set_fault(session.id, CommunicationMode.SCREEN_SHARE, None)
        except InterviewPlatformError as exc:
            set_fault(session.id, CommunicationMode.SCREEN_SHARE, str(exc))
    if accepting:
        _screen_question(app, session)


def _screen_question(app: Platform, session: Session) -> None:
    """Offer a screen review only to an interviewer that can see images."""
    if app.turns.sees_images(session, typed_key()):
        if st.button("👀 Ask the interviewer to look at my screen", key="screen_look"):
            _look_at_screen(app, session)
        return
    help_text = "This interviewer cannot see images: describe your screen in the chat."
    if st.button("👀 About my screen…", key="screen_look", help=help_text):
        st.info(
            "This interviewer cannot see images, so it cannot look at your screen. "
            "Please walk it through what you are showing in your answer — the parts, "
            "how data flows between them, and why. Your captures are still saved."
        )


def _look_at_screen(app: Platform, session: Session) -> None:
    """Send the latest screen capture to the interviewer (vision models see it)."""
    review = app.turns.screen_review(session)
    if review is None:
        st.warning("No screen capture yet: share your screen and wait a few seconds.")
        return
    with st.spinner("The interviewer is looking at your screen…"):
        try:
            text = review.ask(typed_key())
        except InterviewPlatformError as exc:
            st.error(escape_markdown(exc))
            return
    st.info(f"Interviewer: {escape_markdown(text)}")


def camera(app: Platform, session: Session, recording: bool) -> None:
    """Record the camera to MP4 (H.264) with streamlit-webrtc while ``recording``."""
    from streamlit_webrtc import WebRtcMode, webrtc_streamer

    tab, key = tab_state(session.id), widgets(session.id).camera
    if recording and tab.video_path is None:
        tab.video_path = str(app.video.new_recording_path(session.id))
    ctx = webrtc_streamer(
        key=key,
        mode=WebRtcMode.SENDONLY,
        rtc_configuration=RTC_CONFIGURATION,
        media_stream_constraints={"video": True, "audio": False},
        in_recorder_factory=app.video.recorder_factory(session.id, tab.video_path or ""),
        desired_playing_state=recording,
    )
    if recording and not ctx.state.playing:
        webrtc_settling(key)
    else:
        webrtc_settled(key)
    if ctx.state.playing:
        st.markdown("🔴 **Recording camera**")
    else:
        finalize_video(app, session.id, announce=True)


@st.fragment(run_every=1)
def _camera_closing(app: Platform, session: Session) -> None:
    """Keep the stopped camera mounted until its recording is finished and registered."""
    if tab_state(session.id).video_path or app.video.pending(session.id):
        camera(app, session, recording=False)


def finalize_video(
    app: Platform, session_id: str, min_age_s: float = 3.0, announce: bool = False
) -> None:
    """Register camera recordings that have stopped (toggle off, interview ended).

    Args:
        app: The application.
        session_id: The interview.
        min_age_s: A recording untouched this long is finished.
        announce: Redraw the page at once when a recording could not be saved (not
            while the interview is being ended: that flow must run to its end).
    """
    try:
        app.video.finalize_ready(session_id, min_age_s)
    except InterviewPlatformError as exc:
        set_fault(session_id, CommunicationMode.VIDEO, str(exc))
        if report_failure(session_id, str(exc)) and announce:
            tab_state(session_id).video_path = None
            st.rerun()  # the failure is shown above the media controls and in the badge
    if not app.video.pending(session_id):
        tab_state(session_id).video_path = None


def _mode_on(session: Session, mode: CommunicationMode) -> bool:
    return mode in session.modes and widgets(session.id).switched_on(mode)


def _switched_off(session: Session, accepting: bool) -> None:
    """Modes switched off: a retry starts without the old fault; no connection pending."""
    keys = widgets(session.id)
    for mode, key in ((CommunicationMode.AUDIO, keys.mic), (CommunicationMode.VIDEO, keys.camera)):
        if _mode_on(session, mode) and accepting:
            continue
        webrtc_settled(key, grace_s=0.0)
        if fault_of(session.id, mode) and not _mode_on(session, mode):
            set_fault(session.id, mode, None)


@st.fragment
def media_controls(app: Platform, session: Session, accepting: bool) -> None:
    """Microphone, camera and screen capture; their events rerun only this fragment."""
    _switched_off(session, accepting)
    show_failures(session.id)
    if _mode_on(session, CommunicationMode.AUDIO) and accepting:
        voice(app, session)
    if _mode_on(session, CommunicationMode.VIDEO) and accepting:
        if device_ready(session, CommunicationMode.VIDEO):
            camera(app, session, recording=True)
    elif CommunicationMode.VIDEO in session.modes:
        _camera_closing(app, session)
    if _mode_on(session, CommunicationMode.SCREEN_SHARE):
        screen_share(app, session, accepting)


def webrtc_loop() -> asyncio.AbstractEventLoop:
    """The event loop streamlit-webrtc runs its connections (and the camera's recorder) on."""
    from streamlit_webrtc.eventloop import get_global_event_loop

    return get_global_event_loop()
