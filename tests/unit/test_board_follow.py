"""Arrows stay whole when things move: heads follow lines, lines follow their boxes."""

from __future__ import annotations

import copy
import math
from typing import Any

from interview_platform.communication.board_arrows import (
    HEAD_SIZE,
    add_arrowheads,
    follow_arrows,
)
from interview_platform.diagram.graph import build_diagram_graph
from interview_platform.diagram.shapes import extract_primitives


def _box(left: float, top: float, label: str) -> dict[str, Any]:
    return {
        "type": "LabeledRect",
        "left": left,
        "top": top,
        "width": 100,
        "height": 60,
        "label": label,
        "originX": "left",
        "originY": "top",
    }


def _line(x1: float, y1: float, x2: float, y2: float) -> dict[str, Any]:
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return {
        "type": "Line",
        "originX": "center",
        "originY": "center",
        "left": cx,
        "top": cy,
        "x1": x1 - cx,
        "y1": y1 - cy,
        "x2": x2 - cx,
        "y2": y2 - cy,
        "stroke": "#aa0000",
        "strokeWidth": 3,
    }


def _arrowed() -> dict[str, Any]:
    """Two boxes joined by an arrow from the first to the second, as the board stores it."""
    drawing = {"objects": [_box(20, 100, "API"), _box(300, 100, "DB"), _line(125, 130, 295, 130)]}
    arrowed = add_arrowheads(drawing, since=2)
    assert arrowed is not None
    return arrowed


def _ends(line: dict[str, Any]) -> tuple[float, float, float, float]:
    (seg,) = extract_primitives({"objects": [line]}).segments
    return seg.x1, seg.y1, seg.x2, seg.y2


def _tip(head: dict[str, Any]) -> tuple[float, float]:
    """The head's tip: half its size from its centre, along its direction."""
    angle = math.radians(head["angle"] - 90)
    return (
        head["left"] + math.cos(angle) * HEAD_SIZE / 2,
        head["top"] + math.sin(angle) * HEAD_SIZE / 2,
    )


def test_a_whole_board_is_left_alone() -> None:
    board = _arrowed()
    assert follow_arrows(board, board) is None
    assert follow_arrows(None, board) is None
    assert follow_arrows(None, {"objects": []}) is None
    assert follow_arrows(None, {"objects": "junk"}) is None


def test_a_moved_line_takes_its_head_to_its_new_end() -> None:
    before = _arrowed()
    after = copy.deepcopy(before)
    line = after["objects"][2]
    line["left"] += 40  # dragged in edit mode: its centre moves, its ends come along
    line["top"] += 150
    fixed = follow_arrows(before, after)
    assert fixed is not None
    _x1, _y1, x2, y2 = _ends(fixed["objects"][2])
    tip = _tip(fixed["objects"][3])
    assert math.isclose(tip[0], x2, abs_tol=0.05) and math.isclose(tip[1], y2, abs_tol=0.05)
    assert math.isclose(y2, 280, abs_tol=0.01)
    assert follow_arrows(fixed, fixed) is None  # settled: no second correction


def test_a_line_whose_end_was_dragged_turns_its_head() -> None:
    before = _arrowed()
    after = copy.deepcopy(before)
    line = after["objects"][2]
    line["y2"] += 80  # the end point dragged down: the arrow now points down-right
    fixed = follow_arrows(before, after)
    assert fixed is not None
    head = fixed["objects"][3]
    x1, y1, x2, y2 = _ends(fixed["objects"][2])
    want = math.degrees(math.atan2(y2 - y1, x2 - x1)) + 90
    assert math.isclose(head["angle"], want, abs_tol=0.01)
    assert head["angle"] > 95  # not the old, level head


def test_moving_a_box_carries_the_arrow_ends_on_its_edge() -> None:
    before = _arrowed()
    after = copy.deepcopy(before)
    after["objects"][1]["left"] = 320
    after["objects"][1]["top"] = 260  # the DB box goes down and right
    fixed = follow_arrows(before, after)
    assert fixed is not None
    x1, y1, x2, y2 = _ends(fixed["objects"][2])
    db = extract_primitives({"objects": [fixed["objects"][1]]}).shapes[0]
    api = extract_primitives({"objects": [fixed["objects"][0]]}).shapes[0]
    assert db.distance_to(x2, y2) < 0.05 and api.distance_to(x1, y1) < 0.05
    assert y2 >= 260 - 0.05  # on the moved box, not where it was
    tip = _tip(fixed["objects"][3])
    assert math.isclose(tip[0], x2, abs_tol=0.05) and math.isclose(tip[1], y2, abs_tol=0.05)
    graph = build_diagram_graph(fixed)
    assert len(graph.components) == 2 and len(graph.connections) == 1
    assert follow_arrows(fixed, fixed) is None


def test_a_resized_box_keeps_the_end_on_its_edge() -> None:
    before = _arrowed()
    after = copy.deepcopy(before)
    after["objects"][1]["scaleX"] = 2.0  # twice as wide to the right: left edge stays
    after["objects"][1]["left"] = 250  # and moved left by 50
    fixed = follow_arrows(before, after)
    assert fixed is not None
    _x1, _y1, x2, _y2 = _ends(fixed["objects"][2])
    assert math.isclose(x2, 250, abs_tol=0.05)


def test_a_line_not_on_a_moved_box_stays() -> None:
    before = {"objects": [_box(20, 100, "A"), _line(300, 300, 450, 300)]}
    before = add_arrowheads(before, since=1) or before
    after = copy.deepcopy(before)
    after["objects"][0]["left"] = 60
    assert follow_arrows(before, after) is None


def test_the_head_of_a_deleted_line_goes_too() -> None:
    board = _arrowed()
    del board["objects"][2]  # the line deleted, its head left behind
    fixed = follow_arrows(None, board)
    assert fixed is not None
    assert [o["type"] for o in fixed["objects"]] == ["LabeledRect", "LabeledRect"]


def test_a_line_whose_head_was_deleted_stays_a_plain_line() -> None:
    board = _arrowed()
    del board["objects"][3]
    assert follow_arrows(None, board) is None


def test_canvas_rounding_is_not_a_move() -> None:
    before = _arrowed()
    after = copy.deepcopy(before)
    for obj in after["objects"]:
        obj["left"] += 0.03  # a scale round trip through the canvas
        obj["top"] -= 0.04
    assert follow_arrows(before, after) is None


def test_a_head_sent_behind_its_line_stays_with_it() -> None:
    board = _arrowed()
    board["objects"][2], board["objects"][3] = board["objects"][3], board["objects"][2]
    fixed = follow_arrows(board, board)  # the toolbar's send-backward swapped them
    assert fixed is not None
    kinds = [o["type"] for o in fixed["objects"]]
    assert kinds == ["LabeledRect", "LabeledRect", "Line", "Triangle"]
    assert follow_arrows(fixed, fixed) is None


def test_deleting_the_first_of_two_arrows_keeps_the_second_whole() -> None:
    board = _arrowed()
    second = add_arrowheads({"objects": [*board["objects"], _line(70, 300, 350, 300)]}, since=4)
    assert second is not None and len(second["objects"]) == 6
    del second["objects"][2]  # the first line: its head now sits before the second line
    fixed = follow_arrows(second, second)
    assert fixed is not None
    kinds = [o["type"] for o in fixed["objects"]]
    assert kinds == ["LabeledRect", "LabeledRect", "Line", "Triangle"]
    assert fixed["objects"][3] == second["objects"][4]  # the second line's own head
