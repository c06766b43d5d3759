"""Camera recordings joined with the microphone track kept beside them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import av
import numpy as np
import pytest
from testkit.video import write_h264

from interview_platform.communication.audio import PcmAudio, encode_wav
from interview_platform.communication.av_join import join_audio
from interview_platform.communication.mic_track import MicTrack
from interview_platform.communication.video_handler import VideoHandler
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import CommunicationError
from interview_platform.models import MediaKind, Session
from interview_platform.storage.file_storage import FileStorage

pytestmark = pytest.mark.integration
RATE = 16_000


def tone(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (8000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)


def streams(path: Path) -> dict[str, str]:
    with av.open(str(path)) as container:
        return {s.type: s.codec_context.name for s in container.streams}


def _recording(handler: VideoHandler, session_id: str, ended: float) -> Path:
    """A finished 3 s camera recording whose last write was at ``ended``."""
    path = handler.new_recording_path(session_id)
    write_h264(path, frames=30)
    os.utime(path, (ended, ended))
    return path


def _track(handler: VideoHandler, session_id: str, start: float, seconds: float) -> Path:
    track = MicTrack(handler.mic_folder(session_id))
    track.write(tone(seconds), at=start)
    track.close()
    assert track.path is not None
    os.utime(track.path, (start + seconds, start + seconds))
    return track.path


def test_recording_is_joined_with_the_overlapping_microphone_track(
    store: PostgresDataStore, storage_root: Path, session: Session
) -> None:
    handler = VideoHandler(FileStorage(storage_root, store.media))
    ended = time.time() - 10
    _recording(handler, session.id, ended)
    _track(handler, session.id, start=ended - 4.0, seconds=5.0)  # covers the 3 s video
    registered = handler.finalize_ready(session.id, min_age_s=3.0)
    assert len(registered) == 2
    video, joined = registered
    assert streams(storage_root / video.path) == {"video": "h264"}
    assert streams(storage_root / joined.path) == {"video": "h264", "audio": "aac"}
    assert joined.metadata["audio_s"] == pytest.approx(3.0, abs=0.05)
    assert joined.metadata["offset_s"] == pytest.approx(1.0, abs=0.01)
    mics = store.media.list_media_files(session.id, MediaKind.AUDIO)
    assert [m.metadata["track"] for m in mics] == ["microphone"]
    assert not list(handler.mic_folder(session.id).glob(".mic-*"))
    assert handler.pending(session.id) == []


def test_track_without_overlap_is_kept_but_not_joined(
    store: PostgresDataStore, storage_root: Path, session: Session
) -> None:
    handler = VideoHandler(FileStorage(storage_root, store.media))
    ended = time.time() - 60
    _recording(handler, session.id, ended)
    _track(handler, session.id, start=ended + 5.0, seconds=2.0)  # after the video
    registered = handler.finalize_ready(session.id)
    assert [streams(storage_root / m.path) for m in registered] == [{"video": "h264"}]
    assert len(store.media.list_media_files(session.id, MediaKind.AUDIO)) == 1


def test_track_still_being_written_is_left_alone(
    store: PostgresDataStore, storage_root: Path, session: Session
) -> None:
    handler = VideoHandler(FileStorage(storage_root, store.media))
    track = MicTrack(handler.mic_folder(session.id))
    track.write(tone(1.0), at=time.time() - 1.0)  # open: the microphone is live
    handler.finalize_ready(session.id)
    assert store.media.list_media_files(session.id, MediaKind.AUDIO) == []
    track.close()


def test_video_starting_before_the_microphone_gets_leading_silence(tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    write_h264(video, frames=30)
    wav = encode_wav(PcmAudio(tone(2.0), RATE))
    info = join_audio(video, wav, offset_s=-1.0, out=tmp_path / "j.mp4")
    assert info["audio_s"] == pytest.approx(3.0, abs=0.05)
    with av.open(str(tmp_path / "j.mp4")) as container:
        pcm = np.concatenate([f.to_ndarray().ravel() for f in container.decode(audio=0)])
    first, rest = pcm[: RATE // 2], pcm[int(1.2 * RATE) : 2 * RATE]
    assert np.abs(first).max() < 0.01 < np.abs(rest).max()  # silent, then the tone


def test_unreadable_video_cannot_be_joined(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(CommunicationError, match="could not be joined"):
        join_audio(bad, encode_wav(PcmAudio(tone(1.0), RATE)), 0.0, tmp_path / "j.mp4")
    assert not (tmp_path / "j.mp4").exists()


def test_track_waits_for_a_recording_still_being_written(
    store: PostgresDataStore, storage_root: Path, session: Session
) -> None:
    handler = VideoHandler(FileStorage(storage_root, store.media))
    now = time.time()
    _recording(handler, session.id, ended=now)  # just stopped: not old enough yet
    _track(handler, session.id, start=now - 5.0, seconds=3.0)
    os.utime(handler.pending(session.id)[0], (now, now))
    assert handler.finalize_ready(session.id, min_age_s=3.0) == []
    assert store.media.list_media_files(session.id, MediaKind.AUDIO) == []  # kept for the join
    assert len(handler.finalize_ready(session.id, min_age_s=0.0)) == 2
