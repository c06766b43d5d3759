"""Keys of the widgets Streamlit keeps for one interview, built in one place.

Streamlit names a widget's state by its ``key`` string (and the browser's DOM by
``st-key-<key>``); every key that embeds a session id is built here, and the values
the UI reads back from such widgets are read here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from interview_platform.models import CommunicationMode


@dataclass(frozen=True)
class InterviewWidgets:
    """The widget keys of one interview (``session_id``)."""

    session_id: str

    def _key(self, name: str) -> str:
        return f"{name}_{self.session_id}"

    def toggle(self, mode: CommunicationMode) -> str:
        """The bottom bar's switch of a capture mode."""
        return self._key(f"toggle_{mode.value}")

    def switched_on(self, mode: CommunicationMode) -> bool:
        """Whether the candidate switched ``mode`` on in this tab."""
        return bool(st.session_state.get(self.toggle(mode), False))

    @property
    def voice_style(self) -> str:
        """Hands-free or push-to-talk."""
        return self._key("audio_style")

    def chosen_voice_style(self, default: str) -> str:
        """The chosen way to answer by voice (``default`` before the radio is drawn)."""
        return str(st.session_state.get(self.voice_style, default))

    @property
    def recording(self) -> str:
        """The push-to-talk recorder."""
        return self._key("audio_in")

    @property
    def mic(self) -> str:
        """The hands-free microphone's WebRTC connection."""
        return self._key("mic")

    @property
    def camera(self) -> str:
        """The camera's WebRTC connection."""
        return self._key("camera")

    def device_check(self, kind: str) -> str:
        """The browser's permission check of a device (``audio`` or ``video``)."""
        return self._key(f"device_{kind}")

    @property
    def screen(self) -> str:
        """The screen-share component."""
        return self._key("screen")

    @property
    def interviewer_voice(self) -> str:
        """The component that reads replies aloud."""
        return self._key("interviewer_voice")

    @property
    def voice_done(self) -> str:
        """The "Done — send" button."""
        return self._key("voice_done")

    @property
    def voice_hold(self) -> str:
        """The "Still thinking" button."""
        return self._key("voice_hold")

    def dismiss_failure(self, index: int) -> str:
        """The dismiss button of the ``index``-th media failure."""
        return f"media_failure_{self.session_id}_{index}"

    def board(self, name: str) -> str:
        """A whiteboard control (``mode``, ``color``, ``stroke``, ``label``, ``full``)."""
        return f"wb_{name}_{self.session_id}"

    def canvas(self, version: int) -> str:
        """The canvas; a new version remounts it with a new initial drawing."""
        return f"canvas_{self.session_id}_{version}"


def widgets(session_id: str) -> InterviewWidgets:
    """The widget keys of the interview ``session_id``."""
    return InterviewWidgets(session_id)


def set_widget(key: str, value: Any) -> None:
    """Set a widget's value before it is drawn in this run (e.g. select a new profile)."""
    st.session_state[key] = value
