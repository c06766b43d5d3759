"""Feedback groups, the improvement plan and the overall score, from the findings.

Feedback is shaped for the person: red flags and far-off estimates go to *needs
improvement* with the candidate's quote and the correction; competencies the
interview never reached are named as not assessed; targets are phrased as the
behaviour wanted at the candidate's level; a strong candidate gets growth advice
from the bar of the level above and from what was said but never drawn. The plan
has at most :data:`MAX_PLAN_STEPS` prioritised steps, each with resources of its
own competency only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interview_platform.analysis.claim_numbers import describe, ratio
from interview_platform.diagram.gaps import kind_name
from interview_platform.diagram.model import DiagramGaps
from interview_platform.evaluation.plan_resources import distinct_resources
from interview_platform.evaluation.rubric import Rubric
from interview_platform.evaluation.scoring import Finding, trimmed_quote
from interview_platform.models import (
    CompetencyScore,
    Evidence,
    ExperienceLevel,
    FeedbackItem,
    ImprovementStep,
)
from interview_platform.problems.knowledge import ProblemKnowledge

if TYPE_CHECKING:
    from interview_platform.analysis.conversation import ClaimRef, FigureIssue
    from interview_platform.problems.bank import Problem

WEAK_SCORE = 3  # competencies at or below this get improvement steps
STRONG_SCORE = 4  # every assessed competency at least this: advice from the level above
MAX_PLAN_STEPS = 5
_LEVELS = list(ExperienceLevel)


@dataclass
class FeedbackGroups:
    """Feedback sorted into the three groups a candidate reads."""

    went_well: list[FeedbackItem] = field(default_factory=list)
    went_okay: list[FeedbackItem] = field(default_factory=list)
    needs_improvement: list[FeedbackItem] = field(default_factory=list)


def overall_score(rubric: Rubric, scores: Sequence[CompetencyScore]) -> float:
    """Weighted mean of the 1-5 scores mapped onto 0-100 (one decimal).

    A competency not assessed adds nothing: what was not shown earns no credit.
    """
    by_id = {s.competency: s for s in scores}
    total = sum(c.weight for c in rubric.competencies) or 1.0
    earned = 0.0
    for competency in rubric.competencies:
        score = by_id.get(competency.id)
        if score is not None and score.assessed:
            earned += competency.weight * (score.score - 1) / 4
    return round(max(0.0, min(100.0, earned / total * 100)), 1)


def weakest(rubric: Rubric, scores: Sequence[CompetencyScore]) -> str:
    """Return the id of the weakest competency (lowest score, then highest weight)."""
    order = {cid: i for i, cid in enumerate(rubric.ids())}
    ranked = sorted(
        scores,
        key=lambda s: (
            s.score if s.assessed else 0,
            -rubric.competency(s.competency).weight,
            order[s.competency],
        ),
    )
    return ranked[0].competency if ranked else rubric.ids()[0]


def _evidence(ref: ClaimRef) -> Evidence:
    return Evidence(trimmed_quote(ref.info.text), ref.message.id, ref.message.created_at)


def figure_text(issue: FigureIssue) -> str:
    """Feedback on an estimate that is far off, with units."""
    stated, expected = describe(issue.stated, issue.unit), describe(issue.expected, issue.unit)
    if issue.kind == "arithmetic":
        return f"Estimation: this step comes to about {expected}, not {stated}; recheck it."
    if issue.kind == "inconsistent":
        return (
            f"Estimation: {stated} does not follow from the daily figure in the same answer, "
            f"which gives about {expected} (a day has about 86,400 seconds)."
        )
    figure = issue.figure
    name = figure.name if figure else "this estimate"
    assumption = f" with {figure.assumption}" if figure else ""
    times = ratio(issue.stated, issue.expected)
    return (
        f"Estimation: {name} came out at {stated}, about {times:.0f}x away from the "
        f"roughly {expected} that follows{assumption}."
    )


def _level_text(competency_name: str, score: int, anchor: str) -> str:
    return f"{competency_name} ({score}/5): {anchor}"


def feedback_groups(
    rubric: Rubric, scores: Sequence[CompetencyScore], findings: Sequence[Finding]
) -> FeedbackGroups:
    """Sort competencies into went well (>=4), okay (3) and needs improvement (<=2).

    Red flags and far-off estimates are added to *needs improvement* with their
    quote; competencies not assessed are listed under *went okay* as such.
    """
    groups = FeedbackGroups()
    by_id = {f.competency: f for f in findings}
    for score in scores:
        competency = rubric.competency(score.competency)
        finding = by_id.get(score.competency)
        if not score.assessed:
            groups.needs_improvement.append(
                FeedbackItem(
                    f"{competency.name}: not assessed. No answer touched it, so it earned "
                    "nothing; leave time for it next time."
                )
            )
            continue
        text = _level_text(competency.name, score.score, competency.anchor(score.score))
        missing = [c.name for c in (finding.uncovered if finding else [])][:3]
        if score.score <= WEAK_SCORE and missing:
            text += f" Still to show: {', '.join(missing)}."
        item = FeedbackItem(text, list(score.evidence))
        target = (
            groups.went_well
            if score.score >= 4
            else groups.went_okay if score.score == 3 else groups.needs_improvement
        )
        target.append(item)
    groups.needs_improvement = _errors(findings) + groups.needs_improvement
    return groups


def _errors(findings: Sequence[Finding]) -> list[FeedbackItem]:
    """One item per misconception and per wrong estimate, with the candidate's words."""
    items: list[FeedbackItem] = []
    seen: set[str] = set()
    for finding in findings:
        for hit in finding.flags:
            if hit.flag.id not in seen:
                seen.add(hit.flag.id)
                text = f"{hit.flag.claim} {hit.flag.correction}"
                items.append(FeedbackItem(text, [_evidence(hit.claim)]))
        for issue in finding.figure_issues:
            key = f"{issue.kind}:{issue.figure.id if issue.figure else id(issue.claim)}"
            if key not in seen:
                seen.add(key)
                items.append(FeedbackItem(figure_text(issue), [_evidence(issue.claim)]))
    return items


def _resources(rubric: Rubric, competency_id: str, used: set[str]) -> list[str]:
    fresh = [r for r in rubric.competency(competency_id).resources if r not in used]
    used.update(fresh)
    return fresh


def _next_level(level: ExperienceLevel) -> ExperienceLevel | None:
    index = _LEVELS.index(level)
    return _LEVELS[index + 1] if index + 1 < len(_LEVELS) else None


@dataclass(frozen=True)
class PlanContext:
    """What the plan is built from besides the scores."""

    level: ExperienceLevel
    problem: Problem
    knowledge: ProblemKnowledge
    gaps: DiagramGaps | None = None


def _flag_steps(
    findings: Sequence[Finding], rubric: Rubric, used: set[str]
) -> list[ImprovementStep]:
    steps: list[ImprovementStep] = []
    seen: set[str] = set()
    for finding in findings:
        for hit in finding.flags:
            if hit.flag.id in seen:
                continue
            seen.add(hit.flag.id)
            text = f"Revisit this: {hit.flag.correction}"
            steps.append(
                ImprovementStep(
                    finding.competency, text, _resources(rubric, finding.competency, used)
                )
            )
    return steps


def _weak_steps(
    scores: Sequence[CompetencyScore],
    findings: Sequence[Finding],
    rubric: Rubric,
    ctx: PlanContext,
    used: set[str],
) -> list[ImprovementStep]:
    by_id = {f.competency: f for f in findings}
    order = {cid: i for i, cid in enumerate(rubric.ids())}
    # Weakest first; among equals, the earlier skill (scoping before deep dives).
    weak = sorted(
        (s for s in scores if s.assessed and s.score <= WEAK_SCORE),
        key=lambda s: (s.score, order[s.competency]),
    )
    steps: list[ImprovementStep] = []
    for score in weak:
        competency = rubric.competency(score.competency)
        expected = competency.expectations.get(ctx.level.value, "")
        finding = by_id.get(score.competency)
        missing = finding.uncovered[0] if finding and finding.uncovered else None
        points = ctx.knowledge.points_for(missing.id) if missing else []
        if points:
            text = f"{expected} Next time: {points[0].point} {points[0].because}"
        elif missing is not None:
            text = f"{expected} Practise {missing.name.lower()}: {missing.question}"
        else:
            text = expected
        steps.append(
            ImprovementStep(competency.id, text.strip(), _resources(rubric, competency.id, used))
        )
    return steps


def _growth_steps(
    scores: Sequence[CompetencyScore], rubric: Rubric, ctx: PlanContext, used: set[str]
) -> list[ImprovementStep]:
    steps: list[ImprovementStep] = []
    if ctx.gaps and ctx.gaps.said_not_drawn:
        said = ", ".join(kind_name(k) for k in ctx.gaps.said_not_drawn)
        steps.append(
            ImprovementStep(
                "high_level_design",
                f"Draw what you describe: you talked about {said} but the diagram did not show it.",
                _resources(rubric, "high_level_design", used),
            )
        )
    above = _next_level(ctx.level)
    bar = ctx.knowledge.bar(above.value) if above else ""
    strong = all(s.score >= STRONG_SCORE for s in scores if s.assessed)
    if bar and strong:
        lowest = min((s for s in scores if s.assessed), key=lambda s: s.score, default=None)
        competency = lowest.competency if lowest else "deep_dive_scalability"
        steps.append(
            ImprovementStep(
                competency,
                f"To reach the {above.value if above else ''} bar: {bar}",
                _resources(rubric, competency, used),
            )
        )
    return steps


def improvement_plan(
    rubric: Rubric,
    scores: Sequence[CompetencyScore],
    findings: Sequence[Finding],
    ctx: PlanContext,
) -> list[ImprovementStep]:
    """At most :data:`MAX_PLAN_STEPS` prioritised steps: corrections, weak areas, growth."""
    used: set[str] = set()
    steps = _flag_steps(findings, rubric, used)
    steps += _weak_steps(scores, findings, rubric, ctx, used)
    steps += _growth_steps(scores, rubric, ctx, used)
    return distinct_resources(steps[:MAX_PLAN_STEPS])
