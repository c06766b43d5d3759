"""Analysis of each communication mode the session had enabled.

Figures come from what was recorded: candidate turns (text and transcribed
audio, whose message metadata carries the audio quality figures), media file
metadata (video durations, screen captures) and the whiteboard graph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise
from statistics import fmean
from typing import TYPE_CHECKING, Any

from interview_platform.diagram.model import DiagramGaps, DiagramGraph
from interview_platform.models import (
    CommunicationMode,
    MediaFile,
    MediaKind,
    Message,
    MessageRole,
    WhiteboardSnapshot,
)

if TYPE_CHECKING:
    from interview_platform.evaluation.evaluator import EvaluationInput

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


def _audio_figures(
    stats: Sequence[Mapping[str, Any]],
) -> tuple[float, list[float], list[float]]:
    """Total duration, confidences and loudness (dBFS) from recorded audio metadata."""
    duration, confidences, levels = 0.0, [], []
    for item in stats:
        raw = item.get("quality")
        quality: Mapping[str, Any] = raw if isinstance(raw, dict) else item
        seconds = _number(quality.get("duration_s")) or _number(item.get("audio_seconds"))
        duration += seconds or 0.0
        confidence = _number(item.get("confidence"))
        if confidence is not None:
            confidences.append(confidence)
        level = _number(quality.get("rms_dbfs"))
        if level is not None:
            levels.append(level)
    return duration, confidences, levels


def _saved_audio(media: Sequence[MediaFile], stats: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Count the WAVs kept for the session (answers and continuous microphone tracks).

    A WAV saved without its duration (older sessions) takes it from the transcript
    that names it, so the figures match the files on disk.
    """
    wavs = [m for m in media if m.kind is MediaKind.AUDIO]
    by_file: dict[str, float] = {}
    for item in stats:
        quality = item.get("quality")
        seconds = _number(quality.get("duration_s")) if isinstance(quality, dict) else None
        if isinstance(item.get("audio_file"), str) and seconds is not None:
            by_file[item["audio_file"]] = seconds
    seconds = sum(_number(w.metadata.get("duration_s")) or by_file.get(w.path, 0.0) for w in wavs)
    tracks = sum(1 for w in wavs if w.metadata.get("track") == "microphone")
    return {
        "recordings": len(wavs),
        "answer_recordings": len(wavs) - tracks,
        "microphone_tracks": tracks,
        "recorded_seconds": round(seconds, 1),
    }


def audio_analysis(
    messages: Sequence[Message],
    stats: Sequence[dict[str, Any]],
    media: Sequence[MediaFile] = (),
) -> dict[str, Any]:
    """Saved recordings, and duration, pace, fillers and confidence of spoken turns."""
    spoken = [
        m for m in messages if m.role is MessageRole.CANDIDATE and m.mode is CommunicationMode.AUDIO
    ]
    duration, confidences, levels = _audio_figures(
        [m.metadata for m in spoken if m.metadata] or list(stats)
    )
    words = sum(len(_WORD_RE.findall(m.content)) for m in spoken)
    fillers = _fillers([m.content for m in spoken])
    saved = _saved_audio(media, stats)
    result: dict[str, Any] = {
        "spoken_turns": len(spoken),
        **saved,
        "duration_s": round(duration, 1),
        "words": words,
        "words_per_minute": round(words / (duration / 60), 1) if duration > 0 else 0.0,
        "filler_words": fillers,
        "filler_total": sum(fillers.values()),
        "transcription_confidence": round(fmean(confidences), 3) if confidences else None,
        "mean_level_dbfs": round(fmean(levels), 1) if levels else None,
    }
    if saved["recordings"] and not spoken:
        result["note"] = "audio recorded, but no spoken answer was transcribed"
    elif not spoken and duration == 0 and not saved["recordings"]:
        result["note"] = "no audio recorded"
    return result


def video_analysis(media: Sequence[MediaFile]) -> dict[str, Any]:
    """Number of recordings and recorded seconds; unreadable recordings with the reason."""
    videos = [m for m in media if m.kind is MediaKind.VIDEO]
    failed = [v for v in videos if v.metadata.get("status") == "unreadable"]
    saved = [v for v in videos if v not in failed]
    seconds = sum(_number(v.metadata.get("duration_s")) or 0.0 for v in saved)
    result: dict[str, Any] = {"recordings": len(saved), "recorded_seconds": round(seconds, 1)}
    if failed:
        result["unreadable"] = [
            {"file": v.path, "reason": str(v.metadata.get("reason", ""))} for v in failed
        ]
    if not saved:
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
        result["audio"] = audio_analysis(messages, audio_stats, media)
    if CommunicationMode.VIDEO in modes:
        result["video"] = video_analysis(media)
    if CommunicationMode.WHITEBOARD in modes:
        result["whiteboard"] = whiteboard_analysis(diagram, gaps, snapshots)
    if CommunicationMode.SCREEN_SHARE in modes:
        result["screen_share"] = screen_analysis(media)
    return result


def analyse_recording(inp: EvaluationInput) -> dict[str, dict[str, Any]]:
    """:func:`mode_analysis` of everything an evaluation input recorded (both evaluators)."""
    return mode_analysis(
        inp.session.modes,
        inp.messages,
        media=inp.media_files,
        snapshots=inp.snapshots,
        diagram=inp.diagram,
        gaps=inp.gaps,
        audio_stats=inp.audio_stats,
    )
