"""Analysis of each communication mode the session had enabled.

Figures come from what was recorded: candidate turns (text and transcribed
audio, whose message metadata carries the audio quality figures), media file
metadata (video durations, screen captures) and the whiteboard graph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from statistics import fmean
from typing import Any

from interview_platform.ai.contracts import DiagramGaps, DiagramGraph
from interview_platform.models import (
    CommunicationMode,
    MediaFile,
    MediaKind,
    Message,
    MessageRole,
    WhiteboardSnapshot,
)

FILLER_WORDS = ("um", "uh", "like", "you know")
_WORD_RE = re.compile(r"[A-Za-z0-9']+")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _fillers(texts: Sequence[str]) -> dict[str, int]:
    lowered = " ".join(texts).lower()
    return {
        word: len(re.findall(rf"(?<![a-z']){re.escape(word)}(?![a-z'])", lowered))
        for word in FILLER_WORDS
    }


def _audio_figures(stats: Sequence[dict[str, Any]]) -> tuple[float, list[float], list[float]]:
    """Total duration, confidences and loudness (dBFS) from recorded audio metadata."""
    duration, confidences, levels = 0.0, [], []
    for item in stats:
        raw = item.get("quality")
        quality: dict[str, Any] = raw if isinstance(raw, dict) else item
        seconds = _number(quality.get("duration_s")) or _number(item.get("audio_seconds"))
        duration += seconds or 0.0
        confidence = _number(item.get("confidence"))
        if confidence is not None:
            confidences.append(confidence)
        level = _number(quality.get("rms_dbfs"))
        if level is not None:
            levels.append(level)
    return duration, confidences, levels


def audio_analysis(messages: Sequence[Message], stats: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Duration, words per minute, filler words and transcription confidence of spoken turns."""
    spoken = [
        m for m in messages if m.role is MessageRole.CANDIDATE and m.mode is CommunicationMode.AUDIO
    ]
    duration, confidences, levels = _audio_figures(
        [m.metadata for m in spoken if m.metadata] or list(stats)
    )
    words = sum(len(_WORD_RE.findall(m.content)) for m in spoken)
    fillers = _fillers([m.content for m in spoken])
    result: dict[str, Any] = {
        "spoken_turns": len(spoken),
        "duration_s": round(duration, 1),
        "words": words,
        "words_per_minute": round(words / (duration / 60), 1) if duration > 0 else 0.0,
        "filler_words": fillers,
        "filler_total": sum(fillers.values()),
        "transcription_confidence": round(fmean(confidences), 3) if confidences else None,
        "mean_level_dbfs": round(fmean(levels), 1) if levels else None,
    }
    if not spoken and duration == 0:
        result["note"] = "no audio recorded"
    return result


def video_analysis(media: Sequence[MediaFile]) -> dict[str, Any]:
    """Number of recordings and recorded seconds."""
    videos = [m for m in media if m.kind is MediaKind.VIDEO]
    seconds = sum(_number(v.metadata.get("duration_s")) or 0.0 for v in videos)
    result: dict[str, Any] = {"recordings": len(videos), "recorded_seconds": round(seconds, 1)}
    if not videos:
        result["note"] = "no video recorded"
    return result


def whiteboard_analysis(
    diagram: DiagramGraph | None,
    gaps: DiagramGaps | None,
    snapshots: Sequence[WhiteboardSnapshot],
) -> dict[str, Any]:
    """Components, connections, snapshots and the gaps between diagram and conversation."""
    graph = diagram or DiagramGraph()
    found = gaps or DiagramGaps()
    result: dict[str, Any] = {
        "components": len(graph.components),
        "connections": len(graph.connections),
        "component_kinds": sorted(graph.kinds()),
        "objects": graph.object_count,
        "snapshots": len(snapshots),
        "missing_components": list(found.missing_components),
        "said_not_drawn": list(found.said_not_drawn),
        "drawn_not_discussed": list(found.drawn_not_discussed),
    }
    if not graph.components and not snapshots:
        result["note"] = "nothing was drawn"
    return result


def screen_analysis(media: Sequence[MediaFile]) -> dict[str, Any]:
    """Number of screen captures and the mean interval between them."""
    captures = sorted((m for m in media if m.kind is MediaKind.SCREEN), key=lambda m: m.created_at)
    gaps = [(b.created_at - a.created_at).total_seconds() for a, b in pairwise(captures)]
    result: dict[str, Any] = {
        "captures": len(captures),
        "mean_interval_s": round(fmean(gaps), 1) if gaps else None,
    }
    if not captures:
        result["note"] = "no screen captures"
    return result


def text_analysis(messages: Sequence[Message]) -> dict[str, Any]:
    """Number of candidate turns and their average length."""
    turns = [m for m in messages if m.role is MessageRole.CANDIDATE]
    words = [len(_WORD_RE.findall(m.content)) for m in turns]
    return {
        "turns": len(turns),
        "words": sum(words),
        "mean_words_per_turn": round(fmean(words), 1) if words else 0.0,
    }


def mode_analysis(
    modes: Sequence[CommunicationMode],
    messages: Sequence[Message],
    *,
    media: Sequence[MediaFile],
    snapshots: Sequence[WhiteboardSnapshot],
    diagram: DiagramGraph | None,
    gaps: DiagramGaps | None,
    audio_stats: Sequence[dict[str, Any]] = (),
) -> dict[str, dict[str, Any]]:
    """Return one analysis per enabled mode (text is always included)."""
    result: dict[str, dict[str, Any]] = {"text": text_analysis(messages)}
    if CommunicationMode.AUDIO in modes:
        result["audio"] = audio_analysis(messages, audio_stats)
    if CommunicationMode.VIDEO in modes:
        result["video"] = video_analysis(media)
    if CommunicationMode.WHITEBOARD in modes:
        result["whiteboard"] = whiteboard_analysis(diagram, gaps, snapshots)
    if CommunicationMode.SCREEN_SHARE in modes:
        result["screen_share"] = screen_analysis(media)
    return result
