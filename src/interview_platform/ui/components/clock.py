"""The interview clock of the bottom bar: it ticks in the browser, not on the server.

The page draws it with the elapsed time, the phase and the plan; a small component
(``static/clock.js``) counts the seconds locally. An idle tab therefore costs the
server nothing: the clock is drawn again only when the page is (a turn, a pause or a
resume), and the interviewer's phase changes only with a turn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.application.views import ClockView
from interview_platform.interviewer.phases import PhaseClock
from interview_platform.models import Session, SessionStatus

_STATIC = Path(__file__).parent.parent / "static"
_clock_component = st.components.v2.component(
    "interview_platform.clock",
    js=(_STATIC / "clock.js").read_text("utf-8"),
    css=(_STATIC / "clock.css").read_text("utf-8"),
    isolate_styles=False,  # the bar's own item style applies to it
)


def _words(name: str) -> str:
    return name.replace("_", " ")


def clock_data(view: ClockView, plan: list[tuple[str, float]], running: bool) -> dict[str, Any]:
    """What the browser's clock is drawn with.

    Args:
        view: The clock as the server sees it now.
        plan: Each phase of the plan with its start (seconds since the start).
        running: Whether the clock counts (an active interview) or stands still.

    Returns:
        The component's data: elapsed seconds, phase, planned minutes, plan, running.
    """
    return {
        "elapsed_s": round(max(0.0, view.elapsed_s), 3),
        "phase": _words(view.phase),
        "planned_minutes": view.planned_minutes,
        "plan": [[_words(name), start] for name, start in plan],
        "running": running,
    }


def phase_plan(app: Platform, planned_minutes: int) -> list[tuple[str, float]]:
    """Each configured phase with its planned start, for ``planned_minutes``."""
    phases = PhaseClock(app.settings.interview.phases, planned_minutes)
    return [(info.name, info.started_at_s) for info in phases.schedule()]


def interview_clock(app: Platform, session: Session) -> None:
    """Draw the clock once; the browser counts from here (one read of the clock)."""
    view = app.views.clock(session.id)
    running = session.status is SessionStatus.ACTIVE
    data = clock_data(view, phase_plan(app, view.planned_minutes), running)
    _clock_component(data=data, key=f"clock_{session.id}", width="content")
