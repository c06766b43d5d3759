"""Compare the whiteboard with the conversation and the problem's rubric.

Finds what the problem needs but nobody drew, what the candidate talked about
but did not draw ("you mentioned a cache; none is drawn"), what is drawn but
never discussed, and turns these into follow-up questions, most telling first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interview_platform.diagram.kinds import KIND_NAMES, kinds_mentioned
from interview_platform.diagram.model import DiagramGaps, DiagramGraph
from interview_platform.diagram.patterns import neighbours

if TYPE_CHECKING:
    from interview_platform.problems.bank import Problem

__all__ = ["find_gaps", "kind_name"]

# Kinds too generic to complain about when said-but-not-drawn or drawn-but-not-said.
_GENERIC = frozenset({"client", "service", "unknown"})

_MISSING_QUESTIONS: dict[str, str] = {
    "client": "Where do requests come from — who or what is the client of this system?",
    "load_balancer": "How does the client reach the service — is there a load balancer?",
    "api_gateway": "What sits at the edge to handle auth and routing — is there an API gateway?",
    "service": "Which service handles the core requests, and where is it on the board?",
    "cache": "Which reads are hot enough to cache, and where would that cache sit?",
    "database": "Where does the data live — which database would you use, and what does it store?",
    "queue": "Which work could happen asynchronously, and would a queue between the parts help?",
    "worker": "Who processes the background work — where are the workers on this diagram?",
    "cdn": "Could static or popular content be served from a CDN, closer to the users?",
    "object_storage": "Where do large files or blobs live — is there object storage?",
    "search_index": "How is search served — is there a search index, and how is it kept fresh?",
    "rate_limiter": "What stops a single client from flooding the system — where is rate limiting?",
    "stream_processor": "How are the event streams processed — where is the stream processor?",
    "notification": "How are users notified — where does the notification path go?",
    "monitoring": "How would you know this system is unhealthy — where does monitoring fit?",
    "dns": "How do clients find the system — how does DNS fit into the request path?",
    "auth": "Where are users authenticated, and how do the services trust that?",
    "ml_model": "Where does the model run, and how do requests reach it?",
    "external": "Which external systems do you depend on, and where do they connect?",
}


def kind_name(kind: str) -> str:
    """Return the human name of a component kind ("load_balancer" -> "load balancer")."""
    return KIND_NAMES.get(kind, kind.replace("_", " "))


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeio" else "a"


def _said_not_drawn_question(kind: str) -> str:
    name = kind_name(kind)
    return (
        f"You mentioned {_article(name)} {name}, but it isn't on the diagram — "
        "where would it sit, and what flows through it?"
    )


def _drawn_not_discussed_question(kind: str) -> str:
    name = kind_name(kind)
    return f"You drew {_article(name)} {name} but haven't talked about it — what is its job here?"


def _isolated_questions(graph: DiagramGraph) -> list[str]:
    if len(graph.components) < 2:
        return []
    adjacent = neighbours(graph)
    questions: list[str] = []
    for comp in graph.components:
        if not adjacent.get(comp.id):
            name = comp.label or kind_name(comp.kind)
            questions.append(f"The {name} box isn't connected to anything — what talks to it?")
    return questions


def _flow_question(graph: DiagramGraph) -> list[str]:
    if not graph.components:
        return ["Could you sketch the main components, and how a request flows between them?"]
    if not graph.connections:
        return ["How do these boxes talk to each other — could you draw the arrows between them?"]
    return ["Walk me through one request on this diagram: which boxes does it pass, in order?"]


def find_gaps(graph: DiagramGraph, problem: Problem, candidate_text: str) -> DiagramGaps:
    """Find gaps between the diagram, what the candidate said and the rubric.

    Args:
        graph: The whiteboard graph.
        problem: The problem being discussed (its ``core_components`` are expected).
        candidate_text: Everything the candidate has said so far.

    Returns:
        The gaps and follow-up questions (each ending with "?"), ordered
        said-not-drawn, missing core components, isolated boxes,
        drawn-not-discussed, then a request-flow question.
    """
    drawn = graph.kinds()
    mentioned = kinds_mentioned(candidate_text)
    missing = [k for k in dict.fromkeys(problem.core_components) if k not in drawn]
    said_not_drawn = sorted(mentioned - drawn - _GENERIC)
    drawn_not_discussed = sorted(drawn - mentioned - _GENERIC)
    if not graph.components:
        # Nothing drawn yet: every other gap is the same gap, so ask for a sketch.
        return DiagramGaps(missing, said_not_drawn, [], _flow_question(graph))
    questions = [_said_not_drawn_question(k) for k in said_not_drawn]
    questions += [
        _MISSING_QUESTIONS.get(k, f"Where would {kind_name(k)} fit in this design?")
        for k in missing
        if k not in said_not_drawn
    ]
    questions += _isolated_questions(graph)
    questions += [_drawn_not_discussed_question(k) for k in drawn_not_discussed]
    questions += _flow_question(graph)
    return DiagramGaps(
        missing_components=missing,
        said_not_drawn=said_not_drawn,
        drawn_not_discussed=drawn_not_discussed,
        follow_up_questions=list(dict.fromkeys(questions)),
    )
