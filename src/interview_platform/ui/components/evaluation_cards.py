"""Evaluation page cards: the report's header, one card per mode, and token usage.

The per-mode analysis and the usage are stored as plain figures; these cards show each
figure as a metric with a short explanation (its help), lists as lists, and a small
chart where one says more than a number. The whiteboard's "said but not drawn" is the
most useful finding there, so it is a warning of its own rather than a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from interview_platform.application.views import ReportHeader
from interview_platform.diagram.gaps import kind_name
from interview_platform.models import Evaluation
from interview_platform.ui.components.charts import filler_chart, usage_chart
from interview_platform.ui.user_text import escape_markdown

_WIDTH = 170  # px of one metric: 4 in a row at 1280 px, 2 at 800 px (sidebar open)
_TITLES = {
    "text": "✍️ Answers",
    "audio": "🎙️ Speech",
    "video": "🎥 Camera",
    "whiteboard": "🖊️ Whiteboard",
    "screen_share": "🖥️ Screen share",
}


@dataclass(frozen=True)
class Figure:
    """One metric of a card: its label, its value as shown, what it means."""

    label: str
    value: str
    help: str


def _num(figures: Mapping[str, Any], key: str, unit: str = "") -> str:
    value = figures.get(key)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{text}{unit}"


def _minutes(figures: Mapping[str, Any], key: str) -> str:
    value = figures.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "—"
    whole = round(value)
    return f"{whole // 60}:{whole % 60:02d}"


def _percent(figures: Mapping[str, Any], key: str) -> str:
    value = figures.get(key)
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return f"{value:.0%}" if ok else "—"


def _metrics(items: Sequence[Figure]) -> None:
    # A wrapping row of fixed-width metrics: at 800 px fixed columns cut "18,250" to
    # "18,2…"; here a metric that does not fit moves to the next line instead.
    with st.container(horizontal=True, gap="medium"):
        for item in items:
            st.metric(item.label, escape_markdown(item.value), help=item.help, width=_WIDTH)


def _names(values: Any) -> list[str]:
    return [kind_name(str(v)) for v in values] if isinstance(values, list) else []


def _text(f: Mapping[str, Any]) -> list[Figure]:
    return [
        Figure("Answers", _num(f, "turns"), "Turns you typed or spoke."),
        Figure("Words", _num(f, "words"), "Words in all your answers."),
        Figure("Words per answer", _num(f, "mean_words_per_turn"), "Average answer length."),
    ]


def _audio(f: Mapping[str, Any]) -> list[Figure]:
    return [
        Figure("Spoken answers", _num(f, "spoken_turns"), "Answers given by voice."),
        Figure("Speaking time", _minutes(f, "duration_s"), "Minutes:seconds of speech."),
        Figure("Pace", _num(f, "words_per_minute", " wpm"), "Words per minute of speech."),
        Figure("Filler words", _num(f, "filler_total"), "“um”, “uh”, “like”, “you know”."),
        Figure(
            "Transcription",
            _percent(f, "transcription_confidence"),
            "How sure speech-to-text was of your words; low means unclear audio.",
        ),
        Figure("Loudness", _num(f, "mean_level_dbfs", " dB"), "dBFS; below about −40 is faint."),
        Figure("Recordings", _num(f, "recordings"), "Audio files kept for this interview."),
    ]


def _video(f: Mapping[str, Any]) -> list[Figure]:
    return [
        Figure("Recordings", _num(f, "recordings"), "Camera recordings saved."),
        Figure("Recorded", _minutes(f, "recorded_seconds"), "Minutes:seconds of video."),
    ]


def _whiteboard(f: Mapping[str, Any]) -> list[Figure]:
    return [
        Figure("Components", _num(f, "components"), "Boxes the diagram reader recognised."),
        Figure("Connections", _num(f, "connections"), "Arrows or lines between components."),
        Figure("Snapshots", _num(f, "snapshots"), "Saved pictures of the board."),
        Figure("Shapes drawn", _num(f, "objects"), "Everything on the board."),
    ]


def _screen(f: Mapping[str, Any]) -> list[Figure]:
    return [
        Figure("Captures", _num(f, "captures"), "Screenshots of your shared screen."),
        Figure("Every", _num(f, "mean_interval_s", " s"), "Average time between captures."),
    ]


def _other(f: Mapping[str, Any]) -> list[Figure]:
    # A mode this page does not know yet still reads as figures, never as a JSON tree.
    return [
        Figure(key.replace("_", " ").capitalize(), _num(f, key), "")
        for key, value in f.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]


_FIGURES: dict[str, Callable[[Mapping[str, Any]], list[Figure]]] = {
    "text": _text,
    "audio": _audio,
    "video": _video,
    "whiteboard": _whiteboard,
    "screen_share": _screen,
}


def _whiteboard_lists(f: Mapping[str, Any]) -> None:
    said = _names(f.get("said_not_drawn"))
    if said:
        st.warning(
            "**Said but not drawn** — you talked about these, the diagram does not show them:\n"
            + "\n".join(f"- {escape_markdown(name)}" for name in said)
        )
    for key, title in (
        ("missing_components", "Missing from the design"),
        ("drawn_not_discussed", "Drawn but never explained"),
    ):
        names = _names(f.get(key))
        if names:
            st.markdown(f"**{title}:** " + ", ".join(escape_markdown(n) for n in names))
    kinds = _names(f.get("component_kinds"))
    if kinds:
        st.caption("Recognised: " + ", ".join(escape_markdown(k) for k in kinds))


def _extras(mode: str, f: Mapping[str, Any]) -> None:
    if mode == "whiteboard":
        _whiteboard_lists(f)
    fillers = f.get("filler_words")
    if mode == "audio" and isinstance(fillers, dict) and any(fillers.values()):
        st.plotly_chart(filler_chart(fillers), key="filler_chart")
    for item in f.get("unreadable") or []:
        if isinstance(item, dict):
            file, reason = item.get("file", ""), item.get("reason", "")
            st.error(f"Unreadable recording {escape_markdown(file)}: {escape_markdown(reason)}")
    if f.get("note"):
        st.caption(escape_markdown(str(f["note"]).capitalize() + "."))


def mode_cards(analysis: Mapping[str, Mapping[str, Any]]) -> None:
    """One bordered card per communication mode: its figures, lists and a chart."""
    for mode, figures in analysis.items():
        with st.container(border=True, key=f"mode_card_{mode}"):
            title = _TITLES.get(mode, mode.replace("_", " ").capitalize())
            st.markdown(f"**{escape_markdown(title)}**")
            _metrics(_FIGURES.get(mode, _other)(figures))
            _extras(mode, figures)


def usage_card(summary: Mapping[str, Any]) -> None:
    """The AI calls of the interview: calls, tokens, cost, and tokens per operation."""
    with st.container(border=True, key="usage_card"):
        st.markdown("**🧮 AI usage and cost**")
        if not summary.get("calls"):
            st.caption("No AI model was called: the offline engines ran this interview.")
            return
        unpriced = int(summary.get("unpriced_calls") or 0)
        cost_help = "Priced from the model's list prices."
        if unpriced:
            cost_help += f" {unpriced} call(s) have no known price and are not counted."
        _metrics(
            [
                Figure("AI calls", _num(summary, "calls"), "Requests sent to a model."),
                Figure("Input tokens", _num(summary, "input_tokens"), "What the model read."),
                Figure("Output tokens", _num(summary, "output_tokens"), "What it wrote."),
                Figure("Cost", f"${float(summary.get('cost_usd') or 0):.4f}", cost_help),
            ]
        )
        by_operation = summary.get("by_operation")
        if isinstance(by_operation, dict) and by_operation:
            st.plotly_chart(usage_chart(by_operation), key="usage_chart")


def report_header(header: ReportHeader, evaluation: Evaluation) -> None:
    """Which interview this is (problem, level, date, duration, engine), then the score."""
    with st.container(key="report_header"):
        st.header(escape_markdown(header.problem), anchor=False)
        when = header.held_at.strftime("%a %d %b %Y, %H:%M UTC")
        parts = [
            f"**Level** {escape_markdown(header.level)}",
            f"**Date** {when}",
            f"**Duration** {header.duration} (without pauses)",
            f"**Interviewer** {escape_markdown(header.interviewer)}",
        ]
        st.markdown(" · ".join(parts))
        kind = "fallback (offline)" if evaluation.is_fallback else "primary"
        with st.container(horizontal=True, gap="medium"):
            st.metric("Overall score", f"{evaluation.overall_score:.0f}/100", width=_WIDTH)
            signal = escape_markdown(evaluation.hiring_signal or "—")
            st.metric("Hiring signal", signal, width=_WIDTH)
            # The engine's name can be long (a fallback says why): it takes what is left
            # of the row, and its help repeats it whole.
            st.metric(
                "Engine",
                escape_markdown(header.engine),
                help=f"{escape_markdown(header.engine)} — {kind}; rubric "
                f"{escape_markdown(evaluation.rubric_version)}",
            )
