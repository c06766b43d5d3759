"""Camera recordings: aiortc writes MP4 (H.264) files that are then registered."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from interview_platform.exceptions import CommunicationError
from interview_platform.models import MediaFile, MediaKind, utcnow
from interview_platform.storage.file_storage import FileStorage

_log = logging.getLogger("interview_platform.communication.video")
_PENDING = ".recording-"


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
    except (av.error.FFmpegError, IndexError) as exc:
        raise CommunicationError(f"The video recording could not be read: {exc}") from exc
    return info


class VideoHandler:
    """Gives the recorder a file to write and registers it when recording stops.

    Args:
        storage: File storage (recordings end up in the session's ``video/`` folder).
    """

    def __init__(self, storage: FileStorage) -> None:
        self._storage = storage

    def new_recording_path(self, session_id: str) -> Path:
        """Return a fresh, not-yet-registered MP4 path in the session's video folder."""
        folder = self._storage.session_dir(session_id) / MediaKind.VIDEO.value
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{_PENDING}{utcnow().strftime('%Y%m%dT%H%M%S%fZ')}.mp4"

    def pending(self, session_id: str) -> list[Path]:
        """Return recordings written but not yet registered."""
        folder = self._storage.session_dir(session_id) / MediaKind.VIDEO.value
        return sorted(folder.glob(f"{_PENDING}*.mp4")) if folder.is_dir() else []

    def finalize_ready(self, session_id: str, min_age_s: float = 3.0) -> list[MediaFile]:
        """Register recordings untouched for ``min_age_s`` (the recorder has let go of them).

        A recording still being written is left alone: its MP4 index is only written
        when the recorder stops, so probing it early would wrongly discard it.
        """
        now = time.time()
        done = [p for p in self.pending(session_id) if now - p.stat().st_mtime >= min_age_s]
        registered = (self.finalize(session_id, p) for p in done)
        return [m for m in registered if m is not None]

    def finalize(self, session_id: str, path: Path) -> MediaFile | None:
        """Register a finished recording (kept as MP4 with its probe figures).

        Returns None (and removes the file) when the recording is empty or unreadable.
        """
        try:
            info = probe_video(path)
        except CommunicationError as exc:
            _log.warning("discarding unreadable recording", extra={"error": str(exc)})
            path.unlink(missing_ok=True)
            return None
        name = path.name.removeprefix(_PENDING)
        media = self._storage.save(session_id, MediaKind.VIDEO, path.read_bytes(), name, info)
        path.unlink(missing_ok=True)
        return media
