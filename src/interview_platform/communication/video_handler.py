"""Camera recordings: aiortc writes MP4 (H.264) files that are then registered."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interview_platform.communication.audio import decode_wav
from interview_platform.communication.av_join import join_audio
from interview_platform.communication.file_claims import (
    claim,
    claimed,
    release_lapsed,
)
from interview_platform.communication.mic_track import (
    PENDING_PREFIX,
    track_span,
    track_started_at,
)
from interview_platform.exceptions import CommunicationError
from interview_platform.models import MediaFile, MediaKind, utcnow
from interview_platform.storage.file_storage import FileStorage

_log = logging.getLogger("interview_platform.communication.video")
_PENDING = ".recording-"
FAILED = "unreadable"
MIC_IDLE_S = 1.0  # a live microphone writes every 20 ms: this long untouched, it is finished


def _overlap(track: Path, started: float, ended: float) -> float:
    """Seconds of [started, ended] covered by a microphone track."""
    span = track_span(track)
    return 0.0 if span is None else min(ended, span[1]) - max(started, span[0])


def _aged(paths: list[Path], min_age_s: float, now: float) -> list[Path]:
    """The files of ``paths`` untouched for ``min_age_s`` (one claimed meanwhile is left out)."""
    aged: list[Path] = []
    for path in paths:
        try:
            if now - path.stat().st_mtime >= min_age_s:
                aged.append(path)
        except FileNotFoundError:
            continue  # another process claimed it since the folder was listed
    return aged


def _wav_seconds(data: bytes) -> float:
    """Duration of a 16-bit PCM WAV from its header (0 when it cannot be read)."""
    try:
        return round(decode_wav(data).duration_s, 3)
    except CommunicationError:
        return 0.0


def is_failed(media: MediaFile) -> bool:
    """Whether a registered recording could not be read (its metadata says why)."""
    return media.metadata.get("status") == FAILED


def probe_video(path: Path) -> dict[str, Any]:
    """Return codec, size and duration of a video file (via PyAV).

    Raises:
        CommunicationError: The file cannot be read as video.
    """
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            duration = float(container.duration / 1_000_000) if container.duration else 0.0
            info: dict[str, Any] = {
                "codec": stream.codec_context.name,
                "width": stream.codec_context.width,
                "height": stream.codec_context.height,
                "duration_s": round(duration, 3),
                "frames": int(stream.frames),
            }
    except av.error.FFmpegError as exc:
        # The decoder's own words, without its errno and the server's file path: this
        # reason is shown to the candidate on the page and in History.
        detail = getattr(exc, "strerror", None) or type(exc).__name__
        raise CommunicationError(f"The video recording could not be read: {detail}") from exc
    except IndexError as exc:
        raise CommunicationError("The video recording could not be read: no video track") from exc
    return info


class VideoHandler:
    """Gives the recorder a file to write and registers it when recording stops.

    Args:
        storage: File storage (recordings end up in the session's ``video/`` folder).
    """

    def __init__(self, storage: FileStorage) -> None:
        self._storage = storage
        # Two page fragments of this process can finalize at once: they take turns. Other
        # processes are kept apart by the claim on each file (file_claims.py).
        self._lock = threading.Lock()
        # Session id -> its camera's aiortc MediaRecorder. Browser tabs run in threads of
        # their own and the recorder is made on the WebRTC worker's thread.
        self._recorders: dict[str, Any] = {}
        self._recorders_lock = threading.Lock()

    def recorder_factory(self, session_id: str, path: str) -> Callable[[], Any]:
        """Return what the WebRTC component calls to make the camera's MP4 recorder.

        The recorder is kept so that :meth:`stop_recorder` can finish its file when the
        interview ends.
        """

        def make() -> Any:
            from aiortc.contrib.media import MediaRecorder

            recorder = MediaRecorder(path, format="mp4")
            with self._recorders_lock:
                self._recorders[session_id] = recorder
            return recorder

        return make

    def stop_recorder(
        self,
        session_id: str,
        loop: Callable[[], asyncio.AbstractEventLoop],
        timeout_s: float = 5.0,
    ) -> bool:
        """Finish the camera's MP4 now (the interview is ending); True when it was finished.

        Without this the recorder only lets go of the file once the browser has closed
        the connection, some time after the page has changed.

        Args:
            session_id: The interview.
            loop: Returns the event loop the recorder runs on (asked only if there is one).
            timeout_s: Longest wait for the recorder to stop.
        """
        with self._recorders_lock:
            recorder = self._recorders.pop(session_id, None)
        if recorder is None:
            return False
        future = asyncio.run_coroutine_threadsafe(recorder.stop(), loop())
        try:
            future.result(timeout_s)
        except Exception as exc:  # any failure leaves the file to the later check
            _log.warning("camera recorder did not stop", extra={"error": repr(exc)})
            return False
        return True

    def new_recording_path(self, session_id: str) -> Path:
        """Return a fresh, not-yet-registered MP4 path in the session's video folder."""
        folder = self._storage.session_dir(session_id) / MediaKind.VIDEO.value
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{_PENDING}{utcnow().strftime('%Y%m%dT%H%M%S%fZ')}.mp4"

    def pending(self, session_id: str) -> list[Path]:
        """Return recordings written but not yet registered (some perhaps being registered)."""
        return self._unclaimed(session_id) + claimed(
            self._video_dir(session_id), f"{_PENDING}*.mp4"
        )

    def _video_dir(self, session_id: str) -> Path:
        return self._storage.session_dir(session_id) / MediaKind.VIDEO.value

    def _unclaimed(self, session_id: str) -> list[Path]:
        folder = self._video_dir(session_id)
        return sorted(folder.glob(f"{_PENDING}*.mp4")) if folder.is_dir() else []

    def mic_folder(self, session_id: str) -> Path:
        """Where the continuous microphone track is written while the camera records."""
        return self._storage.session_dir(session_id) / MediaKind.AUDIO.value

    def finalize_ready(self, session_id: str, min_age_s: float = 3.0) -> list[MediaFile]:
        """Register recordings untouched for ``min_age_s`` (the recorder has let go of them).

        A recording still being written is left alone: its MP4 index is only written
        when the recorder stops, so probing it early would wrongly discard it. A finished
        microphone track overlapping a recording is joined to it as a second MP4 (video
        and sound), and kept as WAV.
        """
        with self._lock:
            return self._finalize_ready(session_id, min_age_s)

    def _finalize_ready(self, session_id: str, min_age_s: float) -> list[MediaFile]:
        now = time.time()
        folder = self.mic_folder(session_id)
        release_lapsed(self._video_dir(session_id), f"{_PENDING}*.mp4")
        release_lapsed(folder, f"{PENDING_PREFIX}*.wav")
        done = _aged(self._unclaimed(session_id), min_age_s, now)
        listed = sorted(folder.glob(f"{PENDING_PREFIX}*.wav")) if folder.is_dir() else []
        tracks = _aged(listed, min(min_age_s, MIC_IDLE_S), now)
        registered: list[MediaFile] = []
        for path in done:
            registered.extend(self._finalize_claimed(session_id, path, tracks))
        # Tracks wait while a recording is still open or still being saved by anyone:
        # the process saving it may yet join it with one of them.
        if not self.pending(session_id):
            for track in tracks:
                self._keep_track(session_id, track)
        failed = [m for m in registered if is_failed(m)]
        if failed:
            raise CommunicationError(
                "The camera recording could not be saved "
                f"({failed[0].metadata['reason']}). It is listed in the session's media as "
                "unreadable; the rest of the interview is unaffected."
            )
        return registered

    def _finalize_claimed(self, session_id: str, path: Path, tracks: list[Path]) -> list[MediaFile]:
        """Register ``path`` and its join, unless another process claimed it first."""
        try:
            ended = path.stat().st_mtime
        except FileNotFoundError:
            return []
        taken = claim(path)
        if taken is None:
            return []
        try:
            media = self._register(session_id, taken, path.name)
        except BaseException:
            os.rename(taken, path)  # not registered: the next look tries again
            raise
        try:
            joined = [] if is_failed(media) else self._join(session_id, media, ended, tracks)
        finally:
            # Held through the join, so that no process keeps the track meanwhile.
            taken.unlink(missing_ok=True)
        return [media, *joined]

    def _join(
        self, session_id: str, video: MediaFile, ended: float, tracks: list[Path]
    ) -> list[MediaFile]:
        """Join ``video`` with the microphone track that overlaps it most, if any."""
        started = ended - float(video.metadata.get("duration_s", 0.0))
        overlap, best = max(((_overlap(t, started, ended), t) for t in tracks), default=(0.0, None))
        if best is None or overlap <= 0:
            return []
        offset = started - (track_started_at(best) or started)
        joined_path = self._storage.absolute_path(video).with_suffix(".with-audio.mp4")
        try:
            info = join_audio(
                self._storage.absolute_path(video), best.read_bytes(), offset, joined_path
            )
        except CommunicationError as exc:
            _log.warning("could not join the recording with audio", extra={"error": str(exc)})
            return []
        data = joined_path.read_bytes()
        joined_path.unlink()
        name = f"{Path(video.path).stem}-with-audio.mp4"
        return [self._storage.save(session_id, MediaKind.VIDEO, data, name, info)]

    def _keep_track(self, session_id: str, track: Path) -> None:
        """Register a finished microphone track as a WAV of the session (once)."""
        taken = claim(track)
        if taken is None:
            return  # another process is keeping it
        started = track_started_at(track)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
        data = taken.read_bytes()
        info = {"track": "microphone", "started_at": started, "duration_s": _wav_seconds(data)}
        try:
            self._storage.save(session_id, MediaKind.AUDIO, data, f"mic-{stamp}.wav", info)
        except BaseException:
            os.rename(taken, track)  # not registered: the next look tries again
            raise
        taken.unlink(missing_ok=True)

    def finalize(self, session_id: str, path: Path) -> MediaFile:
        """Register a finished recording (kept as MP4 with its probe figures).

        An empty or unreadable recording is registered too, with ``status: unreadable``
        and the reason in its metadata (see :func:`is_failed`): it is never dropped
        without a trace.
        """
        media = self._register(session_id, path, path.name)
        path.unlink(missing_ok=True)
        return media

    def _register(self, session_id: str, path: Path, pending_name: str) -> MediaFile:
        """Probe ``path`` and save it as the recording first written as ``pending_name``."""
        try:
            info = probe_video(path)
        except CommunicationError as exc:
            _log.warning("unreadable camera recording", extra={"error": str(exc)})
            info = {"status": FAILED, "reason": str(exc), "bytes": path.stat().st_size}
        name = pending_name.removeprefix(_PENDING)
        return self._storage.save(session_id, MediaKind.VIDEO, path.read_bytes(), name, info)
