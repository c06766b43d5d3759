"""Interview state of the offline interviewer, derived from the conversation alone.

Nothing is kept between turns: every reply recomputes the state from
``ctx.history`` (and the current diagram), so a browser refresh or a restart
loses nothing and the same history always gives the same reply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interview_platform.analysis.answers import TextIndex, covered_concepts
from interview_platform.analysis.conversation import Analysis, FigureIssue, FlagHit, analyse
from interview_platform.interviewer.offline_phrases import (
    PHASES,
    PUSH_CONCEPT,
    PUSH_TOPIC,
    as_question,
    normalize_question,
    questions_in,
)
from interview_platform.models import MessageRole
from interview_platform.problems.knowledge import ProblemKnowledge

if TYPE_CHECKING:
    from interview_platform.diagram.model import DiagramGraph
    from interview_platform.interviewer.turn_types import TurnContext
    from interview_platform.problems.bank import RubricConcept

__all__ = ["InterviewState", "derive_state", "ordered_uncovered"]

_PUSH_MARKERS = tuple(
    normalize_question(t.split("{", 1)[0])[:30] for t in PUSH_CONCEPT + PUSH_TOPIC
)


@dataclass
class InterviewState:
    """What the conversation so far tells the interviewer.

    Attributes:
        turn: Number of interviewer turns so far.
        asked: Normalised question sentences the interviewer has already asked.
        interviewer_text: All interviewer turns, lowercased and joined.
        covered: Concept id -> keywords, over all candidate turns and the diagram.
        last_answer: The candidate's newest turn ("" when the last turn is not theirs).
        last_covered: Concept id -> keywords covered by the newest turn alone.
        new_covered: Ids of concepts the newest turn covered for the first time.
        probed: The concept the latest interviewer question was about, if any.
        last_was_push: The previous interviewer turn was a harder follow-up.
        last_was_probe: The previous interviewer turn asked for specifics.
        analysis: Claim-level analysis of the whole conversation.
        last_flags: Red flags raised by the newest answer.
        last_figures: Far-off estimates in the newest answer.
        probed_flags: Ids of red flags and figures already probed (from metadata).
        topics: Topic (concept id) of every interviewer turn, oldest first.
        last_reasoned: Concepts the newest answer argued for (reasoned, unflagged claims).
        asked_last: The question sentences of the latest interviewer turn.
    """

    turn: int = 0
    asked: set[str] = field(default_factory=set)
    interviewer_text: str = ""
    covered: dict[str, list[str]] = field(default_factory=dict)
    last_answer: str = ""
    last_covered: dict[str, list[str]] = field(default_factory=dict)
    new_covered: list[str] = field(default_factory=list)
    probed: RubricConcept | None = None
    last_was_push: bool = False
    last_was_probe: bool = False
    analysis: Analysis = field(default_factory=Analysis)
    last_flags: list[FlagHit] = field(default_factory=list)
    last_figures: list[FigureIssue] = field(default_factory=list)
    probed_flags: set[str] = field(default_factory=set)
    topics: list[str] = field(default_factory=list)
    last_reasoned: set[str] = field(default_factory=set)
    asked_last: list[str] = field(default_factory=list)

    def topic_streak(self) -> tuple[str, int]:
        """The topic of the latest interviewer turns and how many in a row were on it."""
        if not self.topics or not self.topics[-1]:
            return "", 0
        last = self.topics[-1]
        count = 0
        for topic in reversed(self.topics):
            if topic != last:
                break
            count += 1
        return last, count

    def was_asked(self, question: str) -> bool:
        """Return True when this question (its last question sentence) was asked before."""
        found = questions_in(question)
        return bool(found) and found[-1] in self.asked

    def mentioned(self, text: str) -> bool:
        """Return True when the interviewer already said this text verbatim."""
        return " ".join(text.lower().split()) in self.interviewer_text

    def hints_given(self, concept: RubricConcept) -> int:
        """Count how many rungs of a concept's hint ladder were already given."""
        return sum(1 for h in concept.hints if self.mentioned(h.replace("?", ".")))


def _diagram_text(diagram: DiagramGraph | None) -> str:
    if diagram is None:
        return ""
    parts = [c.label for c in diagram.components]
    parts += [c.kind.replace("_", " ") for c in diagram.components if c.kind != "unknown"]
    parts += [p.replace("_", " ") for p in diagram.patterns]
    return " \n ".join(parts)


def concept_of_turn(text: str, concepts: tuple[RubricConcept, ...]) -> RubricConcept | None:
    """The concept an interviewer turn asked about: its question, a hint, or its name."""
    questions = questions_in(text)
    last_question = questions[-1] if questions else ""
    lowered = " ".join(text.lower().split())
    for concept in concepts:
        own = questions_in(as_question(concept.question))
        if own and own[-1] == last_question:
            return concept
    for concept in concepts:
        if any(
            h and " ".join(h.lower().replace("?", ".").split()) in lowered for h in concept.hints
        ):
            return concept
    for concept in concepts:
        if normalize_question(concept.name) in last_question:
            return concept
    return None


def _judge(state: InterviewState, ctx: TurnContext, knowledge: ProblemKnowledge) -> None:
    """Fill the claim-level view: coverage, the newest answer's red flags and figures."""
    state.analysis = analyse(ctx.history, ctx.problem, knowledge)
    newest = ctx.history[-1] if ctx.history else None
    if newest is None or newest.role is not MessageRole.CANDIDATE:
        return
    state.last_flags = [h for h in state.analysis.flags if h.claim.message is newest]
    state.last_figures = [i for i in state.analysis.figure_issues if i.claim.message is newest]
    state.last_reasoned = {
        cid
        for cid, credit in state.analysis.concepts.items()
        if any(
            r.message is newest and r.info.reasoned and not state.analysis.is_flagged(r)
            for r in credit.claims
        )
    }
    for cid in state.analysis.concepts:
        if state.analysis.covered(cid) and cid not in state.covered:
            state.covered[cid] = []


def _topics(ctx: TurnContext, concepts: tuple[RubricConcept, ...], state: InterviewState) -> None:
    for message in ctx.history:
        if message.role is not MessageRole.INTERVIEWER:
            continue
        for key in ("red_flag", "figure"):
            value = message.metadata.get(key)
            if isinstance(value, str):
                state.probed_flags.add(value)
        topic = message.metadata.get("topic")
        if not isinstance(topic, str):
            found = concept_of_turn(message.content, concepts)
            topic = found.id if found else ""
        state.topics.append(topic)


def derive_state(ctx: TurnContext, knowledge: ProblemKnowledge | None = None) -> InterviewState:
    """Recompute the interview state from the context's history and diagram.

    Args:
        ctx: The turn context (history oldest first).
        knowledge: The problem's knowledge; without it only keywords are matched.
    """
    concepts = tuple(ctx.problem.concepts)
    state = InterviewState()
    candidate_parts: list[str] = []
    interviewer_turns: list[str] = []
    for message in ctx.history:
        if message.role is MessageRole.INTERVIEWER:
            interviewer_turns.append(message.content)
            state.asked.update(questions_in(message.content))
        elif message.role is MessageRole.CANDIDATE:
            candidate_parts.append(message.content)
    state.turn = len(interviewer_turns)
    state.interviewer_text = " ".join(" ".join(interviewer_turns).lower().split())
    index = TextIndex("\n".join([*candidate_parts, _diagram_text(ctx.diagram)]))
    state.covered = covered_concepts(index, concepts)
    if ctx.history and ctx.history[-1].role is MessageRole.CANDIDATE:
        state.last_answer = ctx.history[-1].content
        state.last_covered = covered_concepts(state.last_answer, concepts)
        before = TextIndex("\n".join([*candidate_parts[:-1], _diagram_text(ctx.diagram)]))
        earlier = covered_concepts(before, concepts)
        state.new_covered = [cid for cid in state.last_covered if cid not in earlier]
    for text in reversed(interviewer_turns):
        state.probed = concept_of_turn(text, concepts)
        if state.probed is not None:
            break
    if interviewer_turns:
        last_qs = questions_in(interviewer_turns[-1])
        state.asked_last = last_qs
        last_q = last_qs[-1] if last_qs else ""
        state.last_was_push = any(last_q.startswith(m) for m in _PUSH_MARKERS if m)
        state.last_was_probe = "specific" in last_q or "concrete" in last_q or "exactly" in last_q
    if knowledge is not None:
        _judge(state, ctx, knowledge)
    _topics(ctx, concepts, state)
    return state


def ordered_uncovered(ctx: TurnContext, state: InterviewState) -> list[RubricConcept]:
    """Uncovered concepts, most important first: this phase, then earlier, then later.

    Within a phase, concepts are ordered by weight (heaviest first), then as listed.
    """
    current = PHASES.index(ctx.phase) if ctx.phase in PHASES else 0
    earlier = list(reversed(PHASES[:current]))
    later = list(PHASES[current + 1 :])
    order = [PHASES[current], *earlier, *later]
    result: list[RubricConcept] = []
    for phase in order:
        phase_concepts = [
            c for c in ctx.problem.concepts if c.phase == phase and c.id not in state.covered
        ]
        result += sorted(phase_concepts, key=lambda c: -c.weight)
    known = set(PHASES)
    result += [
        c for c in ctx.problem.concepts if c.phase not in known and c.id not in state.covered
    ]
    return result
