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


# --- Keeping arrows whole when things move -------------------------------------------
# A head is the Triangle right after its Line (add_arrowheads puts it there; the canvas
# keeps the order). When the candidate moves a line, its head goes to the line's new
# end; when they move or resize a box, the ends of lines on its edge go with it.
_ON_EDGE = 2.0  # logical px: an end this close to a box's outline was snapped to it
_MOVED = 0.5  # logical px: less than this is rounding from the canvas, not a move
_TURNED = 1.0  # degrees


def _kind(obj: Any) -> str:
    return str(obj.get("type", "")).lower() if isinstance(obj, dict) else ""


def _segment(obj: Any) -> tuple[tuple[float, float], tuple[float, float]] | None:
    if _kind(obj) != "line":
        return None
    segments = extract_primitives({"objects": [obj]}).segments
    if not segments:
        return None
    seg = segments[0]
    return (seg.x1, seg.y1), (seg.x2, seg.y2)


def _shape(obj: Any) -> Box | None:
    if _kind(obj) in {"line", "triangle"}:
        return None
    shapes = extract_primitives({"objects": [obj]}).shapes
    return shapes[0] if len(shapes) == 1 else None


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return math.hypot(a[0] - b[0], a[1] - b[1]) < _MOVED


def _same_box(a: Box, b: Box) -> bool:
    return _near((a.left, a.top), (b.left, b.top)) and _near(
        (a.width, a.height), (b.width, b.height)
    )


def _moved_boxes(before: list[Any], objects: list[Any]) -> list[tuple[Box, Box]]:
    """(old, new) for each box that moved or changed size; none if objects came or went."""
    if len(before) != len(objects):
        return []
    moved = []
    for old_obj, new_obj in zip(before, objects, strict=True):
        old, new = _shape(old_obj), _shape(new_obj)
        if old is not None and new is not None and not _same_box(old, new):
            moved.append((old, new))
    return moved


def _carried(point: tuple[float, float], moved: list[tuple[Box, Box]]) -> Box | None:
    """The new place of the moved box whose edge ``point`` was on, if any."""
    for old, new in moved:
        inside = old.distance_to(*point) == 0
        edge = min(point[0] - old.left, old.left + old.width - point[0])
        edge = min(edge, point[1] - old.top, old.top + old.height - point[1])
        if old.distance_to(*point) <= _ON_EDGE and (not inside or edge <= _ON_EDGE):
            return new
    return None


def _follow_boxes(
    ends: tuple[tuple[float, float], tuple[float, float]], moved: list[tuple[Box, Box]]
) -> tuple[tuple[float, float], tuple[float, float]]:
    start, end = ends
    box_a, box_b = _carried(start, moved), _carried(end, moved)
    # Each carried end goes to its box's edge, facing the other end (or the other box).
    start_aim = box_b.center if box_b is not None else end
    end_aim = box_a.center if box_a is not None else start
    if box_a is not None:
        start = _edge_point(box_a, start_aim)
    if box_b is not None:
        end = _edge_point(box_b, end_aim)
    return start, end


def _head_fits(head: Any, want: dict[str, Any]) -> bool:
    if not isinstance(head, dict):
        return False
    at = (float(head.get("left", 0) or 0), float(head.get("top", 0) or 0))
    turn = abs(float(head.get("angle", 0) or 0) - float(want["angle"])) % 360
    return _near(at, (want["left"], want["top"])) and min(turn, 360 - turn) < _TURNED


def _arrow(
    line_obj: Any,
    ends: tuple[tuple[float, float], tuple[float, float]],
    head: Any,
    moved: list[tuple[Box, Box]],
) -> list[Any]:
    """A line (its ends given) and its head (or None), corrected (unchanged ones kept)."""
    new_ends = _follow_boxes(ends, moved)
    line = line_obj if new_ends == ends else _line(line_obj, *new_ends)
    if head is None or math.dist(*new_ends) < HEAD_SIZE:
        return [line] if head is None else [line, head]
    want = _head(line, *new_ends)
    return [line, head if line is line_obj and _head_fits(head, want) else want]


def _heads(objects: list[Any]) -> dict[int, int]:
    """Each line's head: the Triangle right after it, else the one right before it.

    add_arrowheads puts a head after its line; the canvas toolbar's bring-forward and
    send-backward can swap the two.
    """
    heads: dict[int, int] = {}
    taken: set[int] = set()
    for index, obj in enumerate(objects):
        if _kind(obj) != "line":
            continue
        for near in (index + 1, index - 1):
            if (
                0 <= near < len(objects)
                and near not in taken
                and _kind(objects[near]) == "triangle"
            ):
                heads[index] = near
                taken.add(near)
                break
    return heads


def follow_arrows(before: dict[str, Any] | None, drawing: dict[str, Any]) -> dict[str, Any] | None:
    """Keep arrows whole after a move: heads on their lines' ends, lines on their boxes.

    Args:
        before: The drawing as last saved (logical space), to see what moved.
        drawing: The drawing the canvas sent (logical space).

    Returns:
        The corrected drawing (each head right after its line), or None when every
        arrow is already whole.
    """
    objects = drawing.get("objects")
    if not isinstance(objects, list):
        return None
    old = (before or {}).get("objects")
    moved = _moved_boxes(old if isinstance(old, list) else [], objects)
    heads = _heads(objects)
    out: list[Any] = []
    for index, obj in enumerate(objects):
        ends = _segment(obj)
        if ends is not None:
            head = objects[heads[index]] if index in heads else None
            out.extend(_arrow(obj, ends, head, moved))
        elif _kind(obj) != "triangle":
            out.append(obj)  # a head comes with its line; one without a line goes
    same = len(out) == len(objects) and all(a is b for a, b in zip(out, objects, strict=True))
    return None if same else {**drawing, "objects": out}
