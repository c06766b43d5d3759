"""A line drawn between two boxes becomes an arrow touching both, read as one connection."""

from __future__ import annotations

import math
from typing import Any

from interview_platform.communication.board_arrows import HEAD_SIZE, add_arrowheads
from interview_platform.diagram.graph import build_diagram_graph
from interview_platform.diagram.shapes import extract_primitives


def _box(left: float, label: str) -> dict[str, Any]:
    return {
        "type": "LabeledRect",
        "left": left,
        "top": 100,
        "width": 100,
        "height": 60,
        "label": label,
        "originX": "left",
        "originY": "top",
    }


def _line(x1: float, y1: float, x2: float, y2: float, scale: float = 1.0) -> dict[str, Any]:
    """A fabric line as the canvas sends it: centre origin, ends relative to the centre."""
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return {
        "type": "Line",
        "originX": "center",
        "originY": "center",
        "left": cx,
        "top": cy,
        "x1": (x1 - cx) / scale,
        "y1": (y1 - cy) / scale,
        "x2": (x2 - cx) / scale,
        "y2": (y2 - cy) / scale,
        "scaleX": scale,
        "scaleY": scale,
        "stroke": "#aa0000",
        "strokeWidth": 3,
    }


def test_a_line_between_two_boxes_ends_on_their_edges_with_a_head() -> None:
    boxes = [_box(20, "API gateway"), _box(300, "Postgres database")]
    # Drawn from a little outside the first box to a little inside the second.
    drawing = {"objects": [*boxes, _line(135, 128, 310, 132, scale=1 / 0.69)]}
    before = build_diagram_graph(drawing)
    arrowed = add_arrowheads(drawing, since=2)
    assert arrowed is not None
    objects = arrowed["objects"]
    assert [o["type"] for o in objects] == ["LabeledRect", "LabeledRect", "Line", "Triangle"]
    (segment,) = extract_primitives({"objects": [objects[2]]}).segments
    assert math.isclose(segment.x1, 120, abs_tol=0.01)  # the first box's right edge
    assert math.isclose(segment.x2, 300, abs_tol=0.01)  # the second box's left edge
    assert objects[2]["strokeWidth"] > 3  # it was drawn at a scale of 1.45: kept as seen
    head = objects[3]
    assert math.isclose(head["left"] + HEAD_SIZE / 2, 300, abs_tol=0.5)  # tip on the edge
    assert math.isclose(head["angle"] % 360, 90, abs_tol=3)  # pointing right
    assert head["fill"] == "#aa0000"
    graph = build_diagram_graph(arrowed)
    assert len(graph.components) == 2  # the head is not a component
    assert [(c.source_id, c.target_id) for c in graph.connections] == [
        (graph.components[0].id, graph.components[1].id)
    ]
    assert len(before.connections) == 1  # the reader saw the line before, too


def test_a_loose_line_gets_a_head_and_old_objects_are_left_alone() -> None:
    old = _line(10, 10, 60, 10)
    drawing = {"version": "7.4.0", "objects": [old, _line(200, 300, 200, 200)]}
    arrowed = add_arrowheads(drawing, since=1)
    assert arrowed is not None and arrowed["version"] == "7.4.0"
    assert arrowed["objects"][0] is old
    head = arrowed["objects"][2]
    assert math.isclose(head["top"] - HEAD_SIZE / 2, 200, abs_tol=0.5)  # drawn upwards
    assert math.isclose(head["angle"] % 360, 0, abs_tol=0.01)


def test_nothing_new_means_nothing_to_do() -> None:
    boxes = {"objects": [_box(20, "A"), {"type": "Path", "path": []}, "junk"]}
    assert add_arrowheads(boxes, since=0) is None
    assert add_arrowheads(boxes, since=3) is None
    assert add_arrowheads({"objects": "no"}, since=0) is None
    tiny = {"objects": [_line(10, 10, 14, 10)]}  # a dot, not a line
    assert add_arrowheads(tiny, since=0) is None
