"""What a browser tab remembers about one interview: one typed object per session id.

A tab may open several interviews one after another (from History, or a new start);
each gets its own :class:`TabState`, held in ``st.session_state`` (see
:func:`tab_state`). Widget values stay with Streamlit (see
:mod:`interview_platform.ui.widget_state`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from interview_platform.communication.continuous_audio import ContinuousCapture
from interview_platform.models import CommunicationMode, MessageMetadata

_PREFIX = "tab_"


@dataclass
class BoardState:
    """The whiteboard as this tab last saw it.

    Attributes:
        initial: The drawing the canvas was (re)mounted with.
        version: Bumped to remount the canvas (page entry, clear).
        saved: The drawing last saved (None: nothing saved since the canvas was mounted).
        png: The board's image as last drawn.
        changed_at: When the drawing last changed (monotonic seconds).
        snapshot_at: When a snapshot was last taken (monotonic seconds).
        stored_version: The stored board's version this tab's drawing was made over.
        conflict: The newer version another tab saved (None: no conflict).
        mine: This tab's drawing that a conflict kept from being saved.
        fit: The sizes the browser measured (``column``, ``window``, ``height`` px).
        layout: The page layout of the last full run (see ``whiteboard_fit``).
    """

    initial: dict[str, Any] | None = None
    version: int = 0
    saved: dict[str, Any] | None = None
    png: bytes | None = None
    changed_at: float | None = None
    snapshot_at: float | None = None
    stored_version: int = 0
    conflict: int | None = None
    mine: dict[str, Any] | None = None
    fit: dict[str, int] = field(default_factory=dict)
    layout: str = ""


@dataclass
class VoiceState:
    """Answers by voice in this tab.

    Attributes:
        capture: The hands-free microphone capture (made on first use).
        warmed: The speech recogniser was asked to load.
        heard: Answers heard hands-free, waiting for the chat to send them.
        answer_meta: Metadata of the spoken answer about to be sent.
        full_run: The answer was heard hands-free (the whole page is being redrawn).
        last_recording: Digest of the push-to-talk recording already handled.
        reply_cache: Message count, id and text of the interviewer's latest reply.
        speaking: The browser was reading a reply aloud at the last look.
        spoken: The OpenAI voice's reading of the latest reply: its id and what the
            browser is sent (the audio as a data URL, or the note of why it failed).
        openai_voice: When it was last asked whether the OpenAI voice can be offered,
            and the answer (asked again after a while, not four times a second).
    """

    capture: ContinuousCapture | None = None
    warmed: bool = False
    heard: list[tuple[str, MessageMetadata]] = field(default_factory=list)
    answer_meta: MessageMetadata | None = None
    full_run: bool = False
    last_recording: str | None = None
    reply_cache: tuple[int, str, str] | None = None
    speaking: bool = False
    spoken: tuple[str, dict[str, str]] | None = None
    openai_voice: tuple[float, bool] | None = None


@dataclass
class TabState:
    """Everything one tab remembers about one interview.

    Attributes:
        session_id: The interview.
        board: The whiteboard.
        voice: Answers by voice.
        faults: The device fault shown on each mode's indicator.
        failures: Media failures shown until dismissed.
        sharing: The browser is sharing the screen.
        screen_seen: Sequence number of the last screen capture stored.
        video_path: Where the camera recording is being written.
    """

    session_id: str
    board: BoardState = field(default_factory=BoardState)
    voice: VoiceState = field(default_factory=VoiceState)
    faults: dict[CommunicationMode, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    sharing: bool = False
    screen_seen: object = None
    video_path: str | None = None


def tab_key(session_id: str) -> str:
    """The ``st.session_state`` key of the tab state of ``session_id``."""
    return _PREFIX + session_id


def tab_state(session_id: str) -> TabState:
    """This tab's state for the interview ``session_id`` (created on first use)."""
    key = tab_key(session_id)
    state = st.session_state.get(key)
    if not isinstance(state, TabState):
        state = TabState(session_id)
        st.session_state[key] = state
    return state
