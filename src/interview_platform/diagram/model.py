"""What a whiteboard drawing says: components, connections, and gaps against the talk.

Plain records read by the interviewer engines, the evaluators and the report, so
each can be built and tested without the canvas.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DiagramComponent:
    """A box, circle or labelled shape on the whiteboard."""

    id: str
    label: str
    kind: str  # client, load_balancer, api_gateway, service, cache, database, queue, cdn, ...
    left: float = 0.0
    top: float = 0.0
    width: float = 0.0
    height: float = 0.0


@dataclass
class DiagramConnection:
    """A line or arrow whose ends touch two components."""

    source_id: str
    target_id: str
    directed: bool = True
    label: str = ""


@dataclass
class DiagramGraph:
    """What the whiteboard shows, read from the canvas objects."""

    components: list[DiagramComponent] = field(default_factory=list)
    connections: list[DiagramConnection] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    free_text: list[str] = field(default_factory=list)
    object_count: int = 0

    def kinds(self) -> set[str]:
        """Return the set of recognised component kinds."""
        return {c.kind for c in self.components}


@dataclass
class DiagramGaps:
    """Differences between the diagram, the conversation and the problem's rubric."""

    missing_components: list[str] = field(default_factory=list)
    said_not_drawn: list[str] = field(default_factory=list)
    drawn_not_discussed: list[str] = field(default_factory=list)
    follow_up_questions: list[str] = field(default_factory=list)
