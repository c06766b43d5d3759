"""A drawing scales into any canvas size and back, and the diagram reads it the same."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from interview_platform.communication.board_json import drawings_match, scale_drawing
from interview_platform.diagram.graph import build_diagram_graph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "canvas"


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def test_scaling_moves_and_sizes_every_object_about_the_corner() -> None:
    drawing = {
        "version": "7.4.0",
        "objects": [
            {"type": "rect", "left": 100, "top": 50, "width": 80, "height": 40},
            {"type": "line", "left": 10, "top": 20, "scaleX": 2, "x1": -5, "x2": 5},
            "junk",
        ],
    }
    shown = scale_drawing(drawing, 0.5)
    assert shown["version"] == "7.4.0"
    rect, line, junk = shown["objects"]
    assert (rect["left"], rect["top"], rect["scaleX"], rect["scaleY"]) == (50, 25, 0.5, 0.5)
    assert (rect["width"], rect["height"]) == (80, 40)  # fabric sizes stay unscaled
    assert (line["left"], line["top"], line["scaleX"], line["x1"]) == (5, 10, 1, -5)
    assert junk == "junk"
    assert drawing["objects"][0]["left"] == 100  # the input is not changed


def test_bad_input_is_left_alone() -> None:
    assert scale_drawing({"objects": "no"}, 2) == {"objects": "no"}
    assert scale_drawing({"objects": [{"left": 1}]}, 0) == {"objects": [{"left": 1}]}
    assert scale_drawing({"objects": [{"left": True, "top": "x"}]}, 2)["objects"][0] == {
        "left": True,
        "top": "x",
        "scaleX": 2.0,
        "scaleY": 2.0,
    }


@pytest.mark.parametrize("name", ["basic_url_shortener.json", "sharded_db.json"])
@pytest.mark.parametrize("factor", [0.69, 2.5])
def test_a_round_trip_matches_and_reads_as_the_same_diagram(name: str, factor: float) -> None:
    drawing = _fixture(name)
    back = scale_drawing(scale_drawing(drawing, factor), 1 / factor)
    assert drawings_match(back, drawing)
    before, after = build_diagram_graph(drawing), build_diagram_graph(back)
    assert before.components and before.connections
    assert [(c.label, c.kind) for c in after.components] == [
        (c.label, c.kind) for c in before.components
    ]
    assert after.connections == before.connections


def test_a_moved_object_is_a_change() -> None:
    drawing = _fixture("basic_url_shortener.json")
    moved = json.loads(json.dumps(drawing))
    moved["objects"][0]["left"] += 3
    assert not drawings_match(moved, drawing)
    fewer = {"objects": drawing["objects"][1:]}
    assert not drawings_match(fewer, drawing)
    assert drawings_match(None, None) and not drawings_match(drawing, None)
