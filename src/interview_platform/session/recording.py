"""The recording of a session at its end: what was kept, and the conversation on disk."""

from __future__ import annotations

import logging
from collections import Counter

from interview_platform.database.ports import ConversationRepository, MediaRepository
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import MediaKind, MessageRole, Session, to_jsonable
from interview_platform.session_metadata import RecordingInventory
from interview_platform.storage.file_storage import FileStorage

CONVERSATION_FILE = "conversation.json"
_log = logging.getLogger("interview_platform.session")


def save_conversation(
    conversation: ConversationRepository,
    media: MediaRepository,
    storage: FileStorage,
    session: Session,
) -> None:
    """Write the whole conversation as JSON into the session's transcripts folder (once).

    A failure is logged, not raised: the conversation is safe in the database.
    """
    existing = media.list_media_files(session.id, MediaKind.TRANSCRIPT)
    if any(m.metadata.get("conversation") for m in existing):
        return
    messages = conversation.get_messages(session.id)
    payload = {"session_id": session.id, "messages": to_jsonable(messages)}
    try:
        storage.save_transcript(session.id, CONVERSATION_FILE, payload, conversation=True)
    except InterviewPlatformError as exc:
        _log.error(
            "conversation not written to disk", extra={"session_id": session.id, "error": str(exc)}
        )


def inventory(
    conversation: ConversationRepository, media: MediaRepository, session: Session
) -> RecordingInventory:
    """Count what the session recorded: messages, snapshots, drawing and files by kind."""
    messages = conversation.get_messages(session.id)
    files = media.list_media_files(session.id)
    canvas = media.get_whiteboard_state(session.id) or {}
    objects = canvas.get("objects") if isinstance(canvas, dict) else None
    roles = Counter(m.role.value for m in messages)
    return {
        "messages": len(messages),
        "candidate_turns": roles.get(MessageRole.CANDIDATE.value, 0),
        "interviewer_turns": roles.get(MessageRole.INTERVIEWER.value, 0),
        "snapshots": len(media.list_whiteboard_snapshots(session.id)),
        "final_drawing_objects": len(objects) if isinstance(objects, list) else 0,
        "media": dict(sorted(Counter(m.kind.value for m in files).items())),
        "media_bytes": sum(m.size_bytes for m in files),
    }
