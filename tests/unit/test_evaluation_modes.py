from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interview_platform.diagram.model import (
    DiagramComponent,
    DiagramConnection,
    DiagramGaps,
    DiagramGraph,
)
from interview_platform.evaluation.mode_analysis import mode_analysis
from interview_platform.models import (
    CommunicationMode,
    MediaFile,
    MediaKind,
    Message,
    MessageRole,
    WhiteboardSnapshot,
)

M = CommunicationMode
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _spoken(text: str, seconds: float, confidence: float) -> Message:
    return Message(
        "s",
        MessageRole.CANDIDATE,
        text,
        mode=M.AUDIO,
        metadata={"quality": {"duration_s": seconds, "rms_dbfs": -20.0}, "confidence": confidence},
    )


def test_only_enabled_modes_are_analysed() -> None:
    result = mode_analysis([M.TEXT], [], media=[], snapshots=[], diagram=None, gaps=None)
    assert set(result) == {"text"}


def test_audio_figures_from_spoken_turns() -> None:
    messages = [
        _spoken("um so I would uh use a cache you know like redis", 6.0, 0.8),
        _spoken("then a database with replicas", 6.0, 0.6),
    ]
    audio = mode_analysis(
        [M.TEXT, M.AUDIO], messages, media=[], snapshots=[], diagram=None, gaps=None
    )["audio"]
    assert audio["duration_s"] == 12.0
    assert audio["words"] == 17
    assert audio["words_per_minute"] == 85.0
    assert audio["filler_words"] == {"um": 1, "uh": 1, "like": 1, "you know": 1}
    assert audio["transcription_confidence"] == 0.7
    assert "note" not in audio


def test_audio_enabled_but_nothing_recorded_says_so() -> None:
    audio = mode_analysis([M.AUDIO], [], media=[], snapshots=[], diagram=None, gaps=None)["audio"]
    assert audio["note"] == "no audio recorded"
    assert audio["duration_s"] == 0 and audio["words_per_minute"] == 0


def test_audio_counts_the_saved_wavs_even_without_spoken_turns() -> None:
    """A 60 s microphone track kept with the camera is audio recorded, not "no audio"."""
    media = [
        MediaFile(
            "s",
            MediaKind.AUDIO,
            "audio/mic-1.wav",
            1_920_044,
            "x",
            metadata={"track": "microphone", "duration_s": 60.0},
        ),
        MediaFile("s", MediaKind.AUDIO, "audio/a.wav", 10, "x", metadata={"duration_s": 4.5}),
        MediaFile("s", MediaKind.AUDIO, "audio/old.wav", 10, "x"),  # saved before durations
        MediaFile("s", MediaKind.TRANSCRIPT, "transcripts/old.json", 10, "x"),
    ]
    stats = [{"audio_file": "audio/old.wav", "quality": {"duration_s": 3.0}}]
    audio = mode_analysis(
        [M.AUDIO], [], media=media, snapshots=[], diagram=None, gaps=None, audio_stats=stats
    )["audio"]
    assert audio["recordings"] == 3
    assert audio["microphone_tracks"] == 1 and audio["answer_recordings"] == 2
    assert audio["recorded_seconds"] == 67.5
    assert audio["note"] != "no audio recorded"


def test_unreadable_video_is_listed_with_its_reason_and_not_counted() -> None:
    media = [
        MediaFile("s", MediaKind.VIDEO, "video/a.mp4", 10, "x", metadata={"duration_s": 12.0}),
        MediaFile(
            "s",
            MediaKind.VIDEO,
            "video/b.mp4",
            100,
            "x",
            metadata={"status": "unreadable", "reason": "moov atom not found"},
        ),
    ]
    video = mode_analysis([M.VIDEO], [], media=media, snapshots=[], diagram=None, gaps=None)
    assert video["video"]["recordings"] == 1
    assert video["video"]["recorded_seconds"] == 12.0
    assert video["video"]["unreadable"] == [
        {"file": "video/b.mp4", "reason": "moov atom not found"}
    ]


def test_video_screen_and_whiteboard_figures() -> None:
    media = [
        MediaFile("s", MediaKind.VIDEO, "v/a.mp4", 10, "x", metadata={"duration_s": 42.5}),
        *[
            MediaFile(
                "s",
                MediaKind.SCREEN,
                f"s/{i}.png",
                1,
                "x",
                created_at=T0 + timedelta(seconds=5 * i),
            )
            for i in range(4)
        ],
    ]
    graph = DiagramGraph(
        components=[
            DiagramComponent("a", "Client", "client"),
            DiagramComponent("b", "DB", "database"),
        ],
        connections=[DiagramConnection("a", "b")],
    )
    gaps = DiagramGaps(missing_components=["cache"])
    snaps = [WhiteboardSnapshot("s", "m1"), WhiteboardSnapshot("s", "m2")]
    modes = [M.VIDEO, M.SCREEN_SHARE, M.WHITEBOARD]
    result = mode_analysis(modes, [], media=media, snapshots=snaps, diagram=graph, gaps=gaps)
    assert result["video"] == {"recordings": 1, "recorded_seconds": 42.5}
    assert result["screen_share"] == {"captures": 4, "mean_interval_s": 5.0}
    board = result["whiteboard"]
    assert (board["components"], board["connections"], board["snapshots"]) == (2, 1, 2)
    assert board["missing_components"] == ["cache"]
    assert board["component_kinds"] == ["client", "database"]
