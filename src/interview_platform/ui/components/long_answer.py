"""An answer longer than the limit is kept, counted and offered for shortening.

Streamlit's chat input with ``max_chars`` drops a longer paste without a word, so
the chat input takes any length and an answer over the limit comes here instead of
being sent: the text stays in an editable box with its count against the limit, and
is sent from there once it fits.
"""

from __future__ import annotations

import streamlit as st

from interview_platform.interviewer.ai_interviewer import MAX_ANSWER_CHARS
from interview_platform.ui.components.pending_answers import PendingAnswer, pending_answers

__all__ = ["hold_if_too_long", "long_answer_box"]


def _key(session_id: str) -> str:
    return f"long_answer:{session_id}"


def hold_if_too_long(session_id: str, text: str) -> bool:
    """Keep ``text`` for shortening when it is over the limit; return whether it was held."""
    if len(text) <= MAX_ANSWER_CHARS:
        return False
    st.session_state[_key(session_id)] = text
    return True


def _send(session_id: str) -> None:
    text = str(st.session_state.pop(_key(session_id), ""))
    if text.strip() and len(text) <= MAX_ANSWER_CHARS:
        pending_answers(session_id).append(PendingAnswer(text))


def _drop(session_id: str) -> None:
    st.session_state.pop(_key(session_id), None)


def long_answer_box(session_id: str) -> None:
    """The held answer with its count; Send is offered once it fits the limit."""
    key = _key(session_id)
    if key not in st.session_state:
        return
    length = len(str(st.session_state[key]))
    over = length - MAX_ANSWER_CHARS
    with st.container(border=True, key="long_answer"):
        if over > 0:
            st.warning(
                f"Your answer has {length:,} characters; the limit is {MAX_ANSWER_CHARS:,}. "
                f"It is kept here: shorten it by {over:,} characters (or split it) and send."
            )
        st.text_area("Your answer", key=key, height=180)
        st.caption(f"{length:,} / {MAX_ANSWER_CHARS:,} characters")
        send, drop = st.columns(2)
        send.button("Send", key="long_send", disabled=over > 0, on_click=_send, args=(session_id,))
        drop.button("Discard", key="long_drop", on_click=_drop, args=(session_id,))
