"""Screen captures, camera recordings and spoken answers stored for a session."""

import base64
import io
from pathlib import Path

import pytest
from PIL import Image
from testkit.speech import speak
from testkit.video import write_h264

from interview_platform.communication.audio import decode_wav
from interview_platform.communication.audio_handler import AudioHandler
from interview_platform.communication.screen_handler import ScreenHandler, decode_png_data_url
from interview_platform.communication.transcriber_selection import TranscriberSelector
from interview_platform.communication.video_handler import (
    VideoHandler,
    is_failed,
    probe_video,
)
from interview_platform.config import MediaSettings, PricingSettings, UploadSettings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation.mode_analysis import audio_analysis
from interview_platform.exceptions import CommunicationError, ValidationError
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import MediaKind, Operation, Session
from interview_platform.storage.file_storage import FileStorage

pytestmark = pytest.mark.integration


def _png_data_url(color: tuple[int, int, int]) -> str:
    buf = io.BytesIO()
    Image.new("RGB", (32, 18), color).save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def test_screen_captures_are_stored_in_order(
    store: PostgresDataStore, storage_root: Path, session: Session
) -> None:
    handler = ScreenHandler(FileStorage(storage_root, store.media))
    for seq, color in enumerate([(255, 0, 0), (0, 255, 0)], start=1):
        handler.save_capture(session.id, _png_data_url(color), seq)
    files = store.media.list_media_files(session.id, MediaKind.SCREEN)
    assert [f.metadata["seq"] for f in files] == [1, 2]
    first = storage_root / session.id / "screen"
    assert len(list(first.glob("capture-*.png"))) == 2


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "data:image/jpeg;base64,AAAA",
        "data:image/png;base64,@@@",
        "data:image/png;base64," + base64.b64encode(b"GIF89a not a png").decode(),
    ],
)
def test_bad_screen_captures_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        decode_png_data_url(bad)


def test_finished_recording_is_registered_as_h264(
    store: PostgresDataStore, storage_root: Path, session: Session
) -> None:
    handler = VideoHandler(FileStorage(storage_root, store.media))
    path = handler.new_recording_path(session.id)
    write_h264(path)
    assert handler.pending(session.id) == [path]
    media = handler.finalize(session.id, path)
    assert media is not None and media.metadata["codec"] == "h264"
    assert media.metadata["duration_s"] == pytest.approx(2.0, abs=0.2)
    assert handler.pending(session.id) == []
    assert probe_video(storage_root / media.path)["codec"] == "h264"


def test_unreadable_recording_is_reported_and_listed_with_the_reason(
    store: PostgresDataStore, storage_root: Path, session: Session
) -> None:
    handler = VideoHandler(FileStorage(storage_root, store.media))
    good = handler.new_recording_path(session.id)
    write_h264(good)
    bad = handler.new_recording_path(session.id)
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(CommunicationError, match="could not be saved"):
        handler.finalize_ready(session.id, min_age_s=0.0)
    assert handler.pending(session.id) == []
    videos = store.media.list_media_files(session.id, MediaKind.VIDEO)
    assert len(videos) == 2
    failed = [v for v in videos if is_failed(v)]
    assert len(failed) == 1 and "could not be read" in failed[0].metadata["reason"]
    assert failed[0].metadata["bytes"] == 100
    assert [v.metadata["codec"] for v in videos if not is_failed(v)] == ["h264"]


def make_audio_handler(store: PostgresDataStore, root: Path, max_mb: float = 25) -> AudioHandler:
    storage = FileStorage(root, store.media)
    tracker = TokenTracker(store.usage, PricingSettings())
    return AudioHandler(
        storage, TranscriberSelector(MediaSettings()), tracker, UploadSettings(max_audio_mb=max_mb)
    )


def test_spoken_answer_keeps_wav_and_transcript(
    store: PostgresDataStore, storage_root: Path, session: Session, tmp_path: Path
) -> None:
    wav = speak("we can shard the database by user id", tmp_path / "a.wav")
    handler = make_audio_handler(store, storage_root)
    try:
        turn = handler.handle(session.id, wav)
    finally:
        handler.close()
    assert "database" in turn.transcript.text
    kinds = {m.kind for m in store.media.list_media_files(session.id)}
    assert kinds == {MediaKind.AUDIO, MediaKind.TRANSCRIPT}
    assert turn.message_metadata()["quality"]["duration_s"] > 1
    # The evaluation counts exactly the WAVs on disk, with their real length.
    media = store.media.list_media_files(session.id)
    audio = audio_analysis([], [], media)
    assert audio["recordings"] == 1 and audio["answer_recordings"] == 1
    on_disk = decode_wav((storage_root / turn.audio.path).read_bytes()).duration_s
    assert audio["recorded_seconds"] == pytest.approx(on_disk, abs=0.05)
    assert audio["note"] == "audio recorded, but no spoken answer was transcribed"
    usage = store.usage.get_token_usage_by_operation(session.id)
    assert Operation.TRANSCRIPTION in usage


def test_silent_and_oversized_recordings_are_refused(
    store: PostgresDataStore, storage_root: Path, session: Session, tmp_path: Path
) -> None:
    handler = make_audio_handler(store, storage_root, max_mb=0.01)
    silent = io.BytesIO()
    import wave

    with wave.open(silent, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * 3000)
    with pytest.raises(CommunicationError, match="No speech"):
        handler.handle(session.id, silent.getvalue())
    with pytest.raises(ValidationError, match="too large"):
        handler.handle(session.id, b"RIFF" + b"\x00" * 20000)
    assert store.media.list_media_files(session.id) == []
