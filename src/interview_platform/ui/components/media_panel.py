"""Voice (hands-free and push-to-talk), camera recording and screen sharing controls."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import streamlit as st

from interview_platform.app_factory import App
from interview_platform.communication.continuous_audio import ContinuousCapture, to_mono_16k
from interview_platform.communication.transcriber_selection import WhisperAccess
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import CommunicationMode, Session
from interview_platform.observability.context import session_context
from interview_platform.ui.runtime import provider_choice

_log = logging.getLogger("interview_platform.ui.media")
_STATIC = Path(__file__).parent.parent / "static"
_screen_component = st.components.v2.component(
    "interview_platform.screen_share", js=(_STATIC / "screen_share.js").read_text("utf-8")
)
_device_component = st.components.v2.component(
    "interview_platform.device_check", js=(_STATIC / "device_check.js").read_text("utf-8")
)
HANDS_FREE, PUSH_TO_TALK = "Hands-free", "Push-to-talk"
_DEVICES = {
    CommunicationMode.AUDIO: "microphone",
    CommunicationMode.VIDEO: "camera",
    CommunicationMode.SCREEN_SHARE: "screen",
}
_RTC: dict[str, Any] = {"iceServers": []}  # loopback: no STUN/TURN


def set_fault(session_id: str, mode: CommunicationMode, message: str | None) -> bool:
    """Mark (or clear) a fault on a mode's indicator; return True when it changed."""
    changed = st.session_state.get(key := f"fault_{mode.value}_{session_id}") != message
    if message:
        st.session_state[key] = message
        if changed:
            with session_context(session_id):
                _log.warning("media fault", extra={"mode": mode.value, "error": message})
    else:
        st.session_state.pop(key, None)
    return changed


def _show_fault(session_id: str, mode: CommunicationMode, message: str) -> None:
    """Set a fault and redraw the page once so the bottom bar's indicator shows it."""
    if set_fault(session_id, mode, message):
        st.rerun()
    st.error(message)


def device_message(mode: CommunicationMode, name: str, detail: str = "") -> str:
    """Explain a browser media error (``NotAllowedError``...) to the candidate."""
    device = _DEVICES.get(mode, "device")
    others = "The interview goes on: you can still type and use the whiteboard."
    if name in ("NotAllowedError", "SecurityError", "PermissionDeniedError"):
        return (
            f"Access to the {device} was denied. Allow it for this site in the browser, "
            f"then switch it off and on again. {others}"
        )
    if name in ("NotFoundError", "OverconstrainedError", "DevicesNotFoundError"):
        return f"No {device} was found. Connect one, then switch it off and on again. {others}"
    if name in ("NotReadableError", "AbortError", "TrackStartError"):
        return f"The {device} could not be started (is another application using it?). {others}"
    return f"The {device} could not be used ({name}: {detail}). {others}"


def device_ready(session: Session, mode: CommunicationMode) -> bool | None:
    """Ask the browser for the mode's device; None while asking, then True or False."""
    kind = "audio" if mode is CommunicationMode.AUDIO else "video"
    result: Any = _device_component(
        data={"kind": kind}, key=f"device_{kind}_{session.id}", on_result_change=lambda: None
    )
    status = getattr(result, "result", None)
    if not isinstance(status, dict):
        return None
    if status.get("ok"):
        if st.session_state.get(f"fault_{mode.value}_{session.id}"):
            set_fault(session.id, mode, None)
        return True
    _show_fault(
        session.id,
        mode,
        device_message(mode, str(status.get("name")), str(status.get("message", ""))),
    )
    return False


def _whisper_access() -> WhisperAccess | None:
    choice = provider_choice()
    return WhisperAccess(choice.api_key) if choice.provider == "openai" and choice.api_key else None


def _transcribe(app: App, session: Session, wav: bytes, quiet: bool) -> str | None:
    """Keep and transcribe one utterance; store its metadata for the chat turn."""
    try:
        turn = app.audio.handle(session.id, wav, whisper=_whisper_access())
    except InterviewPlatformError as exc:
        if not quiet:
            set_fault(session.id, CommunicationMode.AUDIO, str(exc))
            st.warning(str(exc))
        return None
    set_fault(session.id, CommunicationMode.AUDIO, None)
    text = turn.transcript.text.strip()
    if text:
        st.session_state[f"audio_meta_{session.id}"] = turn.message_metadata()
    return text or None


def _push_to_talk(app: App, session: Session) -> str | None:
    wav = st.audio_input("🎤 Record your answer", key=f"audio_in_{session.id}")
    if wav is None:
        return None
    data = wav.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    if st.session_state.get(f"audio_done_{session.id}") == digest:
        return None
    st.session_state[f"audio_done_{session.id}"] = digest
    with st.spinner("Transcribing…"):
        return _transcribe(app, session, data, quiet=False)


def audio_answer(app: App, session: Session) -> str | None:
    """Return a spoken answer (push-to-talk, or one heard hands-free) to send, if any."""
    style = st.radio(
        "Answer by voice",
        [HANDS_FREE, PUSH_TO_TALK],
        key=f"audio_style_{session.id}",
        horizontal=True,
        label_visibility="collapsed",
    )
    if style == PUSH_TO_TALK:
        spoken = _push_to_talk(app, session)
        if spoken:
            return spoken
    pending: list[tuple[str, dict[str, Any]]] = st.session_state.get(f"heard_{session.id}", [])
    if pending:
        text, meta = pending.pop(0)
        st.session_state[f"audio_meta_{session.id}"] = meta
        return text
    return None


def _capture_for(session_id: str) -> ContinuousCapture:
    capture = st.session_state.setdefault(f"capture_{session_id}", ContinuousCapture())
    return capture  # type: ignore[no-any-return]


def _frames_callback(capture: ContinuousCapture) -> Any:
    async def on_frames(frames: list[Any]) -> list[Any]:
        for frame in frames:
            planar = frame.format.is_planar
            samples = to_mono_16k(
                frame.to_ndarray(), frame.sample_rate, len(frame.layout.channels), planar
            )
            capture.add(samples)
        return frames

    return on_frames


@st.fragment(run_every=0.25)
def hands_free(app: App, session: Session) -> None:
    """Listen continuously (WebRTC); each utterance ending in a pause becomes an answer."""
    from streamlit_webrtc import WebRtcMode, webrtc_streamer

    capture = _capture_for(session.id)
    ctx = webrtc_streamer(
        key=f"mic_{session.id}",
        mode=WebRtcMode.SENDONLY,
        rtc_configuration=_RTC,
        media_stream_constraints={"audio": True, "video": False},
        queued_audio_frames_callback=_frames_callback(capture),
        on_audio_ended=capture.stop,
        desired_playing_state=True,
    )
    ready = capture.take()
    heard: list[tuple[str, dict[str, Any]]] = st.session_state.setdefault(f"heard_{session.id}", [])
    for wav in ready:
        text = _transcribe(app, session, wav, quiet=True)
        if text:
            heard.append((text, st.session_state.pop(f"audio_meta_{session.id}", {})))
    if any(ready) and heard:
        st.rerun()  # the chat panel sends it and streams the interviewer's reply
    if not ctx.state.playing:
        st.caption("🎙️ Connecting the microphone…")
    elif capture.speaking:
        st.caption("🗣️ Hearing you… (pause for a second to send)")
    else:
        st.caption("🎙️ Listening — speak your answer; a pause of a second sends it.")


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
    error = getattr(result, "error", None)
    if error:  # a trigger: present in this run only, so the fault keeps the message
        name = str(error).split(":", 1)[0]
        message = device_message(CommunicationMode.SCREEN_SHARE, name, str(error))
        _show_fault(session.id, CommunicationMode.SCREEN_SHARE, message)
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


def camera(app: App, session: Session, recording: bool) -> None:
    """Record the camera to MP4 (H.264) with streamlit-webrtc while ``recording``."""
    from aiortc.contrib.media import MediaRecorder
    from streamlit_webrtc import WebRtcMode, webrtc_streamer

    path_key = f"video_path_{session.id}"
    if recording and path_key not in st.session_state:
        st.session_state[path_key] = str(app.video.new_recording_path(session.id))
    path = st.session_state.get(path_key, "")
    ctx = webrtc_streamer(
        key=f"camera_{session.id}",
        mode=WebRtcMode.SENDONLY,
        rtc_configuration=_RTC,
        media_stream_constraints={"video": True, "audio": False},
        in_recorder_factory=lambda: MediaRecorder(path, format="mp4"),
        desired_playing_state=recording,
    )
    if ctx.state.playing:
        st.markdown("🔴 **Recording camera**")
    else:
        finalize_video(app, session.id)


@st.fragment(run_every=1)
def _camera_closing(app: App, session: Session) -> None:
    """Keep the stopped camera mounted until its recording is finished and registered."""
    if st.session_state.get(f"video_path_{session.id}") or app.video.pending(session.id):
        camera(app, session, recording=False)


def finalize_video(app: App, session_id: str, min_age_s: float = 3.0) -> None:
    """Register camera recordings that have stopped (toggle off, interview ended)."""
    try:
        app.video.finalize_ready(session_id, min_age_s)
    except InterviewPlatformError as exc:
        set_fault(session_id, CommunicationMode.VIDEO, str(exc))
    if not app.video.pending(session_id):
        st.session_state.pop(f"video_path_{session_id}", None)


def _mode_on(session: Session, mode: CommunicationMode) -> bool:
    return mode in session.modes and bool(
        st.session_state.get(f"toggle_{mode.value}_{session.id}", False)
    )


def _voice(app: App, session: Session) -> None:
    if not st.session_state.get(warmed := f"warmed_{session.id}"):
        st.session_state[warmed] = True
        app.audio.warm_up()  # load the recogniser while the candidate starts talking
    if device_ready(session, CommunicationMode.AUDIO) and (
        st.session_state.get(f"audio_style_{session.id}", HANDS_FREE) == HANDS_FREE
    ):
        hands_free(app, session)


@st.fragment
def media_controls(app: App, session: Session, accepting: bool) -> None:
    """Microphone, camera and screen capture; their events rerun only this fragment."""
    for mode in (CommunicationMode.AUDIO, CommunicationMode.VIDEO):
        if not _mode_on(session, mode) and st.session_state.get(f"fault_{mode.value}_{session.id}"):
            set_fault(session.id, mode, None)  # switched off: a retry starts clean
    if _mode_on(session, CommunicationMode.AUDIO) and accepting:
        _voice(app, session)
    if _mode_on(session, CommunicationMode.VIDEO) and accepting:
        if device_ready(session, CommunicationMode.VIDEO):
            camera(app, session, recording=True)
    elif CommunicationMode.VIDEO in session.modes:
        _camera_closing(app, session)
    if _mode_on(session, CommunicationMode.SCREEN_SHARE):
        screen_share(app, session, accepting)
