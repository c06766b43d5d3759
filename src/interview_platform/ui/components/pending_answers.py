"""Answers given in this browser tab that the database has not taken yet.

Every answer is kept here from the moment it is given until the interviewer has stored
it, so an answer sent while the database is unreachable stays on screen ("not sent
yet") and is sent when the database is back. Each keeps the id it was given first:
sending it again stores it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import streamlit as st

from interview_platform.models import CommunicationMode, MessageMetadata, new_id

__all__ = ["PendingAnswer", "pending_answers"]


@dataclass(frozen=True, eq=False)
class PendingAnswer:
    """One answer not stored yet.

    Attributes:
        text: What the candidate typed or said.
        mode: How it was given.
        metadata: Stored with it (e.g. the voice answer's timings).
        message_id: The id it is stored under, the same on every attempt.
    """

    text: str
    mode: CommunicationMode = CommunicationMode.TEXT
    metadata: MessageMetadata = field(default_factory=MessageMetadata)
    message_id: str = field(default_factory=new_id)


def pending_answers(session_id: str) -> list[PendingAnswer]:
    """The answers of ``session_id`` this tab still has to send, oldest first (mutable)."""
    key = f"_pending_answers:{session_id}"
    if key not in st.session_state:
        st.session_state[key] = []
    return cast(list[PendingAnswer], st.session_state[key])
