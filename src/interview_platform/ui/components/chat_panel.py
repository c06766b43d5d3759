"""Chat panel (left, 30%): the conversation and the answer box; replies stream in."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from interview_platform.application.actions import user_action
from interview_platform.application.facade import Platform
from interview_platform.exceptions import InterviewPlatformError, TransientDataStoreError
from interview_platform.interviewer.reply_stream import ReplyStream
from interview_platform.interviewer.turn_notices import NOT_SAVED_YET
from interview_platform.models import (
    CommunicationMode,
    Message,
    MessageRole,
    Session,
    SessionStatus,
)
from interview_platform.observability.context import session_context
from interview_platform.ui.browser_state import typed_key
from interview_platform.ui.components.long_answer import hold_if_too_long, long_answer_box
from interview_platform.ui.components.outage_banner import report_outage
from interview_platform.ui.components.page_layout import chat_height
from interview_platform.ui.components.pending_answers import PendingAnswer, pending_answers
from interview_platform.ui.components.voice_panel import audio_answer
from interview_platform.ui.tab_state import tab_state
from interview_platform.ui.user_text import escape_markdown
from interview_platform.ui.widget_state import widgets

CHAT_WINDOW = 20  # newest turns drawn; the transcript panel has everything
_AVATARS = {MessageRole.INTERVIEWER: "🧑‍💼", MessageRole.CANDIDATE: "🙂", MessageRole.SYSTEM: "ℹ️"}
_NAMES = {MessageRole.INTERVIEWER: "assistant", MessageRole.CANDIDATE: "user"}


def render_message(message: Message) -> None:
    """Draw one message with its avatar, time and mode; content is shown as text."""
    name = _NAMES.get(message.role, "assistant")
    with st.chat_message(name, avatar=_AVATARS[message.role]):
        stamp = message.created_at.strftime("%H:%M:%S")
        label = "Interviewer" if message.role is MessageRole.INTERVIEWER else "You"
        st.caption(f"{label} · {stamp} · {message.mode.value}")
        # st.text never interprets HTML or Markdown: a pasted <script> stays text.
        st.text(message.content)
        for notice in message.metadata.get("notices", []):
            st.caption(f"⚠️ {escape_markdown(notice)}")


def send_answer(
    app: Platform, session: Session, answer: PendingAnswer, kept: list[PendingAnswer]
) -> None:
    """Store the candidate's answer, then stream the interviewer's reply.

    The answer leaves ``kept`` once it is stored (or refused for good).

    Raises:
        TransientDataStoreError: The database is unreachable; the answer stays kept.
    """
    try:
        stream: ReplyStream | InterviewPlatformError = app.turns.answer(
            session,
            answer.text,
            typed_key(),
            mode=answer.mode,
            metadata=answer.metadata,
            message_id=answer.message_id,
        )
    except TransientDataStoreError:
        raise
    except InterviewPlatformError as exc:  # refused (ended, invalid): sending again won't help
        stream = exc
    kept.remove(answer)
    # Once per answer, however many attempts an outage took.
    user_action("answer.sent", "candidate sent an answer", session.id, mode=answer.mode.value)
    with st.chat_message("user", avatar=_AVATARS[MessageRole.CANDIDATE]):
        st.caption(f"You · just now · {answer.mode.value}")
        st.text(answer.text)
    _stream_reply(lambda: stream)


def _open(app: Platform, session: Session) -> None:
    """Stream the interviewer's opening turn (once: it is stored when done)."""
    _stream_reply(lambda: app.turns.open(session, typed_key()))


def _stream_reply(start: Callable[[], ReplyStream | InterviewPlatformError]) -> None:
    """Stream an interviewer reply as it arrives, then its notices (an error instead).

    Raises:
        TransientDataStoreError: The database was unreachable before the reply began.
    """
    try:
        stream = start()
    except TransientDataStoreError:
        raise
    except InterviewPlatformError as exc:
        stream = exc
    with st.chat_message("assistant", avatar=_AVATARS[MessageRole.INTERVIEWER]):
        if isinstance(stream, InterviewPlatformError):
            st.error(escape_markdown(stream))
            return
        try:
            held: list[str] = []
            st.write_stream(before_restart(stream, held))
            if held:  # the model broke off: its text stays visible, marked as replaced
                st.caption(_REPLACED)
                st.write_stream(itertools.chain(held, stream))
        except TransientDataStoreError:
            raise
        except InterviewPlatformError as exc:
            st.error(escape_markdown(exc))
            return
        finally:
            # A rerun can interrupt the page mid-reply: end the reply now, so the session's
            # turn lock is not held until the garbage collector finds the generator.
            stream.close()
        for notice in stream.notices:
            st.warning(escape_markdown(notice))


_REPLACED = "⤵️ The AI's reply above broke off and is not kept; the offline interviewer answered:"


def before_restart(stream: ReplyStream, held: list[str]) -> Iterator[str]:
    """Yield the reply until the offline engine takes over; its first chunk goes to ``held``.

    A provider that breaks off mid-stream has already shown text; the offline answer
    that replaces it must not run on in the same paragraph as if it were one reply.
    """
    for chunk in stream:
        if stream.restarted:
            held.append(chunk)
            return
        yield chunk


@st.fragment
def chat_panel(app: Platform, session_id: str) -> None:
    """Draw the chat; typing and sending rerun only this panel."""
    with session_context(session_id):
        _chat_body(app, session_id)


def _chat_body(app: Platform, session_id: str) -> None:
    window_height = tab_state(session_id).board.fit.get("height")
    box = st.container(height=chat_height(window_height), autoscroll=True, key="chat_box")
    kept = pending_answers(session_id)
    try:
        session: Session | None = app.views.session(session_id)
    except TransientDataStoreError:
        session = None  # the database is down: typing goes on, answers are kept
    accepting = session is None or session.status is SessionStatus.ACTIVE
    placeholder = "Type your answer…" if accepting else "This interview has ended."
    # No max_chars: the chat input would drop a longer paste silently; it is held instead.
    text = st.chat_input(placeholder, disabled=not accepting, key="chat_input")
    if text and text.strip() and not hold_if_too_long(session_id, text):
        kept.append(PendingAnswer(text))
    long_answer_box(session_id)
    with box:
        _guarded(app, session_id, kept, lambda s: _conversation(app, s, kept), session)
    if session is None or not accepting:
        return
    audio_on = widgets(session.id).switched_on(CommunicationMode.AUDIO)
    if audio_on and CommunicationMode.AUDIO in session.modes:
        _voice(app, session, box, kept)


def _conversation(app: Platform, session: Session, kept: list[PendingAnswer]) -> None:
    """The stored conversation, then the answers of this tab not sent yet (sent now)."""
    # The database answers: a reply an outage left in memory is stored before anything new.
    app.turns.save_unsaved(session.id)
    total = app.views.message_count(session.id)
    if total == 0:
        # The streamed opening stands for the stored one until the panel is drawn again.
        _open(app, session)
    else:
        if total > CHAT_WINDOW:
            st.caption(f"{total - CHAT_WINDOW} earlier turns are in the transcript →")
        for message in app.views.messages(session.id, limit=CHAT_WINDOW):
            render_message(message)
    _send_kept(app, session, kept)


def _send_kept(app: Platform, session: Session, kept: list[PendingAnswer]) -> None:
    for answer in list(kept):
        send_answer(app, session, answer, kept)


def _guarded(
    app: Platform,
    session_id: str,
    kept: list[PendingAnswer],
    draw: Callable[[Session], None],
    session: Session | None,
) -> None:
    """Run ``draw``; when the database is unreachable show what is kept instead."""
    try:
        if session is None:
            raise TransientDataStoreError("the session could not be read")
        draw(session)
    except TransientDataStoreError:
        _outage_view(app, session_id, kept)
        report_outage()


def _outage_view(app: Platform, session_id: str, kept: list[PendingAnswer]) -> None:
    """What survives an outage: replies not saved yet and answers not sent yet."""
    st.caption("🔌 The conversation will be back with the database.")
    for reply in app.turns.unsaved(session_id):
        render_message(reply)
        st.caption(f"⚠️ {escape_markdown(NOT_SAVED_YET)}")
    for answer in kept:
        with st.chat_message("user", avatar=_AVATARS[MessageRole.CANDIDATE]):
            st.caption(f"You · not sent yet · {answer.mode.value}")
            st.text(answer.text)
            st.caption(f"⏳ {NOT_SENT}")


NOT_SENT = "Not sent yet: it will be sent when the database is back."


def _voice(app: Platform, session: Session, box: DeltaGenerator, kept: list[PendingAnswer]) -> None:
    spoken = audio_answer(app, session)
    if not spoken:
        return
    voice = tab_state(session.id).voice
    meta, voice.answer_meta = voice.answer_meta or {}, None
    kept.append(PendingAnswer(spoken, CommunicationMode.AUDIO, meta))
    with box:
        _guarded(app, session.id, kept, lambda s: _send_kept(app, s, kept), session)
    full_run, voice.full_run = voice.full_run, False
    if not full_run:
        # Push-to-talk re-ran only this panel: redraw the page so the transcript
        # panel lists the answer now rather than at its next refresh (2 s).
        st.rerun()
