"""Whiteboard persistence: the live drawing, PNG snapshots and auto-snapshot timing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interview_platform.database.ports import MediaRepository, StoredDrawing
from interview_platform.exceptions import ValidationError
from interview_platform.models import WhiteboardSnapshot, utcnow
from interview_platform.storage.file_storage import FileStorage

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def object_count(canvas_json: dict[str, Any] | None) -> int:
    """Return the number of fabric.js objects in a canvas JSON (0 for junk)."""
    if not isinstance(canvas_json, dict):
        return 0
    objects = canvas_json.get("objects")
    return len(objects) if isinstance(objects, list) else 0


@dataclass
class AutoSnapshotPolicy:
    """Decides when a changed drawing has been left alone long enough to snapshot."""

    pause_seconds: float = 4.0

    def due(self, changed_at: float | None, snapshot_at: float | None, now: float) -> bool:
        """Return True when the drawing changed after the last snapshot and then paused."""
        if changed_at is None:
            return False
        if snapshot_at is not None and snapshot_at >= changed_at:
            return False
        return now - changed_at >= self.pause_seconds


@dataclass(frozen=True)
class BoardSave:
    """What came of a versioned save.

    Attributes:
        version: The new version when saved; on a conflict, the version now stored.
        conflict: True when another tab saved first and nothing was written.
    """

    version: int
    conflict: bool


def _check(canvas_json: object) -> None:
    if not isinstance(canvas_json, dict):
        raise ValidationError("The whiteboard drawing is not valid canvas JSON.")


class WhiteboardHandler:
    """Saves the drawing of a session and its snapshots.

    Args:
        media: Where the drawing and the snapshot records are kept.
        storage: File storage for the PNGs.
    """

    def __init__(self, media: MediaRepository, storage: FileStorage) -> None:
        self._media = media
        self._storage = storage

    def load(self, session_id: str) -> dict[str, Any]:
        """Return the saved drawing (an empty canvas when there is none)."""
        return self._media.get_whiteboard_state(session_id) or {"objects": []}

    def load_versioned(self, session_id: str) -> StoredDrawing:
        """Return the saved drawing with its version (version 0: nothing saved yet)."""
        stored = self._media.get_whiteboard_drawing(session_id)
        return stored if stored is not None else StoredDrawing({"objects": []}, 0)

    def save(self, session_id: str, canvas_json: dict[str, Any]) -> None:
        """Persist the current drawing over whatever is stored (no version check)."""
        _check(canvas_json)
        self._media.save_whiteboard_state(session_id, canvas_json)

    def save_over(self, session_id: str, canvas_json: dict[str, Any], version: int) -> BoardSave:
        """Persist the drawing only if the stored board is still at ``version``.

        Args:
            session_id: The interview.
            canvas_json: The drawing (fabric.js JSON).
            version: The version this drawing was made over (the one the tab loaded or
                last saved).

        Returns:
            The new version, or a conflict carrying the stored version when another tab
            saved in between (the stored drawing is left as it is).
        """
        _check(canvas_json)
        saved = self._media.save_whiteboard_if_version(session_id, canvas_json, version)
        if saved is not None:
            return BoardSave(saved, conflict=False)
        return BoardSave(self.load_versioned(session_id).version, conflict=True)

    def snapshot(
        self, session_id: str, png: bytes, canvas_json: dict[str, Any] | None
    ) -> WhiteboardSnapshot:
        """Store a PNG snapshot of the board and record it against the session."""
        if not png.startswith(_PNG_MAGIC):
            raise ValidationError("The whiteboard snapshot is not a PNG image.")
        name = f"snapshot-{utcnow().strftime('%Y%m%dT%H%M%S%fZ')}.png"
        media = self._storage.save_whiteboard_png(session_id, png, filename=name)
        snap = WhiteboardSnapshot(
            session_id=session_id,
            media_file_id=media.id,
            object_count=object_count(canvas_json),
            canvas_json=canvas_json or {"objects": []},
        )
        return self._media.add_whiteboard_snapshot(snap)
