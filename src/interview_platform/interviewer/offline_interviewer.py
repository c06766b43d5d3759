"""The built-in offline interviewer: deterministic, rubric-driven, no network, no key.

It reads the whole conversation on every turn (the conversation is its memory),
works out which rubric concepts the candidate has covered in speech and on the
whiteboard, and picks one move: ask to restate, stay in role, give the next
hint, move on when the clock says so, announce a requirement change (senior and
above), answer a clarifying question, probe a vague answer, push harder after
a strong one, scaffold after a weak one, or ask the most important uncovered
concept. Every turn asks exactly one question, never one asked before, and
never hands over the answer.

Example::

    engine = OfflineInterviewer()
    text = "".join(engine.respond(ctx))
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from interview_platform.diagram.gaps import kind_name
from interview_platform.diagram.model import DiagramGaps, DiagramGraph
from interview_platform.interviewer import offline_adaptive as adaptive
from interview_platform.interviewer import offline_clarify as clarify
from interview_platform.interviewer import offline_judgement as judgement
from interview_platform.interviewer import offline_moves as moves
from interview_platform.interviewer.offline_moves import Reply, ask_next
from interview_platform.interviewer.offline_phrases import PHASES, as_statement
from interview_platform.interviewer.offline_state import (
    InterviewState,
    concept_of_turn,
    derive_state,
)
from interview_platform.interviewer.turn_types import TurnContext
from interview_platform.models import ResumeData
from interview_platform.problems.knowledge import KnowledgeBase

__all__ = ["OfflineInterviewer"]

_SAFE_NAME = re.compile(r"[^A-Za-z\u00c0-\u024f' -]")
_SAFE_DOMAIN = re.compile(r"[^A-Za-z0-9&/ +.-]")
_FIRST_QUESTION = (
    "Before you start designing, what would you like to clarify about the requirements?"
)
_PHASE_PLAN = (
    "We'll go through requirements, a rough capacity estimate, the API and data model, the "
    "high-level design and a deep dive; I'll keep an eye on the time."
)


def _greeting(resume: ResumeData | None) -> list[str]:
    """Greeting that uses the resume only as data (a first name and a domain)."""
    if resume is None:
        return ["Hi, thanks for joining — I'll be your interviewer today."]
    words = _SAFE_NAME.sub("", resume.name).split()
    first = words[0][:30] if words else ""
    hello = f"Hi {first}, thanks for joining" if first else "Hi, thanks for joining"
    parts = [f"{hello} — I'll be your interviewer today."]
    domains = [_SAFE_DOMAIN.sub("", d).strip()[:40] for d in resume.domain_expertise]
    domains = [d for d in domains if d]
    if domains:
        parts.append(
            f"I see you've worked in {domains[0]}, so parts of this may feel familiar, "
            "but treat it as a fresh design."
        )
    return parts


def _diagram_summary(graph: DiagramGraph) -> str:
    if not graph.components:
        return "The board is empty so far."
    names = [c.label or kind_name(c.kind) for c in graph.components][:5]
    shown = ", ".join(names)
    summary = (
        f"I can see {len(graph.components)} component{'s' * (len(graph.components) != 1)} "
        f"({shown}) and {len(graph.connections)} "
        f"connection{'s' * (len(graph.connections) != 1)} on the board."
    )
    if graph.patterns:
        summary += f" I notice {', '.join(p.replace('_', '/') for p in graph.patterns[:3])}."
    return summary.replace("?", "")


# Priority order: the first move that applies answers the turn.
MOVES = (
    moves.restate,
    moves.refuse_injection,
    judgement.challenge_red_flag,
    judgement.challenge_figure,
    adaptive.give_hint,
    moves.transition,
    moves.wrap_up,
    moves.redirect_off_topic,
    clarify.answer_clarification,
    moves.requirement_change,
    adaptive.probe_vague,
    adaptive.push_harder,
    adaptive.scaffold,
)


# Moves that stay on a topic by nature: the candidate is mid-answer or being checked.
_STICKY_MOVES = frozenset({"hint", "red_flag", "figure", "restate"})
_MAX_STREAK = 2
_LAST_CONVERSATION_PHASE = PHASES.index("deep_dive")  # only the clock moves to wrap-up


def _advance_phase(ctx: TurnContext, state: InterviewState) -> None:
    """Move on when every point of the current phase is covered, not only by the clock."""
    if ctx.phase not in PHASES:
        return
    index = PHASES.index(ctx.phase)
    start = index
    # One phase at a time: every phase announced in the opening is visited.
    if index < _LAST_CONVERSATION_PHASE:
        concepts = ctx.problem.concepts_for_phase(PHASES[index])
        if concepts and all(c.id in state.covered for c in concepts):
            index += 1
    if index != start:
        ctx.phase = PHASES[index]
        ctx.phase_changed = True
        ctx.notes["phase"] = ctx.phase


def _topic_of(ctx: TurnContext, reply: Reply) -> str:
    noted = ctx.notes.get("topic")
    if isinstance(noted, str):
        return noted
    found = concept_of_turn(reply.question, tuple(ctx.problem.concepts))
    return found.id if found else ""


class OfflineInterviewer:
    """A structured interviewer that needs no API key (implements ``TurnEngine``).

    Args:
        knowledge: Problem knowledge (key points, red flags, figures); the packaged
            set when not given.
    """

    name = "offline"

    def __init__(self, knowledge: KnowledgeBase | None = None) -> None:
        self._knowledge = knowledge or KnowledgeBase.load_default()

    def _state(self, ctx: TurnContext) -> InterviewState:
        return derive_state(ctx, self._knowledge.for_problem(ctx.problem))

    def opening(self, ctx: TurnContext) -> Iterator[str]:
        """Yield the greeting, the problem for the candidate's level and a first question.

        Args:
            ctx: The turn context (history is usually empty).
        """
        statement = as_statement(ctx.problem.statement_for(ctx.level))
        reply = Reply(
            [*_greeting(ctx.resume), f"Here's the problem: {statement}", _PHASE_PLAN],
            _FIRST_QUESTION,
        )
        yield from reply.chunks()

    def respond(self, ctx: TurnContext) -> Iterator[str]:
        """Yield the reply to the candidate's newest turn: one question, never a repeat.

        Args:
            ctx: The turn context; the newest candidate turn is the last history item.
        """
        state = self._state(ctx)
        _advance_phase(ctx, state)
        reply = next((r for r in (move(ctx, state) for move in MOVES) if r is not None), None)
        reply = reply or ask_next(ctx, state)
        topic = _topic_of(ctx, reply)
        streak_topic, streak = state.topic_streak()
        sticky = ctx.notes.get("move") in _STICKY_MOVES
        if topic and topic == streak_topic and streak >= _MAX_STREAK and not sticky:
            ctx.notes.pop("topic", None)
            reply = ask_next(ctx, state, avoid=topic)
            topic = _topic_of(ctx, reply)
        ctx.notes["topic"] = topic or None
        yield from reply.chunks()

    def review_diagram(
        self, ctx: TurnContext, gaps: DiagramGaps, png: bytes | None
    ) -> Iterator[str]:
        """Yield a comment on the whiteboard and one follow-up from the gaps.

        Said-but-not-drawn comes first, then missing components, then a
        connection or request-flow question. The PNG is not read offline.

        Args:
            ctx: The turn context (``ctx.diagram`` is the graph read from the canvas).
            gaps: Gaps found between diagram, conversation and rubric.
            png: The snapshot image (unused by the offline engine).
        """
        del png  # the offline engine reads the canvas objects, not the pixels
        state = self._state(ctx)
        graph = ctx.diagram or DiagramGraph()
        statements = [_diagram_summary(graph)]
        if gaps.said_not_drawn:
            said = ", ".join(kind_name(k) for k in gaps.said_not_drawn)
            statements.append(f"You talked about {said}, which I don't see drawn yet.")
        fallback = "Could you walk me through one request end to end on this diagram, box by box?"
        candidates = [*gaps.follow_up_questions, fallback]
        question = next((q for q in candidates if not state.was_asked(q)), None)
        if question is None:
            question = ask_next(ctx, state).question
        yield from Reply(statements, question).chunks()

    def review_screen(self, ctx: TurnContext, png: bytes | None) -> Iterator[str]:
        """Yield an honest note (no pixels are read offline) and one follow-up question.

        Args:
            ctx: The turn context.
            png: The latest screen capture (unused by the offline engine).
        """
        del png  # reading a screenshot needs a vision model
        state = self._state(ctx)
        walk = "Could you walk me through what your screen shows and where it fits the design?"
        question = walk if not state.was_asked(walk) else ask_next(ctx, state).question
        note = (
            "Thanks for sharing your screen. The offline interviewer can't read images, "
            "so I'll go by what you tell me."
        )
        yield from Reply([note], question).chunks()
