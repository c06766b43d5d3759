"""Read a whiteboard drawing (canvas JSON) as a graph of components and connections.

Components are the shapes on the board (rectangles, labelled boxes, circles,
ellipses, polygons and closed free-hand loops). A shape's label is its own text
(a labelled box) plus any text written inside it or just beside it. Text near
no shape is ``free_text``, unless a line ends on it, in which case it is a
component by itself (people often write "Client -> LB" without boxes).
Connections are lines, and straight free-hand strokes, whose two ends touch
two different components; the drawing direction (first point to last) gives
``source`` and ``target``.

Invalid input never raises: anything that is not a dict with an ``objects``
list yields an empty :class:`DiagramGraph`, and malformed objects are skipped.
"""

from __future__ import annotations

import math
from typing import Any

from interview_platform.diagram.kinds import kind_of_label
from interview_platform.diagram.model import DiagramComponent, DiagramConnection, DiagramGraph
from interview_platform.diagram.patterns import detect_patterns
from interview_platform.diagram.shapes import Box, Segment, TextItem, extract_primitives

__all__ = ["ATTACH_TOLERANCE", "LABEL_TOLERANCE", "build_diagram_graph"]

LABEL_TOLERANCE = 40.0  # px between a text and a shape's edge for the text to label it
ATTACH_TOLERANCE = 25.0  # px between a line end and a component for them to connect
_EDGE_LABEL_TOLERANCE = 30.0


def _owner_of_text(text: TextItem, shapes: list[Box]) -> int | None:
    """Index of the shape a text labels: the smallest containing one, else the nearest."""
    x, y = text.box.center
    inside = [i for i, s in enumerate(shapes) if s.distance_to(x, y) == 0.0]
    if inside:
        return min(inside, key=lambda i: shapes[i].width * shapes[i].height)
    best: tuple[float, int] | None = None
    for i, shape in enumerate(shapes):
        gap = _box_gap(text.box, shape)
        if gap <= LABEL_TOLERANCE and (best is None or gap < best[0]):
            best = (gap, i)
    return best[1] if best else None


def _box_gap(a: Box, b: Box) -> float:
    dx = max(b.left - (a.left + a.width), 0.0, a.left - (b.left + b.width))
    dy = max(b.top - (a.top + a.height), 0.0, a.top - (b.top + b.height))
    return math.hypot(dx, dy)


def _nearest(boxes: list[Box], x: float, y: float, tolerance: float) -> int | None:
    best: tuple[float, float, int] | None = None
    for i, box in enumerate(boxes):
        gap = box.distance_to(x, y)
        if gap <= tolerance:
            key = (gap, box.width * box.height, i)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def _near_segment_middle(text: TextItem, segments: list[Segment]) -> bool:
    return any(
        text.box.distance_to((s.x1 + s.x2) / 2, (s.y1 + s.y2) / 2) <= _EDGE_LABEL_TOLERANCE
        for s in segments
    )


def _label_shapes(
    shapes: list[Box], texts: list[TextItem], segments: list[Segment]
) -> tuple[list[str], list[TextItem]]:
    labels = [[s.label] if s.label else [] for s in shapes]
    loose: list[TextItem] = []
    for text in texts:
        x, y = text.box.center
        inside = any(s.distance_to(x, y) == 0.0 for s in shapes)
        # Text beside a line's middle (not inside a box) names the connection.
        owner = None
        if inside or not _near_segment_middle(text, segments):
            owner = _owner_of_text(text, shapes)
        if owner is None:
            loose.append(text)
        else:
            labels[owner].append(text.text)
    return [" ".join(parts) for parts in labels], loose


def _promote_endpoint_texts(
    boxes: list[Box], loose: list[TextItem], segments: list[Segment]
) -> list[TextItem]:
    """Make loose texts that a line ends on into components; return the rest."""
    remaining: list[TextItem] = []
    for text in loose:
        touched = any(
            text.box.distance_to(x, y) <= ATTACH_TOLERANCE
            and _nearest(boxes, x, y, ATTACH_TOLERANCE) is None
            for seg in segments
            for x, y in ((seg.x1, seg.y1), (seg.x2, seg.y2))
        )
        if touched:
            boxes.append(
                Box(text.box.left, text.box.top, text.box.width, text.box.height, text.text)
            )
        else:
            remaining.append(text)
    return remaining


def _connect(
    boxes: list[Box], segments: list[Segment], loose: list[TextItem]
) -> tuple[list[tuple[int, int, str]], list[TextItem]]:
    edges: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int]] = set()
    used_labels: set[int] = set()
    for seg in segments:
        a = _nearest(boxes, seg.x1, seg.y1, ATTACH_TOLERANCE)
        b = _nearest(boxes, seg.x2, seg.y2, ATTACH_TOLERANCE)
        if a is None or b is None or a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        mid = ((seg.x1 + seg.x2) / 2, (seg.y1 + seg.y2) / 2)
        label = ""
        for j, text in enumerate(loose):
            if j not in used_labels and text.box.distance_to(*mid) <= _EDGE_LABEL_TOLERANCE:
                label = text.text
                used_labels.add(j)
                break
        edges.append((a, b, label))
    rest = [t for j, t in enumerate(loose) if j not in used_labels]
    return edges, rest


def build_diagram_graph(canvas_json: Any) -> DiagramGraph:
    """Build the component graph of a whiteboard drawing.

    Args:
        canvas_json: streamlit-drawable-canvas ``json_data`` (``{"objects": [...]}``).
            Any other value gives an empty graph; nothing here raises.

    Returns:
        The graph with components (ids ``c1``, ``c2``... in drawing order),
        connections, recognised patterns, free text and the object count.
    """
    prims = extract_primitives(canvas_json)
    labels, loose = _label_shapes(prims.shapes, prims.texts, prims.segments)
    boxes = [
        Box(s.left, s.top, s.width, s.height, label)
        for s, label in zip(prims.shapes, labels, strict=True)
    ]
    loose = _promote_endpoint_texts(boxes, loose, prims.segments)
    edges, loose = _connect(boxes, prims.segments, loose)
    components = [
        DiagramComponent(
            id=f"c{i + 1}",
            label=box.label,
            kind=kind_of_label(box.label),
            left=round(box.left, 1),
            top=round(box.top, 1),
            width=round(box.width, 1),
            height=round(box.height, 1),
        )
        for i, box in enumerate(boxes)
    ]
    connections = [
        DiagramConnection(components[a].id, components[b].id, directed=True, label=label)
        for a, b, label in edges
    ]
    graph = DiagramGraph(
        components=components,
        connections=connections,
        free_text=[t.text for t in loose],
        object_count=prims.object_count,
    )
    graph.patterns = detect_patterns(graph)
    return graph
