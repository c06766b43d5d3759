"""PostgreSQL repository of a session's whiteboard and media files."""

from __future__ import annotations

from typing import Any

from interview_platform.database import rows, sql
from interview_platform.database.ports import StoredDrawing
from interview_platform.database.statements import Statements
from interview_platform.models import MediaFile, MediaKind, WhiteboardSnapshot


class PostgresMedia:
    """Whiteboard drawing, snapshots and media files (implements :class:`~.ports.MediaRepository`).

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    # -- whiteboard ---------------------------------------------------------------
    def save_whiteboard_state(self, session_id: str, canvas_json: dict[str, Any]) -> None:
        """Upsert the current canvas drawing (fabric.js JSON) of a session."""
        params = (session_id, rows.jsonb(canvas_json))
        self._sql.execute("save_whiteboard_state", sql.UPSERT_WHITEBOARD_STATE, params)

    def save_whiteboard_if_version(
        self, session_id: str, canvas_json: dict[str, Any], expected: int
    ) -> int | None:
        """Save the drawing only over version ``expected``; return the new version or None.

        None means another writer saved since ``expected`` was read (a conflict): the
        stored drawing is left as it is.
        """
        params = {"session_id": session_id, "canvas": rows.jsonb(canvas_json), "expected": expected}
        row = self._sql.fetch_one(
            "save_whiteboard_if_version", sql.SAVE_WHITEBOARD_IF_VERSION, params
        )
        return int(row["version"]) if row is not None else None

    def get_whiteboard_state(self, session_id: str) -> dict[str, Any] | None:
        """Return the saved canvas drawing or None."""
        drawing = self.get_whiteboard_drawing(session_id)
        return drawing.canvas if drawing is not None else None

    def get_whiteboard_drawing(self, session_id: str) -> StoredDrawing | None:
        """Return the saved drawing with its version, or None."""
        row = self._sql.fetch_one(
            "get_whiteboard_state", sql.SELECT_WHITEBOARD_STATE, (session_id,)
        )
        if row is None:
            return None
        return StoredDrawing(dict(row["canvas"]), int(row["version"]))

    def add_whiteboard_snapshot(self, snapshot: WhiteboardSnapshot) -> WhiteboardSnapshot:
        """Record a whiteboard snapshot (its PNG is a media file)."""
        params = {
            "id": snapshot.id,
            "session_id": snapshot.session_id,
            "media_file_id": snapshot.media_file_id,
            "object_count": snapshot.object_count,
            "canvas": rows.jsonb(snapshot.canvas_json),
            "created_at": snapshot.created_at,
        }
        self._sql.execute("add_whiteboard_snapshot", sql.INSERT_SNAPSHOT, params)
        return snapshot

    def list_whiteboard_snapshots(self, session_id: str) -> list[WhiteboardSnapshot]:
        """Return the snapshots of a session, oldest first."""
        return self._sql.map_all(
            "list_whiteboard_snapshots", sql.LIST_SNAPSHOTS, (session_id,), rows.snapshot_from_row
        )

    # -- media files --------------------------------------------------------------
    def add_media_file(self, media: MediaFile) -> MediaFile:
        """Record a file kept on disk for a session."""
        params = {
            "id": media.id,
            "session_id": media.session_id,
            "kind": media.kind.value,
            "path": media.path,
            "size_bytes": media.size_bytes,
            "sha256": media.sha256,
            "created_at": media.created_at,
            "metadata": rows.jsonb(media.metadata),
        }
        self._sql.execute("add_media_file", sql.INSERT_MEDIA, params)
        return media

    def list_media_files(self, session_id: str, kind: MediaKind | None = None) -> list[MediaFile]:
        """Return a session's media files, oldest first, optionally of one kind."""
        params = {"session_id": session_id, "kind": kind.value if kind is not None else None}
        return self._sql.map_all("list_media_files", sql.LIST_MEDIA, params, rows.media_from_row)

    def get_media_file(self, media_id: str) -> MediaFile | None:
        """Return one media file record or None."""
        return self._sql.map_one(
            "get_media_file", sql.SELECT_MEDIA, (media_id,), rows.media_from_row
        )

    def delete_media_files(self, session_id: str) -> int:
        """Delete every media-file row of a session (the retention sweep); return the count."""
        return self._sql.execute("delete_media_files", sql.DELETE_SESSION_MEDIA, (session_id,))
