"""Turn fabric.js canvas objects into simple geometric primitives.

streamlit-drawable-canvas 0.13 (fabric.js 6) sends ``{"objects": [...]}`` where
each object has a ``type`` ("Rect", "LabeledRect", "Circle", "Ellipse",
"Line", "Path", "IText", "Textbox", "Polygon", "Group"...; older fabric versions
used lowercase "rect", "i-text"), a position ``left``/``top`` relative to its
``originX``/``originY`` ("left", "center", "right" / "top", "center",
"bottom"), an unscaled ``width``/``height`` and ``scaleX``/``scaleY``.

* A ``Line`` stores ``x1, y1, x2, y2`` relative to its own centre.
* A ``Path`` (free drawing) stores its commands in the coordinates it was drawn
  in; the centre of their bounding box maps onto the object's centre.
* A ``LabeledRect`` carries its text in ``label``.
* A ``Group``'s children are positioned relative to the group's centre.

Everything malformed (missing fields, NaN, strings where numbers belong) is
skipped: a user's drawing never makes the reader raise.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

__all__ = ["Box", "Primitives", "Segment", "TextItem", "extract_primitives"]

_ORIGIN = {"left": 0.0, "top": 0.0, "center": 0.5, "right": 1.0, "bottom": 1.0}
_SHAPES = {"rect", "labeledrect", "circle", "ellipse", "triangle", "polygon"}
_TEXTS = {"itext", "text", "textbox"}
_MIN_SHAPE = 12.0  # smaller shapes are points or dots, not components
_MIN_SEGMENT = 15.0
_MAX_DEPTH = 8
_MAX_OBJECTS = 2000


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in canvas pixels."""

    left: float
    top: float
    width: float
    height: float
    label: str = ""

    @property
    def center(self) -> tuple[float, float]:
        """The centre point."""
        return (self.left + self.width / 2, self.top + self.height / 2)

    def distance_to(self, x: float, y: float) -> float:
        """Distance from a point to the rectangle (0 inside it)."""
        dx = max(self.left - x, 0.0, x - (self.left + self.width))
        dy = max(self.top - y, 0.0, y - (self.top + self.height))
        return math.hypot(dx, dy)


@dataclass(frozen=True)
class TextItem:
    """A piece of text with its bounding box."""

    text: str
    box: Box


@dataclass(frozen=True)
class Segment:
    """A straight stroke from (x1, y1) to (x2, y2), in drawing direction."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Primitives:
    """Shapes, texts and strokes found on a canvas."""

    shapes: list[Box]
    texts: list[TextItem]
    segments: list[Segment]
    object_count: int = 0


def _num(obj: dict[str, Any], key: str, default: float = 0.0) -> float:
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value) if math.isfinite(value) else default


def _frame(obj: dict[str, Any], dx: float, dy: float) -> tuple[float, float, float, float]:
    """Return (center_x, center_y, scaled_width, scaled_height) of an object."""
    width = abs(_num(obj, "width") * _num(obj, "scaleX", 1.0))
    height = abs(_num(obj, "height") * _num(obj, "scaleY", 1.0))
    ox = _ORIGIN.get(str(obj.get("originX", "left")), 0.0)
    oy = _ORIGIN.get(str(obj.get("originY", "top")), 0.0)
    # Rotation turns the origin->centre offset (a circle is drawn rotated about its left edge).
    off_x, off_y = (0.5 - ox) * width, (0.5 - oy) * height
    angle = math.radians(_num(obj, "angle"))
    cx = _num(obj, "left") + dx + off_x * math.cos(angle) - off_y * math.sin(angle)
    cy = _num(obj, "top") + dy + off_x * math.sin(angle) + off_y * math.cos(angle)
    return cx, cy, width, height


def _box(cx: float, cy: float, width: float, height: float, label: str = "") -> Box:
    return Box(cx - width / 2, cy - height / 2, width, height, label)


def _path_points(path: Any) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    if not isinstance(path, list):
        return points
    for command in path[:5000]:
        if not isinstance(command, list) or len(command) < 3:
            continue
        nums = [c for c in command[1:] if isinstance(c, int | float) and math.isfinite(c)]
        if len(nums) >= 2:
            points.append((float(nums[-2]), float(nums[-1])))
    return points


def _path_primitive(obj: dict[str, Any], dx: float, dy: float) -> Box | Segment | None:
    """A mostly straight stroke is a segment, a closed loop a hand-drawn box."""
    points = _path_points(obj.get("path"))
    if len(points) < 2:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mid_x, mid_y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    cx, cy, _w, _h = _frame(obj, dx, dy)
    sx, sy = _num(obj, "scaleX", 1.0), _num(obj, "scaleY", 1.0)
    mapped = [((x - mid_x) * sx + cx, (y - mid_y) * sy + cy) for x, y in points]
    length = sum(math.dist(a, b) for a, b in itertools.pairwise(mapped))
    chord = math.dist(mapped[0], mapped[-1])
    width, height = (max(xs) - min(xs)) * abs(sx), (max(ys) - min(ys)) * abs(sy)
    if length >= _MIN_SEGMENT and chord >= 0.75 * length:
        (x1, y1), (x2, y2) = mapped[0], mapped[-1]
        return Segment(x1, y1, x2, y2)
    if min(width, height) >= 2 * _MIN_SHAPE and chord <= 0.2 * max(width, height):
        return _box(cx, cy, width, height)
    return None


def _line_primitive(obj: dict[str, Any], dx: float, dy: float) -> Segment | None:
    cx, cy, _w, _h = _frame(obj, dx, dy)
    sx, sy = _num(obj, "scaleX", 1.0), _num(obj, "scaleY", 1.0)
    x1, y1 = _num(obj, "x1") * sx + cx, _num(obj, "y1") * sy + cy
    x2, y2 = _num(obj, "x2") * sx + cx, _num(obj, "y2") * sy + cy
    if math.hypot(x2 - x1, y2 - y1) < _MIN_SEGMENT:
        return None
    return Segment(x1, y1, x2, y2)


def _text_of(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key, "")
    return " ".join(value.split())[:200] if isinstance(value, str) else ""


class _Collector:
    def __init__(self) -> None:
        self.out = Primitives([], [], [])

    def add(self, obj: Any, dx: float, dy: float, depth: int) -> None:
        if not isinstance(obj, dict) or self.out.object_count >= _MAX_OBJECTS:
            return
        self.out.object_count += 1
        kind = str(obj.get("type", "")).lower().replace("-", "").replace("_", "")
        if kind == "group" and depth < _MAX_DEPTH:
            self._group(obj, dx, dy, depth)
        elif kind in _SHAPES:
            cx, cy, width, height = _frame(obj, dx, dy)
            if width >= _MIN_SHAPE and height >= _MIN_SHAPE:
                self.out.shapes.append(_box(cx, cy, width, height, _text_of(obj, "label")))
        elif kind in _TEXTS:
            text = _text_of(obj, "text")
            if text:
                cx, cy, width, height = _frame(obj, dx, dy)
                self.out.texts.append(TextItem(text, _box(cx, cy, width, height)))
        elif kind == "line":
            self._keep(_line_primitive(obj, dx, dy))
        elif kind == "path":
            self._keep(_path_primitive(obj, dx, dy))

    def _group(self, obj: dict[str, Any], dx: float, dy: float, depth: int) -> None:
        children = obj.get("objects")
        if not isinstance(children, list):
            return
        cx, cy, _w, _h = _frame(obj, dx, dy)
        for child in children:
            self.add(child, cx, cy, depth + 1)

    def _keep(self, item: Box | Segment | None) -> None:
        if isinstance(item, Box):
            self.out.shapes.append(item)
        elif isinstance(item, Segment):
            self.out.segments.append(item)


def extract_primitives(canvas_json: Any) -> Primitives:
    """Read shapes, texts and straight strokes from canvas JSON.

    Args:
        canvas_json: The canvas ``json_data`` (any value is accepted).

    Returns:
        The primitives; empty when the input is not a dict with an ``objects`` list.
    """
    collector = _Collector()
    objects = canvas_json.get("objects") if isinstance(canvas_json, dict) else None
    if isinstance(objects, list):
        for obj in objects:
            collector.add(obj, 0.0, 0.0, 0)
    return collector.out
