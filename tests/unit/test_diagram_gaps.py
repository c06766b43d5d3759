"""Gaps between the whiteboard, the conversation and the problem's rubric."""

from __future__ import annotations

import json
from pathlib import Path

from testkit.simulated_candidates import url_shortener_problem

from interview_platform.diagram.gaps import find_gaps
from interview_platform.diagram.graph import build_diagram_graph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "canvas"
PROBLEM = url_shortener_problem()


def graph_of(name: str):  # type: ignore[no-untyped-def]
    return build_diagram_graph(json.loads((FIXTURES / f"{name}.json").read_text()))


def test_complete_basic_design_has_no_missing_core_components() -> None:
    gaps = find_gaps(graph_of("basic_url_shortener"), PROBLEM, "Redis cache, Postgres, nginx LB.")
    assert gaps.missing_components == []
    assert gaps.said_not_drawn == []
    assert gaps.follow_up_questions  # still a flow question
    assert all(q.endswith("?") for q in gaps.follow_up_questions)


def test_said_but_not_drawn_comes_first() -> None:
    said = "Reads go through a Redis cache and click events go to Kafka."
    gaps = find_gaps(graph_of("sharded_db"), PROBLEM, said)
    assert gaps.said_not_drawn == ["cache", "queue"]
    first = gaps.follow_up_questions[0]
    assert "You mentioned a cache" in first and "isn't on the diagram" in first
    assert "client" in gaps.missing_components
    assert "load_balancer" in gaps.missing_components
    assert any("load balancer" in q for q in gaps.follow_up_questions)


def test_drawn_but_not_discussed() -> None:
    gaps = find_gaps(graph_of("pubsub_kafka"), PROBLEM, "We store links in a database.")
    assert "queue" in gaps.drawn_not_discussed
    assert "worker" in gaps.drawn_not_discussed
    assert any("You drew a queue" in q for q in gaps.follow_up_questions)


def test_isolated_component_gets_a_question() -> None:
    canvas = {
        "objects": [
            {
                "type": "LabeledRect",
                "label": "Service",
                "left": 0,
                "top": 0,
                "width": 100,
                "height": 50,
            },
            {
                "type": "LabeledRect",
                "label": "Postgres",
                "left": 300,
                "top": 0,
                "width": 100,
                "height": 50,
            },
            {
                "type": "LabeledRect",
                "label": "Audit log",
                "left": 0,
                "top": 300,
                "width": 100,
                "height": 50,
            },
            {
                "type": "Line",
                "originX": "center",
                "originY": "center",
                "left": 200,
                "top": 25,
                "x1": -100,
                "y1": 0,
                "x2": 100,
                "y2": 0,
                "width": 200,
                "height": 0,
            },
        ]
    }
    gaps = find_gaps(build_diagram_graph(canvas), PROBLEM, "")
    assert any("Audit log box isn't connected" in q for q in gaps.follow_up_questions)


def test_empty_board_asks_for_a_sketch() -> None:
    gaps = find_gaps(build_diagram_graph({"objects": []}), PROBLEM, "")
    assert gaps.missing_components == list(PROBLEM.core_components)
    assert "sketch" in gaps.follow_up_questions[-1]
