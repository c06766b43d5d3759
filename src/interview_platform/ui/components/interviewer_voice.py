"""The interviewer's voice: the browser reads each new reply aloud (speechSynthesis).

The candidate turns it on and picks a voice and rate in the component; while it speaks,
the hands-free microphone is muted so the interviewer's words do not become an answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.communication.continuous_audio import ContinuousCapture
from interview_platform.models import MessageRole, Session
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


def interviewer_voice(app: Platform, session: Session, capture: ContinuousCapture | None) -> None:
    """Read new replies aloud when the candidate wants it; mute ``capture`` meanwhile."""
    reply_id, text = latest_reply(app, session.id)
    result: Any = _voice_component(
        data={"key": session.id, "id": reply_id, "text": text},
        key=widgets(session.id).interviewer_voice,
        on_speaking_change=lambda: None,
    )
    if capture is None:
        return
    speaking = bool(getattr(result, "speaking", False))
    # Act on changes only: a mute that ran out while the browser still says "speaking"
    # (a lost "end" event) must not be renewed forever.
    voice = tab_state(session.id).voice
    if voice.speaking != speaking:
        voice.speaking = speaking
        capture.mute(mute_limit_s(text) if speaking else 0.0)
