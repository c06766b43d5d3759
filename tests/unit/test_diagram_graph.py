"""Reading hand-made whiteboard drawings (streamlit-drawable-canvas JSON) as graphs."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from interview_platform.diagram.graph import build_diagram_graph
from interview_platform.diagram.kinds import kind_of_label, kinds_mentioned
from interview_platform.diagram.model import DiagramGraph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "canvas"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def edges(graph: DiagramGraph) -> set[tuple[str, str]]:
    labels = {c.id: c.label for c in graph.components}
    return {(labels[c.source_id], labels[c.target_id]) for c in graph.connections}


def test_basic_design_components_kinds_and_connections() -> None:
    graph = build_diagram_graph(load("basic_url_shortener"))
    assert [(c.label, c.kind) for c in graph.components] == [
        ("Client", "client"),
        ("Load Balancer", "load_balancer"),
        ("URL Service", "service"),
        ("Redis", "cache"),
        ("Postgres", "database"),
    ]
    assert edges(graph) == {
        ("Client", "Load Balancer"),
        ("Load Balancer", "URL Service"),
        ("URL Service", "Redis"),
        ("URL Service", "Postgres"),
    }
    reads = [c for c in graph.connections if c.label]
    assert [c.label for c in reads] == ["reads"]  # text beside a line names the line
    assert graph.free_text == ["URL shortener v1"]
    assert set(graph.patterns) >= {"caching", "load_balancing"}
    assert "sharding" not in graph.patterns


def test_sharded_database_with_freehand_arrows() -> None:
    graph = build_diagram_graph(load("sharded_db"))
    kinds = [c.kind for c in graph.components]
    assert kinds.count("database") == 3
    assert kind_of_label("Shard Router") == "service"
    assert len(graph.connections) == 4  # drawn with the pen, still read as connections
    assert "sharding" in graph.patterns


def test_pub_sub_with_kafka_and_two_workers_including_a_group() -> None:
    graph = build_diagram_graph(load("pubsub_kafka"))
    labels = {c.label: c.kind for c in graph.components}
    assert labels == {
        "Upload API": "service",
        "Kafka": "queue",
        "Thumbnail Worker": "worker",
        "Email Consumer": "worker",
    }
    kafka = next(c.id for c in graph.components if c.label == "Kafka")
    assert len([c for c in graph.connections if c.source_id == kafka]) == 2
    assert {"pub_sub", "async_processing"} <= set(graph.patterns)


def test_garbage_objects_are_skipped_without_raising() -> None:
    graph = build_diagram_graph(load("garbage"))
    assert graph.object_count > 10
    assert graph.connections == []
    assert [c.kind for c in graph.components if c.label] == ["cache"]
    for comp in graph.components:
        assert all(math.isfinite(v) for v in (comp.left, comp.top, comp.width, comp.height))


@pytest.mark.parametrize("value", [None, 3, "x", [], {}, {"objects": 5}, {"objects": [None, 1]}])
def test_non_canvas_input_gives_an_empty_graph(value: Any) -> None:
    graph = build_diagram_graph(value)
    assert graph.components == [] and graph.connections == [] and graph.patterns == []


def test_text_only_boxes_connected_by_a_line_become_components() -> None:
    canvas = {
        "objects": [
            {"type": "IText", "text": "Browser", "left": 10, "top": 10, "width": 70, "height": 22},
            {
                "type": "IText",
                "text": "API Gateway",
                "left": 300,
                "top": 10,
                "width": 110,
                "height": 22,
            },
            {
                "type": "Line",
                "originX": "center",
                "originY": "center",
                "left": 190,
                "top": 21,
                "x1": -100,
                "y1": 0,
                "x2": 100,
                "y2": 0,
                "width": 200,
                "height": 0,
            },
        ]
    }
    graph = build_diagram_graph(canvas)
    assert [c.kind for c in graph.components] == ["client", "api_gateway"]
    assert len(graph.connections) == 1


def test_line_ends_far_from_shapes_do_not_connect() -> None:
    canvas = {
        "objects": [
            {"type": "Rect", "left": 0, "top": 0, "width": 100, "height": 50},
            {"type": "Rect", "left": 400, "top": 0, "width": 100, "height": 50},
            {
                "type": "Line",
                "originX": "center",
                "originY": "center",
                "left": 250,
                "top": 200,
                "x1": -50,
                "y1": 0,
                "x2": 50,
                "y2": 0,
                "width": 100,
                "height": 0,
            },
        ]
    }
    graph = build_diagram_graph(canvas)
    assert len(graph.components) == 2
    assert graph.connections == []
    assert {c.kind for c in graph.components} == {"unknown"}


def test_scaled_and_replicated_databases() -> None:
    canvas = {
        "objects": [
            {
                "type": "LabeledRect",
                "label": "Primary DB",
                "left": 0,
                "top": 0,
                "width": 50,
                "height": 30,
                "scaleX": 2,
                "scaleY": 2,
            },
            {
                "type": "LabeledRect",
                "label": "Read replica",
                "left": 300,
                "top": 0,
                "width": 100,
                "height": 60,
            },
            {
                "type": "Line",
                "originX": "center",
                "originY": "center",
                "left": 200,
                "top": 30,
                "x1": -100,
                "y1": 0,
                "x2": 100,
                "y2": 0,
                "width": 200,
                "height": 0,
            },
        ]
    }
    graph = build_diagram_graph(canvas)
    assert [c.kind for c in graph.components] == ["database", "database"]
    assert graph.components[0].width == 100  # scaleX applied
    assert len(graph.connections) == 1
    assert "replication" in graph.patterns


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("LB", "load_balancer"), ("nginx", "load_balancer"), ("ELB", "load_balancer"),
        ("Memcached", "cache"), ("User DB", "database"), ("Cassandra", "database"),
        ("SQS", "queue"), ("RabbitMQ", "queue"), ("S3 bucket", "object_storage"),
        ("CloudFront CDN", "cdn"), ("Elasticsearch", "search_index"),
        ("Mobile app", "client"), ("API Gateway", "api_gateway"), ("Rate limiter", "rate_limiter"),
        ("Feed service", "service"), ("", "unknown"),
    ],
)  # fmt: skip
def test_kind_recognition(label: str, kind: str) -> None:
    assert kind_of_label(label) == kind


def test_kinds_mentioned_ignores_everyday_words() -> None:
    said = "Users search for links; we'd put Redis in front and use Kafka for clicks."
    assert kinds_mentioned(said) == {"cache", "queue"}
