"""``simulate``: run a scripted candidate through a complete interview and print the evaluation.

Example::

    python -m interview_platform simulate --script tests/fixtures/scripts/strong_url_shortener.yaml

The session is real: it is created, started, every turn goes through the
interviewer, the optional drawing is applied, the session is ended and
evaluated, and everything is stored in the configured database. The interview
clock moves by the script's ``minutes_per_turn`` (``--minutes-per-turn``; by
default the turns spread over the planned duration), so phases change and the
senior requirement change is issued as in a live interview.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from interview_platform.cli.output import print_json
from interview_platform.config import Settings, load_settings
from interview_platform.evaluation.report import evaluation_document
from interview_platform.exceptions import ValidationError
from interview_platform.models import Candidate, Evaluation, utcnow
from interview_platform.simulation.script import SimulationScript, load_script

if TYPE_CHECKING:
    from interview_platform.app_factory import App


def register(subparsers: Any) -> None:
    """Add the ``simulate`` subcommand."""
    parser = subparsers.add_parser(
        "simulate", help="run a scripted candidate through a whole interview (prints JSON)"
    )
    parser.add_argument("--script", required=True, help="YAML script with the candidate's turns")
    parser.add_argument("--provider", default=None, help="AI provider (default: script, config)")
    parser.add_argument("--model", default=None, help="model name (default: provider default)")
    parser.add_argument(
        "--minutes-per-turn",
        type=float,
        default=None,
        help="minutes the interview clock moves per turn (default: script, else spread)",
    )
    parser.set_defaults(func=run)


@dataclass
class SimulatedClock:
    """A clock that stands still until told to move (one step per scripted turn)."""

    now: datetime = field(default_factory=utcnow)

    def __call__(self) -> datetime:
        """The simulated current time."""
        return self.now

    def advance(self, minutes: float) -> None:
        """Move the clock forward."""
        self.now += timedelta(minutes=minutes)


def choose_provider(
    settings: Settings, script: SimulationScript, provider: str | None, model: str | None
) -> tuple[str, str]:
    """Provider and model: command line first, then the script, then the configuration."""
    name = provider or script.provider or settings.providers.default
    section = getattr(settings.providers, name, None)
    default_model = getattr(section, "default_model", "") if section is not None else ""
    return name, model or script.model or default_model or name


def _drain(chunks: Any) -> None:
    for _ in chunks:
        pass


def simulate(
    app: App,
    script: SimulationScript,
    provider: str,
    model: str,
    clock: SimulatedClock | None = None,
) -> Evaluation:
    """Run the script as a real session and return its stored evaluation.

    With ``clock`` (the one the app was built with), it moves by the script's minutes
    per turn before every answer.
    """
    candidate = app.store.candidates.create_candidate(Candidate(name="Simulated candidate"))
    session = app.sessions.create(
        candidate_id=candidate.id,
        provider=provider,
        model=model,
        modes=script.session_modes(),
        level=script.level,
        problem_id=script.problem,
        problem_text=script.problem_text,
        planned_minutes=script.planned_minutes,
    )
    app.sessions.start(session.id)
    _drain(app.interviewer.open(session.id))
    for turn in script.turns:
        if clock is not None:
            clock.advance(script.turn_minutes())
        _drain(app.interviewer.reply(session.id, turn))
    if script.whiteboard is not None:
        app.sessions.save_whiteboard(session.id, script.whiteboard)
    return app.sessions.end(session.id)


def run(args: argparse.Namespace) -> int:
    """Execute ``simulate``; returns the exit code."""
    script = load_script(args.script)
    settings = load_settings(args.config)
    provider, model = choose_provider(settings, script, args.provider, args.model)
    if args.minutes_per_turn is not None:
        if not 0 < args.minutes_per_turn <= 60:
            raise ValidationError("--minutes-per-turn must be more than 0 and at most 60.")
        script = script.model_copy(update={"minutes_per_turn": args.minutes_per_turn})
    from interview_platform.app_factory import create_app  # heavy: only once input is valid

    clock = SimulatedClock()
    app = create_app(settings, clock=clock)
    try:
        evaluation = simulate(app, script, provider, model, clock)
        document = evaluation_document(evaluation, app.evaluation.rubric)
    finally:
        app.close()
    return print_json(document)
