"""The offline interviewer looking at the whiteboard."""

from __future__ import annotations

import json
from pathlib import Path

from testkit.simulated_candidates import make_context, url_shortener_problem

from interview_platform.diagram.gaps import find_gaps
from interview_platform.diagram.graph import build_diagram_graph
from interview_platform.interviewer.offline_interviewer import OfflineInterviewer
from interview_platform.models import Message, MessageRole

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "canvas"
PROBLEM = url_shortener_problem()
ENGINE = OfflineInterviewer()


def test_review_comments_on_the_drawing_and_asks_about_said_not_drawn() -> None:
    graph = build_diagram_graph(json.loads((FIXTURES / "sharded_db.json").read_text()))
    said = "Reads hit a Redis cache first."
    history = [Message("s1", MessageRole.CANDIDATE, said)]
    gaps = find_gaps(graph, PROBLEM, said)
    ctx = make_context(PROBLEM, history, "high_level_design", diagram=graph)
    chunks = list(ENGINE.review_diagram(ctx, gaps, b"\x89PNG"))
    text = "".join(chunks)
    assert len(chunks) >= 2
    assert "5 components" in text and "4 connections" in text and "Shard Router" in text
    assert "You mentioned a cache" in text
    assert text.count("?") == 1


def test_second_review_asks_a_different_question() -> None:
    graph = build_diagram_graph(json.loads((FIXTURES / "basic_url_shortener.json").read_text()))
    gaps = find_gaps(graph, PROBLEM, "")
    ctx = make_context(PROBLEM, [], "high_level_design", diagram=graph)
    first = "".join(ENGINE.review_diagram(ctx, gaps, None))
    history = [Message("s1", MessageRole.INTERVIEWER, first)]
    ctx2 = make_context(PROBLEM, history, "high_level_design", diagram=graph)
    second = "".join(ENGINE.review_diagram(ctx2, gaps, None))
    assert first.split(".")[-1] != second.split(".")[-1]
    assert second.count("?") == 1


def test_empty_board_review_asks_for_a_sketch() -> None:
    graph = build_diagram_graph({"objects": []})
    gaps = find_gaps(graph, PROBLEM, "")
    text = "".join(
        ENGINE.review_diagram(
            make_context(PROBLEM, [], "high_level_design", diagram=graph), gaps, None
        )
    )
    assert "empty" in text and "sketch" in text
