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
from interview_platform.ui.components.panel_refresh import turn_stored
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
) -> bool:
    """Store the candidate's answer, then stream the interviewer's reply.

    The answer leaves ``kept`` once it is stored (or refused for good).

    Returns:
        Whether the interviewer's reply was stored (the turn is complete).

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
    return _stream_reply(lambda: stream)


def _open(app: Platform, session: Session) -> bool:
    """Stream the interviewer's opening turn (once: it is stored when done)."""
    return _stream_reply(lambda: app.turns.open(session, typed_key()))


def _stream_reply(start: Callable[[], ReplyStream | InterviewPlatformError]) -> bool:
    """Stream an interviewer reply as it arrives, then its notices (an error instead).

    Returns:
        Whether the reply was stored (an error or a discarded reply stays on screen).

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
            return False
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
            return False
        finally:
            # A rerun can interrupt the page mid-reply: end the reply now, so the session's
            # turn lock is not held until the garbage collector finds the generator.
            stream.close()
        for notice in stream.notices:
            st.warning(escape_markdown(notice))
    return stream.message is not None


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
    if _turns(app, session_id):
        turn_stored()  # the transcript, clock and cost show the turn (issue 15)


def _turns(app: Platform, session_id: str) -> bool:
    """Draw the conversation and the answer box; return whether a turn was stored."""
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
        stored = _guarded(app, session_id, kept, lambda s: _conversation(app, s, kept), session)
    if session is None or not accepting:
        return stored
    audio_on = widgets(session.id).switched_on(CommunicationMode.AUDIO)
    if audio_on and CommunicationMode.AUDIO in session.modes:
        stored = _voice(app, session, box, kept) or stored
    return stored


def _conversation(app: Platform, session: Session, kept: list[PendingAnswer]) -> bool:
    """The stored conversation, then the answers of this tab not sent yet (sent now)."""
    # The database answers: a reply an outage left in memory is stored before anything new.
    app.turns.save_unsaved(session.id)
    total = app.views.message_count(session.id)
    opened = False
    if total == 0:
        # The streamed opening stands for the stored one until the panel is drawn again.
        opened = _open(app, session)
    else:
        if total > CHAT_WINDOW:
            st.caption(f"{total - CHAT_WINDOW} earlier turns are in the transcript →")
        for message in app.views.messages(session.id, limit=CHAT_WINDOW):
            render_message(message)
    return _send_kept(app, session, kept) or opened


def _send_kept(app: Platform, session: Session, kept: list[PendingAnswer]) -> bool:
    """Send this tab's kept answers in order; return whether any turn was stored."""
    stored = False
    for answer in list(kept):
        stored = send_answer(app, session, answer, kept) or stored
    return stored


def _guarded(
    app: Platform,
    session_id: str,
    kept: list[PendingAnswer],
    draw: Callable[[Session], bool],
    session: Session | None,
) -> bool:
    """Run ``draw`` (its result: a turn was stored); in an outage show what is kept."""
    try:
        if session is None:
            raise TransientDataStoreError("the session could not be read")
        return draw(session)
    except TransientDataStoreError:
        _outage_view(app, session_id, kept)
        report_outage()
        return False


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


def _voice(app: Platform, session: Session, box: DeltaGenerator, kept: list[PendingAnswer]) -> bool:
    """Send a spoken answer; return whether its turn was stored."""
    spoken = audio_answer(app, session)
    if not spoken:
        return False
    voice = tab_state(session.id).voice
    meta, voice.answer_meta = voice.answer_meta or {}, None
    kept.append(PendingAnswer(spoken, CommunicationMode.AUDIO, meta))
    with box:
        stored = _guarded(app, session.id, kept, lambda s: _send_kept(app, s, kept), session)
    # Heard hands-free or pushed to talk, the page is redrawn (by the caller) only when
    # this run is the panel's own: a full run draws the transcript after the chat.
    voice.full_run = False
    return stored
