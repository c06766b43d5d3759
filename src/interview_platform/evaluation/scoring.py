"""Deterministic per-competency findings of the offline rubric evaluator.

Each competency gets a *strength* in 0..1 built from: the weighted share of
the problem's rubric concepts for that competency that the candidate covered,
the general rubric signals they used, and a competency-specific measure
(estimation numbers, the diagram, trade-off reasoning, clarity). Strength maps
onto a 1-5 score through :data:`SCORE_THRESHOLDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interview_platform.ai.contracts import DiagramGraph
from interview_platform.evaluation.evidence import quote_for
from interview_platform.evaluation.rubric import Competency
from interview_platform.evaluation.signals import Turn, depth
from interview_platform.models import Confidence, Evidence

if TYPE_CHECKING:
    from interview_platform.ai.problem_bank import Problem, RubricConcept

# Lower bounds of strength for scores 2, 3, 4 and 5 (below the first: score 1).
SCORE_THRESHOLDS = (0.15, 0.35, 0.55, 0.75)
SIGNAL_TARGET = 8  # distinct rubric signal words that count as full use of the vocabulary
MAX_QUOTES = 3


@dataclass
class Finding:
    """What the evaluator found for one competency."""

    competency: str
    strength: float
    supporting: list[Turn] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    uncovered: list[RubricConcept] = field(default_factory=list)

    @property
    def score(self) -> int:
        """The 1-5 score of the strength."""
        return 1 + sum(1 for bound in SCORE_THRESHOLDS if self.strength >= bound)

    @property
    def confidence(self) -> Confidence:
        """How sure the score is: amount of supporting turns, lowered when they are vague."""
        count = len({t.message.id for t in self.supporting})
        if count == 0:
            return Confidence.LOW
        vague_share = sum(1 for t in self.supporting if t.is_vague) / len(self.supporting)
        if count >= 3 and vague_share < 0.5:
            return Confidence.HIGH
        return Confidence.LOW if vague_share >= 0.5 else Confidence.MEDIUM


def _add_quote(evidence: list[Evidence], turn: Turn, keywords: Sequence[str]) -> None:
    if len(evidence) >= MAX_QUOTES or any(e.message_id == turn.message.id for e in evidence):
        return
    quote = quote_for(turn.message, keywords)
    if quote is not None:
        evidence.append(quote)


def _concepts(turns: Sequence[Turn], concepts: Sequence[RubricConcept], finding: Finding) -> float:
    """Weighted share of concepts covered; records supporting turns and quotes."""
    total = sum(c.weight for c in concepts)
    covered = 0.0
    for concept in concepts:
        hits = [t for t in turns if t.index.matches(concept.keywords)]
        if not hits:
            finding.uncovered.append(concept)
            continue
        covered += concept.weight
        finding.supporting.extend(t for t in hits if t not in finding.supporting)
        _add_quote(finding.evidence, hits[0], concept.keywords)
    return covered / total if total else 0.0


def _signals(turns: Sequence[Turn], competency: Competency, finding: Finding) -> float:
    """Share of the competency's general vocabulary used (capped)."""
    used: set[str] = set()
    for turn in turns:
        hits = turn.index.matches(competency.signals)
        if hits:
            used.update(hits)
            if turn not in finding.supporting:
                finding.supporting.append(turn)
            _add_quote(finding.evidence, turn, hits)
    return min(1.0, len(used) / SIGNAL_TARGET)


def _estimation(turns: Sequence[Turn], _: Finding, __: DiagramGraph | None) -> float:
    quantities = sum(t.quantities for t in turns)
    math = sum(1 for t in turns if t.has_math)
    return 0.6 * min(1.0, quantities / 8) + 0.4 * min(1.0, math / 2)


def _requirements(turns: Sequence[Turn], finding: Finding, _: DiagramGraph | None) -> float:
    questions = sum(1 for t in turns[:6] if t.asks_question)
    return 0.5 * min(1.0, questions / 2) + 0.5 * depth(finding.supporting)


def _design(turns: Sequence[Turn], finding: Finding, diagram: DiagramGraph | None) -> float:
    text_depth = depth(finding.supporting)
    if diagram is None or not diagram.components:
        return text_depth
    size = min(1.0, len(diagram.components) / 6)
    links = min(1.0, len(diagram.connections) / max(1, len(diagram.components) - 1))
    return 0.5 * text_depth + 0.25 * size + 0.25 * links


def _tradeoffs(turns: Sequence[Turn], finding: Finding, _: DiagramGraph | None) -> float:
    reasoning = len({t.message.id for t in finding.supporting})
    return 0.5 * min(1.0, reasoning / 4) + 0.5 * depth(finding.supporting)


def _default(turns: Sequence[Turn], finding: Finding, _: DiagramGraph | None) -> float:
    return depth(finding.supporting)


_EXTRA: dict[str, Callable[[Sequence[Turn], Finding, DiagramGraph | None], float]] = {
    "estimation": _estimation,
    "requirements": _requirements,
    "high_level_design": _design,
    "tradeoffs": _tradeoffs,
}


def core_component_share(problem: Problem, diagram: DiagramGraph | None) -> float:
    """Share of the problem's core component kinds that the diagram shows."""
    if diagram is None or not problem.core_components:
        return 0.0
    kinds = diagram.kinds()
    return sum(1 for k in problem.core_components if k in kinds) / len(problem.core_components)


def communication(turns: Sequence[Turn], competency: Competency) -> Finding:
    """Clarity: few vague answers, developed turns, signposted structure."""
    finding = Finding(competency.id, 0.0, supporting=list(turns))
    if not turns:
        return finding
    clear = 1 - sum(1 for t in turns if t.is_vague) / len(turns)
    structure = min(1.0, sum(1 for t in turns if t.structured) / max(3, len(turns) // 2))
    finding.strength = 0.35 * clear + 0.4 * depth(turns) + 0.25 * structure
    for turn in [t for t in turns if t.structured and not t.is_vague][:MAX_QUOTES]:
        _add_quote(finding.evidence, turn, turn.index.matches(competency.signals))
    return finding


def assess(
    competency: Competency,
    turns: Sequence[Turn],
    problem: Problem,
    diagram: DiagramGraph | None,
) -> Finding:
    """Return the finding of one competency (see the module docstring)."""
    if competency.id == "communication":
        return communication(turns, competency)
    finding = Finding(competency.id, 0.0)
    concepts = problem.concepts_for_competency(competency.id)
    coverage = _concepts(turns, concepts, finding)
    signals = _signals(turns, competency, finding)
    extra = _EXTRA.get(competency.id, _default)(turns, finding, diagram)
    if competency.id == "high_level_design" and diagram is not None:
        coverage = max(coverage, core_component_share(problem, diagram))
    if concepts:
        strength = 0.35 * coverage + 0.2 * signals + 0.45 * extra
    else:
        strength = 0.45 * signals + 0.55 * extra
    finding.strength = round(min(1.0, strength), 4)
    finding.supporting.sort(key=lambda t: t.message.created_at)
    return finding
