"""Synthetic 60-minute interview data shared by the evaluation benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interview_platform.simulation.script import SimulationScript, load_script

SCRIPTS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "scripts"
KINDS = [
    "Client",
    "Load Balancer",
    "API Gateway",
    "URL Service",
    "Redis Cache",
    "Database",
    "Kafka Queue",
    "Analytics Worker",
    "CDN",
    "Rate Limiter",
]


def diagram(boxes: int = 20) -> dict[str, Any]:
    """A canvas with ``boxes`` labelled boxes in a grid and a line between neighbours."""
    objects: list[dict[str, Any]] = []
    for i in range(boxes):
        col, row = i % 5, i // 5
        objects.append(
            {
                "type": "LabeledRect",
                "left": 20 + col * 200,
                "top": 20 + row * 150,
                "width": 120,
                "height": 60,
                "label": f"{KINDS[i % len(KINDS)]} {i}",
            }
        )
    for i in range(boxes):
        if i % 5 == 4:
            continue
        x = 20 + (i % 5) * 200 + 120
        y = 20 + (i // 5) * 150 + 30
        objects.append(
            {
                "type": "Line",
                "originX": "center",
                "originY": "center",
                "left": x + 40,
                "top": y,
                "width": 80,
                "height": 0,
                "x1": -40,
                "y1": 0,
                "x2": 40,
                "y2": 0,
            }
        )
    return {"objects": objects[:40] if len(objects) >= 40 else objects}


def long_script(turns: int = 120) -> SimulationScript:
    """The strong and average scripts interleaved and repeated up to ``turns`` answers."""
    strong = load_script(SCRIPTS / "strong_url_shortener.yaml")
    average = load_script(SCRIPTS / "average_url_shortener.yaml")
    pool = [t for pair in zip(strong.turns, average.turns, strict=False) for t in pair]
    texts = [f"{pool[i % len(pool)]} (point {i})" for i in range(turns)]
    return strong.model_copy(update={"turns": texts, "whiteboard": diagram(24)})
