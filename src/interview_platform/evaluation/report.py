"""An evaluation as a report: the JSON document, pretty JSON, and Markdown.

:func:`evaluation_document` is what the command line prints (competency names
from the rubric); :func:`report_json` and :func:`report_markdown` are the
downloads of the evaluation page.
"""

from __future__ import annotations

import json
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


def report_json(evaluation: Evaluation) -> str:
    """Return the evaluation, every stored field, as pretty-printed JSON."""
    return json.dumps(to_jsonable(evaluation), ensure_ascii=False, indent=2)


def _markdown_feedback(title: str, items: list[FeedbackItem]) -> list[str]:
    lines = [f"## {title}", ""]
    if not items:
        lines.append("_Nothing here._")
    for item in items:
        lines.append(f"- {item.text}")
        lines += [f'  > "{ev.quote}"' for ev in item.evidence]
    return [*lines, ""]


def report_markdown(evaluation: Evaluation, title: str = "Interview evaluation") -> str:
    """Render the evaluation as a Markdown report."""
    kind = " (fallback)" if evaluation.is_fallback else ""
    lines = [
        f"# {title}",
        "",
        f"**Overall score:** {evaluation.overall_score:.0f}/100 · "
        f"**Signal:** {evaluation.hiring_signal}",
        f"**Engine:** {evaluation.engine}{kind} · **Rubric:** {evaluation.rubric_version}",
        "",
        "## Competencies",
        "",
        "| Competency | Score | Confidence |",
        "|---|---|---|",
    ]
    lines += [
        f"| {c.competency} | {c.label} | {c.confidence.value} |" for c in evaluation.competencies
    ]
    lines.append("")
    lines += _markdown_feedback("Went well", evaluation.went_well)
    lines += _markdown_feedback("Went okay", evaluation.went_okay)
    lines += _markdown_feedback("Needs improvement", evaluation.needs_improvement)
    lines += ["## Improvement plan", ""]
    for step in evaluation.improvement_plan:
        lines.append(f"- **{step.competency}:** {step.step}")
        lines += [f"  - {resource}" for resource in step.resources]
    if evaluation.next_problem_id:
        lines += ["", f"**Next problem to practise:** {evaluation.next_problem_id}"]
    return "\n".join(lines) + "\n"
