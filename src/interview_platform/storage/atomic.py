"""Crash-safe file writes: a temporary file in the same folder, fsync, rename.

Readers never observe a half-written file: either the old name is absent (or
keeps its previous content) or it holds the complete new bytes. When anything
fails before the rename, the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from interview_platform.exceptions import StorageError

_CHUNK = 1 << 20


@dataclass(frozen=True)
class WrittenFile:
    """What :func:`atomic_write` produced."""

    path: Path
    size_bytes: int
    sha256: str


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:_CHUNK])
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(target: Path, data: bytes) -> WrittenFile:
    """Write ``data`` to ``target`` atomically and return its size and SHA-256.

    Args:
        target: Final path; its folder must exist.
        data: The complete content.

    Returns:
        The written file's path, size and hex SHA-256.

    Raises:
        StorageError: The write failed; no partial file is left behind.
    """
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            detail = exc.strerror or str(exc)
            raise StorageError(f"Could not write '{target.name}': {detail}") from exc
        raise
    _fsync_dir(target.parent)
    return WrittenFile(target, len(data), hashlib.sha256(data).hexdigest())


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file, reading it in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
