"""The communication finding: clear, reasoned, structured answers, not length or lists.

Clarity is the share of answers that are not vague; reasoning is the share of the
candidate's substantive claims that give a reason; structure is signposting; the
communication concepts of the problem (stating assumptions, summarising) count as for
any competency. Stuffed lists of terms pull the strength down.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from interview_platform.analysis.conversation import Analysis
from interview_platform.evaluation.rubric import Competency
from interview_platform.evaluation.scoring import MAX_QUOTES, Finding, trimmed_quote
from interview_platform.evaluation.signals import Turn
from interview_platform.models import Evidence

if TYPE_CHECKING:
    from interview_platform.problems.bank import Problem

_SUBSTANTIVE_WORDS = 6


def _concepts(analysis: Analysis, problem: Problem, finding: Finding) -> float:
    concepts = problem.concepts_for_competency("communication")
    total = sum(c.weight for c in concepts)
    earned = 0.0
    for concept in concepts:
        credit = analysis.credit(concept.id)
        earned += concept.weight * credit
        if credit < 1.0:
            finding.uncovered.append(concept)
    return earned / total if total else 0.0


def communication(
    competency: Competency, analysis: Analysis, turns: Sequence[Turn], problem: Problem
) -> Finding:
    """Return the communication finding (assessed whenever the candidate spoke)."""
    finding = Finding(competency.id, assessed=bool(turns))
    if not turns:
        return finding
    substantive = [c for c in analysis.claims if c.info.words >= _SUBSTANTIVE_WORDS]
    reasoned = [c for c in substantive if c.info.reasoned]
    reasoning = min(1.0, len(reasoned) / max(4.0, 0.5 * len(substantive)))
    clarity = 1 - sum(1 for t in turns if t.is_vague) / len(turns)
    structure = min(1.0, sum(1 for t in turns if t.structured) / max(3, len(turns) // 2))
    covered = _concepts(analysis, problem, finding)
    strength = 0.4 * reasoning + 0.25 * clarity + 0.15 * structure + 0.2 * covered
    strength -= 1.5 * analysis.stuffed_share()
    finding.strength = round(max(0.0, min(1.0, strength)), 4)
    finding.supporting = list(reasoned)
    for ref in reasoned:
        if len(finding.evidence) >= MAX_QUOTES:
            break
        quote = trimmed_quote(ref.info.text)
        if quote in ref.message.content and ref.info.words >= 10 and not analysis.is_flagged(ref):
            finding.evidence.append(Evidence(quote, ref.message.id, ref.message.created_at))
    return finding
