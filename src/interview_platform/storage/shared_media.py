"""Session media in a shared blob store, keyed like the local tree.

A media file recorded as ``<session id>/<kind>/<file>`` (the ``media_files``
row's relative path) is the object ``<prefix>sessions/<session id>/<kind>/<file>``.
So one session's media is one key prefix: deleting a session deletes the
prefix, and the retention sweep reads each session's newest object.
"""

from __future__ import annotations

import logging

from interview_platform.exceptions import StorageError
from interview_platform.storage.blob_store import BlobStore
from interview_platform.storage.paths import is_session_id, validate_session_id

_log = logging.getLogger(__name__)


class SharedMedia:
    """Puts, gets and removes session media in a blob store.

    Args:
        store: The blob store (an S3 bucket, or a folder in tests).
        prefix: The deployment's key prefix (``""`` or ending in ``/``).
    """

    def __init__(self, store: BlobStore, prefix: str = "") -> None:
        self._store = store
        self._sessions = f"{prefix}sessions/"

    def __repr__(self) -> str:
        return f"SharedMedia(store={self._store!r}, prefix={self._sessions!r})"

    def key(self, relative: str) -> str:
        """Return the object key of a relative media path ``<session>/<kind>/<file>``."""
        return f"{self._sessions}{relative}"

    def session_prefix(self, session_id: str) -> str:
        """Return the key prefix holding every object of a session."""
        return f"{self._sessions}{validate_session_id(session_id)}/"

    def check(self) -> None:
        """Fail fast when the store is unusable (see :meth:`BlobStore.check`)."""
        self._store.check()

    def publish(self, relative: str, data: bytes, sha256: str) -> bool:
        """Upload a finished file; False when another process has taken the name."""
        return self._store.put_new(self.key(relative), data, sha256)

    def fetch(self, relative: str, sha256: str | None) -> bytes:
        """Download a file, verified against ``sha256`` (the row's) when given."""
        return self._store.get(self.key(relative), sha256)

    def remove(self, relative: str) -> None:
        """Remove one file, best effort (used to undo a save that failed later)."""
        try:
            self._store.delete(self.key(relative))
        except StorageError as exc:
            # The caller is already failing; an orphan object is only clutter.
            _log.warning(
                "could not remove an orphan object",
                extra={"operation": "storage.s3.undo", "path": relative, "error": str(exc)},
            )

    def delete_session(self, session_id: str) -> int:
        """Remove every object of a session; return how many went."""
        return self._store.delete_prefix(self.session_prefix(session_id))

    def session_usage(self, session_id: str) -> int:
        """Return the bytes a session's objects hold."""
        return sum(b.size_bytes for b in self._store.list(self.session_prefix(session_id)))

    def newest_by_session(self) -> dict[str, float]:
        """Return session id -> POSIX time of its newest object (UUID-named sessions only)."""
        newest: dict[str, float] = {}
        for blob in self._store.list(self._sessions):
            session_id = blob.key[len(self._sessions) :].split("/", 1)[0]
            if is_session_id(session_id):
                stamp = blob.modified.timestamp()
                newest[session_id] = max(newest.get(session_id, stamp), stamp)
        return newest
