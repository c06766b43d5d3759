"""Plotly charts: competency scores, token usage, filler words, progress over sessions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from interview_platform.application.competencies import competency_title
from interview_platform.models import Evaluation

_CONF_OPACITY = {"low": 0.35, "medium": 0.65, "high": 1.0}


def competency_chart(evaluation: Evaluation) -> go.Figure:
    """Bar chart of scores (1–5); bar opacity shows the confidence of each score."""
    comps = evaluation.competencies
    names = [competency_title(c.competency) for c in comps]
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


def _small(fig: go.Figure, height: int, title: str = "") -> go.Figure:
    # Small charts beside text: a short title or none, the legend on top, little margin.
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40 if title else 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        title={"text": title, "x": 0, "font": {"size": 14}} if title else None,
    )
    return fig


def usage_chart(by_operation: Mapping[str, Mapping[str, Any]]) -> go.Figure:
    """Input and output tokens of each operation, as stacked horizontal bars."""
    names = [name.replace("_", " ") for name in by_operation]
    fig = go.Figure()
    for part, colour in (("input_tokens", "#1f4e79"), ("output_tokens", "#7fa7cf")):
        fig.add_trace(
            go.Bar(
                x=[int(figures.get(part, 0) or 0) for figures in by_operation.values()],
                y=names,
                orientation="h",
                name=part.replace("_", " "),
                marker={"color": colour},
                hovertemplate="%{y}: %{x:,} tokens<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="stack", xaxis={"title": "tokens"}, yaxis={"autorange": "reversed"})
    return _small(fig, 80 + 34 * max(len(names), 1))


def filler_chart(fillers: Mapping[str, int]) -> go.Figure:
    """How often each filler word was said."""
    words = [w for w, n in fillers.items() if n]
    fig = go.Figure(
        go.Bar(
            x=[fillers[w] for w in words],
            y=[f"“{w}”" for w in words],
            orientation="h",
            marker={"color": "#b7791f"},
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_layout(xaxis={"title": "times said", "dtick": 1}, yaxis={"autorange": "reversed"})
    return _small(fig, 70 + 30 * max(len(words), 1))


def overall_trend_chart(scores: Sequence[float], labels: Sequence[str]) -> go.Figure:
    """The overall score (0–100) of each evaluated interview, oldest first."""
    fig = go.Figure(
        go.Scatter(
            x=list(labels),
            y=list(scores),
            mode="lines+markers+text",
            text=[f"{s:.0f}" for s in scores],
            textposition="top center",
            line={"color": "#1f4e79", "width": 3},
            hovertemplate="%{x}: %{y:.0f}/100<extra></extra>",
            name="overall score",
        )
    )
    fig.update_layout(yaxis={"range": [0, 105]}, showlegend=False)
    return _small(fig, 280, "Overall score (0–100)")


def competency_trend_chart(
    name: str, scores: Sequence[int | None], labels: Sequence[str]
) -> go.Figure:
    """One competency's score (1–5) over the interviews; gaps where it was not assessed."""
    fig = go.Figure(
        go.Scatter(
            x=list(labels),
            y=list(scores),
            mode="lines+markers",
            connectgaps=False,
            line={"color": "#2f855a", "width": 3},
            hovertemplate="%{x}: %{y}/5<extra></extra>",
            name=name,
        )
    )
    fig.update_layout(yaxis={"range": [0.5, 5.5], "dtick": 1}, showlegend=False)
    return _small(fig, 280, f"{name} (1–5)")  # the rubric's title, as written
