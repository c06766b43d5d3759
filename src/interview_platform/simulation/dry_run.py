"""A scripted interview run in memory: the offline interviewer, a moving clock, the grader.

No database and no network: every scripted turn goes to the offline interviewer with
the interview clock advanced by the script's minutes per turn (so phases change and
the senior requirement change is issued as in a live interview), the interviewer's
notes are kept in message metadata as the live turn runner keeps them, and the
finished conversation is graded by the offline rubric evaluator. Used by the
``calibrate`` command, the calibration tests and the benchmarks.

Example::

    run = dry_run(load_script("tests/fixtures/calibration/url-shortener/good.yaml"), bank)
    run.evaluation.overall_score
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from interview_platform.config import InterviewSettings
from interview_platform.diagram.gaps import find_gaps
from interview_platform.diagram.graph import build_diagram_graph
from interview_platform.evaluation.evaluator import EvaluationInput
from interview_platform.evaluation.offline_evaluator import OfflineRubricEvaluator
from interview_platform.evaluation.rubric import load_rubric
from interview_platform.interviewer.offline_interviewer import OfflineInterviewer
from interview_platform.interviewer.phases import PhaseClock
from interview_platform.interviewer.turn_context import phase_now
from interview_platform.interviewer.turn_types import TurnContext, TurnEngine
from interview_platform.models import Evaluation, Message, MessageRole, Session
from interview_platform.provider import Provider
from interview_platform.session.setup_checks import validate_modes
from interview_platform.simulation.script import SimulationScript

if TYPE_CHECKING:
    from interview_platform.problems.bank import Problem, ProblemBank

__all__ = ["DryRun", "dry_run"]

_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
_ANSWER_SECONDS = 20  # the candidate's answer comes a little after the question


@dataclass
class DryRun:
    """A finished in-memory interview."""

    session: Session
    problem: Problem
    messages: list[Message] = field(default_factory=list)
    evaluation: Evaluation | None = None
    red_flags: list[str] = field(default_factory=list)

    def interviewer_turns(self) -> list[Message]:
        """The interviewer's messages, oldest first."""
        return [m for m in self.messages if m.role is MessageRole.INTERVIEWER]


def _session(script: SimulationScript, session_id: str) -> Session:
    return Session(
        candidate_id="dry-run-candidate",
        provider=Provider.OFFLINE,
        model="rubric-interviewer",
        modes=validate_modes(script.session_modes()),
        problem_id=script.problem,
        problem_text=script.problem_text,
        level=script.level,
        planned_minutes=script.planned_minutes,
        id=session_id,
        created_at=_START,
        started_at=_START,
    )


def _interviewer_turn(
    run: DryRun, engine: TurnEngine, clock: PhaseClock, minute: float, opening: bool
) -> None:
    phase, changed = phase_now(clock.phase_at(minute * 60).name, run.messages)
    ctx = TurnContext(
        session=run.session,
        problem=run.problem,
        history=list(run.messages),
        phase=phase,
        phase_changed=changed,
        elapsed_minutes=minute,
    )
    chunks = engine.opening(ctx) if opening else engine.respond(ctx)
    text = "".join(chunks)
    message = Message(
        run.session.id,
        MessageRole.INTERVIEWER,
        text,
        id=f"{run.session.id}-i{len(run.messages)}",
        created_at=_START + timedelta(minutes=minute),
    )
    message.metadata = ctx.kept_notes()
    run.messages.append(message)


def dry_run(
    script: SimulationScript,
    bank: ProblemBank,
    *,
    engine: TurnEngine | None = None,
    evaluator: OfflineRubricEvaluator | None = None,
    session_id: str = "dry-run",
) -> DryRun:
    """Run a scripted interview in memory and grade it.

    Args:
        script: The candidate's script (its minutes per turn move the clock).
        bank: The problem bank.
        engine: The interviewer (the offline one by default).
        evaluator: The grader (the offline rubric evaluator by default).
        session_id: Id of the in-memory session (and prefix of its message ids).
    """
    session = _session(script, session_id)
    problem = (
        bank.get(script.problem) if script.problem else bank.custom_problem(script.problem_text)
    )
    run = DryRun(session, problem)
    engine = engine or OfflineInterviewer()
    clock = PhaseClock(InterviewSettings().phases, script.planned_minutes)
    step = script.turn_minutes()
    _interviewer_turn(run, engine, clock, 0.0, opening=True)
    for index, turn in enumerate(script.turns):
        minute = (index + 1) * step
        answered = _START + timedelta(minutes=minute - step, seconds=_ANSWER_SECONDS)
        message_id = f"{session_id}-c{index}"
        run.messages.append(
            Message(session_id, MessageRole.CANDIDATE, turn, id=message_id, created_at=answered)
        )
        _interviewer_turn(run, engine, clock, minute, opening=False)
    _grade(run, script, evaluator or OfflineRubricEvaluator(load_rubric(), bank))
    return run


def _grade(run: DryRun, script: SimulationScript, evaluator: OfflineRubricEvaluator) -> None:
    """Grade the finished conversation with the scripted drawing; list the red flags."""
    diagram = build_diagram_graph(script.whiteboard) if script.whiteboard else None
    said = " ".join(script.turns)
    gaps = find_gaps(diagram, run.problem, said) if diagram is not None else None
    inp = EvaluationInput(run.session, run.problem, run.messages, diagram=diagram, gaps=gaps)
    run.evaluation = evaluator.evaluate(inp)
    findings = evaluator.findings(inp)
    flags = {h.flag.id for f in findings for h in f.flags}
    figures = {
        f"estimate:{i.figure.id if i.figure else 'arithmetic'}"
        for f in findings
        for i in f.figure_issues
    }
    run.red_flags = sorted(flags | figures)
