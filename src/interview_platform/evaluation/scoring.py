"""Claim-based per-competency findings of the offline rubric evaluator.

A competency's *strength* (0..1) comes from what the candidate's claims earned
(:mod:`interview_platform.analysis.conversation`): the weighted credit of the problem's
concepts for that competency (reasoned claims earn full credit, bare mentions a
little, stuffed lists nothing, ideas the interviewer supplied half) plus one measure
of the competency itself (estimates that hold up, the diagram, stated trade-offs,
clarifying questions, reasoned claims in its vocabulary). Red flags lower it and cap
the score; a score of 3 or more needs a reasoned quote that shows it. A competency
no claim touched is *not assessed*. Length and vocabulary alone earn nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interview_platform.analysis.claim_numbers import Quantity
from interview_platform.analysis.conversation import Analysis, ClaimRef, FigureIssue, FlagHit
from interview_platform.diagram.model import DiagramGraph
from interview_platform.evaluation.rubric import Competency
from interview_platform.evaluation.signals import Turn
from interview_platform.models import Confidence, Evidence

if TYPE_CHECKING:
    from interview_platform.problems.bank import Problem, RubricConcept

# Lower bounds of strength for scores 2, 3, 4 and 5 (below the first: score 1).
SCORE_THRESHOLDS = (0.15, 0.35, 0.55, 0.75)
MAX_QUOTES = 3
_FLAG_PENALTY = {"major": 0.25, "minor": 0.12}
_FIGURE_PENALTY = {"inconsistent": 0.12, "arithmetic": 0.12, "off_reference": 0.05}
_QUOTED_SCORE = 3  # a score this high needs a reasoned quote
MAX_QUOTE_CHARS = 280
_DEVELOPED = 2  # reasoned claims that make a point developed rather than made once
_ONCE = 0.8


def trimmed_quote(text: str) -> str:
    """A claim cut to quote length at a word boundary (still a verbatim substring)."""
    if len(text) <= MAX_QUOTE_CHARS:
        return text
    cut = text[:MAX_QUOTE_CHARS]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:")


def _sized(quantity: Quantity) -> bool:
    """A number that estimates something (a rate, a size, or a large count)."""
    return quantity.unit != "count" or quantity.value >= 1000


@dataclass
class Finding:
    """What the evaluator found for one competency."""

    competency: str
    strength: float = 0.0
    assessed: bool = True
    supporting: list[ClaimRef] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    uncovered: list[RubricConcept] = field(default_factory=list)
    flags: list[FlagHit] = field(default_factory=list)
    figure_issues: list[FigureIssue] = field(default_factory=list)
    cap: int = 5

    @property
    def score(self) -> int:
        """The 1-5 score of the strength, capped by red flags and missing evidence."""
        raw = 1 + sum(1 for bound in SCORE_THRESHOLDS if self.strength >= bound)
        cap = self.cap if self.evidence else min(self.cap, _QUOTED_SCORE - 1)
        return max(1, min(raw, cap))

    @property
    def confidence(self) -> Confidence:
        """How sure the score is: reasoned claims over several turns, or a red flag."""
        reasoned = [c for c in self.supporting if c.info.reasoned]
        turns = {c.turn for c in reasoned}
        if len(reasoned) >= 3 and len(turns) >= 2:
            return Confidence.HIGH
        if reasoned or self.flags:
            return Confidence.MEDIUM
        return Confidence.LOW


def _quote(finding: Finding, ref: ClaimRef, analysis: Analysis) -> None:
    """Quote a claim as evidence of the competency (a wrong claim never is)."""
    if len(finding.evidence) >= MAX_QUOTES or analysis.is_flagged(ref) or not ref.topical:
        return
    quote = trimmed_quote(ref.info.text)
    if any(e.quote == quote for e in finding.evidence) or quote not in ref.message.content:
        return
    finding.evidence.append(Evidence(quote, ref.message.id, ref.message.created_at))


def _coverage(analysis: Analysis, concepts: Sequence[RubricConcept], finding: Finding) -> float:
    total = sum(c.weight for c in concepts)
    earned = 0.0
    for concept in sorted(concepts, key=lambda c: -c.weight):
        credit = analysis.concepts.get(concept.id)
        if credit is None or credit.credit <= 0:
            finding.uncovered.append(concept)
            continue
        reasoned = [r for r in credit.claims if r.info.reasoned and not analysis.is_flagged(r)]
        # Depth: a point argued once earns most of its credit; developed further, all of it.
        depth = 1.0 if len(reasoned) >= _DEVELOPED or credit.credit < 1.0 else _ONCE
        earned += concept.weight * credit.credit * depth
        finding.supporting.extend(r for r in credit.claims if r not in finding.supporting)
        if credit.best is not None and credit.credit >= 1.0:
            _quote(finding, credit.best, analysis)
        if credit.credit < 1.0:
            finding.uncovered.append(concept)
    return earned / total if total else 0.0


def _vocabulary(analysis: Analysis, competency: Competency, finding: Finding) -> float:
    """Reasoned, unflagged claims in the competency's own vocabulary."""
    flagged = {id(h.claim) for h in analysis.flags}
    hits = [
        ref
        for ref in analysis.claims
        if ref.info.reasoned
        and id(ref) not in flagged
        and ref.info.index.matches(competency.signals)
    ]
    for ref in hits:
        if ref not in finding.supporting:
            finding.supporting.append(ref)
    return min(1.0, len(hits) / 4)


def _estimation(
    analysis: Analysis, turns: Sequence[Turn], finding: Finding, _: DiagramGraph | None
) -> float:
    good = {f.id for f, _ in analysis.figures_ok}
    reasoned = [
        r
        for r in analysis.claims
        if r.info.reasoned and r.topical and any(_sized(q) for q in r.info.quantities)
    ]
    for ref in reasoned[:MAX_QUOTES]:
        _quote(finding, ref, analysis)
        if ref not in finding.supporting:
            finding.supporting.append(ref)
    return min(1.0, (len(good) + 0.5 * len(reasoned)) / 4)


def _requirements(
    analysis: Analysis, turns: Sequence[Turn], finding: Finding, _: DiagramGraph | None
) -> float:
    """Clarifying questions about the problem early on (not about the interview process)."""
    early = {t.message.id for t in turns[:4] if t.asks_question}
    asked = {
        r.message.id
        for r in analysis.claims
        if r.message.id in early and r.info.text.rstrip().endswith("?") and r.topical
    }
    return min(1.0, len(asked) / 2)


def _design(
    analysis: Analysis, turns: Sequence[Turn], finding: Finding, diagram: DiagramGraph | None
) -> float:
    """The drawing's size and connections; without one, reasoned design claims in words.

    A candidate who interviews without the whiteboard is not marked down for not drawing.
    """
    if diagram is None or not diagram.components:
        signals = _DESIGN_WORDS
        said = [r for r in analysis.claims if r.info.reasoned and r.info.index.matches(signals)]
        return min(1.0, len(said) / 4)
    size = min(1.0, len(diagram.components) / 6)
    links = min(1.0, len(diagram.connections) / max(1, len(diagram.components) - 1))
    return 0.5 * size + 0.5 * links


def _tradeoffs(
    analysis: Analysis, turns: Sequence[Turn], finding: Finding, _: DiagramGraph | None
) -> float:
    flagged = {id(h.claim) for h in analysis.flags}
    stated = [r for r in analysis.claims if r.info.tradeoff and id(r) not in flagged]
    for ref in stated:
        if ref not in finding.supporting:
            finding.supporting.append(ref)
        _quote(finding, ref, analysis)
    return min(1.0, len(stated) / 3)


_DESIGN_WORDS = (
    "service", "database", "cache", "queue", "load balancer", "gateway",
    "worker", "storage", "client", "server", "flow", "stream",
)  # fmt: skip


Extra = Callable[[Analysis, Sequence[Turn], Finding, DiagramGraph | None], float]
_EXTRA: dict[str, Extra] = {
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


def _apply_flags(analysis: Analysis, finding: Finding) -> None:
    finding.flags = analysis.flags_for(finding.competency)
    for hit in finding.flags:
        finding.strength -= _FLAG_PENALTY.get(hit.flag.severity, 0.12)
        finding.cap = min(finding.cap, hit.flag.cap)
    if finding.competency == "estimation":
        finding.figure_issues = list(analysis.figure_issues)
        for issue in finding.figure_issues:
            finding.strength -= _FIGURE_PENALTY.get(issue.kind, 0.05)
            if issue.kind != "off_reference":
                finding.cap = min(finding.cap, 3)
    finding.strength = round(max(0.0, min(1.0, finding.strength)), 4)


def _touched(
    analysis: Analysis, competency: Competency, concepts: Sequence[RubricConcept], finding: Finding
) -> bool:
    named = any(analysis.covered(c.id) for c in concepts)
    said = any(r.info.index.matches(competency.signals) for r in analysis.claims)
    return named or said or bool(finding.supporting) or bool(finding.flags)


def assess(
    competency: Competency,
    analysis: Analysis,
    turns: Sequence[Turn],
    problem: Problem,
    diagram: DiagramGraph | None,
) -> Finding:
    """Return the finding of one competency other than communication (module docstring)."""
    finding = Finding(competency.id)
    concepts = problem.concepts_for_competency(competency.id)
    coverage = _coverage(analysis, concepts, finding)
    vocabulary = _vocabulary(analysis, competency, finding)
    extra_of = _EXTRA.get(competency.id)
    extra = extra_of(analysis, turns, finding, diagram) if extra_of else vocabulary
    if competency.id == "high_level_design" and diagram is not None:
        drawn = core_component_share(problem, diagram)
        coverage = max(coverage, 0.5 * coverage + 0.5 * drawn)
    finding.strength = 0.6 * coverage + 0.4 * extra if concepts else extra
    _apply_flags(analysis, finding)
    finding.assessed = _touched(analysis, competency, concepts, finding) or (
        competency.id == "high_level_design" and bool(diagram and diagram.components)
    )
    finding.supporting.sort(key=lambda r: (r.turn, r.message.created_at))
    return finding
