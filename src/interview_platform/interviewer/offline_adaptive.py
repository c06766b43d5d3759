"""Adaptive moves of the offline interviewer: hints, probes, harder and easier questions.

Each move returns a :class:`~interview_platform.interviewer.offline_moves.Reply` or None
to pass. Strength thresholds come from :func:`answer_analysis.answer_strength`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from interview_platform.analysis import answers as aa
from interview_platform.interviewer import offline_phrases as ph
from interview_platform.interviewer.offline_moves import (
    Reply,
    acknowledgement,
    concept_name,
    first_new,
    next_question,
    title_of,
    topic_of,
)
from interview_platform.interviewer.offline_state import InterviewState, ordered_uncovered

if TYPE_CHECKING:
    from interview_platform.interviewer.turn_types import TurnContext

__all__ = ["STRONG", "WEAK", "give_hint", "probe_vague", "push_harder", "scaffold"]

STRONG = 0.6  # answer_strength at or above: push harder
WEAK = 0.3  # answer_strength below: scaffold


_DONT_KNOW = re.compile(
    r"\b(?:i (?:don'?t|do not) know|no idea|not sure|i'?m not sure|no clue|dunno|"
    r"i have no idea|can'?t think|that'?s all i (?:have|know|can think of)|nothing else)\b",
    re.IGNORECASE,
)


def says_dont_know(text: str) -> bool:
    """A short answer that admits not knowing ("I don't know", "no idea")."""
    return len(text.split()) <= 12 and bool(_DONT_KNOW.search(text))


def give_hint(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """Hint request or "I don't know": the next rung of the probed concept's hint ladder."""
    asked = ctx.hint_requested or aa.asks_for_hint(state.last_answer)
    if not (asked or says_dont_know(state.last_answer)):
        return None
    ctx.notes["move"] = "hint"
    uncovered = ordered_uncovered(ctx, state)
    concept = state.probed or (uncovered[0] if uncovered else None)
    if concept is None:
        return Reply(["You've covered the main ground already."], next_question(ctx, state))
    ctx.notes["topic"] = concept.id
    rung = state.hints_given(concept)
    lead = ph.HINT_LEADS[min(rung, len(ph.HINT_LEADS) - 1)]
    if rung < len(concept.hints):
        hint = ph.as_statement(concept.hints[rung])
    elif rung == len(concept.hints) and concept.keywords:
        hint = f"The most direct pointer I can give: think about {concept.keywords[0]}."
    else:
        hint = ph.HINT_EXHAUSTED[ph.choose(ph.HINT_EXHAUSTED, f"hint:{state.turn}")]
    topic = concept_name(concept)
    follow = [t.format(topic=topic) for t in ph.rotated(ph.HINT_FOLLOW, f"hint:{state.turn}")]
    return Reply([lead, hint], first_new(state, follow) or next_question(ctx, state))


_NUMBER_PHASES = ("estimation", "deep_dive")
_COUNTABLE = frozenset({"estimation", "deep_dive_scalability"})
_DESIGNED = frozenset({"high_level_design", "deep_dive_scalability", "reliability"})
_DESIGN_PHASES = ("api_and_data_model", "high_level_design", "deep_dive")


def _is_clueless(report: aa.VaguenessReport) -> bool:
    """Very short with nothing concrete ("not sure", "I don't know"): scaffold, don't probe."""
    return report.words <= 6 and report.specifics == 0 and report.numbers == 0


def probe_vague(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """Vague answer (short, hedging, no specifics): ask for specifics or numbers."""
    report = aa.vagueness(state.last_answer)
    strength = aa.answer_strength(state.last_answer, ctx.problem.concepts)
    needs_numbers = ctx.phase == "estimation" and report.numbers == 0 and report.words < 40
    if not (report.is_vague or needs_numbers) or strength >= STRONG or _is_clueless(report):
        return None
    if state.last_was_probe and strength < WEAK:
        return None  # asked for specifics already and it didn't help: scaffold instead
    by_id = {c.id: c for c in ctx.problem.concepts}
    fresh = [by_id[cid] for cid in state.new_covered if cid in by_id]
    uncovered = ordered_uncovered(ctx, state)
    concept = fresh[0] if fresh else state.probed or (uncovered[0] if uncovered else None)
    topic = concept_name(fresh[0]) if fresh else topic_of(ctx, state)
    quote = " ".join(re.sub(r"[?\u201c\u201d\"]", "", state.last_answer).split()[:8])
    key = f"probe:{state.turn}"
    kind = concept.competency if concept is not None else ""
    pools: list[str] = []
    # A figure only for something that has one; "what fails" only for a part of the design.
    countable = ctx.phase == "estimation" or kind in _COUNTABLE
    if "no numbers" in report.reasons and ctx.phase in _NUMBER_PHASES and countable:
        pools += ph.rotated(ph.PROBE_NUMBERS, key)
    if ctx.phase in _DESIGN_PHASES and kind in _DESIGNED:
        pools += ph.rotated(ph.PROBE_DESIGN, key)
    pools += ph.rotated(ph.PROBE_GENERAL, key)
    question = first_new(state, [t.format(topic=topic, quote=quote) for t in pools])
    if question is None:
        return None
    ack = acknowledgement(state, ctx.problem.concepts) if state.new_covered else ""
    ctx.notes["move"] = "probe"
    return Reply([ack, ph.PROBE_LEADS[ph.choose(ph.PROBE_LEADS, key)]], question)


def push_harder(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """Strong answer: a harder follow-up (scale, failure, trade-off, deep-dive topic)."""
    strength = aa.answer_strength(state.last_answer, ctx.problem.concepts)
    if strength < STRONG or state.last_was_push or ctx.phase not in _DESIGN_PHASES:
        return None
    key = f"push:{state.turn}"
    # Harder questions belong to design concepts ("what fails at 10x" of a scope is nonsense).
    just_covered = [
        c for c in ctx.problem.concepts if c.id in state.last_covered and c.phase in _DESIGN_PHASES
    ]
    just_covered.sort(key=lambda c: -c.weight)
    candidates = [
        t.format(topic=concept_name(c))
        for c in just_covered
        for t in ph.rotated(ph.push_templates(c.competency), key)
    ]
    candidates += [
        t.format(topic=topic)
        for topic in ctx.problem.deep_dive_topics
        for t in ph.rotated(ph.PUSH_TOPIC, key)
    ]
    question = first_new(state, candidates)
    if question is None:
        return None
    lead = ph.ACK_STRONG[ph.choose(ph.ACK_STRONG, key)]
    ctx.notes["move"] = "push"
    return Reply([acknowledgement(state, ctx.problem.concepts), lead], question)


def scaffold(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """Weak answer: a gentle pointer and a smaller, more concrete question."""
    weak = aa.answer_strength(state.last_answer, ctx.problem.concepts) < WEAK
    if not weak or state.new_covered:
        return None
    uncovered = ordered_uncovered(ctx, state)
    concept = state.probed if state.probed is not None else (uncovered[0] if uncovered else None)
    topic = concept_name(concept) if concept is not None else f"the {title_of(ctx)}"
    key = f"scaffold:{state.turn}"
    candidates = [t.format(topic=topic) for t in ph.rotated(ph.SCAFFOLD, key)]
    question = first_new(state, candidates)
    if question is None:
        return None
    statements = [ph.SCAFFOLD_LEADS[ph.choose(ph.SCAFFOLD_LEADS, key)]]
    if concept is not None and concept.hints and state.hints_given(concept) == 0:
        statements.append(ph.as_statement(concept.hints[0]))
    ctx.notes["move"] = "scaffold"
    if concept is not None:
        ctx.notes["topic"] = concept.id
    return Reply(statements, question)
