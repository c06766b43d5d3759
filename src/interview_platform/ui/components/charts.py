"""Plotly charts: competency radar with confidence, and progress over sessions."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from interview_platform.models import Evaluation

_CONF_OPACITY = {"low": 0.35, "medium": 0.65, "high": 1.0}


def competency_chart(evaluation: Evaluation) -> go.Figure:
    """Bar chart of scores (1–5); bar opacity shows the confidence of each score."""
    comps = evaluation.competencies
    names = [c.competency.replace("_", " ") for c in comps]
    fig = go.Figure(
        go.Bar(
            x=[c.value or 0 for c in comps],
            y=names,
            orientation="h",
            marker={
                "color": "#1f4e79",
                "opacity": [_CONF_OPACITY[c.confidence.value] for c in comps],
            },
            text=[
                f"{c.label} · {c.confidence.value} confidence" if c.assessed else c.label
                for c in comps
            ],
            # A bar of 0 has no room inside: "not assessed" is written beside the axis.
            textposition=["auto" if c.assessed else "outside" for c in comps],
            hovertemplate="%{y}: %{x}/5<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"range": [0, 5], "dtick": 1, "title": "score"},
        yaxis={"autorange": "reversed"},
        height=60 + 40 * max(len(comps), 1),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    return fig


def progress_chart(evaluations: Sequence[Evaluation], labels: Sequence[str]) -> go.Figure:
    """One line per competency over the candidate's sessions (oldest first)."""
    fig = go.Figure()
    names = sorted({c.competency for e in evaluations for c in e.competencies})
    for name in names:
        scores = [
            next((c.value for c in e.competencies if c.competency == name), None)
            for e in evaluations
        ]
        fig.add_trace(go.Scatter(x=list(labels), y=scores, mode="lines+markers", name=name))
    fig.update_layout(
        yaxis={"range": [0.5, 5.5], "dtick": 1, "title": "score"},
        height=360,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    return fig
