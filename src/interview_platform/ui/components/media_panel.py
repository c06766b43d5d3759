"""Camera recording and screen sharing controls, and the media modes' switchboard."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from interview_platform.app_factory import App
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import CommunicationMode, MediaKind, Session
from interview_platform.ui.components.media_faults import (
    RTC_CONFIGURATION,
    device_message,
    device_ready,
    report_failure,
    set_fault,
    show_failures,
    show_fault,
)
from interview_platform.ui.components.voice_panel import voice
from interview_platform.ui.runtime import (
    session_credentials,
    user_action,
    webrtc_settled,
    webrtc_settling,
)

_log = logging.getLogger("interview_platform.ui.media")
_STATIC = Path(__file__).parent.parent / "static"
_screen_component = st.components.v2.component(
    "interview_platform.screen_share",
    js=(_STATIC / "screen_share.js").read_text("utf-8"),
    css=(_STATIC / "controls.css").read_text("utf-8"),
)


def screen_share(app: App, session: Session, accepting: bool) -> None:
    """Render the screen-share control and store the captures it sends."""
    result: Any = _screen_component(
        data={
            "key": session.id,
            "interval_ms": int(app.settings.media.screen_capture_interval_s * 1000),
            "disabled": not accepting,
        },
        key=f"screen_{session.id}",
        on_capture_change=lambda: None,
        on_error_change=lambda: None,
        on_sharing_change=lambda: None,
    )
    # The badge in the bottom bar says "on" only while the browser really shares; it is
    # drawn by the full page run, so a change of sharing state redraws the page once.
    sharing_key, sharing = f"sharing_{session.id}", bool(getattr(result, "sharing", False))
    changed = st.session_state.get(sharing_key, False) != sharing
    st.session_state[sharing_key] = sharing
    if changed:
        st.rerun(scope="app")
    error = getattr(result, "error", None)
    if error:  # a trigger: present in this run only, so the fault keeps the message
        name = str(error).split(":", 1)[0]
        message = device_message(CommunicationMode.SCREEN_SHARE, name, str(error))
        show_fault(session.id, CommunicationMode.SCREEN_SHARE, message)
    elif fault := st.session_state.get(f"fault_screen_share_{session.id}"):
        st.error(fault)
    capture = getattr(result, "capture", None)
    seen_key = f"screen_seen_{session.id}"
    if isinstance(capture, dict) and capture.get("seq") != st.session_state.get(seen_key):
        st.session_state[seen_key] = capture.get("seq")
        try:
            app.screen.save_capture(session.id, str(capture.get("png")), int(capture["seq"]))
            set_fault(session.id, CommunicationMode.SCREEN_SHARE, None)
        except InterviewPlatformError as exc:
            set_fault(session.id, CommunicationMode.SCREEN_SHARE, str(exc))
    if accepting:
        _screen_question(app, session)


def _screen_question(app: App, session: Session) -> None:
    """Offer a screen review only to an interviewer that can see images."""
    if app.providers.supports_vision(session_credentials(session)):
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


def _look_at_screen(app: App, session: Session) -> None:
    """Send the latest screen capture to the interviewer (vision models see it)."""
    captures = app.store.list_media_files(session.id, MediaKind.SCREEN)
    if not captures:
        st.warning("No screen capture yet: share your screen and wait a few seconds.")
        return
    user_action("screen.review", "candidate asked for a screen review", session.id)
    with st.spinner("The interviewer is looking at your screen…"):
        try:
            png = app.storage.read(captures[-1])
            stream = app.interviewer.review_screen(
                session.id, png, creds=session_credentials(session)
            )
            text = "".join(stream)
        except InterviewPlatformError as exc:
            st.error(str(exc))
            return
    st.info(f"Interviewer: {text}")


_RECORDERS: dict[str, Any] = {}  # session id -> its camera's aiortc MediaRecorder


def _recorder_factory(session_id: str, path: str) -> Callable[[], Any]:
    def make() -> Any:
        from aiortc.contrib.media import MediaRecorder

        recorder = MediaRecorder(path, format="mp4")
        _RECORDERS[session_id] = recorder
        return recorder

    return make


def stop_camera(session_id: str, timeout_s: float = 5.0) -> bool:
    """Finish the camera's MP4 now (the interview is ending); True when it was finished.

    Without this the recorder only lets go of the file once the browser has closed the
    connection, some time after the page has changed.
    """
    recorder = _RECORDERS.pop(session_id, None)
    if recorder is None:
        return False
    from streamlit_webrtc.eventloop import get_global_event_loop

    future = asyncio.run_coroutine_threadsafe(recorder.stop(), get_global_event_loop())
    try:
        future.result(timeout_s)
    except Exception as exc:  # any failure leaves the file to the later check
        _log.warning("camera recorder did not stop", extra={"error": repr(exc)})
        return False
    return True


def camera(app: App, session: Session, recording: bool) -> None:
    """Record the camera to MP4 (H.264) with streamlit-webrtc while ``recording``."""
    from streamlit_webrtc import WebRtcMode, webrtc_streamer

    path_key = f"video_path_{session.id}"
    if recording and path_key not in st.session_state:
        st.session_state[path_key] = str(app.video.new_recording_path(session.id))
    path = st.session_state.get(path_key, "")
    ctx = webrtc_streamer(
        key=f"camera_{session.id}",
        mode=WebRtcMode.SENDONLY,
        rtc_configuration=RTC_CONFIGURATION,
        media_stream_constraints={"video": True, "audio": False},
        in_recorder_factory=_recorder_factory(session.id, path),
        desired_playing_state=recording,
    )
    if recording and not ctx.state.playing:
        webrtc_settling(f"camera_{session.id}")
    else:
        webrtc_settled(f"camera_{session.id}")
    if ctx.state.playing:
        st.markdown("🔴 **Recording camera**")
    else:
        finalize_video(app, session.id, announce=True)


@st.fragment(run_every=1)
def _camera_closing(app: App, session: Session) -> None:
    """Keep the stopped camera mounted until its recording is finished and registered."""
    if st.session_state.get(f"video_path_{session.id}") or app.video.pending(session.id):
        camera(app, session, recording=False)


def finalize_video(
    app: App, session_id: str, min_age_s: float = 3.0, announce: bool = False
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
            st.session_state.pop(f"video_path_{session_id}", None)
            st.rerun()  # the failure is shown above the media controls and in the badge
    if not app.video.pending(session_id):
        st.session_state.pop(f"video_path_{session_id}", None)


def _mode_on(session: Session, mode: CommunicationMode) -> bool:
    return mode in session.modes and bool(
        st.session_state.get(f"toggle_{mode.value}_{session.id}", False)
    )


def _switched_off(session: Session, accepting: bool) -> None:
    """Modes switched off: a retry starts without the old fault; no connection pending."""
    for mode, key in ((CommunicationMode.AUDIO, "mic"), (CommunicationMode.VIDEO, "camera")):
        if _mode_on(session, mode) and accepting:
            continue
        webrtc_settled(f"{key}_{session.id}", grace_s=0.0)
        if st.session_state.get(f"fault_{mode.value}_{session.id}") and not _mode_on(session, mode):
            set_fault(session.id, mode, None)


@st.fragment
def media_controls(app: App, session: Session, accepting: bool) -> None:
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
