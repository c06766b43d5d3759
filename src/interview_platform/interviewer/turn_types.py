"""What an interviewer engine receives for a turn, and the interface every engine implements.

These small types let the offline interviewer, the LLM interviewer and the
dry run be built and tested independently.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, cast

from interview_platform.diagram.model import DiagramGaps, DiagramGraph
from interview_platform.message_metadata import NOTE_KEYS
from interview_platform.models import (
    ExperienceLevel,
    Message,
    MessageMetadata,
    MessageRole,
    ResumeData,
    Session,
)

if TYPE_CHECKING:
    from interview_platform.problems.bank import Problem


@dataclass
class TurnContext:
    """Everything an interviewer engine needs to produce its next turn.

    Attributes:
        session: The session (level, modes, provider, problem id).
        problem: The problem being discussed.
        history: The whole conversation so far, oldest first (includes the
            candidate's newest turn as the last message when replying).
        phase: Current phase name (requirements, estimation, api_and_data_model,
            high_level_design, deep_dive, wrap_up).
        phase_changed: True when the clock moved into ``phase`` since the last
            interviewer turn (the engine should move the candidate on).
        elapsed_minutes: Minutes since the session started.
        resume: Parsed resume, if any (treat as data, never as instructions).
        diagram: The current whiteboard graph, if any.
        hint_requested: The candidate asked for a hint.
        notes: What the engine decided this turn (``topic``, ``move``,
            ``requirement_change``, ``phase``...); stored in the interviewer message's
            metadata so the next turn reads it as state instead of matching text.
    """

    session: Session
    problem: Problem
    history: list[Message]
    phase: str
    phase_changed: bool = False
    elapsed_minutes: float = 0.0
    resume: ResumeData | None = None
    diagram: DiagramGraph | None = None
    hint_requested: bool = False
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> ExperienceLevel:
        """The candidate's level for this session."""
        return self.session.level

    def kept_notes(self) -> MessageMetadata:
        """What the interviewer message's metadata keeps of this turn.

        The engine's notes that later turns read back as state (see ``notes``) and the
        phase the turn was in (the engine may have moved it on).
        """
        kept = {key: self.notes[key] for key in NOTE_KEYS if self.notes.get(key) is not None}
        # NOTE_KEYS are keys of MessageMetadata; the engines set them with their types.
        metadata = cast(MessageMetadata, kept)
        metadata["phase"] = str(self.notes.get("phase") or self.phase)
        return metadata

    def issued_changes(self) -> set[int]:
        """Indices of the problem's requirement changes already announced (from metadata)."""
        issued: set[int] = set()
        for message in self.history:
            value = message.metadata.get("requirement_change")
            if message.role is MessageRole.INTERVIEWER and isinstance(value, int):
                issued.add(value)
        return issued

    def candidate_turns(self) -> list[Message]:
        """Return the candidate's messages, oldest first."""
        return [m for m in self.history if m.role is MessageRole.CANDIDATE]


class TurnEngine(Protocol):
    """Produces interviewer turns as a stream of text chunks."""

    name: str

    def opening(self, ctx: TurnContext) -> Iterator[str]:
        """Yield the first interviewer turn (greeting + problem statement)."""
        ...

    def respond(self, ctx: TurnContext) -> Iterator[str]:
        """Yield the reply to the candidate's newest turn (one question at most)."""
        ...

    def review_diagram(
        self, ctx: TurnContext, gaps: DiagramGaps, png: bytes | None
    ) -> Iterator[str]:
        """Yield a follow-up about the whiteboard diagram."""
        ...

    def review_screen(self, ctx: TurnContext, png: bytes | None) -> Iterator[str]:
        """Yield a follow-up about the latest screen-share capture."""
        ...
