"""The interviewer's voice: each new reply read aloud, by the browser or by OpenAI.

The candidate turns it on and picks "Browser voice" (speechSynthesis, offline) or, when
an OpenAI key is at hand, "OpenAI voice" (text-to-speech, billed to the session as its
own operation). The browser asks for a reply's audio; this module fetches it once and
hands it over until the browser says it started playing. A failure (no key, budget
spent, the endpoint down) falls back to the browser voice with a visible note. While
either speaks, the hands-free microphone is muted so the interviewer's words do not
become an answer.
"""

from __future__ import annotations

import base64
import time
from pathlib import Path
from typing import Any

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.communication.continuous_audio import ContinuousCapture
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import MessageRole, Session
from interview_platform.ui.browser_state import typed_key
from interview_platform.ui.tab_state import tab_state
from interview_platform.ui.widget_state import widgets

_STATIC = Path(__file__).parent.parent / "static"
_voice_component = st.components.v2.component(
    "interview_platform.interviewer_voice",
    js=(_STATIC / "interviewer_voice.js").read_text("utf-8"),
    css=(_STATIC / "controls.css").read_text("utf-8"),
)
WORDS_PER_SECOND = 2.0  # slow speech: the mute must outlast the reply if "end" is lost
MUTE_MARGIN_S = 5.0
OFFER_CHECK_S = 60.0


def mute_limit_s(text: str) -> float:
    """The longest a reply can take to be read aloud (the microphone's mute limit)."""
    return len(text.split()) / WORDS_PER_SECOND + MUTE_MARGIN_S


def latest_reply(app: Platform, session_id: str) -> tuple[str, str]:
    """Id and text of the interviewer's latest message ("" and "" when there is none).

    Called four times a second while listening: the messages are read again only
    when their count changed.
    """
    voice = tab_state(session_id).voice
    count = app.views.message_count(session_id)
    if voice.reply_cache is not None and voice.reply_cache[0] == count:
        return voice.reply_cache[1], voice.reply_cache[2]
    recent = app.views.messages(session_id, limit=6)
    replies = [m for m in recent if m.role is MessageRole.INTERVIEWER]
    reply_id, text = (str(replies[-1].id), replies[-1].content) if replies else ("", "")
    voice.reply_cache = (count, reply_id, text)
    return reply_id, text


def _fetch_reading(app: Platform, session: Session, reply: tuple[str, str], voice: str) -> None:
    """Ask OpenAI for the reply's audio (or keep the note of why not) for the next run."""
    reply_id, text = reply
    try:
        spoken = app.speech.speak(session.id, text, voice, typed_key())
        src = f"data:{spoken.mime};base64,{base64.b64encode(spoken.audio).decode()}"
        reading = {"id": reply_id, "src": src}
    except InterviewPlatformError as exc:
        note = f"OpenAI voice unavailable ({exc}) — the browser voice reads this reply."
        reading = {"id": reply_id, "note": note}
    tab_state(session.id).voice.spoken = (reply_id, reading)


def _openai_voice(app: Platform, session: Session, reply: tuple[str, str], result: Any) -> None:
    """Act on the browser's request for the latest reply's audio, once per reply."""
    voice = tab_state(session.id).voice
    reply_id = reply[0]
    if getattr(result, "played", None) == reply_id and voice.spoken and voice.spoken[1]:
        voice.spoken = (reply_id, {})  # playing: stop sending the audio
        return
    want = getattr(result, "want", None)
    if not reply_id or not isinstance(want, dict) or want.get("id") != reply_id:
        return
    if voice.spoken is None or voice.spoken[0] != reply_id:
        _fetch_reading(app, session, reply, str(want.get("voice", "")))
        st.rerun()  # the next run hands the audio (or the note) to the browser


def _openai_offered(app: Platform, session_id: str) -> bool:
    """Whether an OpenAI key is at hand; asked once a minute (an account's spend is read)."""
    voice, now = tab_state(session_id).voice, time.monotonic()
    if voice.openai_voice is None or now - voice.openai_voice[0] > OFFER_CHECK_S:
        voice.openai_voice = (now, app.speech.available(typed_key()))
    return voice.openai_voice[1]


def interviewer_voice(app: Platform, session: Session, capture: ContinuousCapture | None) -> None:
    """Read new replies aloud when the candidate wants it; mute ``capture`` meanwhile."""
    reply_id, text = latest_reply(app, session.id)
    spoken = tab_state(session.id).voice.spoken
    reading = spoken[1] if spoken and spoken[0] == reply_id and spoken[1] else None
    result: Any = _voice_component(
        data={
            "key": session.id,
            "id": reply_id,
            "text": text,
            "openai": _openai_offered(app, session.id),
            "openai_voices": list(app.speech.voices),
            "reading": reading,
        },
        key=widgets(session.id).interviewer_voice,
        on_speaking_change=lambda: None,
        on_want_change=lambda: None,
        on_played_change=lambda: None,
    )
    _openai_voice(app, session, (reply_id, text), result)
    if capture is None:
        return
    speaking = bool(getattr(result, "speaking", False))
    # Act on changes only: a mute that ran out while the browser still says "speaking"
    # (a lost "end" event) must not be renewed forever.
    voice = tab_state(session.id).voice
    if voice.speaking != speaking:
        voice.speaking = speaking
        capture.mute(mute_limit_s(text) if speaking else 0.0)
