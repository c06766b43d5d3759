"""Builds the :class:`~interview_platform.interviewer.turn_types.TurnContext` of a turn.

The conversation, the resume and the whiteboard are read afresh for every turn,
so a browser refresh or a restart loses nothing: the session, resume and drawing
come with the turn's :class:`~interview_platform.database.ports.TurnSnapshot`
(one statement), the conversation is read here, after the candidate's answer is
stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from interview_platform.analysis.answers import asks_for_hint
from interview_platform.config import InterviewSettings
from interview_platform.database.ports import ConversationRepository, TurnSnapshot
from interview_platform.diagram.graph import build_diagram_graph
from interview_platform.diagram.model import DiagramGraph
from interview_platform.interviewer.phases import PhaseClock, PhaseInfo
from interview_platform.interviewer.turn_types import TurnContext
from interview_platform.models import Message, MessageRole, Session
from interview_platform.problems.bank import PHASES, Problem, ProblemBank
from interview_platform.problems.resolution import resolve_problem

__all__ = ["ContextBuilder", "last_interviewer_phase", "later_phase", "phase_now"]


def last_interviewer_phase(history: list[Message]) -> str | None:
    """Phase recorded on the newest interviewer message, if any."""
    for message in reversed(history):
        if message.role is MessageRole.INTERVIEWER:
            phase = message.metadata.get("phase")
            return str(phase) if phase else None
    return None


def phase_now(clock_phase: str, history: list[Message]) -> tuple[str, bool]:
    """The phase of the next turn and whether it differs from the last interviewer turn's.

    The clock's phase, unless the conversation already moved further (never back).
    """
    previous = last_interviewer_phase(history)
    phase = later_phase(clock_phase, previous)
    return phase, previous is not None and previous != phase


def later_phase(clock_phase: str, previous: str | None) -> str:
    """The clock's phase, unless the conversation already moved further (never back)."""
    if previous in PHASES and clock_phase in PHASES:
        return max(clock_phase, previous, key=PHASES.index)
    return clock_phase


class ContextBuilder:
    """Reads what an engine needs for the next turn.

    Args:
        conversation: Where the history of the session is read.
        bank: The problem bank.
        interview: Interview settings (phases).
    """

    def __init__(
        self, conversation: ConversationRepository, bank: ProblemBank, interview: InterviewSettings
    ) -> None:
        self._conversation = conversation
        self._bank = bank
        self._interview = interview

    def clock(self, session: Session) -> PhaseClock:
        """The phase clock of a session."""
        return PhaseClock(self._interview.phases, session.planned_minutes)

    def problem(self, session: Session) -> Problem:
        """The session's problem: tailored, from the bank, or custom (free text, unknown id)."""
        return resolve_problem(session, self._bank)

    @staticmethod
    def diagram(saved: dict[str, Any] | None, canvas: Any = None) -> DiagramGraph | None:
        """The whiteboard graph from ``canvas`` or the ``saved`` drawing (None when empty)."""
        data = canvas if canvas is not None else saved
        if not data:
            return None
        graph = build_diagram_graph(data)
        return graph if graph.object_count or graph.components else None

    def build(
        self, snapshot: TurnSnapshot, now: datetime, canvas: Any = None
    ) -> tuple[TurnContext, PhaseInfo]:
        """Build the context for the next turn and the clock position.

        Args:
            snapshot: The session with its resume and saved drawing.
            now: The time of the turn.
            canvas: The drawing to review (None: the saved one).
        """
        session = snapshot.session
        history = self._conversation.get_messages(session.id)
        elapsed = session.elapsed_seconds(now)
        info = self.clock(session).phase_at(elapsed)
        phase, changed = phase_now(info.name, history)
        newest = history[-1] if history else None
        hint = bool(
            newest and newest.role is MessageRole.CANDIDATE and asks_for_hint(newest.content)
        )
        ctx = TurnContext(
            session=session,
            problem=self.problem(session),
            history=history,
            phase=phase,
            phase_changed=changed,
            elapsed_minutes=elapsed / 60,
            resume=snapshot.resume.data if snapshot.resume is not None else None,
            diagram=self.diagram(snapshot.canvas, canvas),
            hint_requested=hint,
        )
        return ctx, info
