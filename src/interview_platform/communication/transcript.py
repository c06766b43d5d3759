"""Transcript views and exports (TXT, Markdown, JSON) of a conversation.

Plain functions over :class:`~interview_platform.models.Message` lists, used by
the transcript panel and the history page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from interview_platform.models import Message, MessageRole

_SPEAKERS = {
    MessageRole.INTERVIEWER: "Interviewer",
    MessageRole.CANDIDATE: "Candidate",
    MessageRole.SYSTEM: "System",
}


def speaker(message: Message) -> str:
    """Return the human label of who spoke."""
    return _SPEAKERS[message.role]


def search(messages: Sequence[Message], query: str) -> list[Message]:
    """Return messages whose text contains ``query`` (case-insensitive); all when empty."""
    needle = query.strip().lower()
    if not needle:
        return list(messages)
    return [m for m in messages if needle in m.content.lower()]


def _stamp(message: Message) -> str:
    return message.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")


def to_text(messages: Sequence[Message]) -> str:
    """Render the transcript as plain text, one turn per paragraph."""
    parts = [f"[{_stamp(m)}] {speaker(m)} ({m.mode.value}):\n{m.content}\n" for m in messages]
    return "\n".join(parts)


def to_markdown(messages: Sequence[Message], title: str = "Interview transcript") -> str:
    """Render the transcript as Markdown with a heading per turn."""
    lines = [f"# {title}", ""]
    for m in messages:
        lines += [f"**{speaker(m)}** · {_stamp(m)} · _{m.mode.value}_", "", m.content, ""]
    return "\n".join(lines)


def to_json(messages: Sequence[Message]) -> str:
    """Render the transcript as a JSON array of turns."""
    turns = [
        {
            "id": m.id,
            "speaker": speaker(m),
            "role": m.role.value,
            "mode": m.mode.value,
            "timestamp": m.created_at.isoformat(),
            "text": m.content,
        }
        for m in messages
    ]
    return json.dumps(turns, ensure_ascii=False, indent=2)
