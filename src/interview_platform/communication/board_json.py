"""The whiteboard drawing in one logical space, whatever size the canvas is shown at.

The canvas (fabric.js JSON) is drawn at the width the browser gives it, but the
drawing is stored in one logical board of :data:`LOGICAL_WIDTH` x
:data:`LOGICAL_HEIGHT` (the size of the old fixed canvas, so drawings saved before
keep their place and the diagram reader's pixel tolerances keep their meaning). A
drawing is scaled into the canvas when shown and back when saved.
"""

from __future__ import annotations

import math
from typing import Any

LOGICAL_WIDTH = 520
LOGICAL_HEIGHT = 420
# Values written back are rounded: fabric.js itself keeps a few decimals, and a
# stable JSON keeps the canvas from reloading a drawing that did not change.
_DIGITS = 4
_ABS_TOLERANCE = 0.05  # logical px: what survives a scale round trip through fabric.js
_REL_TOLERANCE = 1e-3


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _scaled(obj: dict[str, Any], factor: float) -> dict[str, Any]:
    out = dict(obj)
    # Scaling the position and the object's own scale about the board's origin is a
    # similarity transform: it is right for every object type, rotated or not.
    for key, default in (("left", 0.0), ("top", 0.0), ("scaleX", 1.0), ("scaleY", 1.0)):
        value = obj.get(key, default)
        if _is_number(value) and math.isfinite(float(value)):
            out[key] = round(float(value) * factor, _DIGITS)
    return out


def scale_drawing(drawing: dict[str, Any], factor: float) -> dict[str, Any]:
    """Return ``drawing`` with every object scaled by ``factor`` about the top-left corner.

    Args:
        drawing: Canvas JSON (anything but a dict with an ``objects`` list is kept).
        factor: The scale; a positive, finite number.

    Returns:
        A new drawing; the input is not changed.
    """
    objects = drawing.get("objects")
    if not isinstance(objects, list) or not (math.isfinite(factor) and factor > 0):
        return dict(drawing)
    scaled = [_scaled(o, factor) if isinstance(o, dict) else o for o in objects]
    return {**drawing, "objects": scaled}


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(_ABS_TOLERANCE, _REL_TOLERANCE * max(abs(a), abs(b)))


def _same(a: object, b: object) -> bool:
    if _is_number(a) and _is_number(b):
        return _close(float(a), float(b))  # type: ignore[arg-type]
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def drawings_match(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Whether two drawings hold the same objects, up to the rounding of a scale round trip."""
    if a is None or b is None:
        return a is b
    return _same(a.get("objects", []), b.get("objects", []))
