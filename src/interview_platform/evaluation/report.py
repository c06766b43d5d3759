"""The evaluation as the JSON document the command line prints."""

from __future__ import annotations

from typing import Any

from interview_platform.evaluation.rubric import Rubric
from interview_platform.exceptions import ValidationError
from interview_platform.models import Evaluation, Evidence, FeedbackItem, to_jsonable


def _evidence(items: list[Evidence]) -> list[dict[str, Any]]:
    return [
        {
            "quote": e.quote,
            "message_id": e.message_id,
            "timestamp": e.timestamp.isoformat() if e.timestamp else None,
        }
        for e in items
    ]


def _feedback(items: list[FeedbackItem]) -> list[dict[str, Any]]:
    return [{"text": i.text, "evidence": _evidence(i.evidence)} for i in items]


def _name(rubric: Rubric, competency_id: str) -> str:
    try:
        return rubric.competency(competency_id).name
    except ValidationError:
        return competency_id


def evaluation_document(evaluation: Evaluation, rubric: Rubric) -> dict[str, Any]:
    """Return the evaluation as JSON-compatible data with readable competency names."""
    return {
        "session_id": evaluation.session_id,
        "status": evaluation.status.value,
        "engine": evaluation.engine,
        "is_fallback": evaluation.is_fallback,
        "rubric_version": evaluation.rubric_version,
        "overall_score": evaluation.overall_score,
        "hiring_signal": evaluation.hiring_signal,
        "competencies": [
            {
                "id": c.competency,
                "name": _name(rubric, c.competency),
                "score": c.value,
                "assessed": c.assessed,
                "confidence": c.confidence.value,
                "evidence": _evidence(c.evidence),
                "rationale": c.rationale,
            }
            for c in evaluation.competencies
        ],
        "went_well": _feedback(evaluation.went_well),
        "went_okay": _feedback(evaluation.went_okay),
        "needs_improvement": _feedback(evaluation.needs_improvement),
        "improvement_plan": to_jsonable(evaluation.improvement_plan),
        "next_problem_id": evaluation.next_problem_id,
        "mode_analysis": evaluation.mode_analysis,
        "token_usage": evaluation.token_summary,
        "created_at": evaluation.created_at.isoformat(),
    }
