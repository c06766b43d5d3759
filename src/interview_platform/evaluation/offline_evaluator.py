"""The offline rubric evaluator: deterministic scoring with no AI provider.

It scores every rubric competency from what the candidate actually said
(concept coverage of the problem's rubric, estimation numbers, answer depth,
trade-off reasoning, clarity) and what they drew (the diagram graph), quoting
the sentences that support each score. The same session always gets the same
report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interview_platform.analysis.conversation import analyse
from interview_platform.evaluation.communication import communication
from interview_platform.evaluation.evaluator import EvaluationInput
from interview_platform.evaluation.feedback import (
    PlanContext,
    feedback_groups,
    improvement_plan,
    overall_score,
    weakest,
)
from interview_platform.evaluation.mode_analysis import analyse_recording
from interview_platform.evaluation.rubric import Rubric
from interview_platform.evaluation.scoring import Finding, assess
from interview_platform.evaluation.signals import candidate_turns
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import CompetencyScore, Confidence, Evaluation, MessageRole
from interview_platform.problems.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from interview_platform.problems.bank import Problem, ProblemBank

ENGINE_NAME = "offline-rubric"
_SIGNALS = ("no hire", "lean no hire", "lean hire", "hire", "strong hire")


def _rationale(finding: Finding, rubric: Rubric) -> str:
    competency = rubric.competency(finding.competency)
    if not finding.assessed:
        return "Not assessed: no answer touched this competency."
    reasoned = len({id(c) for c in finding.supporting if c.info.reasoned})
    parts = [f"Strength {finding.strength:.2f} from {reasoned} reasoned claim(s)."]
    if finding.flags:
        parts.append(f"Red flags: {'; '.join(h.flag.claim for h in finding.flags[:3])}")
    if finding.uncovered:
        names = ", ".join(c.name for c in finding.uncovered[:4])
        parts.append(f"Not shown with reasoning: {names}.")
    parts.append(f"Anchor: {competency.anchor(finding.score)}")
    return " ".join(parts)


def _score(finding: Finding, rubric: Rubric) -> CompetencyScore:
    return CompetencyScore(
        competency=finding.competency,
        score=finding.score if finding.assessed else 1,
        confidence=finding.confidence if finding.assessed else Confidence.LOW,
        evidence=list(finding.evidence) if finding.assessed else [],
        rationale=_rationale(finding, rubric),
        assessed=finding.assessed,
    )


def correctness_factor(findings: list[Finding]) -> float:
    """How much stated errors take off the overall score (1.0 = none).

    A fluent answer that is wrong is worse than a short one that is right: every
    distinct major red flag takes 12%, a minor one or an arithmetic error 6%.
    """
    majors = {h.flag.id for f in findings for h in f.flags if h.flag.severity == "major"}
    minors = {h.flag.id for f in findings for h in f.flags if h.flag.severity != "major"}
    arithmetic = {
        id(i.claim) for f in findings for i in f.figure_issues if i.kind != "off_reference"
    }
    penalty = 0.12 * len(majors) + 0.06 * len(minors) + 0.06 * len(arithmetic)
    return max(0.4, 1.0 - penalty)


def asked_competencies(inp: EvaluationInput) -> set[str]:
    """Competencies the interviewer asked about (turn topics) that the candidate then answered."""
    by_id = {c.id: c.competency for c in inp.problem.concepts}
    asked: set[str] = set()
    pending: str | None = None
    for message in inp.messages:
        if message.role is MessageRole.INTERVIEWER:
            topic = message.metadata.get("topic")
            pending = by_id.get(topic) if isinstance(topic, str) else None
        elif message.role is MessageRole.CANDIDATE and pending is not None:
            asked.add(pending)
            pending = None
    return asked


def capped_signal(signal: str, findings: list[Finding]) -> str:
    """Lower the hiring signal when several major misconceptions were stated."""
    majors = {h.flag.id for f in findings for h in f.flags if h.flag.severity == "major"}
    ceiling = 4 if len(majors) < 2 else 1 if len(majors) == 2 else 0
    if signal not in _SIGNALS:
        return signal
    return _SIGNALS[min(_SIGNALS.index(signal), ceiling)]


def next_problem_id(bank: ProblemBank, inp: EvaluationInput, weakest_id: str) -> str | None:
    """Pick the next problem to practise, aimed at the weakest competency."""
    exclude = [inp.problem.id] if inp.problem.id else []
    try:
        problem: Problem = bank.recommend(
            inp.session.level, weakest_competency=weakest_id, exclude=exclude
        )
    except (LookupError, InterviewPlatformError):
        return None
    return problem.id


class OfflineRubricEvaluator:
    """Scores a session against the rubric without any model.

    Args:
        rubric: The versioned rubric.
        bank: The problem bank (next problem recommendation).
    """

    name = ENGINE_NAME

    def __init__(
        self, rubric: Rubric, bank: ProblemBank, knowledge: KnowledgeBase | None = None
    ) -> None:
        self._rubric = rubric
        self._bank = bank
        self._knowledge = knowledge or KnowledgeBase.load_default()

    @property
    def rubric(self) -> Rubric:
        """The rubric this evaluator scores against."""
        return self._rubric

    def findings(self, inp: EvaluationInput) -> list[Finding]:
        """Return the per-competency findings, in rubric order."""
        turns = candidate_turns(inp.messages)
        knowledge = self._knowledge.for_problem(inp.problem)
        analysis = analyse(inp.messages, inp.problem, knowledge)
        findings = [
            (
                communication(competency, analysis, turns, inp.problem)
                if competency.id == "communication"
                else assess(competency, analysis, turns, inp.problem, inp.diagram)
            )
            for competency in self._rubric.competencies
        ]
        asked = asked_competencies(inp)
        for finding in findings:
            # Asked and answered (even "can we skip this?") is assessed: it scores what it earned.
            finding.assessed = finding.assessed or finding.competency in asked
        return findings

    def evaluate(self, inp: EvaluationInput) -> Evaluation:
        """Score the session and build the full report."""
        findings = self.findings(inp)
        scores = [_score(f, self._rubric) for f in findings]
        overall = round(overall_score(self._rubric, scores) * correctness_factor(findings), 1)
        groups = feedback_groups(self._rubric, scores, findings)
        plan = PlanContext(
            inp.session.level, inp.problem, self._knowledge.for_problem(inp.problem), inp.gaps
        )
        signal = self._rubric.hiring_signal(inp.session.level, overall)
        return Evaluation(
            session_id=inp.session.id,
            engine=ENGINE_NAME,
            rubric_version=self._rubric.version,
            overall_score=overall,
            hiring_signal=capped_signal(signal, findings),
            competencies=scores,
            went_well=groups.went_well,
            went_okay=groups.went_okay,
            needs_improvement=groups.needs_improvement,
            improvement_plan=improvement_plan(self._rubric, scores, findings, plan),
            mode_analysis=analyse_recording(inp),
            next_problem_id=next_problem_id(self._bank, inp, weakest(self._rubric, scores)),
        )
