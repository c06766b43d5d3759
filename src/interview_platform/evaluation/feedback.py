"""Feedback groups, the improvement plan and the overall score, from competency scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interview_platform.ai.contracts import DiagramGaps
from interview_platform.evaluation.rubric import Rubric
from interview_platform.models import CompetencyScore, FeedbackItem, ImprovementStep

if TYPE_CHECKING:
    from interview_platform.ai.problem_bank import Problem, RubricConcept

WEAK_SCORE = 3  # competencies at or below this get improvement steps
MAX_PLAN_QUESTIONS = 2


@dataclass
class FeedbackGroups:
    """Feedback sorted into the three groups a candidate reads."""

    went_well: list[FeedbackItem] = field(default_factory=list)
    went_okay: list[FeedbackItem] = field(default_factory=list)
    needs_improvement: list[FeedbackItem] = field(default_factory=list)


def overall_score(rubric: Rubric, scores: Sequence[CompetencyScore]) -> float:
    """Return the weighted mean of 1-5 scores mapped onto 0-100 (one decimal)."""
    by_id = {s.competency: s.score for s in scores}
    weighted = sum(c.weight * by_id.get(c.id, 1) for c in rubric.competencies)
    total = sum(c.weight for c in rubric.competencies if c.id in by_id) or 1.0
    mean = weighted / total if len(by_id) == len(rubric.competencies) else weighted
    return round(max(0.0, min(100.0, (mean - 1) / 4 * 100)), 1)


def weakest(rubric: Rubric, scores: Sequence[CompetencyScore]) -> str:
    """Return the id of the weakest competency (lowest score, then highest weight)."""
    order = {cid: i for i, cid in enumerate(rubric.ids())}
    ranked = sorted(
        scores,
        key=lambda s: (s.score, -rubric.competency(s.competency).weight, order[s.competency]),
    )
    return ranked[0].competency if ranked else rubric.ids()[0]


def feedback_groups(
    rubric: Rubric,
    scores: Sequence[CompetencyScore],
    uncovered: Mapping[str, Sequence[RubricConcept]],
) -> FeedbackGroups:
    """Sort competencies into went well (>=4), went okay (3) and needs improvement (<=2)."""
    groups = FeedbackGroups()
    for score in scores:
        competency = rubric.competency(score.competency)
        text = f"{competency.name}: {competency.anchor(score.score)}"
        missing = [c.name for c in uncovered.get(score.competency, ())]
        if score.score <= 3 and missing:
            text += f" Not covered: {', '.join(missing[:4])}."
        item = FeedbackItem(text, list(score.evidence))
        if score.score >= 4:
            groups.went_well.append(item)
        elif score.score == 3:
            groups.went_okay.append(item)
        else:
            groups.needs_improvement.append(item)
    return groups


def improvement_plan(
    rubric: Rubric,
    scores: Sequence[CompetencyScore],
    problem: Problem,
    uncovered: Mapping[str, Sequence[RubricConcept]],
    gaps: DiagramGaps | None = None,
) -> list[ImprovementStep]:
    """Concrete steps for every competency scored 3 or lower, weakest first.

    Each weak competency gets the anchor of the next score up as the target,
    practice questions from the concepts it missed, and study resources from
    the rubric and the problem.
    """
    steps: list[ImprovementStep] = []
    weak = sorted(
        (s for s in scores if s.score <= WEAK_SCORE),
        key=lambda s: (s.score, -rubric.competency(s.competency).weight),
    )
    for score in weak:
        competency = rubric.competency(score.competency)
        resources = [*competency.resources, *problem.resources]
        target = competency.anchor(score.score + 1)
        steps.append(ImprovementStep(competency.id, f"Aim for: {target}", resources))
        for concept in list(uncovered.get(competency.id, ()))[:MAX_PLAN_QUESTIONS]:
            steps.append(
                ImprovementStep(
                    competency.id,
                    f"Practise {concept.name.lower()}: {concept.question}",
                    list(competency.resources[:1]),
                )
            )
        if competency.id == "high_level_design" and gaps and gaps.missing_components:
            missing = ", ".join(gaps.missing_components)
            steps.append(
                ImprovementStep(
                    competency.id,
                    f"Draw the whole design; your diagram was missing: {missing}.",
                    list(problem.resources[:1]),
                )
            )
    return steps
