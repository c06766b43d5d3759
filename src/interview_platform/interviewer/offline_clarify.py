"""Clarifying questions to the offline interviewer: answered narrowly, scale turned back.

A good interviewer answers only what was asked ("Should links expire?" -> the expiry
requirement) and never hands over the reference numbers: a question about scale is
turned back to the candidate ("what would you assume?").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from interview_platform.analysis import answers as aa
from interview_platform.interviewer import offline_phrases as ph
from interview_platform.interviewer.offline_moves import Reply, first_new, next_question

if TYPE_CHECKING:
    from interview_platform.interviewer.offline_state import InterviewState
    from interview_platform.interviewer.turn_types import TurnContext

__all__ = ["answer_clarification"]

_QUESTION_SPLIT = re.compile(r"(?<=[?.!])\s+")
_CLARIFYING_PHASES = frozenset({"requirements", "estimation"})


def _lower_first(text: str) -> str:
    """Lowercase the first letter unless it starts an acronym ("URL", "API")."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


_SCALE_WORDS = (
    "how many", "scale", "users", "traffic", "qps", "rps", "volume", "read", "write", "storage",
    "how much", "size", "dau", "mau", "requests", "latency", "throughput", "peak",
)  # fmt: skip
_SCOPE_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "is",
        "are",
        "be",
        "should",
        "do",
        "does",
        "we",
        "it",
        "this",
        "that",
        "to",
        "of",
        "for",
        "in",
        "on",
        "and",
        "or",
        "what",
        "how",
        "which",
        "will",
        "can",
        "could",
        "would",
        "there",
        "any",
        "i",
        "you",
        "our",
        "my",
        "need",
    ]
)


def _scope_answer(problem_text: list[str], question: str, statement: str = "") -> str | None:
    """The requirement sentence that best answers the question, if any shares a word.

    Words are compared by five-letter prefix ("expire" ~ "expiry"); a word found in many
    requirement sentences or in the statement ("link" for a URL shortener) says less
    than a rare one; on a tie the word asked later (usually the point of the question) wins.
    """
    scale = {w for p in _SCALE_WORDS for w in aa.normalize_tokens(p)}
    asked = [w[:5] for w in aa.normalize_tokens(question) if w not in _SCOPE_STOP | scale]
    sentences = [{w[:5] for w in aa.normalize_tokens(s)} for s in problem_text]
    common = {w[:5] for w in aa.normalize_tokens(statement)}
    best, best_score = None, 0.0
    for sentence, words in zip(problem_text, sentences, strict=True):
        score = 0.0
        for position, word in enumerate(asked):
            if word in words:
                spread = sum(1 for other in sentences if word in other)
                weight = (0.5 if word in common else 1.0) / spread
                score += weight + 0.01 * position
        if score > best_score:
            best, best_score = sentence, score
    return best


def answer_clarification(ctx: TurnContext, state: InterviewState) -> Reply | None:
    """The candidate asked about the problem: answer only what was asked, then ask on.

    Scale questions are turned back ("what would you assume?"): the reference numbers
    are the candidate's to estimate, never handed over.
    """
    answer = state.last_answer
    if ctx.phase not in _CLARIFYING_PHASES or not aa.asks_clarifying_question(answer):
        return None  # later on, a question in an answer is part of the design discussion
    problem = ctx.problem
    key = f"clarify:{state.turn}"
    facts = [*problem.functional_requirements, *problem.non_functional_requirements]
    asked = [q for q in _QUESTION_SPLIT.split(answer) if q.strip()]
    about_scale = [q for q in asked if any(w in q.lower() for w in _SCALE_WORDS)]
    about_scope = " ".join(q for q in asked if q not in about_scale)
    found = _scope_answer(facts, about_scope, problem.statement) if about_scope else None
    if about_scale:
        ctx.notes["move"] = "clarify_scale"
        question = first_new(state, ph.rotated(ph.SCALE_TURNED_BACK, key))
        lead = f"On scope: {_lower_first(ph.as_statement(found))}" if found else "Good to ask."
        return Reply([lead], question or next_question(ctx, state))
    statement = (
        f"On that: {_lower_first(ph.as_statement(found))}"
        if found
        else "That's your call; state an assumption and keep going."
    )
    ctx.notes["move"] = "clarify"
    return Reply([statement], next_question(ctx, state))
