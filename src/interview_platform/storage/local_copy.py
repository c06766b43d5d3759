"""Local copies of media files: writing a new one under a free name, filling the cache.

Used by :class:`~interview_platform.storage.file_storage.FileStorage`. With a
shared store a name is free only when neither this disk nor the shared store
has it (the store refuses to overwrite, so two processes never clobber each
other's file); a file another process saved is copied here on first use.
"""

from __future__ import annotations

import contextlib
import os
import threading
import zlib
from pathlib import Path

from interview_platform.exceptions import StorageError
from interview_platform.models import MediaFile
from interview_platform.storage.atomic import WrittenFile, atomic_write
from interview_platform.storage.blob_store import sha256_hex
from interview_platform.storage.paths import candidate_names
from interview_platform.storage.shared_media import SharedMedia


class FolderLocks:
    """A fixed set of locks, one chosen per folder.

    Two saves into one folder must not pick the same free name, but saves into
    different sessions' folders need not wait for each other (with S3 a save waits
    for its upload). A fixed set keeps memory flat however many sessions there are.

    Args:
        stripes: How many locks.
    """

    def __init__(self, stripes: int = 64) -> None:
        self._locks = tuple(threading.Lock() for _ in range(stripes))

    def for_folder(self, folder: Path) -> threading.Lock:
        """Return the lock that guards ``folder`` (always the same one)."""
        return self._locks[zlib.crc32(str(folder).encode("utf-8")) % len(self._locks)]


def write_new(
    directory: Path, relative_dir: str, filename: str, data: bytes, shared: SharedMedia | None
) -> WrittenFile:
    """Write ``data`` under the first free name (``name``, ``name-1``...) and return it.

    Args:
        directory: The local folder (it exists).
        relative_dir: Its path relative to the storage root (``<session>/<kind>``).
        filename: The wanted (validated) name.
        data: The complete content.
        shared: The shared store, uploaded to before the local write (None: none).

    Raises:
        StorageError: No free name, or the upload or the write failed (nothing is left).
    """
    digest = sha256_hex(data) if shared is not None else ""
    for name in candidate_names(filename):
        target = directory / name
        if target.exists() or target.is_symlink():
            continue
        relative = f"{relative_dir}/{name}"
        if shared is not None and not shared.publish(relative, data, digest):
            continue  # another process saved this name first
        try:
            return atomic_write(target, data)
        except BaseException:
            if shared is not None:
                shared.remove(relative)
            raise
    raise StorageError(f"Too many files named like '{filename}' in '{directory}'.")


def fill_cache(shared: SharedMedia, media: MediaFile, path: Path, verify: bool) -> bytes:
    """Download a shared file to ``path`` (its folder exists) and return its content.

    Raises:
        BlobMissingError: The shared store has no such file.
        BlobChecksumError: It does not match the row's SHA-256 (with ``verify``).
        StorageError: The store is unreachable or the local copy could not be written.
    """
    data = shared.fetch(media.path, media.sha256 if verify else None)
    atomic_write(path, data)
    # The copy keeps the file's own age, so reading a session does not renew its retention.
    stamp = media.created_at.timestamp()
    with contextlib.suppress(OSError):
        os.utime(path, (stamp, stamp))
    return data
