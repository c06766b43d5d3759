"""Problem knowledge as prompt text: what the interviewer listens for, and the bar.

The text comes from the platform's knowledge files (never from the candidate),
so it may sit in a system prompt. Reference figures are given to the model for
its judgement only, with the instruction never to state them: telling the
candidate the numbers would do their estimation for them.

Example::

    knowledge = knowledge_for(problem)
    text = interviewer_knowledge(knowledge, ExperienceLevel.SENIOR)
"""

from __future__ import annotations

import logging

from interview_platform.exceptions import ValidationError
from interview_platform.models import ExperienceLevel
from interview_platform.problems.knowledge import Figure, KnowledgeBase, ProblemKnowledge
from interview_platform.problems.schema import Problem

__all__ = ["figure_text", "interviewer_knowledge", "knowledge_for", "level_bar_text"]

_log = logging.getLogger("interview_platform.ai")
_MAX_FLAGS = 24
_UNITS = {"per_second": "per second", "per_day": "per day", "bytes": "bytes", "count": ""}


def knowledge_for(problem: Problem) -> ProblemKnowledge | None:
    """The problem's knowledge (its own file plus the general set), or None if unreadable.

    A broken knowledge file must not stop an interview or a grading: the prompt is
    then built without it (and the failure is logged for whoever edits the files).
    """
    try:
        return KnowledgeBase.load_default().for_problem(problem)
    except ValidationError as exc:
        _log.warning("problem knowledge not loaded", extra={"error": str(exc)})
        return None


def _amount(value: float, unit: str) -> str:
    if unit == "bytes":
        for name, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
            if value >= size:
                return f"{value / size:,.3g} {name}"
        return f"{value:,.0f} bytes"
    return f"{value:,.6g} {_UNITS.get(unit, unit)}".strip()


def figure_text(figure: Figure) -> str:
    """One reference figure with its assumption and tolerance, as plain text."""
    value = _amount(figure.value, figure.unit)
    return (
        f"{figure.name}: about {value}, assuming {figure.assumption} "
        f"(an estimate within a factor of {figure.tolerance:g} is fine)"
    )


def level_bar_text(knowledge: ProblemKnowledge, level: ExperienceLevel) -> str:
    """The bar of the candidate's level ("" when none is written)."""
    bar = knowledge.bar(level.value)
    return f"The bar for a {level.value} candidate on this problem: {bar}" if bar else ""


def _flags_text(knowledge: ProblemKnowledge) -> str:
    if not knowledge.red_flags:
        return ""
    lines = [
        "Common wrong claims to listen for. When the candidate makes one, do not correct "
        "it and do not accept it: ask its probe question (or one like it) neutrally, in "
        "your own words, and let them find the problem:"
    ]
    lines += [f'- Claim: {f.claim} Probe: "{f.probe}"' for f in knowledge.red_flags[:_MAX_FLAGS]]
    return "\n".join(lines)


def _figures_text(knowledge: ProblemKnowledge) -> str:
    if not knowledge.figures:
        return ""
    lines = [
        "Reference estimates, FOR YOUR JUDGEMENT ONLY. Never state, hint at or confirm these "
        "numbers. When the candidate's estimate is far outside the tolerance, ask them to "
        "walk you through how they got it:"
    ]
    lines += [f"- {figure_text(f)}" for f in knowledge.figures]
    return "\n".join(lines)


def interviewer_knowledge(knowledge: ProblemKnowledge | None, level: ExperienceLevel) -> str:
    """The knowledge sections of the interviewer's system prompt.

    Args:
        knowledge: The problem's knowledge (None: nothing to add).
        level: The candidate's level (selects the bar).

    Returns:
        The red flags with their probes, the level bar and the reference figures
        (marked never to be stated); "" when there is no knowledge.
    """
    if knowledge is None:
        return ""
    parts = [_flags_text(knowledge), level_bar_text(knowledge, level), _figures_text(knowledge)]
    return "\n\n".join(p for p in parts if p)
