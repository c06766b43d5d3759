"""What happens to a score once its evidence is checked.

:func:`~interview_platform.evaluation.evidence.verify_evidence` drops quotes the
candidate never said. A good score (3 or more) whose quotes were ALL dropped
rests on words that were made up, so it is lowered to 2 with low confidence;
a score that never had quotes is left as it is (it is judged by its rationale).

Example::

    evaluation = enforce_evidence(evaluation, session_messages, rubric, session.level)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from interview_platform.evaluation.evidence import verify_evidence
from interview_platform.evaluation.feedback import overall_score
from interview_platform.evaluation.rubric import Rubric
from interview_platform.models import (
    CompetencyScore,
    Confidence,
    Evaluation,
    ExperienceLevel,
    Message,
)

__all__ = ["UNSUPPORTED_SCORE", "demote_unsupported", "enforce_evidence"]

UNSUPPORTED_SCORE = 2
"""The score a competency gets when every quote behind a higher score was invented."""
_NOTE = "Lowered: none of the quotes given for this score are the candidate's words."


def _demoted(before: CompetencyScore, after: CompetencyScore) -> CompetencyScore:
    supported = not before.evidence or bool(after.evidence)
    if not after.assessed or before.score <= UNSUPPORTED_SCORE or supported:
        return after
    rationale = f"{after.rationale} {_NOTE}".strip()
    return replace(after, score=UNSUPPORTED_SCORE, confidence=Confidence.LOW, rationale=rationale)


def demote_unsupported(before: Evaluation, after: Evaluation) -> Evaluation:
    """Lower the scores whose quotes were all dropped by verification.

    Args:
        before: The evaluation as the engine returned it.
        after: The same evaluation after :func:`verify_evidence`.

    Returns:
        ``after`` with every competency scored 3 or more that had quotes before and
        has none after set to score 2, confidence low, and a note in its rationale.
    """
    original = {c.competency: c for c in before.competencies}
    competencies = [
        _demoted(original[c.competency], c) if c.competency in original else c
        for c in after.competencies
    ]
    return replace(after, competencies=competencies)


def enforce_evidence(
    evaluation: Evaluation,
    messages: Sequence[Message],
    rubric: Rubric,
    level: ExperienceLevel,
) -> Evaluation:
    """Verify the quotes of an evaluation, then lower the scores left without any.

    When a score is lowered, the overall score and the hiring signal are computed
    again from the rubric, so the headline agrees with the competencies.

    Args:
        evaluation: An evaluation from any engine.
        messages: The session's conversation.
        rubric: The rubric (weights and hiring thresholds).
        level: The candidate's level (hiring thresholds).

    Returns:
        A copy holding verified evidence only, with unsupported scores lowered.
    """
    checked = demote_unsupported(evaluation, verify_evidence(evaluation, messages))
    if [c.score for c in checked.competencies] == [c.score for c in evaluation.competencies]:
        return checked
    overall = overall_score(rubric, checked.competencies)
    return replace(
        checked, overall_score=overall, hiring_signal=rubric.hiring_signal(level, overall)
    )
