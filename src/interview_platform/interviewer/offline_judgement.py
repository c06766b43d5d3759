"""Moves of the offline interviewer that judge what was said: wrong claims and far-off numbers.

A claim matching a red flag gets a neutral probe (never praise, never the answer); an
estimate far from what its assumptions give gets a question about how it was reached.
Each is asked once per flag or figure: the turn's notes record it in the message
metadata, so later turns know it was probed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interview_platform.interviewer import offline_phrases as ph
from interview_platform.interviewer.offline_moves import Reply, first_new

if TYPE_CHECKING:
    from interview_platform.interviewer.offline_state import InterviewState
    from interview_platform.interviewer.turn_types import TurnContext

__all__ = ["ARITHMETIC", "challenge_figure", "challenge_red_flag"]

ARITHMETIC = "arithmetic"
_QUESTIONS = {
    "inconsistent": "Could you walk me through the step from your daily number to that rate?",
    "arithmetic": "Could you redo that calculation step by step, out loud?",
}


def challenge_red_flag(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """The newest answer states a known misconception: probe it neutrally, once."""
    for hit in state.last_flags:
        if hit.flag.id in state.probed_flags:
            continue
        question = first_new(state, [hit.flag.probe])
        if question is None:
            continue
        key = f"flag:{state.turn}"
        ctx.notes.update(move="red_flag", red_flag=hit.flag.id, topic=f"flag:{hit.flag.id}")
        return Reply([ph.CHALLENGE_LEADS[ph.choose(ph.CHALLENGE_LEADS, key)]], question)
    return None


def challenge_figure(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """The newest answer has an estimate far off: ask how it was reached, once."""
    for issue in state.last_figures:
        key_id = issue.figure.id if issue.figure is not None else ARITHMETIC
        if key_id in state.probed_flags:
            continue
        question = issue.figure.question if issue.figure is not None else _QUESTIONS[issue.kind]
        found = first_new(state, [question])
        if found is None:
            continue
        lead = ph.FIGURE_LEADS[ph.choose(ph.FIGURE_LEADS, f"figure:{state.turn}")]
        ctx.notes.update(move="figure", figure=key_id, topic=f"figure:{key_id}")
        return Reply([lead], found)
    return None
