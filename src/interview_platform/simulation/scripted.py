"""Build an evaluation input straight from a candidate script, without a database.

Used by benchmarks and tests to evaluate a scripted interview exactly as the
evaluation manager would after a real session.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from interview_platform.diagram.gaps import find_gaps
from interview_platform.diagram.graph import build_diagram_graph
from interview_platform.evaluation.evaluator import EvaluationInput
from interview_platform.models import Message, MessageRole, Session
from interview_platform.provider import Provider
from interview_platform.session.setup_checks import validate_modes
from interview_platform.simulation.script import SimulationScript

if TYPE_CHECKING:
    from interview_platform.problems.bank import ProblemBank

_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
_PROMPT = "Please go on."


def scripted_messages(session_id: str, turns: list[str], start: datetime = _START) -> list[Message]:
    """Alternate interviewer prompts and the scripted candidate turns, 30 s apart."""
    messages: list[Message] = []
    for i, turn in enumerate(turns):
        at = start + timedelta(seconds=60 * i)
        messages.append(
            Message(
                session_id, MessageRole.INTERVIEWER, _PROMPT, id=f"{session_id}-i{i}", created_at=at
            )
        )
        messages.append(
            Message(
                session_id,
                MessageRole.CANDIDATE,
                turn,
                id=f"{session_id}-c{i}",
                created_at=at + timedelta(seconds=30),
            )
        )
    return messages


def scripted_input(
    script: SimulationScript, bank: ProblemBank, session_id: str = "scripted"
) -> EvaluationInput:
    """Return the evaluation input of a scripted interview (deterministic ids and times)."""
    problem = (
        bank.get(script.problem) if script.problem else bank.custom_problem(script.problem_text)
    )
    session = Session(
        candidate_id="scripted-candidate",
        provider=script.provider or Provider.OFFLINE,
        model=script.model or "rubric-interviewer",
        modes=validate_modes(script.session_modes()),
        problem_id=script.problem,
        problem_text=script.problem_text,
        level=script.level,
        id=session_id,
        created_at=_START,
        started_at=_START,
    )
    messages = scripted_messages(session_id, script.turns)
    diagram = build_diagram_graph(script.whiteboard) if script.whiteboard else None
    said = " ".join(script.turns)
    gaps = find_gaps(diagram, problem, said) if diagram is not None else None
    return EvaluationInput(session, problem, messages, diagram=diagram, gaps=gaps)
