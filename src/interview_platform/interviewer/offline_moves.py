"""The moves of the offline interviewer: each returns a reply, or None to pass.

A reply is a list of statements followed by exactly one question. Moves are
tried in priority order by the offline interviewer; the moves that adapt to the
candidate's strength (probe, push, scaffold, hint) live in ``offline_adaptive``.
No move ever asks a question that was already asked in the conversation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interview_platform.analysis import answers as aa
from interview_platform.interviewer import offline_phrases as ph
from interview_platform.interviewer.offline_state import InterviewState, ordered_uncovered
from interview_platform.models import ExperienceLevel

if TYPE_CHECKING:
    from interview_platform.interviewer.turn_types import TurnContext
    from interview_platform.problems.bank import RubricConcept

__all__ = [
    "Reply",
    "acknowledgement",
    "ask_next",
    "concept_name",
    "first_new",
    "next_question",
    "redirect_off_topic",
    "refuse_injection",
    "requirement_change",
    "restate",
    "topic_of",
    "transition",
    "wrap_up",
]

_LEVELS = list(ExperienceLevel)


@dataclass
class Reply:
    """Statements then one question; ``chunks`` streams them in order."""

    statements: list[str] = field(default_factory=list)
    question: str = ""

    def chunks(self) -> Iterator[str]:
        """Yield the reply in a few readable pieces."""
        parts = [s for s in self.statements if s] + [self.question]
        for i, part in enumerate(parts):
            yield part if i == len(parts) - 1 else part + " "


# Concept names that are not noun phrases ("Summarises the design") read badly mid-sentence.
_TOPIC_NAMES = {
    "summary": "your summary of the design",
    "assumptions": "your assumptions",
    "functional_scope": "the scope of the system",
    "tradeoffs": "the trade-offs",
}
_NOT_NOUN_START = ("summarises", "summarizes", "states", "what", "how", "which", "why")


def concept_name(concept: RubricConcept) -> str:
    """A concept's name as it reads mid-sentence ("Caching hot reads" -> "caching hot reads")."""
    name = concept.name.strip()
    first = name.split(maxsplit=1)[0].lower() if name else ""
    if concept.id in _TOPIC_NAMES and (first in _NOT_NOUN_START or concept.id == "tradeoffs"):
        return _TOPIC_NAMES[concept.id]
    if first in _NOT_NOUN_START:
        return "this part of the design"
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def title_of(ctx: TurnContext) -> str:
    """The problem's title as it reads mid-sentence ("the distributed rate limiter")."""
    title = ctx.problem.title.strip()
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


def first_new(state: InterviewState, candidates: Iterable[str]) -> str | None:
    """Return the first candidate question not asked before, or None."""
    for question in candidates:
        if question and not state.was_asked(question):
            return question
    return None


def _fallbacks(ctx: TurnContext, state: InterviewState) -> Iterator[str]:
    key = f"fallback:{state.turn}"
    for topic in ctx.problem.deep_dive_topics:
        for template in ph.rotated(ph.PUSH_TOPIC, key):
            yield template.format(topic=topic)
    yield from ph.rotated(ph.GENERIC_PROBES, key)
    for concept in ctx.problem.concepts:
        for template in ph.push_templates(concept.competency):
            yield template.format(topic=concept_name(concept))
    yield (
        f"Taking stock after {state.turn} exchanges: what is the next thing you would "
        "examine in this design?"
    )


def next_question(ctx: TurnContext, state: InterviewState, avoid: str = "") -> str:
    """The most important question not yet asked: uncovered concepts, then deeper probes.

    Args:
        ctx: The turn context.
        state: The interview state.
        avoid: A concept id not to ask about (the topic of the last two turns).
    """
    open_ = [c for c in ordered_uncovered(ctx, state) if c.id != avoid]
    for concept in open_:
        question = ph.as_question(concept.question)
        if not state.was_asked(question):
            ctx.notes["topic"] = concept.id
            return question
    found = first_new(state, _fallbacks(ctx, state))
    ctx.notes["deeper"] = True  # every open point was asked: go deeper on what was said
    return found or "What would you like to refine next in your design?"


def topic_of(ctx: TurnContext, state: InterviewState) -> str:
    """What the conversation is about right now: the probed or next uncovered concept."""
    if state.probed is not None:
        return concept_name(state.probed)
    uncovered = ordered_uncovered(ctx, state)
    return concept_name(uncovered[0]) if uncovered else f"the {title_of(ctx)}"


def acknowledgement(state: InterviewState, concepts: Iterable[RubricConcept]) -> str:
    """Name the one point the newest answer argued for the first time, else stay neutral.

    Only a point the candidate gave a reason for is named: saying "got it on
    idempotency" after a bare "POST to create a payment" would sign off what was not said.
    """
    by_id = {c.id: c for c in concepts}
    argued = [cid for cid in state.new_covered if cid in state.last_reasoned]
    names = [concept_name(by_id[cid]) for cid in argued if cid in by_id][:1]
    key = f"ack:{state.turn}"
    if not names:
        return ph.ACK_NEUTRAL[ph.choose(ph.ACK_NEUTRAL, key)]
    template = ph.ACK_COVERED[ph.choose(ph.ACK_COVERED, key)]
    return template.format(items=" and ".join(names))


def restate(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """Empty or gibberish answer: ask the candidate to restate it."""
    if not aa.is_gibberish_or_empty(state.last_answer):
        return None
    topic = topic_of(ctx, state)
    key = f"restate:{state.turn}"
    candidates = [t.format(topic=topic) for t in ph.rotated(ph.RESTATE, key)]
    question = first_new(state, candidates) or next_question(ctx, state)
    return Reply([ph.RESTATE_LEADS[ph.choose(ph.RESTATE_LEADS, key)]], question)


def refuse_injection(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """Attempt to steer the interviewer: stay in role and go back to the problem."""
    if not aa.looks_like_injection(state.last_answer):
        return None
    key = f"refuse:{state.turn}"
    lead = ph.REDIRECT_LEADS[ph.choose(ph.REDIRECT_LEADS, key)].format(title=title_of(ctx))
    return Reply([ph.REFUSALS[ph.choose(ph.REFUSALS, key)], lead], _redirect_question(ctx, state))


def _redirect_question(ctx: TurnContext, state: InterviewState) -> str:
    topic = topic_of(ctx, state)
    key = f"redirect:{state.turn}"
    templates = [t.format(topic=topic) for t in ph.rotated(ph.REDIRECT_QUESTIONS, key)]
    return first_new(state, templates) or next_question(ctx, state)


def transition(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """The clock moved into a new phase: say so and ask that phase's first question."""
    if not ctx.phase_changed:
        return None
    key = f"phase:{state.turn}"
    # Ahead of the clock (the candidate covered the phase) there is no "time is moving on".
    templates = ph.AHEAD_TRANSITIONS if ctx.notes.get("phase") else ph.TRANSITIONS
    template = templates[ph.choose(templates, key)]
    move_on = template.format(
        minutes=round(ctx.elapsed_minutes), phase=ph.PHASE_LABELS.get(ctx.phase, ctx.phase)
    )
    ack = acknowledgement(state, ctx.problem.concepts) if state.last_answer else ""
    if ctx.phase == "wrap_up":
        question = first_new(state, wrap_questions(state)) or next_question(ctx, state)
    else:
        question = phase_question(ctx, state)
    ctx.notes["move"] = "transition"
    return Reply([ack, move_on], question)


def phase_question(ctx: TurnContext, state: InterviewState) -> str:
    """A question that belongs to the current phase: an open concept, else a deeper one."""
    open_ = [c for c in ordered_uncovered(ctx, state) if c.phase == ctx.phase]
    found = first_new(state, (ph.as_question(c.question) for c in open_))
    if found is not None:
        ctx.notes["topic"] = next(c.id for c in open_ if ph.as_question(c.question) == found)
        return found
    deeper = [
        t.format(topic=concept_name(c))
        for c in ctx.problem.concepts_for_phase(ctx.phase)
        for t in ph.rotated(ph.push_templates(c.competency), f"phase:{state.turn}")
    ]
    found = first_new(state, deeper)
    if found is None:
        return next_question(ctx, state)
    ctx.notes["deeper"] = True  # every point of the phase was made: go deeper into one
    return found


def wrap_questions(state: InterviewState) -> list[str]:
    """Wrap-up questions, without asking for a summary the candidate already gave."""
    if "summary" in state.covered:
        return [q for q in ph.WRAP_QUESTIONS if "summarise" not in q]
    return list(ph.WRAP_QUESTIONS)


def requirement_change(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """Announce a mid-interview requirement change once, for senior and above."""
    if ctx.phase not in ph.PHASES or ctx.phase == "wrap_up":
        return None
    current = ph.PHASES.index(ctx.phase)
    issued = ctx.issued_changes()
    if issued:
        return None  # one change per interview: more would swamp the design discussion
    for index, change in enumerate(ctx.problem.requirement_changes):
        due = change.after_phase in ph.PHASES and ph.PHASES.index(change.after_phase) <= current
        # A change needs a design to change: something of that phase must have been said.
        due = due and any(
            c.id in state.covered for c in ctx.problem.concepts_for_phase(change.after_phase)
        )
        senior_enough = _LEVELS.index(ctx.level) >= _LEVELS.index(change.min_level)
        text = ph.as_statement(change.text)
        if due and senior_enough and not state.mentioned(text):
            question = first_new(state, ph.rotated(ph.CHANGE_QUESTIONS, text))
            ack = acknowledgement(state, ctx.problem.concepts)
            ctx.notes.update(move="requirement_change", requirement_change=index, topic="change")
            return Reply(
                [ack, "Let me change one thing.", text], question or next_question(ctx, state)
            )
    return None


def wrap_up(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """In wrap-up: ask for a summary and the biggest risk, then closing questions."""
    if ctx.phase != "wrap_up":
        return None
    question = first_new(state, wrap_questions(state)) or next_question(ctx, state)
    return Reply([acknowledgement(state, ctx.problem.concepts)], question)


def _attempts(answer: str, state: InterviewState) -> bool:
    """An unsure try at the question just asked is an answer, not a change of subject."""
    lowered = answer.lower()
    hedged = any(h in lowered for h in ("maybe", "not sure", "i think", "i guess", "perhaps"))
    asked = {w for q in state.asked_last for w in aa.normalize_tokens(q) if len(w) > 3}
    return hedged or bool(asked & set(aa.normalize_tokens(answer)))


def redirect_off_topic(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """A substantive answer with no design content: steer back to the problem."""
    answer = state.last_answer
    if not aa.is_off_topic(answer, ctx.problem.concepts) or _attempts(answer, state):
        return None
    key = f"redirect:{state.turn}"
    lead = ph.REDIRECT_LEADS[ph.choose(ph.REDIRECT_LEADS, key)].format(title=title_of(ctx))
    return Reply([lead], _redirect_question(ctx, state))


def ask_next(ctx: TurnContext, state: InterviewState, avoid: str = "") -> Reply:
    """Default move: acknowledge, then ask the most important uncovered concept."""
    ack = acknowledgement(state, ctx.problem.concepts)
    return Reply([ack], next_question(ctx, state, avoid))
