"""What an evaluator receives and the interface every evaluator implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from interview_platform.diagram.model import DiagramGaps, DiagramGraph
from interview_platform.models import (
    Evaluation,
    MediaFile,
    Message,
    MessageRole,
    Session,
    TokenSummary,
    WhiteboardSnapshot,
)

if TYPE_CHECKING:
    from interview_platform.problems.bank import Problem


@dataclass
class EvaluationInput:
    """Everything recorded about a session that an evaluator may look at.

    Attributes:
        session: The session being evaluated.
        problem: The problem (a bank problem, or the custom one built from free text).
        messages: The whole conversation, oldest first.
        diagram: The final whiteboard drawing read as a graph, if any.
        gaps: Differences between diagram, conversation and the problem's rubric.
        snapshots: Whiteboard snapshots, oldest first.
        media_files: Every file kept on disk for the session.
        token_summary: Token totals of the session so far.
        audio_stats: Metadata dicts of the audio/transcript files (duration, confidence...).
    """

    session: Session
    problem: Problem
    messages: list[Message]
    diagram: DiagramGraph | None = None
    gaps: DiagramGaps | None = None
    snapshots: list[WhiteboardSnapshot] = field(default_factory=list)
    media_files: list[MediaFile] = field(default_factory=list)
    token_summary: TokenSummary | None = None
    audio_stats: list[dict[str, Any]] = field(default_factory=list)

    def candidate_turns(self) -> list[Message]:
        """Return the candidate's messages, oldest first."""
        return [m for m in self.messages if m.role is MessageRole.CANDIDATE]


class IEvaluator(Protocol):
    """Scores a session against the rubric."""

    def evaluate(self, inp: EvaluationInput) -> Evaluation:
        """Return the evaluation of a session (not yet evidence-verified or stored)."""
        ...
