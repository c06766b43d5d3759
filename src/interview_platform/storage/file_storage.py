"""Session media files: one folder per session id, one sub-folder per media kind.

Layout below the root: ``<session id>/{audio,video,whiteboard,screen,transcripts}/``.
Every save is atomic (:mod:`~interview_platform.storage.atomic`) and recorded as a
``media_files`` row with its size, SHA-256 and path *relative* to the root.

With a shared store (:class:`~interview_platform.storage.shared_media.SharedMedia`,
an S3 bucket when ``storage.backend`` is ``s3``) the local tree is the working area
and read cache: every save is uploaded (never overwriting another process's object:
the name gets the next suffix), and a file missing here is downloaded, verified
against the row's SHA-256, on first use. Callers needing a local path (ffmpeg joins,
Whisper, the history page) keep getting one from :meth:`FileStorage.absolute_path`.
Bad session ids and file names raise :class:`~interview_platform.exceptions.ValidationError`;
a path resolving outside the root (a symlink) raises
:class:`~interview_platform.exceptions.StorageError`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from interview_platform.database.ports import MediaRepository
from interview_platform.exceptions import StorageError, ValidationError
from interview_platform.models import MediaFile, MediaKind, utcnow
from interview_platform.storage.atomic import sha256_of
from interview_platform.storage.local_copy import FolderLocks, fill_cache, write_new
from interview_platform.storage.paths import (
    coerce_kind,
    ensure_inside,
    parse_relative,
    validate_filename,
    validate_session_id,
)
from interview_platform.storage.shared_media import SharedMedia
from interview_platform.storage.tree import expired_session_ids, tree_size

_log = logging.getLogger(__name__)


def _stamp() -> str:
    return utcnow().strftime("%Y%m%dT%H%M%S%fZ")


class FileStorage:
    """Keeps a session's media files on disk and records them in the media repository.

    Thread-safe: saves that would pick the same file name are serialised.

    Args:
        root: Folder holding one sub-folder per session (created on first save).
        media: Where ``media_files`` rows are recorded.
        shared: The shared store every save goes to (None: this disk only).
    """

    def __init__(
        self, root: Path, media: MediaRepository, shared: SharedMedia | None = None
    ) -> None:
        self._root = Path(root).resolve()
        self._media = media
        self._shared = shared
        self._name_locks = FolderLocks()  # per folder: one slow upload holds up no other session

    def __repr__(self) -> str:
        return f"FileStorage(root={str(self._root)!r}, shared={self._shared!r})"

    @property
    def root(self) -> Path:
        """The resolved storage root."""
        return self._root

    # -- paths ------------------------------------------------------------------
    def session_dir(self, session_id: str) -> Path:
        """Return the folder of a session (it may not exist yet).

        Raises:
            ValidationError: ``session_id`` is not UUID-shaped.
        """
        return self._root / validate_session_id(session_id)

    def absolute_path(self, media: MediaFile) -> Path:
        """Return the absolute local path of a recorded media file.

        With a shared store, a file this machine does not have yet is downloaded
        first (best effort: when that fails the path is returned all the same, as a
        local file that went missing would be, and :meth:`read` says why).

        Raises:
            ValidationError: The stored relative path is malformed.
            StorageError: The path resolves outside the root.
        """
        path = self._local_path(media)
        if self._shared is not None and not path.is_file():
            try:
                self._fill_cache(media, path, verify=True)
            except StorageError as exc:
                _log.warning(
                    "shared media file not available",
                    extra={"operation": "storage.fetch", "path": media.path, "error": str(exc)},
                )
        return path

    def _local_path(self, media: MediaFile) -> Path:
        session_id, kind, name = parse_relative(media.path)
        if session_id != media.session_id:
            raise ValidationError(
                f"Media file {media.id} claims session {media.session_id} "
                f"but its path points into {session_id}."
            )
        return ensure_inside(self._root, self._root / session_id / kind.value / name)

    def _kind_dir(self, session_id: str, kind: MediaKind) -> Path:
        directory = self.session_dir(session_id) / kind.value
        ensure_inside(self._root, directory)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Could not create the folder '{directory}': {exc}") from exc
        # Checked again after creation: a symlink may have been followed by mkdir.
        ensure_inside(self._root, directory)
        return directory

    # -- writing ----------------------------------------------------------------
    def save(
        self,
        session_id: str,
        kind: MediaKind,
        data: bytes,
        filename: str,
        metadata: dict[str, Any] | None = None,
    ) -> MediaFile:
        """Write a file atomically and record it as a media file of the session.

        When ``filename`` is taken, a ``-1``, ``-2``... suffix is added before the
        extension, so earlier recordings are never overwritten.

        Args:
            session_id: The session (UUID-shaped).
            kind: Which sub-folder the file goes to.
            data: The complete content.
            filename: A plain file name (no folders).
            metadata: Extra JSON-compatible data stored with the row.

        Returns:
            The recorded media file; its ``path`` is relative to the root.

        Raises:
            ValidationError: Bad session id, kind, file name or data type.
            StorageError: The file could not be written (nothing is left behind).
            DataStoreError: The row could not be recorded (the file is removed again).
        """
        media_kind = coerce_kind(kind)
        validate_filename(filename)
        if not isinstance(data, bytes | bytearray | memoryview):
            raise ValidationError(f"File content must be bytes, not {type(data).__name__}.")
        directory = self._kind_dir(session_id, media_kind)
        with self._name_locks.for_folder(directory):
            relative_dir = f"{session_id}/{media_kind.value}"
            written = write_new(directory, relative_dir, filename, bytes(data), self._shared)
        media = MediaFile(
            session_id=session_id,
            kind=media_kind,
            path=f"{session_id}/{media_kind.value}/{written.path.name}",
            size_bytes=written.size_bytes,
            sha256=written.sha256,
            metadata=dict(metadata or {}),
        )
        return self._record(media, written.path)

    def _record(self, media: MediaFile, target: Path) -> MediaFile:
        try:
            recorded = self._media.add_media_file(media)
        except BaseException:
            # A file nobody can find through the database is just clutter.
            with contextlib.suppress(OSError):
                target.unlink()
            if self._shared is not None:
                self._shared.remove(media.path)
            raise
        _log.info(
            "media file saved",
            extra={
                "operation": "storage.save",
                "session_id": media.session_id,
                "path": media.path,
                "size_bytes": media.size_bytes,
            },
        )
        return recorded

    def save_audio(
        self, session_id: str, data: bytes, filename: str | None = None, **metadata: Any
    ) -> MediaFile:
        """Save a WAV recording (default name ``<UTC timestamp>.wav``)."""
        return self.save(session_id, MediaKind.AUDIO, data, filename or f"{_stamp()}.wav", metadata)

    def save_whiteboard_png(
        self, session_id: str, data: bytes, filename: str | None = None, **metadata: Any
    ) -> MediaFile:
        """Save a whiteboard snapshot (default name ``<UTC timestamp>.png``)."""
        name = filename or f"{_stamp()}.png"
        return self.save(session_id, MediaKind.WHITEBOARD, data, name, metadata)

    def save_transcript(
        self, session_id: str, name: str, payload: dict[str, Any], **metadata: Any
    ) -> MediaFile:
        """Save a transcript as pretty-printed UTF-8 JSON (``.json`` is added if missing).

        Raises:
            ValidationError: ``payload`` cannot be represented as JSON.
        """
        filename = name if name.endswith(".json") else f"{name}.json"
        try:
            text = json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True)
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"The transcript cannot be stored as JSON: {exc}") from exc
        return self.save(session_id, MediaKind.TRANSCRIPT, text.encode("utf-8"), filename, metadata)

    # -- reading ----------------------------------------------------------------
    def read(self, media: MediaFile, verify: bool = True) -> bytes:
        """Return the content of a recorded media file.

        Args:
            media: The media file record.
            verify: Check the content against the recorded SHA-256.

        Raises:
            ValidationError: The stored path is malformed.
            StorageError: The file is missing, unreadable, outside the root or corrupted.
        """
        path = self._local_path(media)
        if self._shared is not None and not path.is_file():
            return self._fill_cache(media, path, verify)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise StorageError(f"Could not read '{media.path}': {exc.strerror or exc}") from exc
        if verify and media.sha256 and sha256_of(path) != media.sha256:
            raise StorageError(f"'{media.path}' does not match its recorded checksum.")
        return data

    def _fill_cache(self, media: MediaFile, path: Path, verify: bool) -> bytes:
        assert self._shared is not None  # only called with a shared store
        self._kind_dir(media.session_id, media.kind)
        return fill_cache(self._shared, media, path, verify)

    def disk_usage(self, session_id: str) -> int:
        """Return the bytes a session's files hold (in the shared store when there is one)."""
        if self._shared is not None:
            return self._shared.session_usage(session_id)
        directory = self.session_dir(session_id)
        if directory.is_symlink() or not directory.is_dir():
            return 0
        return tree_size(directory)

    # -- cleanup ----------------------------------------------------------------
    def delete_session(self, session_id: str) -> None:
        """Remove a session's folder and everything in it (no-op when absent).

        With a shared store, every object below the session's key prefix goes too.
        The database rows are not touched: they go with the session row.

        Raises:
            StorageError: The folder (or the shared objects) could not be removed.
        """
        directory = self.session_dir(session_id)
        if self._shared is not None:
            self._shared.delete_session(session_id)
        try:
            if directory.is_symlink():
                directory.unlink()  # never follow a link out of the root
            elif directory.exists():
                shutil.rmtree(directory)
        except OSError as exc:
            raise StorageError(
                f"Could not remove the files of session {session_id}: {exc}"
            ) from exc
        _log.info(
            "session files deleted",
            extra={"operation": "storage.delete_session", "session_id": session_id},
        )

    def expired_sessions(self, retention_days: int, now: datetime) -> list[str]:
        """Return the session folders with nothing written within ``retention_days`` of ``now``.

        Only UUID-named, real (non-symlink) folders count; anything else in the
        root is never reported. The retention sweep
        (:class:`~interview_platform.storage.retention.RetentionSweeper`) removes them.

        Raises:
            ValidationError: ``retention_days`` is negative or not a whole number.
        """
        shared = self._shared.newest_by_session() if self._shared is not None else None
        return expired_session_ids(self._root, retention_days, now, shared)
