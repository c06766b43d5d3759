"""Answering by voice: push-to-talk (``st.audio_input``) and hands-free (WebRTC)."""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Any

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.communication.audio_handler import AudioTurn
from interview_platform.communication.continuous_audio import (
    ContinuousCapture,
    HeardUtterance,
    to_mono_16k,
)
from interview_platform.communication.transcriber_selection import WhisperAccess
from interview_platform.communication.vad import VadSettings
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import CommunicationMode, Session
from interview_platform.provider import Provider
from interview_platform.ui.browser_state import provider_choice
from interview_platform.ui.components.interviewer_voice import interviewer_voice
from interview_platform.ui.components.media_faults import (
    RTC_CONFIGURATION,
    device_ready,
    set_fault,
)
from interview_platform.ui.heap_freeze import freeze_heap, webrtc_settled, webrtc_settling
from interview_platform.ui.tab_state import tab_state
from interview_platform.ui.user_text import escape_markdown
from interview_platform.ui.widget_state import widgets

HANDS_FREE, PUSH_TO_TALK = "Hands-free", "Push-to-talk"


def _whisper_access() -> WhisperAccess | None:
    choice = provider_choice()
    if choice.provider == Provider.OPENAI and choice.api_key:
        return WhisperAccess(choice.api_key)
    return None


def _transcribe(
    app: Platform, session: Session, recording: bytes | HeardUtterance, quiet: bool
) -> str | None:
    """Keep and transcribe one utterance; store its metadata for the chat turn."""
    whisper = _whisper_access()
    try:
        turn: AudioTurn = (
            app.audio.handle(session.id, recording, whisper=whisper)
            if isinstance(recording, bytes)
            else app.audio.handle_heard(session.id, recording, whisper)
        )
    except InterviewPlatformError as exc:
        if not quiet:
            set_fault(session.id, CommunicationMode.AUDIO, str(exc))
            st.warning(escape_markdown(exc))
        return None
    set_fault(session.id, CommunicationMode.AUDIO, None)
    text = turn.transcript.text.strip()
    if text:
        tab_state(session.id).voice.answer_meta = turn.message_metadata()
    elif not quiet:
        st.warning(
            f"Nothing was recognised in that {turn.quality.duration_s:.1f} s recording "
            "(it is kept). Please try again, a little closer to the microphone."
        )
    return text or None


def _push_to_talk(app: Platform, session: Session) -> str | None:
    wav = st.audio_input("🎤 Record your answer", key=widgets(session.id).recording)
    if wav is None:
        st.caption("Press the microphone to record, and stop to send your answer.")
        return None
    data = wav.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    voice_state = tab_state(session.id).voice
    if voice_state.last_recording == digest:
        return None
    voice_state.last_recording = digest
    byte_rate = int.from_bytes(data[28:32], "little") if len(data) > 44 else 0
    seconds = (len(data) - 44) / byte_rate if byte_rate else 0.0  # from the WAV header
    with st.spinner(f"Decoding your {seconds:.1f} s answer…"):
        return _transcribe(app, session, data, quiet=False)


def audio_answer(app: Platform, session: Session) -> str | None:
    """Return a spoken answer (push-to-talk, or one heard hands-free) to send, if any."""
    style = st.radio(
        "Answer by voice",
        [HANDS_FREE, PUSH_TO_TALK],
        key=widgets(session.id).voice_style,
        horizontal=True,
        label_visibility="collapsed",
    )
    if style == PUSH_TO_TALK:
        spoken = _push_to_talk(app, session)
        if spoken:
            return spoken
    voice_state = tab_state(session.id).voice
    if voice_state.heard:
        text, meta = voice_state.heard.pop(0)
        voice_state.answer_meta = meta
        voice_state.full_run = True  # heard hands-free: a full run
        return text
    return None


def _capture_for(app: Platform, session_id: str) -> ContinuousCapture:
    voice_state = tab_state(session_id).voice
    if voice_state.capture is None:
        # The session's problem vocabulary goes to Whisper from the first utterance on.
        live = (
            partial(app.audio.open_live, session_id)
            if app.audio.live_decoding(_whisper_access())
            else None
        )
        pause = VadSettings(end_silence_s=app.settings.media.answer_pause_s)
        voice_state.capture = ContinuousCapture(pause, live_factory=live)
    return voice_state.capture


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


def hands_free(app: Platform, session: Session) -> None:
    """Listen continuously (WebRTC); each utterance ending in a pause becomes an answer.

    The WebRTC component is drawn only when the media controls re-run, not by the
    polling fragment below: drawing it re-applies the browser's ICE candidates, and
    doing that four times a second kept the connection from settling.
    """
    from streamlit_webrtc import WebRtcMode, webrtc_streamer

    capture = _capture_for(app, session.id)
    capture.resume()
    keys = widgets(session.id)
    ctx = webrtc_streamer(
        key=keys.mic,
        mode=WebRtcMode.SENDONLY,
        rtc_configuration=RTC_CONFIGURATION,
        media_stream_constraints={"audio": True, "video": False},
        queued_audio_frames_callback=_frames_callback(capture),
        on_audio_ended=capture.stop,
        desired_playing_state=True,
    )
    if ctx.state.playing:
        webrtc_settled(keys.mic)
    else:
        webrtc_settling(keys.mic)
    if keys.switched_on(CommunicationMode.VIDEO) and CommunicationMode.VIDEO in session.modes:
        capture.start_track(app.video.mic_folder(session.id))  # joined to the video later
    else:
        capture.stop_track()
    _listening(app, session)


def _turn_buttons(capture: ContinuousCapture, session_id: str) -> None:
    """The "Done — send" and "Still thinking" buttons: the candidate ends the answer."""
    keys = widgets(session_id)
    done_col, hold_col = st.columns(2)
    if done_col.button("✅ Done — send", key=keys.voice_done):
        capture.done()
    label = "▶ Send on pause again" if capture.held else "⏸ Still thinking"
    if hold_col.button(label, key=keys.voice_hold):
        capture.hold(not capture.held)


def _listening_status(capture: ContinuousCapture, pause_s: float) -> str:
    """One line telling the candidate what the microphone is doing."""
    if not capture.receiving:
        return "🎙️ Connecting the microphone…"
    if capture.muted:
        return "🔇 Microphone muted while the interviewer speaks"
    if capture.held:
        return "⏸ Holding your answer — take your time, then press **Done — send**."
    left = capture.pause_left_s
    if left is not None:
        return f"⏳ Sending in **{left:.1f} s** — keep talking to go on with your answer."
    if capture.speaking:
        return f"🗣️ Hearing you… (a pause of {pause_s:g} s sends your answer)"
    return f"🎙️ Listening — speak your answer; a pause of {pause_s:g} s sends it."


@st.fragment(run_every=0.25)
def _listening(app: Platform, session: Session) -> None:
    """Collect finished answers from the microphone and send them; show the turn state."""
    capture = _capture_for(app, session.id)
    if capture.receiving:
        freeze_heap()
    # Here, not in the media controls: a typed answer re-runs only the chat panel, and
    # this fragment is the part of the page that sees the reply within a quarter second.
    interviewer_voice(app, session, capture)
    _turn_buttons(capture, session.id)
    ready = capture.take()
    voice_state = tab_state(session.id).voice
    heard = voice_state.heard
    for utterance in ready:
        text = _transcribe(app, session, utterance, quiet=True)
        if text:
            meta, voice_state.answer_meta = voice_state.answer_meta or {}, None
            heard.append((text, meta))
    if ready and heard:
        st.rerun()  # the chat panel sends it and streams the interviewer's reply
    st.caption(_listening_status(capture, app.settings.media.answer_pause_s))


def mic_track(session_id: str) -> ContinuousCapture | None:
    """The microphone capture of this tab, if hands-free listening ever started."""
    return tab_state(session_id).voice.capture


def voice(app: Platform, session: Session) -> None:
    """Voice controls of the bottom bar: warm the recogniser, check the mic, listen."""
    voice_state, keys = tab_state(session.id).voice, widgets(session.id)
    if not voice_state.warmed:
        voice_state.warmed = True
        app.audio.warm_up()  # load the recogniser while the candidate starts talking
    listening = keys.chosen_voice_style(HANDS_FREE) == HANDS_FREE
    if device_ready(session, CommunicationMode.AUDIO) and listening:
        hands_free(app, session)  # its listening fragment speaks the replies
    else:
        interviewer_voice(app, session, None)
        if voice_state.capture is not None:
            # Push-to-talk: a half-heard answer must not be sent later.
            voice_state.capture.suspend()
        webrtc_settled(keys.mic, grace_s=0.0)  # no microphone connection now
