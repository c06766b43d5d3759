"""Builds the :class:`~interview_platform.interviewer.turn_types.TurnContext` of a turn.

The conversation, the resume and the whiteboard are read afresh for every turn,
so a browser refresh or a restart loses nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from interview_platform.analysis.answers import asks_for_hint
from interview_platform.config import InterviewSettings
from interview_platform.database.protocol import IDataStore
from interview_platform.diagram.graph import build_diagram_graph
from interview_platform.diagram.model import DiagramGraph
from interview_platform.interviewer.phases import PhaseClock, PhaseInfo
from interview_platform.interviewer.turn_types import TurnContext
from interview_platform.models import Message, MessageRole, ResumeData, Session
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
        store: The data store.
        bank: The problem bank.
        interview: Interview settings (phases).
    """

    def __init__(self, store: IDataStore, bank: ProblemBank, interview: InterviewSettings) -> None:
        self._store = store
        self._bank = bank
        self._interview = interview

    def clock(self, session: Session) -> PhaseClock:
        """The phase clock of a session."""
        return PhaseClock(self._interview.phases, session.planned_minutes)

    def problem(self, session: Session) -> Problem:
        """The session's problem: tailored, from the bank, or custom (free text, unknown id)."""
        return resolve_problem(session, self._bank)

    def _resume(self, session: Session) -> ResumeData | None:
        if not session.resume_id:
            return None
        resume = self._store.get_resume(session.resume_id)
        return resume.data if resume is not None else None

    def diagram(self, session_id: str, canvas: Any = None) -> DiagramGraph | None:
        """The whiteboard graph from ``canvas`` or the saved drawing (None when empty)."""
        data = canvas if canvas is not None else self._store.get_whiteboard_state(session_id)
        if not data:
            return None
        graph = build_diagram_graph(data)
        return graph if graph.object_count or graph.components else None

    def build(
        self, session: Session, now: datetime, canvas: Any = None
    ) -> tuple[TurnContext, PhaseInfo]:
        """Build the context for the next turn and the clock position."""
        history = self._store.get_messages(session.id)
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
            resume=self._resume(session),
            diagram=self.diagram(session.id, canvas),
            hint_requested=hint,
        )
        return ctx, info
