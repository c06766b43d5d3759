"""Every key a conversation message keeps in ``Message.metadata`` (``messages.metadata``).

This module is the one home of those keys: :class:`MessageMetadata` names each key
with its type, so mypy refuses a key that is not declared here. The stored JSON is
what it always was; nothing is validated when a row is read, so readers of a key
stay defensive about its value (``metadata.get("notices") or []``).

Interviewer messages keep what the turn decided, so the next turn reads it back as
state instead of matching text:

    phase: The interview phase the turn was in.
    engine: Who answered (``offline`` or the provider's name).
    notices: Notices shown with the turn (fallbacks, budget).
    budget_warned: The budget warning was shown with this turn.
    review: The turn reviewed the whiteboard; ``diagram_components`` counts what it saw.
    topic, move, requirement_change, red_flag, figure, deeper: The engine's notes
        (:data:`NOTE_KEYS`): which concept, which kind of move, which requirement
        change was announced, which red flag or figure was probed, whether it went
        deeper on what was said.

Candidate messages made from speech keep where the audio and its transcript are:

    audio_media_id, transcript_media_id: The media files of the utterance.
    backend, model: The speech-to-text engine that transcribed it.
    quality: Audio quality figures; confidence: the transcript's mean confidence.
    speech_ended_at: Wall-clock time (``time.time()``) the candidate stopped speaking.
"""

from __future__ import annotations

from typing import Any, Final, TypedDict

__all__ = ["NOTE_KEYS", "MessageMetadata"]


class MessageMetadata(TypedDict, total=False):
    """The keys of ``Message.metadata`` (every key is optional)."""

    # interviewer turns
    phase: str
    engine: str
    notices: list[str]
    budget_warned: bool
    review: bool
    diagram_components: int
    topic: str
    move: str
    requirement_change: int
    red_flag: str
    figure: str
    deeper: bool
    # candidate turns made from speech
    audio_media_id: str
    transcript_media_id: str
    backend: str
    model: str
    quality: dict[str, Any]
    confidence: float | None
    speech_ended_at: float


NOTE_KEYS: Final = ("topic", "move", "requirement_change", "red_flag", "figure", "deeper")
"""The engine notes an interviewer message keeps (see ``TurnContext.notes``)."""
