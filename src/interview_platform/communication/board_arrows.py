"""Arrows on the whiteboard: a line drawn with the line tool ends at a box's edge, with a head.

The canvas draws plain lines. When new lines arrive, each end that stops near a box is
moved onto the box's edge (facing the other end), and a small triangle is added at the
end the line was drawn towards. The line stays a plain ``Line`` object, so the diagram
reader still reads it as a connection; the head is smaller than the smallest shape the
reader counts as a component. Everything here is in the board's logical space.
"""

from __future__ import annotations

import math
from typing import Any

from interview_platform.diagram.graph import ATTACH_TOLERANCE
from interview_platform.diagram.shapes import Box, extract_primitives

HEAD_SIZE = 10.0  # logical px; the diagram reader ignores shapes under 12 px
_DIGITS = 2


def _edge_point(box: Box, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the ray from the box's centre towards ``toward`` leaves the box."""
    cx, cy = box.center
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    half_w, half_h = box.width / 2, box.height / 2
    t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return cx + dx * min(t, 1.0), cy + dy * min(t, 1.0)


def _snap(
    end: tuple[float, float], other: tuple[float, float], boxes: list[Box]
) -> tuple[float, float]:
    near = [b for b in boxes if b.distance_to(*end) <= ATTACH_TOLERANCE]
    near = [b for b in near if b.distance_to(*other) > 0]  # not a line inside one box
    if not near:
        return end
    box = min(near, key=lambda b: b.distance_to(*end))
    return _edge_point(box, other)


def _line(
    obj: dict[str, Any], start: tuple[float, float], end: tuple[float, float]
) -> dict[str, Any]:
    cx, cy = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    scale = abs(float(obj.get("scaleX", 1) or 1))
    width = float(obj.get("strokeWidth", 3) or 3) * scale  # keep the stroke as it looked
    return {
        **obj,
        "originX": "center",
        "originY": "center",
        "left": round(cx, _DIGITS),
        "top": round(cy, _DIGITS),
        "x1": round(start[0] - cx, _DIGITS),
        "y1": round(start[1] - cy, _DIGITS),
        "x2": round(end[0] - cx, _DIGITS),
        "y2": round(end[1] - cy, _DIGITS),
        "width": round(abs(end[0] - start[0]), _DIGITS),
        "height": round(abs(end[1] - start[1]), _DIGITS),
        "scaleX": 1,
        "scaleY": 1,
        "angle": 0,
        "strokeWidth": round(width, _DIGITS),
    }


def _head(
    line: dict[str, Any], start: tuple[float, float], end: tuple[float, float]
) -> dict[str, Any]:
    length = math.hypot(end[0] - start[0], end[1] - start[1])
    ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    colour = line.get("stroke") or "#1f4e79"
    return {
        "type": "Triangle",
        "originX": "center",
        "originY": "center",
        # A triangle points up; turned to the line's direction, its tip on the end.
        "left": round(end[0] - ux * HEAD_SIZE / 2, _DIGITS),
        "top": round(end[1] - uy * HEAD_SIZE / 2, _DIGITS),
        "width": HEAD_SIZE,
        "height": HEAD_SIZE,
        "angle": round(math.degrees(math.atan2(uy, ux)) + 90, _DIGITS),
        "fill": colour,
        "stroke": colour,
        "strokeWidth": 1,
        "scaleX": 1,
        "scaleY": 1,
    }


def add_arrowheads(drawing: dict[str, Any], since: int) -> dict[str, Any] | None:
    """Snap the new lines' ends to boxes and give each a head at its end.

    Args:
        drawing: The drawing in logical space.
        since: How many objects were there before (the objects after are new).

    Returns:
        The new drawing, or None when no new line needed anything.
    """
    objects = drawing.get("objects")
    if not isinstance(objects, list) or since >= len(objects):
        return None
    boxes = extract_primitives({"objects": objects}).shapes
    out: list[Any] = list(objects[:since])
    changed = False
    for obj in objects[since:]:
        out.append(obj)
        is_line = isinstance(obj, dict) and str(obj.get("type", "")).lower() == "line"
        segments = extract_primitives({"objects": [obj]}).segments if is_line else []
        if not segments:
            continue
        seg = segments[0]
        start, end = (seg.x1, seg.y1), (seg.x2, seg.y2)
        start, end = _snap(start, end, boxes), _snap(end, start, boxes)
        if math.hypot(end[0] - start[0], end[1] - start[1]) < HEAD_SIZE:
            continue
        out[-1] = _line(obj, start, end)
        out.append(_head(out[-1], start, end))
        changed = True
    return {**drawing, "objects": out} if changed else None
