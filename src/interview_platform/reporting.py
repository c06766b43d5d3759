"""Evaluation reports as Markdown and JSON (downloads, CLI output)."""

from __future__ import annotations

import json
from typing import Any

from interview_platform.models import Evaluation, FeedbackItem, to_jsonable


def report_dict(evaluation: Evaluation) -> dict[str, Any]:
    """Return the evaluation as JSON-compatible data."""
    data: dict[str, Any] = to_jsonable(evaluation)
    return data


def report_json(evaluation: Evaluation) -> str:
    """Return the evaluation as pretty-printed JSON."""
    return json.dumps(report_dict(evaluation), ensure_ascii=False, indent=2)


def _feedback(title: str, items: list[FeedbackItem]) -> list[str]:
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
    lines += _feedback("Went well", evaluation.went_well)
    lines += _feedback("Went okay", evaluation.went_okay)
    lines += _feedback("Needs improvement", evaluation.needs_improvement)
    lines += ["## Improvement plan", ""]
    for step in evaluation.improvement_plan:
        lines.append(f"- **{step.competency}:** {step.step}")
        lines += [f"  - {resource}" for resource in step.resources]
    if evaluation.next_problem_id:
        lines += ["", f"**Next problem to practise:** {evaluation.next_problem_id}"]
    return "\n".join(lines) + "\n"
